"""``workbench --smoke-test`` and ``--screenshot-and-quit``, run as a user (or an installer test) runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HARMLESS = ("propagateSizeHints",)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(tmp_path / "config"),
            "WORKBENCH_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8"}


def run(env: dict[str, str], *args: object, module: bool = True) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "workbench"] if module else [sys.executable, str(ROOT / "packaging" / "launcher.py")]
    return subprocess.run([*cmd, *map(str, args)], env=env, cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, check=False)


def noise(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.strip() and not any(h in ln for h in HARMLESS)]


def test_smoke_test_passes(env: dict[str, str]) -> None:
    result = run(env, "--smoke-test")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK: "), result.stdout
    assert "made a claim" in lines[0] and "PDF" in lines[0]
    assert noise(result.stderr) == []


def test_smoke_test_without_display_variables(env: dict[str, str]) -> None:
    bare = {k: v for k, v in env.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    result = run(bare, "--smoke-test")
    assert result.returncode == 0, result.stderr
    assert "on offscreen" in result.stdout


def test_smoke_test_says_why_it_fails(env: dict[str, str], tmp_path: Path) -> None:
    result = run({**env, "WORKBENCH_RESOURCES_DIR": str(tmp_path / "nothing")}, "--smoke-test")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "smoke test FAILED: the sample articles are missing" in result.stderr


def test_screenshot_and_quit_reports_the_open_project(env: dict[str, str], tmp_path: Path) -> None:
    made = run(env, "screenshot", "--demo", tmp_path / "first.png")
    assert made.returncode == 0, made.stderr
    demo = tmp_path / "data" / "demo.fcw"
    out = tmp_path / "window.png"
    result = run(env, demo, "--screenshot-and-quit", out)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["project"] == str(demo.resolve())
    assert report["documents"] == 5 and report["claims"] >= 1 and report["error"] is None
    assert report["platform"] == "offscreen"
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_bundle_launcher_is_the_app(env: dict[str, str]) -> None:
    from workbench import __version__

    result = run(env, "--version", module=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"workbench {__version__}"

"""Damaged project bundles given to ``workbench import`` are refused with a reason, never imported as text
(issue 10, items 4 and 5): a 1e6-deep nesting, a truncated file, bytes that are not UTF-8."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAD = '{\n "format": "fact-check-workbench-bundle",\n "version": 1,\n "schema_version": 1,\n "tables": {\n  "x": '
BUNDLE = json.dumps({"format": "fact-check-workbench-bundle", "version": 1, "schema_version": 1,
                     "tables": {"sources": [{"id": "s1", "name": "Halab Echo — “local sources”"}]}},
                    ensure_ascii=False, indent=1).encode("utf-8")
CASES = {
    "deep": (HEAD.encode() + b"[" * 1_000_000 + b"]" * 1_000_000 + b"}}", "nested too deeply"),
    "truncated": (BUNDLE[: len(BUNDLE) // 2], f"JSON ends at byte {len(BUNDLE) // 2}"),
    "latin1": (BUNDLE.replace("—".encode(), b"\x97"), "is not UTF-8"),
}


def run(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(tmp_path / "config"),
            "WORKBENCH_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_damaged_bundle_is_refused_with_its_reason(env: dict[str, str], tmp_path: Path, case: str) -> None:
    data, reason = CASES[case]
    bundle = tmp_path / f"{case}.json"
    bundle.write_bytes(data)
    target = tmp_path / "target.fcw"
    result = run(env, "import", target, bundle)
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout.startswith(f"rejected  {bundle}: ") and "damaged project bundle" in result.stdout
    assert reason in result.stdout, result.stdout
    listed = run(env, "list", target, "documents", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    sources = run(env, "list", target, "sources", "--json")
    assert sources.returncode == 0 and json.loads(sources.stdout) == []

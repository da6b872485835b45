"""Opening refusals through the command line (issue 10): a refusal never writes, a lock path that is a
folder and a truncated file get a clear message, not a traceback or the wrong diagnosis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.store.test_open_hardening import files, filled, foreign_wal
from workbench.store import lock as file_lock

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "WORKBENCH_CONFIG_DIR": str(tmp_path / "config"),
            "WORKBENCH_DATA_DIR": str(tmp_path / "data"), "PYTHONIOENCODING": "utf-8"}


def run(env: dict[str, str], *args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], env=env, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


def test_claim_add_refused_for_a_foreign_wal_leaves_the_files_byte_identical(env: dict[str, str],
                                                                              tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    foreign_wal(path, tmp_path)
    before = files(path)
    result = run(env, "claim", "add", path, "--document", "doc-0", "--quote", "Local")
    assert result.returncode == 2 and "p.fcw" in result.stderr, result.stderr
    after = files(path)
    assert after.pop("p.fcw") == before.pop("p.fcw")
    assert after.pop("p.fcw-wal") == before.pop("p.fcw-wal")


def test_a_lock_path_that_is_a_folder_gets_a_message_not_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    file_lock.lock_path(path).mkdir()
    result = run(env, "claim", "add", path, "--document", "doc-0", "--quote", "Local")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{file_lock.lock_path(path)} is a folder" in result.stderr


def test_a_truncated_project_is_called_damaged(env: dict[str, str], tmp_path: Path) -> None:
    path = filled(tmp_path / "p.fcw")
    path.write_bytes(path.read_bytes()[:60])
    result = run(env, "list", path, "documents")
    assert result.returncode == 2
    assert "p.fcw is damaged (truncated" in result.stderr and "another application" not in result.stderr
    checked = run(env, "check", path)
    assert checked.returncode == 1 and "truncated" in checked.stdout

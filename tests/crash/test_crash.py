"""Crash tests: a child process is killed with SIGKILL at random moments; nothing confirmed is lost.

Each run starts ``crash_child.py`` on a project, waits until it has opened it (or, one run in five,
not even that), lets it report a random number (0–4) of operations, waits a random time more and
kills it with SIGKILL. Then the project must open (taking over the dead child's lock), pass
``integrity_check`` and hold every edit the child reported as saved — across all the runs of a
chain, since the same file goes through every kill. The same while backups and copies are written
(every backup file present is complete and sound; a copy is absent or complete; never a 0-byte
file) and while an export-like file is rewritten (the old version intact or the new one complete).
Chains run in parallel to keep the time down.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from workbench.atomicfile import TEMP_MARK, atomic_write
from workbench.ops import backup as backup_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.store import backup as store_backup
from workbench.store import lock as file_lock

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("crash_child.py")
RUNS = 50
CHAINS = 5
MAX_WORK_S = 0.15
MAX_DONE = 4

FIGURES: dict[str, object] = {}


class Zygote:
    """``crash_child.py serve``: forks one child per run (see its docstring)."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, str(CHILD)], cwd=ROOT, text=True,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)},
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self._line() == "serving"

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def run_and_kill(self, mode: str, project: Path, seed: int, log: Path) -> list[str]:
        """Start a child, kill it with SIGKILL at a random moment, return the lines it logged."""
        rng = random.Random(seed)
        log.unlink(missing_ok=True)
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{mode} {project} {seed} {log}\n")
        self.proc.stdin.flush()
        pid = int(self._line().split()[1])
        if rng.random() < 0.2:  # while it opens the project: WAL recovery, taking over the lock, checks
            time.sleep(rng.uniform(0.0, 0.04))
        else:
            # after a random number of reported operations (so that, on a slow machine too, most kills land among
            # committed ones), then a random moment later: inside the next operation, or between two
            done = rng.randint(0, MAX_DONE)
            deadline = time.monotonic() + 30
            while not (log.exists() and log.read_bytes().startswith(b"ready\n")
                       and log.read_bytes().count(b"\n") > done):
                assert time.monotonic() < deadline, f"the child did not open the project or report {done} operations"
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, MAX_WORK_S))  # the random moment of the kill is the test
        os.kill(pid, signal.SIGKILL)
        status = int(self._line().split()[1])
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"the child ended by itself ({status})"
        lines = log.read_text().splitlines() if log.exists() else []
        return [line for line in lines if line and line != "ready"]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()  # else a leaked pipe: ResourceWarning


def saved_ids(lines: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        kind, _, value = line.partition(" ")
        out[kind].add(value)
    return out


def verify_project(path: Path, saved: dict[str, set[str]]) -> None:
    project = project_ops.open_project(path)  # checks header, schema, quick_check; takes over the stale lock
    try:
        with project.read() as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            for kind, table in (("doc", "documents"), ("claim", "claims"), ("evidence", "evidence")):
                present = {r[0] for r in db.execute(f"SELECT id FROM {table}")}
                missing = saved[kind] - present
                assert not missing, f"{len(missing)} {table} reported saved are missing"
        assert file_lock.read_info(path).pid == os.getpid()  # type: ignore[union-attr]
    finally:
        project.close()


def sound_copy(path: Path) -> None:
    assert path.stat().st_size > 0, f"{path.name} is empty"
    info = store_backup.inspect(path)
    assert info.ok, info.problem
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def run_chains(mode: str, tmp_path: Path, make: object, verify: object) -> dict[str, int]:
    """``CHAINS`` projects in parallel, ``RUNS / CHAINS`` kills each; returns totals."""
    totals: dict[str, int] = defaultdict(int)

    def chain(c: int) -> dict[str, int]:
        path = tmp_path / f"chain-{c}.fcw"
        make(path)  # type: ignore[operator]
        saved: dict[str, set[str]] = defaultdict(set)
        counts: dict[str, int] = defaultdict(int)
        zygote = Zygote()
        try:
            for run in range(RUNS // CHAINS):
                lines = zygote.run_and_kill(mode, path, 1000 * c + run, tmp_path / f"chain-{c}.log")
                for kind, ids in saved_ids(lines).items():
                    saved[kind] |= ids
                counts["runs"] += 1
                counts["reported"] += len(lines)
                verify(path, saved, lines)  # type: ignore[operator]
        finally:
            zygote.close()
        return counts

    with ThreadPoolExecutor(max_workers=3) as pool:
        for counts in pool.map(chain, range(CHAINS)):
            for k, v in counts.items():
                totals[k] += v
    return dict(totals)


def _new_project(path: Path) -> None:
    project_ops.create_project(path).close()


def test_killed_while_editing_loses_nothing_confirmed(tmp_path: Path) -> None:
    t0 = time.perf_counter()
    totals = run_chains("edits", tmp_path, _new_project,
                        lambda path, saved, _lines: verify_project(path, saved))
    FIGURES["edits"] = {**totals, "seconds": round(time.perf_counter() - t0, 1)}
    assert totals["runs"] == RUNS
    # the kills did land among committed edits: the seeded draws alone ask for 90 reported operations in all
    assert totals["reported"] > RUNS


def _filled_project(path: Path) -> None:
    project = project_ops.create_project(path)
    words = " ".join(["Local sources said the shelling of Khasham continued overnight."] * 1500)
    for i in range(3):
        doc_ops.import_data(project, f"Background File {i}\n\n{words} {i}\n".encode(), f"bg-{i}.txt")
    project.close()


def test_killed_while_backing_up_and_copying(tmp_path: Path) -> None:
    t0 = time.perf_counter()

    def verify(path: Path, saved: dict[str, set[str]], lines: list[str]) -> None:
        verify_project(path, saved)
        folder = backup_ops.folder(path)
        backups = sorted(folder.glob("*.fcw")) if folder.exists() else []
        for b in backups:
            sound_copy(b)
        reported = [Path(line.split(" ", 1)[1]) for line in lines if line.startswith("backup ")]
        if reported:
            newest = max(store_backup._parse(p)[0] for p in reported)  # type: ignore[index]
            assert any(store_backup._parse(b)[0] >= newest for b in backups)  # type: ignore[index]
        copy = path.with_name(path.name + ".copy.fcw")
        if any(line.startswith("copy ") for line in lines):
            assert copy.exists()
        if copy.exists():
            sound_copy(copy)

    totals = run_chains("backup", tmp_path, _filled_project, verify)
    # what killed backups and copies leave are hidden partial files; the next backup or copy removes them
    places = [tmp_path, backup_ops.default_root()]
    leftovers = [p for place in places for p in place.rglob(f"*{TEMP_MARK}*")]
    for c in range(CHAINS):
        path = tmp_path / f"chain-{c}.fcw"
        backup_ops.make_backup(path)
        project = project_ops.open_project(path)
        backup_ops.save_copy(project, path.with_name(path.name + ".copy.fcw"))
        project.close()
    remaining = [p for place in places for p in place.rglob(f"*{TEMP_MARK}*")]
    FIGURES["backup"] = {**totals, "partial_files_left_by_kills": len(leftovers),
                         "seconds": round(time.perf_counter() - t0, 1)}
    assert remaining == []
    assert totals["runs"] == RUNS


def test_killed_while_writing_an_export(tmp_path: Path) -> None:
    t0 = time.perf_counter()

    def make(path: Path) -> None:
        atomic_write(path.with_name(path.name + ".export.html"), b"<!-- version 0 -->\nold\n<!-- end 0 -->\n")

    def verify(path: Path, _saved: object, lines: list[str]) -> None:
        target = path.with_name(path.name + ".export.html")
        data = target.read_bytes()
        assert data, "a 0-byte export"
        head = data[: data.index(b"\n")]
        version = int(head.split()[2])
        assert data.endswith(f"<!-- end {version} -->\n".encode()), "a partial export"
        reported = [int(line.split()[1]) for line in lines if line.startswith("wrote ")]
        assert version >= max(reported, default=0)

    totals = run_chains("export", tmp_path, make, verify)
    FIGURES["export"] = {**totals, "seconds": round(time.perf_counter() - t0, 1)}
    assert totals["runs"] == RUNS
    assert totals["reported"] > RUNS


@pytest.fixture(scope="module", autouse=True)
def _report_figures() -> object:
    yield
    if FIGURES:
        sys.stderr.write(f"\ncrash test figures: {FIGURES}\n")

"""Power-loss durability (issue 10): the order of fsyncs and renames, recorded.

A power cut can lose any write that was not fsync'ed, and a rename is itself a write to the folder. So a
file that replaces another must be fsync'ed *before* the ``os.replace`` (else the new name can point to
empty or partial content after the cut), and the folder must be fsync'ed *after* it (else the rename
itself can be lost, bringing back the old file, or no file). These tests record every ``os.fsync`` (with
the path of the file or folder synced) and every ``os.replace``/``mkdir``, and check that order for
exports (``atomicfile``), backups and copies (``store.backup``), restore in place and a new project.
"""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workbench import atomicfile
from workbench.ops import backup as backup_ops
from workbench.store import backup as store_backup
from workbench.store.project import create_project

Event = tuple[str, str, str]  # (what, path, second path or "dir"/"file")


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> list[Event]:
    recorded: list[Event] = []
    real_fsync, real_replace, real_mkdir = os.fsync, os.replace, os.mkdir

    def fsync(fd: int) -> None:
        real_fsync(fd)
        path = os.readlink(f"/proc/self/fd/{fd}")
        recorded.append(("fsync", path, "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"))

    def replace(src: object, dst: object, **kwargs: object) -> None:
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]
        recorded.append(("replace", str(src), str(dst)))

    def mkdir(path: object, *args: object, **kwargs: object) -> None:
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]
        recorded.append(("mkdir", str(path), ""))

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name the synced files")
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "mkdir", mkdir)
    return recorded


def index(events: list[Event], event: Event) -> int:
    assert event in events, f"{event} not in {events}"
    return events.index(event)


def assert_durable_replace(events: list[Event], target: Path) -> None:
    """The data fsync precedes the replace onto ``target``; a fsync of its folder follows it."""
    (rename,) = [e for e in events if e[0] == "replace" and e[2] == str(target)]
    tmp = rename[1]
    assert index(events, ("fsync", tmp, "file")) < events.index(rename)
    assert index(events[events.index(rename):], ("fsync", str(target.parent), "dir")) >= 0


def test_an_export_is_synced_before_and_after_its_rename(events: list[Event], tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    atomicfile.atomic_write(target, b"<p>verdict</p>")
    assert_durable_replace(events, target)


def test_a_backup_is_synced_before_and_after_its_rename_and_its_new_folder_too(
        events: list[Event], tmp_path: Path) -> None:
    project = create_project(tmp_path / "case.fcw")
    project.close()
    root = tmp_path / "data" / "backups"
    events.clear()
    backup = store_backup.snapshot(tmp_path / "case.fcw", root, now=datetime(2026, 1, 2, tzinfo=UTC))
    assert_durable_replace(events, backup)
    # each folder made for it is made durable by a fsync of its parent
    for made in (root.parent, root, backup.parent):
        assert index(events, ("mkdir", str(made), "")) < index(events, ("fsync", str(made.parent), "dir"))


def test_save_a_copy_is_synced_before_and_after_its_rename(events: list[Event], tmp_path: Path) -> None:
    project = create_project(tmp_path / "case.fcw")
    target = tmp_path / "elsewhere" / "copy.fcw"
    target.parent.mkdir()
    try:
        backup_ops.save_copy(project, target)
    finally:
        project.close()
    assert_durable_replace(events, target)


def test_restore_in_place_syncs_the_move_aside_and_the_restored_file(
        events: list[Event], tmp_path: Path) -> None:
    path = tmp_path / "case.fcw"
    create_project(path).close()
    backup = store_backup.snapshot(path, tmp_path / "backups")
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 44)  # damaged
    events.clear()
    aside = backup_ops.restore_in_place(path, backup)
    moved = index(events, ("replace", str(path), str(aside)))
    assert index(events[moved:], ("fsync", str(tmp_path), "dir")) >= 0
    assert_durable_replace(events, path)


def test_a_new_project_file_name_is_synced(events: list[Event], tmp_path: Path) -> None:
    create_project(tmp_path / "new.fcw").close()
    assert ("fsync", str(tmp_path), "dir") in events

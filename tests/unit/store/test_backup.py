"""Backups with SQLite's backup API: copy, check, rotate, list, restore, move aside, save a copy."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from workbench.errors import DamagedProject, ProjectError
from workbench.ops import backup as backup_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.store import backup as store_backup
from workbench.store import migrations
from workbench.store.project import Project, create_project, open_project

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"


def count(path: Path, table: str) -> int:
    """Rows of ``table`` (0 when the file does not even have the table)."""
    con = sqlite3.connect(path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


@pytest.fixture
def filled(tmp_path: Path) -> Project:
    project = create_project(tmp_path / "case.fcw")
    doc_ops.import_files(project, [ARTICLES])
    yield project
    project.close()


def test_backup_root_follows_workbench_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    assert backup_ops.default_root() == tmp_path / "data" / "backups"
    folder = backup_ops.folder(tmp_path / "My Case.fcw")
    assert folder.parent == tmp_path / "data" / "backups"
    assert folder.name.startswith("My Case-") and len(folder.name) == len("My Case-") + 12
    assert backup_ops.folder(tmp_path / "other" / "My Case.fcw") != folder  # same name, another file


def test_a_backup_holds_what_is_only_in_the_write_ahead_log(filled: Project, tmp_path: Path) -> None:
    """The backup API reads through SQLite: a plain copy of the main file would miss the uncheckpointed WAL."""
    assert Path(f"{filled.path}-wal").stat().st_size > 0
    shutil.copy(filled.path, tmp_path / "naive-copy.fcw")
    backup = backup_ops.make_backup(filled.path)
    assert count(backup, "documents") == 2
    assert count(tmp_path / "naive-copy.fcw", "documents") < 2  # what a file copy would have kept
    con = sqlite3.connect(backup)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
        assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert not Path(f"{backup}-wal").exists()
    assert backup.parent == backup_ops.folder(filled.path)
    assert [p.name for p in backup.parent.iterdir()] == [backup.name]  # no temporary file left


def test_list_backups_gives_dates_and_contents(filled: Project) -> None:
    first = backup_ops.make_backup(filled.path)
    doc_ops.import_files(filled, [SAMPLES / sorted(p.name for p in SAMPLES.glob("*.txt"))[0]])
    second = backup_ops.make_backup(filled.path, label="before-upgrade-from-2")
    listed = backup_ops.list_backups(filled.path)
    assert [b.path for b in listed] == [second, first]
    assert [(b.documents, b.claims, b.ok) for b in listed] == [(3, 0, True), (2, 0, True)]
    assert listed[0].label == "before-upgrade-from-2"
    assert listed[0].created > listed[1].created
    assert backup_ops.list_backups(None) == listed  # every project's: only this one here
    assert backup_ops.latest_good(filled.path) == listed[0]


def test_a_damaged_backup_is_listed_as_unreadable(filled: Project) -> None:
    backup = backup_ops.make_backup(filled.path)
    backup.write_bytes(b"garbage" * 100)
    (info,) = backup_ops.list_backups(filled.path)
    assert not info.ok and "not an SQLite file" in info.problem
    assert backup_ops.latest_good(filled.path) is None


def test_rotation_keeps_recent_daily_and_weekly_copies() -> None:
    now = datetime(2018, 3, 30, 18, 0, tzinfo=UTC)
    times = [now - timedelta(hours=3 * i) for i in range(8 * 60)]  # every 3 hours for 60 days
    kept = store_backup.keep(times, now)
    newest_first = sorted(times, reverse=True)
    assert set(newest_first[:5]) <= kept
    days = {t.date() for t in kept}
    assert {(now - timedelta(days=d)).date() for d in range(7)} <= days
    weeks = {tuple(t.isocalendar())[:2] for t in kept}
    assert len(weeks) == 4
    assert len(kept) <= 5 + 7 + 4
    # the newest of each kept day is the one kept
    assert max(t for t in times if t.date() == (now - timedelta(days=3)).date()) in kept
    assert store_backup.keep([], now) == set()


def test_rotate_deletes_the_rest(filled: Project) -> None:
    folder = backup_ops.folder(filled.path)
    now = datetime(2018, 3, 30, 18, 0, tzinfo=UTC)
    for i in range(30):
        store_backup.snapshot(filled.path, backup_ops.default_root(), now=now - timedelta(hours=10 * i))
    names = sorted(p.name for p in folder.iterdir())
    kept = store_backup.keep([now - timedelta(hours=10 * i) for i in range(30)], now)
    assert len(names) == len(kept) < 30


def test_restore_writes_a_new_file_and_never_overwrites(filled: Project, tmp_path: Path) -> None:
    backup = backup_ops.make_backup(filled.path)
    target = tmp_path / "restored.fcw"
    backup_ops.restore_to(backup, target)
    restored = open_project(target)
    try:
        assert restored.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    finally:
        restored.close()
    before = target.read_bytes()
    with pytest.raises(ProjectError, match=r"restored\.fcw already exists: choose a new name"):
        backup_ops.restore_to(backup, target)
    assert target.read_bytes() == before


def test_a_damaged_backup_is_not_restored(filled: Project, tmp_path: Path) -> None:
    backup = backup_ops.make_backup(filled.path)
    data = bytearray(backup.read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200  # an interior b-tree page
    backup.write_bytes(bytes(data))
    with pytest.raises(DamagedProject):
        backup_ops.restore_to(backup, tmp_path / "restored.fcw")
    assert not (tmp_path / "restored.fcw").exists()


def test_move_aside_keeps_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "case.fcw"
    path.write_bytes(b"damaged bytes")
    Path(f"{path}-wal").write_bytes(b"log")
    aside = store_backup.move_aside(path, datetime(2018, 3, 30, 18, 0, tzinfo=UTC))
    assert aside.name == "case.fcw.damaged-20180330T180000Z"
    assert aside.read_bytes() == b"damaged bytes"
    assert Path(f"{aside}-wal").read_bytes() == b"log"
    assert not path.exists()
    path.write_bytes(b"again")
    assert store_backup.move_aside(path, datetime(2018, 3, 30, 18, 0, tzinfo=UTC)).name.endswith("-2")


def test_restore_in_place_moves_the_damaged_file_aside(filled: Project, tmp_path: Path) -> None:
    backup = backup_ops.make_backup(filled.path)
    path = filled.path
    filled.close()
    path.write_bytes(os.urandom(8192))
    damaged = path.read_bytes()
    aside = backup_ops.restore_in_place(path, backup)
    assert aside.read_bytes() == damaged
    assert aside.name.startswith("case.fcw.damaged-")
    reopened = open_project(path)
    try:
        assert reopened.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    finally:
        reopened.close()


def test_save_a_copy(filled: Project, tmp_path: Path) -> None:
    copy = backup_ops.save_copy(filled, tmp_path / "copy.fcw")
    assert count(copy, "documents") == 2
    other = open_project(copy)  # a copy is a project of its own
    other.close()
    with pytest.raises(ProjectError, match="is the open project itself"):
        backup_ops.save_copy(filled, filled.path)


def test_a_full_disk_while_copying_leaves_nothing_behind(filled: Project, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "copy.fcw"
    target.write_bytes(b"the previous copy")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ProjectError) as info:
        backup_ops.save_copy(filled, target)
    assert str(info.value) == "copy.fcw could not be written — the disk is full."
    assert target.read_bytes() == b"the previous copy"  # the old file is intact
    assert sorted(p.name for p in tmp_path.iterdir() if "partial" in p.name) == []
    with filled.read() as db:
        assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_a_damaged_project_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "case.fcw"
    project = create_project(path)
    with project.write() as db:
        db["settings"].insert_all({"key": f"k{i}", "value": "x" * 900} for i in range(60))
    project.close()
    data = bytearray(path.read_bytes())
    for page in range(1, len(data) // 4096):  # every b-tree page header but the first page's
        data[page * 4096 : page * 4096 + 12] = b"\x07" * 12
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedProject, match="was not written"):
        backup_ops.make_backup(path)
    assert not any(backup_ops.folder(path).glob("*.fcw"))


def test_leftovers_of_a_killed_backup_are_cleaned(filled: Project) -> None:
    folder = backup_ops.folder(filled.path)
    folder.mkdir(parents=True)
    dead = 2**22 + 12345  # above the default pid_max: never a live process
    leftover = folder / f".case-x.fcw.partial-{dead}-abcd"
    leftover.write_bytes(b"half a backup")
    mine = folder / f".case-y.fcw.partial-{os.getpid()}-abcd"
    mine.write_bytes(b"in progress")
    backup_ops.make_backup(filled.path)
    assert not leftover.exists()
    assert mine.exists()


def test_needs_backup(tmp_path: Path) -> None:
    project = create_project(tmp_path / "case.fcw")
    try:
        assert not backup_ops.needs_backup(project)  # empty: nothing to lose
        doc_ops.import_files(project, [ARTICLES / "bridge-report.txt"])
        assert backup_ops.needs_backup(project)
        backup_ops.make_backup(project.path)
        assert not backup_ops.needs_backup(project)
    finally:
        project.close()


def test_opening_an_unchanged_project_changes_nothing_and_needs_no_backup(tmp_path: Path) -> None:
    """Opening once wrote the schema version again (the header page: a new file time), so the backup on open
    copied an unchanged project at every start and the copies pushed older backups out of the rotation."""
    path = tmp_path / "case.fcw"
    project = create_project(path)
    try:
        doc_ops.import_files(project, [ARTICLES / "bridge-report.txt"])
    finally:
        project.close()
    backup_ops.make_backup(path)
    before = path.read_bytes(), path.stat().st_mtime_ns
    for _ in range(2):
        project = open_project(path)
        try:
            assert not backup_ops.needs_backup(project)  # nothing changed since the backup
        finally:
            project.close()
        assert (path.read_bytes(), path.stat().st_mtime_ns) == before
        assert not Path(f"{path}-wal").exists()
    project = open_project(path)
    try:
        doc_ops.import_files(project, [ARTICLES / "bridge-followup.txt"])
        assert backup_ops.needs_backup(project)  # a change: the next backup is due
    finally:
        project.close()


def _old_project(path: Path, version: int) -> None:
    """A project file as an older version of the app left it (schema ``version``)."""
    names = [m.name for m in migrations.migrations._migrations]
    con = sqlite3.connect(path)
    db = __import__("sqlite_utils").Database(con)
    db.execute(f"PRAGMA application_id = {0x46435742}")
    migrations.migrations.apply(db, stop_before=names[version])
    db.execute(f"PRAGMA user_version = {version}")
    sha = hashlib.sha256(b"Old text.").hexdigest()
    db["documents"].insert({"id": "d1", "sha256": sha, "text": "Old text.", "original": b"Old text.",
                            "imported_at": "2017-12-09T00:00:00Z", "title": "Old"})
    con.close()


def test_an_old_schema_is_backed_up_before_it_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.fcw"
    old = migrations.SCHEMA_VERSION - 1
    _old_project(path, old)
    project = project_ops.open_project(path)
    try:
        assert project.migrated_from == old
        assert project.migration_backup is not None
        assert project.migration_backup.name.endswith(f"-before-upgrade-from-{old}.fcw")
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert set(migrations.TABLES) <= set(project.db.table_names())
    finally:
        project.close()
    con = sqlite3.connect(project.migration_backup)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == old
        assert con.execute("SELECT title FROM documents").fetchone()[0] == "Old"
    finally:
        con.close()
    again = project_ops.open_project(path)  # up to date now: no second backup
    assert again.migrated_from is None
    again.close()


def test_an_upgrade_that_cannot_be_backed_up_does_not_happen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.fcw"
    _old_project(path, migrations.SCHEMA_VERSION - 1)
    before = path.read_bytes()

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ProjectError, match="could not be backed up first, so it was not changed"):
        project_ops.open_project(path)
    assert path.read_bytes() == before

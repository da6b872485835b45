"""Project files: create, open, refuse foreign or damaged files, read-only, integrity checks."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from workbench.errors import ProjectError
from workbench.store import migrations
from workbench.store.project import (
    APPLICATION_ID,
    PROJECT_SUFFIX,
    Project,
    create_project,
    damage_as_error,
    integrity_problems,
    open_or_create,
    open_project,
)


def pragma(project: Project, name: str) -> object:
    return project.db.execute(f"PRAGMA {name}").fetchone()[0]


def add_setting(project: Project, key: str = "k", value: str = "v") -> None:
    with project.write() as db:
        db["settings"].insert({"key": key, "value": value})


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """A closed, sound project file with one row in it."""
    path = tmp_path / "saved.fcw"
    project = create_project(path)
    add_setting(project)
    project.close()
    return path


def raw_edit(path: Path, *sql: str) -> None:
    con = sqlite3.connect(path)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()


def refused(path: Path, **kwargs: bool) -> str:
    with pytest.raises(ProjectError) as info:
        open_project(path, **kwargs)
    return str(info.value)


# --- create / open ---------------------------------------------------------------------------------


def test_new_project_has_the_expected_pragmas(project: Project) -> None:
    assert pragma(project, "application_id") == APPLICATION_ID
    assert pragma(project, "user_version") == migrations.SCHEMA_VERSION
    assert pragma(project, "journal_mode") == "wal"
    assert pragma(project, "synchronous") == 2  # FULL
    assert pragma(project, "foreign_keys") == 1
    assert pragma(project, "trusted_schema") == 0
    assert project.read_only is False
    assert project.name == "test"


def test_reopened_project_keeps_pragmas_and_rows(saved: Path) -> None:
    project = open_project(saved)
    try:
        assert pragma(project, "application_id") == APPLICATION_ID
        assert pragma(project, "user_version") == migrations.SCHEMA_VERSION
        assert pragma(project, "journal_mode") == "wal"
        assert pragma(project, "synchronous") == 2
        assert pragma(project, "foreign_keys") == 1
        assert pragma(project, "trusted_schema") == 0
        assert project.db.execute("SELECT value FROM settings WHERE key = 'k'").fetchone()[0] == "v"
    finally:
        project.close()


def test_new_project_has_the_default_rating_scale(project: Project) -> None:
    labels = [r[0] for r in project.db.execute("SELECT label FROM ratings ORDER BY position")]
    assert labels == [r.label for r in migrations.DEFAULT_RATINGS]
    from workbench.store import reasoning

    assert reasoning.ratings(project.db) == migrations.DEFAULT_RATINGS  # one source of truth: domain.model
    assert PROJECT_SUFFIX == ".fcw"


def test_create_refuses_an_existing_file(saved: Path) -> None:
    with pytest.raises(ProjectError, match="already exists") as info:
        create_project(saved)
    assert "saved.fcw" in str(info.value)


def test_create_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="does not exist"):
        create_project(tmp_path / "nowhere" / "p.fcw")
    assert not (tmp_path / "nowhere").exists()


def test_open_or_create_creates_then_opens(tmp_path: Path) -> None:
    path = tmp_path / "either.fcw"
    first = open_or_create(path)
    add_setting(first, "x", "1")
    first.close()
    second = open_or_create(path)
    try:
        assert second.db.execute("SELECT value FROM settings WHERE key = 'x'").fetchone()[0] == "1"
    finally:
        second.close()


def test_close_is_idempotent_and_checkpoints_the_wal(saved: Path) -> None:
    project = open_project(saved)
    add_setting(project, "more", "rows")
    project.close()
    project.close()
    assert project.closed
    wal = saved.with_name(saved.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_write_rolls_back_everything_on_error(project: Project) -> None:
    with pytest.raises(RuntimeError), project.write() as db:
        db["settings"].insert({"key": "a", "value": "1"})
        db["settings"].insert({"key": "b", "value": "2"})
        raise RuntimeError("boom")
    assert project.db.execute("SELECT count(*) FROM settings WHERE key IN ('a', 'b')").fetchone()[0] == 0


def test_foreign_keys_are_enforced(project: Project) -> None:
    with pytest.raises(sqlite3.IntegrityError), project.write() as db:
        db["segments"].insert({"document_id": "no-such-doc", "start": 0, "end": 1, "kind": "body"})


# --- refusing files --------------------------------------------------------------------------------


def test_refuses_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.fcw"
    path.write_bytes(os.urandom(8192))
    message = refused(path)
    assert "noise.fcw" in message
    assert "not an SQLite file" in message


def test_refuses_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Local sources said the bridge at Tell Marra was blown up.\n", encoding="utf-8")
    message = refused(path)
    assert "notes.txt" in message
    assert "not a Fact-Check Workbench project" in message


def test_refuses_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.fcw"
    path.write_bytes(b"")
    assert "empty.fcw" in refused(path)


def test_refuses_an_sqlite_file_of_another_application(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw_edit(path, "PRAGMA application_id = 1234", "CREATE TABLE notes (body TEXT)")
    message = refused(path)
    assert "other.db" in message
    assert "another application" in message
    assert "0x4d2" in message


def test_refuses_a_plain_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.sqlite"
    raw_edit(path, "CREATE TABLE t (x)")
    assert "another application" in refused(path, read_only=True)


def test_refuses_a_newer_schema(saved: Path) -> None:
    raw_edit(saved, f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    message = refused(saved)
    assert "saved.fcw" in message
    assert "newer version" in message
    assert f"schema {migrations.SCHEMA_VERSION + 1}" in message


def test_refuses_a_trigger(saved: Path) -> None:
    raw_edit(saved, "CREATE TRIGGER sneaky AFTER INSERT ON settings BEGIN DELETE FROM claims; END")
    message = refused(saved)
    assert "saved.fcw" in message
    assert "unexpected trigger 'sneaky'" in message


def test_refuses_a_view(saved: Path) -> None:
    raw_edit(saved, "CREATE VIEW everything AS SELECT * FROM documents")
    message = refused(saved, read_only=True)
    assert "saved.fcw" in message
    assert "unexpected view 'everything'" in message


def test_refuses_a_project_that_lacks_a_table(saved: Path) -> None:
    raw_edit(saved, "DROP TABLE appearances")
    message = refused(saved, read_only=True)
    assert message == "saved.fcw is damaged: it lacks the table(s) appearances."


def test_required_tables_are_those_of_a_new_project(project: Project) -> None:
    assert set(project.db.table_names()) == migrations.TABLES | {"_sqlite_migrations"}


def test_refuses_a_missing_file(tmp_path: Path) -> None:
    message = refused(tmp_path / "gone.fcw")
    assert "gone.fcw" in message
    assert "no such project file" in message
    assert not (tmp_path / "gone.fcw").exists()  # opening never creates


def test_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "folder.fcw"
    folder.mkdir()
    message = refused(folder)
    assert "folder.fcw" in message
    assert "is a folder" in message


def test_refuses_a_truncated_file(tmp_path: Path, saved: Path) -> None:
    big = tmp_path / "big.fcw"
    project = create_project(big)
    with project.write() as db:
        db["settings"].insert_all({"key": f"k{i}", "value": "x" * 500} for i in range(200))
    project.close()
    os.truncate(big, big.stat().st_size // 2)
    message = refused(big)
    assert "big.fcw" in message
    assert "damaged" in message


def test_refused_files_are_left_unchanged(saved: Path) -> None:
    raw_edit(saved, "CREATE VIEW v AS SELECT 1")
    before = saved.read_bytes()
    refused(saved)
    assert saved.read_bytes() == before


# --- read-only ---------------------------------------------------------------------------------------


def test_read_only_open_reads_but_cannot_write(saved: Path) -> None:
    project = open_project(saved, read_only=True)
    try:
        assert project.read_only
        with project.read() as db:
            assert db.execute("SELECT value FROM settings WHERE key = 'k'").fetchone()[0] == "v"
        assert pragma(project, "foreign_keys") == 1
        assert pragma(project, "trusted_schema") == 0
        with pytest.raises(ProjectError, match="read-only") as info:
            add_setting(project, "new", "row")
        assert "saved.fcw" in str(info.value)
        with pytest.raises(sqlite3.OperationalError):
            project.db.execute("INSERT INTO settings VALUES ('raw', 'write')")
    finally:
        project.close()
    reopened = open_project(saved)
    try:
        keys = [r[0] for r in reopened.db.execute("SELECT key FROM settings ORDER BY key")]
        assert keys == ["k", "project.id"]  # nothing written while read-only (project.id: made by 0011_desks)
    finally:
        reopened.close()


def test_read_only_open_does_not_migrate(saved: Path) -> None:
    raw_edit(saved, "PRAGMA user_version = 0")
    project = open_project(saved, read_only=True)
    try:
        assert pragma(project, "user_version") == 0
    finally:
        project.close()
    project = open_project(saved)  # a writable open records the schema version again
    try:
        assert pragma(project, "user_version") == migrations.SCHEMA_VERSION
    finally:
        project.close()


# --- integrity checks ----------------------------------------------------------------------------------


def test_integrity_problems_of_a_sound_project(project: Project) -> None:
    add_setting(project)
    assert integrity_problems(project.db) == []
    assert integrity_problems(project.db, full=True) == []


def test_integrity_problems_reports_a_dangling_foreign_key(saved: Path) -> None:
    raw_edit(saved, "PRAGMA foreign_keys = OFF",
             "INSERT INTO segments (document_id, start, \"end\", kind) VALUES ('ghost', 0, 5, 'body')")
    con = sqlite3.connect(saved)
    try:
        problems = integrity_problems(Database(con))
    finally:
        con.close()
    assert problems == ["foreign key: row 1 of segments points to a missing documents"]
    with pytest.raises(ProjectError, match="foreign key") as info:
        open_project(saved)
    assert str(info.value) == f"saved.fcw is damaged: {problems[0]}"


def test_integrity_problems_full_check_finds_a_broken_index(saved: Path) -> None:
    project = open_project(saved)
    with project.write() as db:
        db["documents"].insert_all(
            {"id": f"doc-{i}", "sha256": f"{i:064x}", "text": "t", "original": b"o",
             "imported_at": "2017-12-09T00:00:00Z", "title": f"Report {i}"} for i in range(5))
    project.close()
    raw_edit(saved, "PRAGMA writable_schema = ON",
             "UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX idx_documents_sha256 ON documents(title)' "
             "WHERE name = 'idx_documents_sha256'")
    con = sqlite3.connect(saved)
    try:
        problems = integrity_problems(Database(con), full=True)
    finally:
        con.close()
    assert problems
    assert all(p.startswith("integrity_check: ") for p in problems)
    assert any("idx_documents_sha256" in p for p in problems)


def test_damage_as_error_names_the_file(saved: Path) -> None:
    with pytest.raises(ProjectError, match=r"saved\.fcw is damaged \(boom\)"), damage_as_error(saved):
        raise sqlite3.DatabaseError("boom")
    with pytest.raises(ValueError), damage_as_error(saved):
        raise ValueError("not a database error")
    long_value = "Could not decode to UTF-8 column 'text' with text '" + "x" * 5000 + "\nmore"
    with pytest.raises(ProjectError) as info, damage_as_error(saved):
        raise sqlite3.OperationalError(long_value)
    assert str(info.value) == f"saved.fcw is damaged ({long_value[:99]}…)."


def test_a_copy_of_a_project_opens(saved: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.fcw"
    shutil.copy(saved, copy)
    project = open_project(copy)
    try:
        assert project.path == copy
    finally:
        project.close()


def test_full_disk_during_an_edit_is_a_clear_error_and_nothing_is_written(tmp_path) -> None:
    """A full disk (simulated with max_page_count) leaves the project as it was."""
    from workbench.domain.model import DocumentMetadata, new_id, utc_now
    from workbench.errors import ProjectError
    from workbench.store import documents as store_docs
    from workbench.store.project import create_project

    project = create_project(tmp_path / "full.fcw")
    pages = project.db.execute("PRAGMA page_count").fetchone()[0]
    project.db.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(ProjectError) as info, project.write() as db:
        store_docs.insert(db, doc_id=new_id(), metadata=DocumentMetadata(title="big"), filename="big.txt",
                          media_type="text/plain", encoding="utf-8", sha256="0" * 64, original=b"x" * 200_000,
                          text="x" * 200_000, segments=(), imported_at=utc_now())
    assert "full.fcw" in str(info.value) and "disk is full" in str(info.value)
    assert store_docs.count(project.db) == 0
    project.close()

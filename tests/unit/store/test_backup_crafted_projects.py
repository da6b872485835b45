"""Crafted project files: each refusal is its own ProjectError subclass, names the file, changes nothing.

Random bytes, an empty file, truncation, flipped and overwritten pages, another application's
SQLite file, a foreign schema, hostile triggers and views, a newer schema; plus property-based
byte flipping. Also the defensive settings of every connection.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import (
    DamagedProject,
    ForeignProject,
    NewerSchema,
    NotAProject,
    ProjectError,
    UnsafeSchema,
)
from workbench.ops import project as project_ops
from workbench.store import migrations
from workbench.store.project import APPLICATION_ID, create_project, open_project

PAGE = 4096


def build(path: Path, rows: int = 80) -> Path:
    """A sound, closed project with enough rows for several pages."""
    project = create_project(path)
    with project.write() as db:
        db["settings"].insert_all({"key": f"k{i:03}", "value": f"value {i} " * 40} for i in range(rows))
        originals = [os.urandom(300) for _ in range(rows)]
        db["documents"].insert_all(
            {"id": f"doc-{i}", "sha256": hashlib.sha256(original).hexdigest(), "text": "Local sources said… " * 30,
             "original": original, "imported_at": "2017-12-09T00:00:00Z", "title": f"Report {i}"}
            for i, original in enumerate(originals))
    project.close()
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return build(tmp_path_factory.mktemp("template") / "t.fcw").read_bytes()


@pytest.fixture
def sound(tmp_path: Path, template: bytes) -> Path:
    path = tmp_path / "case.fcw"
    path.write_bytes(template)
    return path


def refused(path: Path, kind: type[ProjectError], **kwargs: bool) -> str:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(kind) as info:
        open_project(path, **kwargs)
    assert type(info.value) is kind
    assert info.value.path == path
    message = str(info.value)
    assert path.name in message
    if before is not None:
        assert path.read_bytes() == before  # refused files are never changed
    assert not Path(f"{path}.lock").exists()  # nor left locked
    return message


def raw(path: Path, *sql: str) -> None:
    con = sqlite3.connect(path)
    for statement in sql:
        con.execute(statement)
    con.commit()
    con.close()


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.fcw"
    path.write_bytes(os.urandom(3 * PAGE))
    assert "not an SQLite file" in refused(path, NotAProject)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.fcw"
    path.write_bytes(b"")
    assert "it is empty" in refused(path, NotAProject)


def test_a_fifo_named_like_a_project_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "pipe.fcw"
    os.mkfifo(path)
    assert "not a regular file" in refused(path, NotAProject)
    assert not project_ops.check(path).ok


def test_only_the_header_survives(sound: Path) -> None:
    os.truncate(sound, 100)
    refused(sound, DamagedProject)


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9])
def test_truncated(sound: Path, fraction: float) -> None:
    size = sound.stat().st_size
    os.truncate(sound, int(size * fraction) // PAGE * PAGE)
    assert "damaged" in refused(sound, DamagedProject)


def test_flipped_pages(sound: Path) -> None:
    data = bytearray(sound.read_bytes())
    pages = len(data) // PAGE
    assert pages > 8
    a, b = 2, pages - 2
    data[a * PAGE : (a + 1) * PAGE], data[b * PAGE : (b + 1) * PAGE] = (
        data[b * PAGE : (b + 1) * PAGE], data[a * PAGE : (a + 1) * PAGE])
    sound.write_bytes(bytes(data))
    assert "damaged" in refused(sound, DamagedProject)


def test_overwritten_page_headers(sound: Path) -> None:
    data = bytearray(sound.read_bytes())
    for page in range(1, len(data) // PAGE, 3):
        data[page * PAGE : page * PAGE + 8] = b"\xff" * 8
    sound.write_bytes(bytes(data))
    refused(sound, DamagedProject)


def test_another_applications_database(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    raw(path, "PRAGMA application_id = 1196443219", "CREATE TABLE moz_places (url TEXT)")
    message = refused(path, ForeignProject)
    assert "another application" in message and "0x47504653" in message
    refused(path, ForeignProject, read_only=True)


def test_a_foreign_schema_with_our_application_id(tmp_path: Path) -> None:
    path = tmp_path / "lookalike.fcw"
    raw(path, f"PRAGMA application_id = {APPLICATION_ID}", f"PRAGMA user_version = {migrations.SCHEMA_VERSION}",
        "CREATE TABLE documents (id TEXT)")
    assert "lacks the table(s)" in refused(path, DamagedProject)


def test_hostile_trigger(sound: Path, tmp_path: Path) -> None:
    canary = tmp_path / "canary.db"
    raw(sound, "CREATE TRIGGER wipe AFTER INSERT ON history BEGIN DELETE FROM claims; "
               "DELETE FROM documents; END")
    assert "unexpected trigger 'wipe'" in refused(sound, UnsafeSchema)
    refused(sound, UnsafeSchema, read_only=True)
    raw(sound, "DROP TRIGGER wipe",
        f"CREATE TRIGGER attach_it AFTER UPDATE ON settings BEGIN SELECT load_extension('{canary}'); END")
    refused(sound, UnsafeSchema)
    assert not canary.exists()


def test_hostile_view(sound: Path) -> None:
    raw(sound, "CREATE VIEW documents_all AS SELECT * FROM documents")
    assert "unexpected view 'documents_all'" in refused(sound, UnsafeSchema)


def test_several_problems_take_the_most_serious_offer(sound: Path) -> None:
    raw(sound, "CREATE VIEW v AS SELECT 1", f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 4}")
    message = refused(sound, UnsafeSchema)
    assert "newer version" in message and "unexpected view" in message


def test_newer_schema_opens_read_only_when_asked(sound: Path) -> None:
    raw(sound, f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    assert "newer version" in refused(sound, NewerSchema)
    refused(sound, NewerSchema, read_only=True)
    project = open_project(sound, read_only=True, allow_newer=True)
    try:
        assert project.read_only
        assert project.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 80
    finally:
        project.close()


def test_check_reports_each_crafted_file(sound: Path, tmp_path: Path) -> None:
    raw(sound, "CREATE TRIGGER t AFTER INSERT ON settings BEGIN SELECT 1; END")
    report = project_ops.check(sound)
    assert not report.ok and "unexpected trigger" in report.problems[0]
    noise = tmp_path / "noise.fcw"
    noise.write_bytes(os.urandom(PAGE))
    assert not project_ops.check(noise).ok


def test_defensive_settings(sound: Path) -> None:
    project = open_project(sound)
    try:
        pragma = lambda name: project.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("trusted_schema") == 0
        assert pragma("cell_size_check") == 1
        assert pragma("mmap_size") == 0
        assert pragma("foreign_keys") == 1
        conn = project.db.conn
        assert conn.getconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE)
        assert not conn.getconfig(sqlite3.SQLITE_DBCONFIG_ENABLE_VIEW)
        assert conn.getlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH) == 10
        with pytest.raises(sqlite3.DatabaseError):  # defensive mode: the schema cannot be edited by SQL
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("UPDATE sqlite_master SET sql = '' WHERE name = 'settings'")
    finally:
        project.close()
    reader = open_project(sound, read_only=True)
    try:
        assert reader.db.execute("PRAGMA query_only").fetchone()[0] == 1
    finally:
        reader.close()


@pytest.fixture(scope="module")
def flip_dir(tmp_path_factory: pytest.TempPathFactory, template: bytes) -> Path:
    folder = tmp_path_factory.mktemp("flip")
    (folder / "template.fcw").write_bytes(template)
    return folder


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=st.lists(st.tuples(st.integers(0, 60 * PAGE), st.integers(1, 255)), min_size=1, max_size=12))
def test_any_byte_flips_are_refused_cleanly_or_open(flip_dir: Path, flips: list[tuple[int, int]]) -> None:
    """No crash, no other exception: either it opens (and checks), or a ProjectError names the file."""
    path = flip_dir / "flipped.fcw"
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    data = bytearray((flip_dir / "template.fcw").read_bytes())
    for offset, xor in flips:
        if offset < len(data):
            data[offset] ^= xor
    path.write_bytes(bytes(data))
    try:
        project = open_project(path, read_only=True)
    except ProjectError as exc:
        assert "flipped.fcw" in str(exc)
    else:
        project.close()
    report = project_ops.check(path)  # reads every row: damage inside rows shows up here, as a problem
    assert report.ok or report.problems

"""0007_document_readings: one file may be read twice; marks made before 0005 come back from history."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from workbench.domain.model import SegmentKind
from workbench.ops import documents as doc_ops
from workbench.store import documents as store_docs
from workbench.store import migrations
from workbench.store.project import create_project, open_project

_ARTICLE = ("Villagers Return To Tal Ghazal\n\nResidents began returning to the village on Friday, local sources "
            "told the Levant Courier, after two weeks of shelling.\n\nThe defence ministry did not comment.\n")


def _older_project(tmp_path: Path) -> tuple[Path, str, int, int]:
    """A project made as schema 6 had it: a UNIQUE sha256 index, a user mark only in history, and a second
    "segment re-marked" entry for a mark the user undid (the segments no longer show it)."""
    path = tmp_path / "old.fcw"
    project = create_project(path)
    (outcome,), _ = doc_ops.import_files(project, [_write(tmp_path)])
    doc_id = outcome.document_id
    start = _ARTICLE.index("The defence ministry")
    end = len(_ARTICLE) - 1
    doc_ops.remark_segment(project, doc_id, start, end, SegmentKind.BOILERPLATE)
    project.close()
    con = sqlite3.connect(path)
    con.execute("DELETE FROM segment_marks")
    con.execute("INSERT INTO history (uuid, at, who, entity, entity_id, claim_id, action, before, after) VALUES "
                "('undone-mark', '2026-01-01T00:00:00Z', 'x', 'document', ?, NULL, 'segment re-marked', '{}', ?)",
                [doc_id, json.dumps({"start": 0, "end": 10, "kind": "comments"})])
    con.execute("DROP INDEX idx_documents_sha256")
    con.execute("CREATE UNIQUE INDEX idx_documents_sha256 ON documents (sha256)")
    con.execute("DELETE FROM _sqlite_migrations WHERE name = '0007_document_readings'")
    con.execute("PRAGMA user_version = 6")
    con.commit()
    con.close()
    return path, doc_id, start, end


def _write(tmp_path: Path) -> Path:
    source = tmp_path / "tal-ghazal.txt"
    source.write_text(_ARTICLE, encoding="utf-8")
    return source


def test_upgrade_makes_the_sha256_index_non_unique_and_backfills_shown_marks(tmp_path: Path) -> None:
    path, doc_id, start, end = _older_project(tmp_path)
    project = open_project(path)
    try:
        assert project.db.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        sql = project.db.execute("SELECT sql FROM sqlite_master WHERE name = 'idx_documents_sha256'").fetchone()[0]
        assert "UNIQUE" not in sql.upper()
        marks = project.db.execute('SELECT document_id, start, "end", kind FROM segment_marks').fetchall()
        assert marks == [(doc_id, start, end, "boilerplate")]  # the undone mark (0..10 as comments) is left out
    finally:
        project.close()


def test_a_second_reading_of_the_same_file_can_be_stored(tmp_path: Path) -> None:
    path, doc_id, _start, _end = _older_project(tmp_path)
    project = open_project(path)
    try:
        with project.write() as db:
            row = dict(db.table("documents").get(doc_id))
            row.update(id="second-reading", imported_at="2999-01-01T00:00:00Z", text=row["text"] + "\n")
            db.table("documents").insert(row)
        with project.read() as db:
            assert store_docs.id_by_sha256(db, row["sha256"]) == "second-reading"  # the newest reading
    finally:
        project.close()

"""Documents and their segments. Documents are immutable after import; only
metadata and segment marks change."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

from workbench.domain.model import Document, DocumentMetadata, DocumentSummary, Segment, SegmentKind
from workbench.errors import NotFound

_META = ("title", "publisher", "author", "url", "published", "language", "direction")
_SUMMARY_COLS = "id, title, publisher, author, url, published, language, direction, filename, media_type, " \
                "encoding, sha256, size, imported_at, derived, extraction"


def _meta(row: dict[str, Any]) -> DocumentMetadata:
    return DocumentMetadata(**{k: row.get(k) or "" for k in _META})


def _derived(value: str | None) -> tuple[str, ...]:
    return tuple(v for v in (value or "").split(",") if v)


def _summary(row: dict[str, Any]) -> DocumentSummary:
    return DocumentSummary(
        id=row["id"], metadata=_meta(row), filename=row["filename"] or "",
        media_type=row["media_type"] or "", encoding=row["encoding"] or "", sha256=row["sha256"],
        size=row["size"] or 0, imported_at=row["imported_at"], derived=_derived(row.get("derived")),
        extraction=row.get("extraction") or "",
    )


def insert(
    db: Database,
    *,
    doc_id: str,
    metadata: DocumentMetadata,
    filename: str,
    media_type: str,
    encoding: str,
    sha256: str,
    original: bytes,
    text: str,
    segments: Iterable[Segment],
    imported_at: str,
    derived: Iterable[str] = (),
    extraction: str = "",
) -> None:
    db.table("documents").insert(
        {"id": doc_id, **asdict(metadata), "filename": filename, "media_type": media_type,
         "encoding": encoding, "sha256": sha256, "size": len(original), "original": original,
         "text": text, "imported_at": imported_at, "derived": ",".join(derived), "extraction": extraction}
    )
    replace_segments(db, doc_id, segments)


def replace_segments(db: Database, doc_id: str, segments: Iterable[Segment]) -> None:
    db.execute("DELETE FROM segments WHERE document_id = ?", [doc_id])
    db.table("segments").insert_all(
        {"document_id": doc_id, "start": s.start, "end": s.end, "kind": s.kind.value} for s in segments
    )


def id_by_sha256(db: Database, sha256: str) -> str | None:
    """The document read from these original bytes (the newest reading when a file was read again)."""
    row = db.execute("SELECT id FROM documents WHERE sha256 = ? ORDER BY imported_at DESC, rowid DESC LIMIT 1",
                     [sha256]).fetchone()
    return row[0] if row else None


def list_summaries(db: Database) -> list[DocumentSummary]:
    cur = db.execute(f"SELECT {_SUMMARY_COLS} FROM documents ORDER BY published DESC, title")
    cols = [c[0] for c in cur.description]
    return [_summary(dict(zip(cols, r, strict=True))) for r in cur.fetchall()]


def segments(db: Database, doc_id: str) -> tuple[Segment, ...]:
    rows = db.execute(
        'SELECT start, "end", kind FROM segments WHERE document_id = ? ORDER BY start', [doc_id]
    ).fetchall()
    return tuple(Segment(r[0], r[1], SegmentKind(r[2])) for r in rows)


def get(db: Database, doc_id: str) -> Document:
    cur = db.execute(f"SELECT {_SUMMARY_COLS}, text FROM documents WHERE id = ?", [doc_id])
    r = cur.fetchone()
    if r is None:
        raise NotFound(f"No document with id {doc_id} in this project.")
    row = dict(zip([c[0] for c in cur.description], r, strict=True))
    return Document(
        id=row["id"], metadata=_meta(row), filename=row["filename"] or "",
        media_type=row["media_type"] or "", encoding=row["encoding"] or "", sha256=row["sha256"],
        text=row["text"], segments=segments(db, doc_id), imported_at=row["imported_at"],
        derived=_derived(row.get("derived")), extraction=row.get("extraction") or "",
    )


def text(db: Database, doc_id: str) -> str:
    row = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFound(f"No document with id {doc_id} in this project.")
    return str(row[0])


def original(db: Database, doc_id: str) -> bytes:
    row = db.execute("SELECT original FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFound(f"No document with id {doc_id} in this project.")
    return bytes(row[0])


def metadata(db: Database, doc_id: str) -> DocumentMetadata:
    try:  # from the covering index (schema 0008): the row itself holds the whole text and original
        r = db.execute(f"SELECT {', '.join(_META)} FROM documents INDEXED BY idx_documents_metadata WHERE id = ?",
                       [doc_id]).fetchone()
    except sqlite3.OperationalError:  # an older project opened read-only, not upgraded: no such index
        r = db.execute(f"SELECT {', '.join(_META)} FROM documents WHERE id = ?", [doc_id]).fetchone()
    if r is None:
        raise NotFound(f"No document with id {doc_id} in this project.")
    return DocumentMetadata(*[v or "" for v in r])


def derived(db: Database, doc_id: str) -> tuple[str, ...]:
    """The metadata fields of a document that the importer derived rather than read."""
    row = db.execute("SELECT derived FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        raise NotFound(f"No document with id {doc_id} in this project.")
    return _derived(row[0])


def update_metadata(db: Database, doc_id: str, meta: DocumentMetadata,
                    derived: Iterable[str] | None = None) -> None:
    """Store edited metadata; ``derived`` (when given) replaces the list of derived fields."""
    values: dict[str, Any] = asdict(meta)
    if derived is not None:
        values["derived"] = ",".join(derived)
    db.table("documents").update(doc_id, values)


def add_mark(db: Database, *, mark_id: str, doc_id: str, start: int, end: int, kind: SegmentKind,
             marked_at: str) -> None:
    """Record a segment mark the user made (re-segmenting applies these last, so they win)."""
    db.table("segment_marks").insert({"id": mark_id, "document_id": doc_id, "start": start, "end": end,
                                      "kind": kind.value, "marked_at": marked_at})


def marks(db: Database, doc_id: str) -> list[Segment]:
    """The user's segment marks on a document, oldest first."""
    rows = db.execute('SELECT start, "end", kind FROM segment_marks WHERE document_id = ? '
                      "ORDER BY marked_at, rowid", [doc_id]).fetchall()
    return [Segment(r[0], r[1], SegmentKind(r[2])) for r in rows]


def resolve_id(db: Database, prefix: str) -> str:
    """Accept a full id or a unique prefix of one (at least 4 characters)."""
    return _resolve(db, "documents", prefix, "document")


def _resolve(db: Database, table: str, prefix: str, what: str) -> str:
    prefix = prefix.strip()
    if len(prefix) < 4:
        raise NotFound(f"'{prefix}' is too short to name a {what}: give at least 4 characters of its id.")
    # Not LIKE: "%" or "_" in what the user typed must not match any id.
    rows = db.execute(f"SELECT id FROM [{table}] WHERE lower(substr(id, 1, ?)) = lower(?) LIMIT 2",
                      [len(prefix), prefix]).fetchall()
    if not rows:
        raise NotFound(f"No {what} with id '{prefix}' in this project.")
    if len(rows) > 1:
        raise NotFound(f"'{prefix}' matches more than one {what}: give more of the id.")
    return str(rows[0][0])


def count(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM documents").fetchone()[0])

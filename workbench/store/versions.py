"""Document versions and passage placement after re-anchoring (schema step 0003_durability).

``document_versions`` links a document to the earlier version whose passages
were moved to it. ``passages.needs_review`` marks a passage waiting for a person:
its quote changed in the new version, or its place there is doubtful. Such a
passage stays on the old version (its offsets and quote still true there) until
someone accepts the new place, picks another or keeps it as an orphan; the place
proposed is found again from the newest version (documents never change, so it is
the same place each time). Rows marked by earlier versions of the program may sit
on the newest version already ("placed earlier"). ``passages.orphan`` marks one
that could not be placed in the new version (it stays on the old version).
"""

from __future__ import annotations

from sqlite_utils import Database

from workbench.domain.anchoring import FlaggedPassage
from workbench.domain.model import TextQuote
from workbench.errors import NotFound


def previous_version(db: Database, doc_id: str, *, by_title: bool = True, earlier_only: bool = False) -> str | None:
    """The most recently imported other document with the same URL (or, with ``by_title``, the same title).

    ``earlier_only``: only documents imported before this one (what the import itself saw).
    """
    row = db.execute("SELECT url, title, imported_at, rowid FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    url, title = (row[0] or "").strip(), " ".join((row[1] or "").split()).casefold()
    earlier = " AND (imported_at, rowid) < (?, ?)" if earlier_only else ""
    bounds = [row[2], row[3]] if earlier_only else []
    if url:
        hit = db.execute(f"SELECT id FROM documents WHERE id != ? AND trim(url) = ?{earlier} "
                         "ORDER BY imported_at DESC, rowid DESC LIMIT 1", [doc_id, url, *bounds]).fetchone()
        if hit:
            return str(hit[0])
    if by_title and title:
        for other_id, other_title in db.execute(
                f"SELECT id, title FROM documents WHERE id != ? AND title != ''{earlier} "
                "ORDER BY imported_at DESC, rowid DESC", [doc_id, *bounds]).fetchall():
            if " ".join(other_title.split()).casefold() == title:
                return str(other_id)
    return None


def link(db: Database, doc_id: str, previous_id: str, at: str) -> None:
    db.execute("INSERT OR REPLACE INTO document_versions (document_id, previous_id, linked_at) VALUES (?, ?, ?)",
               [doc_id, previous_id, at])


def previous_of(db: Database, doc_id: str) -> str | None:
    row = db.execute("SELECT previous_id FROM document_versions WHERE document_id = ?", [doc_id]).fetchone()
    return str(row[0]) if row else None


def newer_of(db: Database, doc_id: str) -> str | None:
    """The document most recently linked as a new version of ``doc_id``, if any."""
    row = db.execute("SELECT document_id FROM document_versions WHERE previous_id = ? "
                     "ORDER BY linked_at DESC, rowid DESC LIMIT 1", [doc_id]).fetchone()
    return str(row[0]) if row else None


def newest_version(db: Database, doc_id: str) -> str | None:
    """The end of the chain of newer versions of ``doc_id`` (None when it has no newer version)."""
    seen = {doc_id}
    current, newer = doc_id, newer_of(db, doc_id)
    while newer is not None and newer not in seen:
        seen.add(newer)
        current, newer = newer, newer_of(db, newer)
    return None if current == doc_id else current


def document_marker(db: Database) -> int:
    """The highest rowid of ``documents`` (documents imported later have a higher one)."""
    return int(db.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()[0])


def imported_after(db: Database, marker: int) -> list[str]:
    """Documents imported after ``document_marker`` returned ``marker``, in import order."""
    return [str(r[0]) for r in db.execute("SELECT id FROM documents WHERE rowid > ? ORDER BY rowid", [marker])]


def move_passage(db: Database, passage_id: str, doc_id: str, start: int, end: int, quote: TextQuote,
                 needs_review: bool) -> None:
    db.execute('UPDATE passages SET document_id = ?, start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, '
               "orphan = 0, needs_review = ? WHERE id = ?",
               [doc_id, start, end, quote.exact, quote.prefix, quote.suffix, int(needs_review), passage_id])


def mark_orphan(db: Database, passage_id: str) -> None:
    db.execute("UPDATE passages SET orphan = 1, needs_review = 0 WHERE id = ?", [passage_id])


def set_reviewed(db: Database, passage_id: str) -> bool:
    return db.execute("UPDATE passages SET needs_review = 0 WHERE id = ? AND needs_review = 1",
                      [passage_id]).rowcount > 0


def mark_for_review(db: Database, passage_id: str) -> None:
    """Leave the passage where it is (the old version) and mark it for review."""
    db.execute("UPDATE passages SET needs_review = 1, orphan = 0 WHERE id = ?", [passage_id])


def claims_using(db: Database, passage_id: str) -> list[str]:
    """Claims whose appearance or evidence is this passage."""
    return [str(r[0]) for r in db.execute(
        "SELECT claim_id FROM appearances WHERE passage_id = ? UNION SELECT claim_id FROM evidence "
        "WHERE passage_id = ? ORDER BY 1", [passage_id, passage_id])]


_FLAGGED_SQL = """
SELECT p.id, p.document_id, d.title, p.start, p."end", p.exact, p.orphan, p.needs_review,
       (SELECT group_concat(claim_id, ' ') FROM (
            SELECT a.claim_id FROM appearances a WHERE a.passage_id = p.id
            UNION SELECT e.claim_id FROM evidence e WHERE e.passage_id = p.id)),
       p.prefix, p.suffix
  FROM passages p JOIN documents d ON d.id = p.document_id
 WHERE (p.orphan = 1 OR p.needs_review = 1){where}
 ORDER BY p.orphan DESC, d.title, p.start
"""


def flagged(db: Database, passage_id: str | None = None) -> list[FlaggedPassage]:
    """Orphaned passages and passages to review, orphans first (or the one ``passage_id``, if flagged).

    The proposals (``target_*``, ``found``) are left empty: ``ops.reanchor`` fills them in.
    """
    sql = _FLAGGED_SQL.format(where=" AND p.id = ?" if passage_id is not None else "")
    return [FlaggedPassage(passage_id=r[0], document_id=r[1], document_title=r[2] or "", start=r[3], end=r[4],
                           exact=r[5], orphan=bool(r[6]), needs_review=bool(r[7]),
                           claim_ids=tuple(sorted(set((r[8] or "").split()))), prefix=r[9] or "",
                           suffix=r[10] or "")
            for r in db.execute(sql, [passage_id] if passage_id is not None else []).fetchall()]


def resolve_passage(db: Database, prefix: str) -> str:
    """A passage's full id from the id or a unique prefix of it (at least 4 characters)."""
    prefix = prefix.strip()
    if len(prefix) < 4:
        raise NotFound(f"'{prefix}' is too short to name a passage: give at least 4 characters of its id.")
    rows = db.execute("SELECT id FROM passages WHERE lower(substr(id, 1, ?)) = lower(?) LIMIT 2",
                      [len(prefix), prefix]).fetchall()  # not LIKE: "%" or "_" typed must match nothing
    if not rows:
        raise NotFound(f"No passage with id '{prefix}' in this project.")
    if len(rows) > 1:
        raise NotFound(f"'{prefix}' matches more than one passage: give more of the id.")
    return str(rows[0][0])


def counts(db: Database) -> dict[str, int]:
    """Numbers of orphaned, to-review and unused passages (no claim or evidence refers to them)."""
    orphans = db.execute("SELECT count(*) FROM passages WHERE orphan = 1").fetchone()[0]
    has_review = any(r[1] == "needs_review" for r in db.execute("PRAGMA table_info(passages)"))  # older schema
    review = db.execute("SELECT count(*) FROM passages WHERE needs_review = 1").fetchone()[0] if has_review else 0
    unused = db.execute(
        "SELECT count(*) FROM passages p WHERE NOT EXISTS (SELECT 1 FROM appearances a WHERE a.passage_id = p.id) "
        "AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.passage_id = p.id)").fetchone()[0]
    return {"orphans": int(orphans), "needs_review": int(review), "unused": int(unused)}

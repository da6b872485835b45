"""Document versions and passage placement after re-anchoring (schema step 0003_durability).

``document_versions`` links a document to the earlier version whose passages
were moved to it. ``passages.needs_review`` marks a passage placed by a fuzzy or
ambiguous match; ``passages.orphan`` one that could not be placed in the new
version (it stays on the old version, where its offsets are still right).
"""

from __future__ import annotations

from sqlite_utils import Database

from workbench.domain.anchoring import FlaggedPassage
from workbench.domain.model import TextQuote


def previous_version(db: Database, doc_id: str, *, by_title: bool = True) -> str | None:
    """The most recently imported other document with the same URL (or, with ``by_title``, the same title)."""
    row = db.execute("SELECT url, title FROM documents WHERE id = ?", [doc_id]).fetchone()
    if row is None:
        return None
    url, title = (row[0] or "").strip(), " ".join((row[1] or "").split()).casefold()
    if url:
        hit = db.execute("SELECT id FROM documents WHERE id != ? AND trim(url) = ? "
                         "ORDER BY imported_at DESC, rowid DESC LIMIT 1", [doc_id, url]).fetchone()
        if hit:
            return str(hit[0])
    if by_title and title:
        for other_id, other_title in db.execute(
                "SELECT id, title FROM documents WHERE id != ? AND title != '' ORDER BY imported_at DESC, rowid DESC",
                [doc_id]).fetchall():
            if " ".join(other_title.split()).casefold() == title:
                return str(other_id)
    return None


def link(db: Database, doc_id: str, previous_id: str, at: str) -> None:
    db.execute("INSERT OR REPLACE INTO document_versions (document_id, previous_id, linked_at) VALUES (?, ?, ?)",
               [doc_id, previous_id, at])


def previous_of(db: Database, doc_id: str) -> str | None:
    row = db.execute("SELECT previous_id FROM document_versions WHERE document_id = ?", [doc_id]).fetchone()
    return str(row[0]) if row else None


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


_FLAGGED_SQL = """
SELECT p.id, p.document_id, d.title, p.start, p."end", p.exact, p.orphan, p.needs_review,
       (SELECT group_concat(claim_id, ' ') FROM (
            SELECT a.claim_id FROM appearances a WHERE a.passage_id = p.id
            UNION SELECT e.claim_id FROM evidence e WHERE e.passage_id = p.id))
  FROM passages p JOIN documents d ON d.id = p.document_id
 WHERE p.orphan = 1 OR p.needs_review = 1
 ORDER BY p.orphan DESC, d.title, p.start
"""


def flagged(db: Database) -> list[FlaggedPassage]:
    """Orphaned passages and passages to review, orphans first."""
    return [FlaggedPassage(passage_id=r[0], document_id=r[1], document_title=r[2] or "", start=r[3], end=r[4],
                           exact=r[5], orphan=bool(r[6]), needs_review=bool(r[7]),
                           claim_ids=tuple(sorted(set((r[8] or "").split()))))
            for r in db.execute(_FLAGGED_SQL).fetchall()]


def counts(db: Database) -> dict[str, int]:
    """Numbers of orphaned, to-review and unused passages (no claim or evidence refers to them)."""
    orphans = db.execute("SELECT count(*) FROM passages WHERE orphan = 1").fetchone()[0]
    has_review = any(r[1] == "needs_review" for r in db.execute("PRAGMA table_info(passages)"))  # older schema
    review = db.execute("SELECT count(*) FROM passages WHERE needs_review = 1").fetchone()[0] if has_review else 0
    unused = db.execute(
        "SELECT count(*) FROM passages p WHERE NOT EXISTS (SELECT 1 FROM appearances a WHERE a.passage_id = p.id) "
        "AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.passage_id = p.id)").fetchone()[0]
    return {"orphans": int(orphans), "needs_review": int(review), "unused": int(unused)}

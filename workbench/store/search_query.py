"""Reading the full-text index: ranked candidate chunks, their original text, term frequencies."""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.store.search import FTS, WEIGHTS


@dataclass(frozen=True, slots=True)
class ChunkRow:
    id: int
    kind: str
    owner_id: str
    document_id: str
    field: str
    segment: str
    start: int
    end: int
    rank: float
    title: str  # the document's title ("" when none)
    published: str


RANK_CAP = 10_000  # a query matching more chunks is ranked by bm25 among the newest RANK_CAP of them
_SCORE = WEIGHTS.replace("bm25(", f"bm25({FTS}, ")
_ROW_SQL = ("SELECT c.id, c.kind, c.owner_id, coalesce(c.document_id, ''), c.field, c.segment, c.start, c.\"end\", "
            "{score}, coalesce(d.title, ''), coalesce(d.published, '') FROM search_chunks c "
            "LEFT JOIN documents d ON d.id = c.document_id")


def candidates(db: Database, match: str, *, limit: int, date_from: str = "", date_to: str = "",
               document_id: str = "", cap: int = RANK_CAP, rank: bool = True) -> tuple[list[ChunkRow], bool]:
    """The best chunks matching an FTS5 expression by bm25, and whether more than ``cap`` chunks matched.

    Every query is ranked by bm25 with column weights (titles 4, body 1, comments and boilerplate 0.4; a stem
    weighs as its column), inside SQLite: ``ORDER BY bm25 LIMIT`` keeps only the best rows, so nothing but them
    reaches Python. bm25 costs about 0.7 µs per ranked chunk, plus one pass over each phrase's matches for its
    idf (about 10 ms for a phrase found in 50,000 chunks: paid by every bm25 query, whatever the cap). A query
    matching more than ``cap`` chunks (the commonest words and names of a 100,000-article corpus) is ranked by
    bm25 among its ``cap`` most recently indexed matches (``rowid >=`` the cap-th newest) and reported as such.

    ``rank=False`` skips bm25 (and its idf passes): the newest matches, for a caller that scores them itself
    (a long OR of many phrases and prefixes pays one idf pass for each).
    """
    if not rank:
        return _newest(db, match, limit, date_from, date_to, document_id), False
    newest = db.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                        [match, int(cap)]).fetchone()
    broad = newest is not None
    floor = int(newest[0]) + 1 if broad else 0
    fetch = max(1, limit)
    offset = 0
    out: list[ChunkRow] = []
    while True:
        scored = db.execute(f"SELECT rowid, {_SCORE} FROM {FTS} WHERE {FTS} MATCH ? AND rowid >= ? "
                            f"ORDER BY 2 LIMIT ? OFFSET ?", [match, floor, fetch, offset]).fetchall()
        if scored:
            scores = dict(scored)
            marks = ",".join("?" * len(scores))
            by_id = {r[0]: ChunkRow(*r) for r in db.execute(
                _ROW_SQL.format(score="0.0") + f" WHERE c.id IN ({marks})", list(scores))}
            for rowid, score in scored:
                row = by_id.get(rowid)
                if row is None or not _dated(row.published, date_from, date_to):
                    continue
                if document_id and row.document_id != document_id:
                    continue
                out.append(dataclasses.replace(row, rank=score))
        if len(out) >= limit or len(scored) < fetch:
            return out[:limit], broad
        offset += fetch
        fetch *= 4  # dates narrowed by month tokens, exact days checked here: rarely more than once


def _newest(db: Database, match: str, limit: int, date_from: str, date_to: str, document_id: str) -> list[ChunkRow]:
    out: list[ChunkRow] = []
    fetch, offset = max(1, limit), 0
    while len(out) < limit:
        ids = [r[0] for r in db.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? ORDER BY rowid DESC "
                                        "LIMIT ? OFFSET ?", [match, fetch, offset])]
        if ids:
            marks = ",".join("?" * len(ids))
            by_id = {r[0]: ChunkRow(*r) for r in db.execute(_ROW_SQL.format(score="0.0") + f" WHERE c.id IN ({marks})",
                                                              ids)}
            out += [r for r in (by_id.get(i) for i in ids) if r is not None and _dated(r.published, date_from, date_to)
                    and (not document_id or r.document_id == document_id)]
        if len(ids) < fetch:
            break
        offset += fetch
        fetch *= 4
    return out[:limit]


def _dated(published: str, date_from: str, date_to: str) -> bool:
    if date_from and not (published and published >= date_from):
        return False
    return not (date_to and not (published and published <= date_to + "\uffff"))


def chunk_texts(db: Database, rows: list[ChunkRow]) -> dict[int, str]:
    """The original text each chunk was made from."""
    out: dict[int, str] = {}
    for r in rows:
        if r.kind == "document" and r.field == "title":
            out[r.id] = r.title
        elif r.kind == "document":
            row = db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                             [r.start + 1, r.end - r.start, r.owner_id]).fetchone()
            out[r.id] = row[0] if row else ""
        elif r.kind == "passage":
            row = db.execute("SELECT exact FROM passages WHERE id = ?", [r.owner_id]).fetchone()
            out[r.id] = row[0] if row else ""
        elif r.kind == "claim" and r.field in ("text", "summary", "rationale"):
            row = db.execute(f"SELECT [{r.field}] FROM claims WHERE id = ?", [r.owner_id]).fetchone()
            out[r.id] = row[0] if row else ""
        elif r.kind == "evidence" and r.field in ("title", "note", "url"):
            row = db.execute(f"SELECT [{r.field}] FROM evidence WHERE id = ?", [r.owner_id]).fetchone()
            out[r.id] = row[0] if row else ""
        elif r.kind == "source":
            out[r.id] = source_text(db, r.owner_id, r.field)
    return out


def source_text(db: Database, source_id: str, field: str) -> str:
    row = db.execute("SELECT name, notes, affiliation FROM sources WHERE id = ?", [source_id]).fetchone()
    if row is None:
        return ""
    if field == "name":
        aliases = [a for (a,) in db.execute("SELECT alias FROM source_aliases WHERE source_id = ? ORDER BY alias",
                                            [source_id])]
        return "\n".join([row[0], *aliases])
    return "\n".join(x for x in (row[2], row[1]) if x)


def labels(db: Database, rows: list[ChunkRow]) -> dict[tuple[str, str], tuple[str, str]]:
    """(kind, id) → (what the hit is, its claim id) for claims, evidence and sources."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for r in rows:
        key = (r.kind, r.owner_id)
        if key in out:
            continue
        if r.kind == "claim":
            row = db.execute("SELECT text FROM claims WHERE id = ?", [r.owner_id]).fetchone()
            out[key] = (row[0] if row else "", r.owner_id)
        elif r.kind == "evidence":
            row = db.execute("SELECT e.claim_id, c.text, coalesce(nullif(e.title, ''), nullif(e.note, ''), e.url) "
                             "FROM evidence e JOIN claims c ON c.id = e.claim_id WHERE e.id = ?",
                             [r.owner_id]).fetchone()
            out[key] = (f"{row[2] or ''} — evidence for “{row[1]}”" if row else "", row[0] if row else "")
        elif r.kind == "source":
            row = db.execute("SELECT name FROM sources WHERE id = ?", [r.owner_id]).fetchone()
            out[key] = (row[0] if row else "", "")
        elif r.kind == "passage":
            row = db.execute("SELECT claim_id FROM appearances WHERE passage_id = ? UNION ALL "
                             "SELECT claim_id FROM evidence WHERE passage_id = ? LIMIT 1",
                             [r.owner_id, r.owner_id]).fetchone()
            out[key] = ("", row[0] if row else "")
    return out


def claim_statuses(db: Database, claim_ids: set[str]) -> dict[str, str]:
    if not claim_ids:
        return {}
    marks = ",".join("?" * len(claim_ids))
    return dict(db.execute(f"SELECT id, status FROM claims WHERE id IN ({marks})", list(claim_ids)).fetchall())


def _ensure_vocab(db: Database) -> bool:
    """An fts5vocab table in the connection's TEMP schema (nothing is written to the project file); False
    when it cannot be made (a read-only connection)."""
    with contextlib.suppress(sqlite3.OperationalError):
        db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_index_vocab USING fts5vocab(main, {FTS}, 'row')")
        return True
    return False


def _count(db: Database, expr: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH ?", [expr]).fetchone()[0])


def doc_frequencies(db: Database, terms: list[str], prefixes: list[str] = ()) -> tuple[dict[str, int], int]:  # type: ignore[assignment]
    """How many chunks contain each (folded) term, and each prefix (summed over the terms it starts:
    an upper bound), and about how many chunks there are.

    Counting a common term's chunks reads its whole posting list, so counts are kept per connection and
    forgotten when the index has grown or shrunk by more than 1 % (idf weights need no more precision)."""
    total = int(db.execute("SELECT coalesce(max(id), 0) FROM search_chunks").fetchone()[0])
    cached_total, cache = getattr(db, "_search_df_cache", (0, {}))  # type: tuple[int, dict[str, int]]
    if abs(total - cached_total) > max(10, total // 100):
        cache = {}
    keys = [*terms, *(p + "*" for p in prefixes)]
    missing_terms = [t for t in terms if t not in cache]
    missing_prefixes = [p for p in prefixes if p + "*" not in cache]
    if missing_terms or missing_prefixes:
        found, _ = _doc_frequencies(db, missing_terms, missing_prefixes)
        cache.update(found)
        db._search_df_cache = (total, cache)  # type: ignore[attr-defined]
    return {k: cache.get(k, 0) for k in keys}, total


def _doc_frequencies(db: Database, terms: list[str], prefixes: list[str]) -> tuple[dict[str, int], int]:
    out = dict.fromkeys(terms, 0)
    if not _ensure_vocab(db):  # read-only: count with the index itself (slower, exact)
        for term in terms:
            out[term] = _count(db, '"' + term.replace('"', "") + '"')
        for prefix in prefixes:
            out[prefix + "*"] = _count(db, '"' + prefix.replace('"', "") + '"*')
        return out, int(db.execute("SELECT count(*) FROM search_chunks").fetchone()[0])
    if terms:
        marks = ",".join("?" * len(terms))
        for term, doc in db.execute(f"SELECT term, doc FROM temp.search_index_vocab WHERE term IN ({marks})", terms):
            out[term] = doc
    for prefix in prefixes:
        out[prefix + "*"] = int(db.execute("SELECT coalesce(sum(doc), 0) FROM temp.search_index_vocab WHERE term >= ? "
                                           "AND term < ?", [prefix, prefix + "\U0010ffff"]).fetchone()[0])
    total = db.execute("SELECT count(*) FROM search_chunks").fetchone()[0]
    return out, int(total)


def document_segments(db: Database, doc_id: str) -> list[tuple[int, int, str]]:
    return [(r[0], r[1], r[2]) for r in db.execute(
        'SELECT start, "end", kind FROM segments WHERE document_id = ? ORDER BY start', [doc_id])]


def claim_context(db: Database, claim_id: str) -> tuple[str, list[str], set[str], list[tuple[str, int, int]]]:
    """A claim's text (and summary), its appearance quotes, the documents stating it, and the (document, start,
    end) of every passage linked to it."""
    row = db.execute("SELECT text, summary FROM claims WHERE id = ?", [claim_id]).fetchone()
    text = " ".join(x for x in (row[0], row[1]) if x) if row else ""
    stated = db.execute("SELECT p.exact, p.document_id FROM appearances a JOIN passages p ON p.id = a.passage_id "
                        "WHERE a.claim_id = ?", [claim_id]).fetchall()
    linked = [(r[0], r[1], r[2]) for r in db.execute(
        'SELECT p.document_id, p.start, p."end" FROM passages p WHERE p.id IN (SELECT passage_id FROM appearances '
        "WHERE claim_id = ? UNION SELECT passage_id FROM evidence WHERE claim_id = ?)", [claim_id, claim_id])]
    return text, [q for q, _d in stated], {d for _q, d in stated}, linked


def claim_context_for_document(db: Database, doc_id: str) -> list[tuple[str, int, int]]:
    """(document, start, end) of the passages of a document that state a claim."""
    return [(doc_id, r[0], r[1]) for r in db.execute(
        'SELECT p.start, p."end" FROM passages p JOIN appearances a ON a.passage_id = p.id WHERE p.document_id = ?',
        [doc_id])]

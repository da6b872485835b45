"""Reading the full-text index: ranked candidate chunks, their original text, term frequencies."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import re
import sqlite3
from collections.abc import Sequence
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


WINDOW = 4_000  # matches ranked per query: when more match, the newest WINDOW of them (reported as such)
EXACT_WORK = 40_000  # index entries FTS5's bm25 may read for its idf (about 7 ms) before the window is ranked here
SAMPLE = 8_192  # the newest chunks a phrase's frequency is estimated from
K1, B = 1.2, 0.75  # bm25's constants (FTS5's)
SCORE = WEIGHTS.replace("bm25(", f"bm25({FTS}, ")  # FTS5's own bm25 with the column weights (the exact ranking)
_PHRASE = re.compile(r'"(?:[^"]|"")*"(\*?)')
_ROW_SQL = ("SELECT c.id, c.kind, c.owner_id, coalesce(c.document_id, ''), c.field, c.segment, c.start, c.\"end\", "
            "{score}, coalesce(d.title, ''), coalesce(d.published, '') FROM search_chunks c "
            "LEFT JOIN documents d ON d.id = c.document_id")
# a chunk's column weight (as in WEIGHTS) and its length in characters (0 for a document's title: its length is not
# kept here, so it counts as an average title) for the window's own bm25
_SHAPE_SQL = ("SELECT c.id, CASE WHEN c.kind = 'document' AND c.field = 'title' THEN 4.0 "
              "WHEN c.kind = 'document' THEN (CASE WHEN c.segment = 'body' THEN 1.0 ELSE 0.4 END) "
              "WHEN coalesce(c.title, '') != '' THEN 4.0 WHEN coalesce(c.body, '') != '' THEN 1.0 ELSE 0.4 END, "
              "CASE WHEN c.kind = 'document' THEN c.\"end\" - c.start "
              "ELSE length(coalesce(c.title, '')) + length(coalesce(c.body, '')) + length(coalesce(c.aside, '')) END "
              "FROM search_chunks c WHERE c.id IN (SELECT value FROM json_each(?))")


@dataclass(frozen=True, slots=True)
class Ranked:
    """Candidate chunks best first, whether more than the window matched, and how they were ranked: ``exact``
    (FTS5's bm25 over every match, or over the newest WINDOW) or ``window`` (bm25 computed here over the newest
    WINDOW matches with estimated idf and one occurrence per clause: the caller refines the order by counting
    occurrences in the texts it reads, see ``ops.search``)."""

    rows: list[ChunkRow]
    broad: bool
    exact: bool
    idfs: tuple[float, ...] = ()  # each clause's idf (window ranking)
    shape: dict[int, tuple[float, float]] = dataclasses.field(default_factory=dict)  # chunk → weight, length norm

    def bm25(self, row_id: int, counts: Sequence[int]) -> float:
        """A window-ranked chunk's bm25 (higher is better) once its occurrences of each clause are counted."""
        weight, norm = self.shape.get(row_id, (1.0, K1))
        return sum(idf * weight * tf * (K1 + 1) / (tf + norm) for idf, tf in zip(self.idfs, counts, strict=False) if tf)


def candidates(db: Database, match: str, *, limit: int, clauses: Sequence[str] = (), any_clause: bool = False,
               date_from: str = "", date_to: str = "", document_id: str = "", window: int = WINDOW) -> Ranked:
    """The best chunks matching an FTS5 expression, ranked by bm25 (titles 4, body 1, comments and boilerplate
    0.4; a stem weighs as its column), at most ``window`` matches being ranked: the newest ones.

    FTS5's own bm25 first reads every match of every phrase in the whole index for its idf (0.17 µs each: 65 ms
    for "the" in a 100,000-article project), whatever the window. So FTS5 ranks only when that work is small (a
    small project, rare words); otherwise the newest ``window`` matches are ranked here: each clause's idf is
    estimated from the newest SAMPLE chunks, and a chunk's score is bm25 with one occurrence of each clause it
    holds (all of them for an AND query; found per clause, ``clauses``, for an ``any_clause`` query).
    """
    total = int(db.execute("SELECT coalesce(max(id), 0) FROM search_chunks").fetchone()[0])
    if total > EXACT_WORK and _idf_work(db, match, total) > EXACT_WORK:
        return _window(db, match, limit, clauses, any_clause, total, window, date_from, date_to, document_id)
    newest = db.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                        [match, int(window)]).fetchone()
    broad = newest is not None
    floor = int(newest[0]) + 1 if broad else 0
    fetch, offset = max(1, limit), 0
    out: list[ChunkRow] = []
    while True:
        scored = db.execute(f"SELECT rowid, {SCORE} FROM {FTS} WHERE {FTS} MATCH ? AND rowid >= ? "
                            f"ORDER BY 2 LIMIT ? OFFSET ?", [match, floor, fetch, offset]).fetchall()
        out += _kept(db, scored, date_from, date_to, document_id)
        if len(out) >= limit or len(scored) < fetch:
            return Ranked(out[:limit], broad, True)
        offset += fetch
        fetch *= 4  # dates narrowed by month tokens, exact days checked here: rarely more than once


def _kept(db: Database, scored: list[tuple[int, float]], date_from: str, date_to: str,
          document_id: str) -> list[ChunkRow]:
    """The rows of (chunk id, rank) pairs, in that order, within the dates and the document asked for."""
    if not scored:
        return []
    out = []
    for part in range(0, len(scored), 900):
        ids = [r[0] for r in scored[part:part + 900]]
        marks = ",".join("?" * len(ids))
        out += db.execute(_ROW_SQL.format(score="0.0") + f" WHERE c.id IN ({marks})", ids).fetchall()
    by_id = {r[0]: ChunkRow(*r) for r in out}
    kept = []
    for rowid, score in scored:
        row = by_id.get(rowid)
        if row is None or not _dated(row.published, date_from, date_to):
            continue
        if document_id and row.document_id != document_id:
            continue
        kept.append(dataclasses.replace(row, rank=score))
    return kept


def _idf_work(db: Database, match: str, total: int) -> float:
    """About how many index entries FTS5's bm25 reads for the idf of ``match``'s phrases (a prefix: all of them:
    its terms' lists are merged over the whole index whatever is asked)."""
    work = 0.0
    for m in _PHRASE.finditer(match):
        if m.group(1):
            return math.inf
        work += estimated_df(db, m.group(0), total)
    return work


def estimated_df(db: Database, expr: str, total: int) -> float:
    """How many chunks match an FTS5 expression, estimated from the newest SAMPLE chunks (exact in a smaller
    index); kept per connection until the index grows or shrinks by more than 1 %."""
    cached_total, cache = getattr(db, "_search_sample_cache", (0, {}))  # type: tuple[int, dict[str, float]]
    if abs(total - cached_total) > max(10, total // 100):
        cache = {}
        db._search_sample_cache = (total, cache)  # type: ignore[attr-defined]
    if expr not in cache:
        low = max(0, total - SAMPLE)
        seen = db.execute(f"SELECT count(*) FROM {FTS} WHERE {FTS} MATCH ? AND rowid > ?", [expr, low]).fetchone()[0]
        cache[expr] = seen * total / max(1, total - low)
    return cache[expr]


def idf(df: float, total: int) -> float:
    """bm25's idf (FTS5's formula, floored at a small positive weight as FTS5 does)."""
    value = math.log((total - df + 0.5) / (df + 0.5)) if total else 0.0
    return value if value > 0 else 1e-6


def _window(db: Database, match: str, limit: int, clauses: Sequence[str], any_clause: bool, total: int,
            window: int, date_from: str, date_to: str, document_id: str) -> Ranked:
    ids = [r[0] for r in db.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH ? ORDER BY rowid DESC LIMIT ?",
                                    [match, int(window) + 1])]
    broad = len(ids) > window
    ids = ids[:window]
    if not ids:
        return Ranked([], False, False)
    shape = db.execute(_SHAPE_SQL, [json.dumps(ids)]).fetchall()  # (id, column weight, length in characters)
    weights = [idf(estimated_df(db, c, total), total) if '"*' not in c else idf(total / 20, total) for c in clauses]
    sums: dict[float, list[int]] = {}
    for _id, w, length in shape:
        found = sums.get(w)
        if found is None:
            sums[w] = [length, 1 if length else 0]
        elif length:
            found[0] += length
            found[1] += 1
    scale = {w: B / (total_length / count) if count else 0.0 for w, (total_length, count) in sums.items()}
    # bm25's length norm; a chunk whose length is not kept (a document's title) counts as average
    norms = {rowid: (w, K1 * (1 - B + scale[w] * length) if length else K1) for rowid, w, length in shape}
    held = dict.fromkeys(norms, sum(weights) or 1.0)
    if any_clause and clauses:  # the idf of the clauses each chunk holds, summed in SQLite
        union = " UNION ALL ".join(f"SELECT rowid AS id, ? AS w FROM {FTS} WHERE {FTS} MATCH ? AND rowid >= ?"
                                   for _c in clauses)
        args = [x for c, weight in zip(clauses, weights, strict=True) for x in (weight, c, ids[-1])]
        held = dict.fromkeys(norms, 0.0)
        held.update((rowid, w) for rowid, w in db.execute(f"SELECT id, sum(w) FROM ({union}) GROUP BY id", args)
                    if rowid in held)
    scored = sorted((-held[r] * w * (K1 + 1) / (1 + norm), -r) for r, (w, norm) in norms.items())
    scored = [(-r, score) for score, r in scored]
    fetch, done = max(1, limit), 0
    out: list[ChunkRow] = []
    while len(out) < limit and done < len(scored):
        out += _kept(db, scored[done:done + fetch], date_from, date_to, document_id)
        done += fetch
        fetch *= 4  # dates narrowed by month tokens, exact days checked here: rarely more than once
    return Ranked(out[:limit], broad, False, tuple(weights), norms)


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

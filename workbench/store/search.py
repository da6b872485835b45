"""The full-text index (SQLite FTS5) and how it is kept current.

``search_chunks`` holds one row per indexed piece of text: a document's title, a piece of one of its
segments (body / comments / boilerplate, split at paragraphs), a passage, a claim's text / summary /
rationale, an evidence title / note, a source's names. Each row keeps the code-point range it covers in the
canonical text (documents and passages) and its filter tokens (``tags``: ``k<kind>``, ``s<segment>``,
``d<document>``, ``st<status>``, dates).

``search_index`` is a contentless FTS5 table (``content=''``): the text is stored once, in the project's own
rows. Its columns: the folded text (``domain.search_text.normalise``) in ``title`` (titles, names), ``body``
(article body, claims, notes) or ``aside`` (comments and boilerplate); ``tags``; and ``stitle`` / ``sbody`` /
``saside``, the stems (``domain.stemming``) of the tokens of that text whose stem differs from the token
("clashes" → "clash"). An unquoted word is looked up by its stem in all six text columns (the token itself when
it is its own stem, the stem column otherwise), so each occurrence counts once for bm25; quoted phrases, prefixes
and names with known spellings are looked up in the first three only (exact tokens).

A contentless table forgets what it indexed, and removing a row from it needs the very values it was given: a
document's text pieces are re-read from the document (its text never changes) and folded again; every other
piece (titles, passages, claims, evidence, sources: small) keeps its folded text in ``search_chunks``.

No triggers (a project file may come from someone else, and ``check_schema`` refuses triggers): ``sync`` runs at
the end of every ``Project.write()`` with the row changes the transaction made, so ops, undo and redo all keep the
index current.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from workbench.domain.model import SegmentKind
from workbench.domain.search_text import NORMALISER_VERSION, normalise, tokens
from workbench.domain.stemming import STEMMER_VERSION, stem
from workbench.domain.variants import extract_names, name_key
from workbench.store.changelog import ChangeSet

CHUNK_CHARS = 1500
FTS = "search_index"
# title, body, aside (comments, boilerplate), tags, and the same weights for their stems. Comments and boilerplate
# weigh 0.4 (0.5 before stemming: a piece's length now counts its stems, which prose has more of than a short
# comment, and a comment must not outrank the article's body for the same single mention)
WEIGHTS = "bm25(4.0, 1.0, 0.4, 0.0, 4.0, 1.0, 0.4)"
_INSERT = f"INSERT INTO {FTS} (rowid, title, body, aside, tags, stitle, sbody, saside) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_REMOVE = (f"INSERT INTO {FTS} ({FTS}, rowid, title, body, aside, tags, stitle, sbody, saside) "
           "VALUES ('delete', ?, ?, ?, ?, ?, ?, ?, ?)")


@dataclass(frozen=True, slots=True)
class Chunk:
    kind: str
    owner_id: str
    document_id: str | None
    field: str
    segment: str
    start: int
    end: int
    column: str  # title | body | aside
    text: str  # original text (normalised when stored)
    tags: str


# ----- state ------------------------------------------------------------------------------------------
def state(db: Database) -> str:
    """"ready", or "stale" (the index must be rebuilt: new schema, older folding, interrupted rebuild)."""
    rows = dict(db.execute("SELECT key, value FROM search_state"))
    if (rows.get("search_index") != "ready" or rows.get("search_normaliser") != NORMALISER_VERSION
            or rows.get("search_stemmer") != STEMMER_VERSION):
        return "stale"
    return "ready"


def set_state(db: Database, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO search_state (key, value) VALUES ('search_index', ?), "
               "('search_normaliser', ?), ('search_stemmer', ?)", [value, NORMALISER_VERSION, STEMMER_VERSION])


def stems(folded: str) -> str:
    """The stems of a folded text's tokens that differ from the token (what a stem column holds)."""
    out = []
    for _a, _b, token in tokens(folded):
        root = stem(token)
        if root != token:
            out.append(root)
    return " ".join(out)


def _fts_values(title: str, body: str, aside: str, tags: str) -> tuple[str, ...]:
    return title, body, aside, tags, stems(title), stems(body), stems(aside)


def doc_token(doc_id: str) -> str:
    return "d" + re.sub(r"[^0-9a-z]", "", doc_id.lower())


def date_tags(published: str | None) -> str:
    """Filter tokens of a publication date: "y2017 m201712" (a date filter narrows by them before ranking)."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?", published or "")
    if not m:
        return ""
    return f"y{m.group(1)}" + (f" m{m.group(1)}{m.group(2)}" if m.group(2) else "")


def date_range_tags(date_from: str, date_to: str, lowest: int, highest: int) -> list[str]:
    """Tokens covering the months from ``date_from`` to ``date_to`` (whole years as one token)."""
    def ym(value: str, default: tuple[int, int]) -> tuple[int, int]:
        m = re.match(r"(\d{4})(?:-(\d{2}))?", value or "")
        if not m:
            return default
        return int(m.group(1)), int(m.group(2) or (1 if default[1] == 1 else 12))

    y0, m0 = ym(date_from, (lowest, 1))
    y1, m1 = ym(date_to, (highest, 12))
    out: list[str] = []
    for year in range(y0, y1 + 1):
        first, last = (m0 if year == y0 else 1), (m1 if year == y1 else 12)
        if first == 1 and last == 12:
            out.append(f"y{year}")
        else:
            out += [f"m{year}{month:02d}" for month in range(first, last + 1)]
    return out


# ----- writing chunks ----------------------------------------------------------------------------------
def _keeps_text(kind: str, field: str) -> bool:
    """Whether a chunk's folded text is kept in ``search_chunks`` (all but a document's text pieces)."""
    return not (kind == "document" and field == "text")


def _delete(db: Database, where: str, params: list[Any]) -> None:
    rows = db.execute(f'SELECT id, kind, owner_id, field, segment, start, "end", title, body, aside, tags '
                      f"FROM search_chunks WHERE {where}", params).fetchall()
    if not rows:
        return
    texts: dict[str, str | None] = {}
    values = []
    lost = False
    for row_id, kind, owner, field, segment, start, end, title, body, aside, tags in rows:
        if not _keeps_text(kind, field):
            if owner not in texts:
                found = db.execute("SELECT text FROM documents WHERE id = ?", [owner]).fetchone()
                texts[owner] = found[0] if found else None
            text = texts[owner]
            if text is None:  # the document is gone: its words cannot be told to the index
                lost = True
                continue
            folded = normalise(text[start:end])
            body, aside = (folded, "") if segment == SegmentKind.BODY.value else ("", folded)
        values.append((row_id, *_fts_values(title or "", body or "", aside or "", tags or "")))
    db.conn.executemany(_REMOVE, values)
    db.execute(f"DELETE FROM search_chunks WHERE {where}", params)
    if lost:
        set_state(db, "stale")  # stray entries remain until a rebuild (their rows are gone: never shown)


def remove(db: Database, kind: str, owner_id: str) -> None:
    _delete(db, "kind = ? AND owner_id = ?", [kind, owner_id])


def _insert(db: Database, chunks: list[Chunk]) -> None:
    if not chunks:
        return
    base = db.execute("SELECT coalesce(max(id), 0) FROM search_chunks").fetchone()[0]
    rows = []
    index = []
    for i, c in enumerate(chunks, start=base + 1):
        cols = {"title": "", "body": "", "aside": ""}
        cols[c.column] = normalise(c.text)
        index.append((i, *_fts_values(cols["title"], cols["body"], cols["aside"], c.tags)))
        if not _keeps_text(c.kind, c.field):
            cols = {"title": "", "body": "", "aside": ""}
        rows.append((i, c.kind, c.owner_id, c.document_id, c.field, c.segment, c.start, c.end, cols["title"],
                     cols["body"], cols["aside"], c.tags))
    db.conn.executemany('INSERT INTO search_chunks (id, kind, owner_id, document_id, field, segment, start, "end", '
                        "title, body, aside, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.conn.executemany(_INSERT, index)


def _pieces(text: str, start: int, end: int, limit: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """[start, end) cut at paragraph (else line, else space) boundaries into pieces of about ``limit``."""
    pos = start
    while end - pos > limit:
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(sep, pos + limit // 3, pos + limit)
            if cut != -1:
                cut += len(sep)
                break
        if cut == -1:
            cut = pos + limit
        yield pos, cut
        pos = cut
    if end > pos:
        yield pos, end


def document_chunks(doc_id: str, title: str, text: str, segments: Iterable[tuple[int, int, str]],
                    published: str = "") -> list[Chunk]:
    token = f"{doc_token(doc_id)} {date_tags(published)}".strip()
    out = [Chunk("document", doc_id, doc_id, "title", "title", 0, 0, "title", title,
                 f"kdocument sbody stitle {token}")] if title.strip() else []
    for a, b, kind in segments:
        column = "body" if kind == SegmentKind.BODY.value else "aside"
        for s, e in _pieces(text, a, b):
            if text[s:e].strip():
                out.append(Chunk("document", doc_id, doc_id, "text", kind, s, e, column, text[s:e],
                                 f"kdocument s{kind} {token}"))
    return out


def index_document(db: Database, doc_id: str, *, text_too: bool = True) -> None:
    """(Re)index a document's title, and its text unless ``text_too`` is False; count its names when new."""
    row = db.execute("SELECT title, text, published FROM documents WHERE id = ?", [doc_id]).fetchone()
    new = not db.execute("SELECT EXISTS(SELECT 1 FROM search_chunks WHERE kind = 'document' AND owner_id = ?)",
                         [doc_id]).fetchone()[0]
    if text_too:
        _delete(db, "kind = 'document' AND owner_id = ?", [doc_id])
    else:
        _delete(db, "kind = 'document' AND owner_id = ? AND field = 'title'", [doc_id])
    if row is None:
        if not new:
            db.execute("INSERT OR REPLACE INTO search_state (key, value) VALUES ('search_names', 'stale')")
        return
    title, text = row[0] or "", row[1] or ""
    segs = db.execute('SELECT start, "end", kind FROM segments WHERE document_id = ? ORDER BY start',
                      [doc_id]).fetchall() if text_too else []
    chunks = document_chunks(doc_id, title, text, segs, row[2] or "")
    _insert(db, chunks if text_too else [c for c in chunks if c.field == "title"])
    if new and text_too:
        count_names(db, [text])


def index_documents(db: Database, doc_ids: list[str]) -> None:
    """Index several new documents at once (a rebuild): one read, bulk inserts."""
    marks = ",".join("?" * len(doc_ids))
    docs = db.execute(f"SELECT id, title, text, published FROM documents WHERE id IN ({marks})", doc_ids).fetchall()
    segs: dict[str, list[tuple[int, int, str]]] = {}
    for d, a, b, k in db.execute(f'SELECT document_id, start, "end", kind FROM segments WHERE document_id IN '
                                 f"({marks}) ORDER BY document_id, start", doc_ids):
        segs.setdefault(d, []).append((a, b, k))
    chunks = [c for d, title, text, published in docs
              for c in document_chunks(d, title or "", text or "", segs.get(d, []), published or "")]
    _insert(db, chunks)
    count_names(db, [text or "" for _d, _t, text, _p in docs])


_LOWER_WORD = re.compile(r"(?<![\w’'-])[a-z]+(?![\w’'-])")


def count_names(db: Database, texts: Iterable[str]) -> None:
    """Add each text's capitalised names to ``search_names`` (how many documents use each spelling). A single word
    the same text also writes in lower case is a common word, not a name ("Near", "Counterattack" of a headline):
    it is not counted, so it never joins an automatic spelling group ("Near" ≈ "al-Nour")."""
    counts: dict[str, list[Any]] = {}
    for text in texts:
        lower: set[str] | None = None
        for name in extract_names(text):
            if name.isalpha() and not name.isupper():  # one word: a common word capitalised in a headline?
                lower = set(_LOWER_WORD.findall(text)) if lower is None else lower
                if name.casefold() in lower:
                    continue  # "Near" of "… Counterattack Near Mayadeen" when the text also says "near"
            key = name_key(name)
            if key:
                entry = counts.setdefault(key, [name, 0])
                entry[1] += 1
    db.conn.executemany("INSERT INTO search_names (key, name, documents) VALUES (?, ?, ?) "
                   "ON CONFLICT(key) DO UPDATE SET documents = documents + excluded.documents",
                   [(k, v[0], v[1]) for k, v in counts.items()])


def _segment_at(db: Database, doc_id: str, pos: int) -> str:
    """The kind of the segment holding ``pos``: the last segment starting at or before it, if it reaches ``pos``
    (one seek in the primary key; ``start <= pos AND end > pos`` alone walked every earlier segment)."""
    r = db.execute('SELECT kind, "end" FROM segments WHERE document_id = ? AND start <= ? ORDER BY start DESC '
                   "LIMIT 1", [doc_id, pos]).fetchone()
    return r[0] if r and r[1] > pos else SegmentKind.BODY.value


def index_passage(db: Database, passage_id: str) -> None:
    remove(db, "passage", passage_id)
    r = db.execute('SELECT p.document_id, p.start, p."end", p.exact, d.published FROM passages p '
                   "LEFT JOIN documents d ON d.id = p.document_id WHERE p.id = ?", [passage_id]).fetchone()
    if r is None:
        return
    seg = _segment_at(db, r[0], r[1])
    _insert(db, [Chunk("passage", passage_id, r[0], "exact", seg, r[1], r[2], "body", r[3],
                       f"kpassage s{seg} {doc_token(r[0])} {date_tags(r[4])}".strip())])


def index_claim(db: Database, claim_id: str) -> None:
    remove(db, "claim", claim_id)
    r = db.execute("SELECT text, summary, rationale, status FROM claims WHERE id = ?", [claim_id]).fetchone()
    if r is None:
        return
    docs = db.execute("SELECT DISTINCT p.document_id, d.published FROM appearances a JOIN passages p "
                      "ON p.id = a.passage_id LEFT JOIN documents d ON d.id = p.document_id WHERE a.claim_id = ?",
                      [claim_id]).fetchall()
    first = docs[0][0] if docs else None
    tags = " ".join(["kclaim", f"st{r[3]}", *(f"{doc_token(d)} {date_tags(p)}".strip() for d, p in docs)])
    _insert(db, [Chunk("claim", claim_id, first, name, "", 0, len(value), "body", value, tags)
                 for name, value in (("text", r[0]), ("summary", r[1]), ("rationale", r[2]))
                 if value and value.strip()])


def index_evidence(db: Database, evidence_id: str) -> None:
    remove(db, "evidence", evidence_id)
    r = db.execute("SELECT e.title, e.note, e.stance, c.status, p.document_id, e.url, d.published FROM evidence e "
                   "JOIN claims c ON c.id = e.claim_id LEFT JOIN passages p ON p.id = e.passage_id "
                   "LEFT JOIN documents d ON d.id = p.document_id WHERE e.id = ?", [evidence_id]).fetchone()
    if r is None:
        return
    tags = " ".join(["kevidence", f"st{r[3]}", f"x{r[2]}", *([doc_token(r[4]), date_tags(r[6])] if r[4] else [])])
    chunks = [Chunk("evidence", evidence_id, r[4], name, "", 0, len(value), column, value, tags)
              for name, value, column in (("title", r[0], "title"), ("note", r[1], "body"), ("url", r[5], "aside"))
              if value and value.strip()]
    _insert(db, chunks)


def index_source(db: Database, source_id: str) -> None:
    remove(db, "source", source_id)
    r = db.execute("SELECT name, notes, affiliation FROM sources WHERE id = ?", [source_id]).fetchone()
    if r is None:
        return
    aliases = [a for (a,) in db.execute("SELECT alias FROM source_aliases WHERE source_id = ? ORDER BY alias",
                                        [source_id])]
    chunks = [Chunk("source", source_id, None, "name", "", 0, 0, "title", "\n".join([r[0], *aliases]), "ksource")]
    extra = "\n".join(x for x in (r[2], r[1]) if x)
    if extra.strip():
        chunks.append(Chunk("source", source_id, None, "notes", "", 0, 0, "body", extra, "ksource"))
    _insert(db, chunks)


# ----- keeping it current --------------------------------------------------------------------------------
def sync(db: Database, changeset: ChangeSet) -> None:
    """Reindex what one transaction's row changes touched (called by ``Project.write``)."""
    if not changeset:
        return
    docs: set[str] = set()
    titles: set[str] = set()
    redated: set[str] = set()  # documents whose date changed: everything tagged with it
    touched: dict[str, set[str]] = {"passage": set(), "claim": set(), "evidence": set(), "source": set()}
    for c in changeset.changes:
        for row in (c.old, c.new):
            if not row:
                continue
            t = c.table
            if t == "documents":
                titles.add(str(row["id"]))
                if c.old and c.new and c.old.get("published") != c.new.get("published"):
                    redated.add(str(row["id"]))
            elif t == "segments":
                docs.add(str(row["document_id"]))
            elif t == "passages":
                touched["passage"].add(str(row["id"]))
            elif t == "claims":
                touched["claim"].add(str(row["id"]))
            elif t == "appearances":
                touched["claim"].add(str(row["claim_id"]))
            elif t == "evidence":
                touched["evidence"].add(str(row["id"]))
            elif t == "sources":
                touched["source"].add(str(row["id"]))
            elif t == "source_aliases":
                touched["source"].add(str(row["source_id"]))
    for doc_id in redated:
        docs.add(doc_id)
        touched["passage"] |= {r[0] for r in db.execute("SELECT id FROM passages WHERE document_id = ?", [doc_id])}
        touched["claim"] |= {r[0] for r in db.execute("SELECT a.claim_id FROM appearances a JOIN passages p "
                                                      "ON p.id = a.passage_id WHERE p.document_id = ?", [doc_id])}
        touched["evidence"] |= {r[0] for r in db.execute("SELECT e.id FROM evidence e JOIN passages p "
                                                         "ON p.id = e.passage_id WHERE p.document_id = ?", [doc_id])}
    if touched["claim"]:  # evidence carries its claim's status as a filter tag
        marks = ",".join("?" * len(touched["claim"]))
        touched["evidence"] |= {r[0] for r in db.execute(f"SELECT id FROM evidence WHERE claim_id IN ({marks})",
                                                         list(touched["claim"]))}
    for doc_id in docs:
        index_document(db, doc_id)
    for doc_id in titles - docs:
        index_document(db, doc_id, text_too=False)
    for kind, fn in (("passage", index_passage), ("claim", index_claim), ("evidence", index_evidence),
                     ("source", index_source)):
        for owner in touched[kind]:
            fn(db, owner)


def clear(db: Database) -> None:
    """Empty the index (before a rebuild)."""
    db.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('delete-all')")
    db.execute("DELETE FROM search_chunks")
    db.execute("DELETE FROM search_names")
    db.execute("INSERT OR REPLACE INTO search_state (key, value) VALUES ('search_names', 'ready')")


def optimize(db: Database) -> None:
    db.execute(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')")


def document_ids(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM documents ORDER BY rowid")]


def index_all_but_documents(db: Database) -> None:
    for table, fn in (("passages", index_passage), ("claims", index_claim), ("evidence", index_evidence),
                      ("sources", index_source)):
        for (owner,) in db.execute(f"SELECT id FROM [{table}]").fetchall():
            fn(db, owner)


def recount_names(db: Database, batch: int = 1000) -> None:
    """Count every document's names again (after a document was removed)."""
    db.execute("DELETE FROM search_names")
    ids = document_ids(db)
    for i in range(0, len(ids), batch):
        marks = ",".join("?" * len(ids[i:i + batch]))
        count_names(db, (t or "" for (t,) in db.execute(f"SELECT text FROM documents WHERE id IN ({marks})",
                                                          ids[i:i + batch])))
    db.execute("INSERT OR REPLACE INTO search_state (key, value) VALUES ('search_names', 'ready')")

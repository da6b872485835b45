"""Issue 12: bm25 ranks every query whatever the number of matches; the index stores no copy of a document's
text (contentless FTS5) and stays exact through edits; projects of schema 8 are migrated and rebuilt."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from workbench.domain.discovery import SearchFilters
from workbench.domain.model import DocumentMetadata, Segment, SegmentKind, new_id, utc_now
from workbench.ops import documents as doc_ops
from workbench.ops import search as search_ops
from workbench.store import documents as store_docs
from workbench.store import migrations
from workbench.store import search_query as sq
from workbench.store.project import Project, create_project, open_project


def _bulk(project: Project, texts: list[str]) -> list[str]:
    """Insert documents directly (fast; not through ``Project.write``, so no undoable action: the next write
    clears what the change capture recorded), then rebuild the index."""
    ids = []
    with project.lock, project.db.atomic():
        for i, text in enumerate(texts):
            doc_id, data = new_id(), text.encode()
            store_docs.insert(project.db, doc_id=doc_id, metadata=DocumentMetadata(
                title=text.split("\n", 1)[0], published=f"2017-{1 + i % 12:02d}-01"), filename=f"{i}.txt",
                media_type="text/plain", encoding="utf-8", sha256=hashlib.sha256(data).hexdigest(), original=data,
                text=text, segments=[Segment(0, len(text), SegmentKind.BODY)], imported_at=utc_now())
            ids.append(doc_id)
    search_ops.rebuild_index(project)
    return ids


def test_more_than_two_thousand_matches_are_still_ranked_by_bm25(project: Project) -> None:
    # the most relevant article was indexed first: the old ranking cut (2,000 newest matches) never saw it
    best = "Convoy Ambushed\n\nThe convoy was ambushed; the convoy lost three trucks, convoy drivers said.\n"
    filler = [f"Report {i}\n\nA long account of the day in the district, with the market, the school, the "
              f"mill and the road all mentioned, and a convoy passing by at noon, item {i}.\n" for i in range(2100)]
    ids = _bulk(project, [best, *filler])
    with project.read() as db:
        assert db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH 'convoy'").fetchone()[0] > 2000
    hits = search_ops.search(project, "convoys", kinds=["document"], limit=5)
    assert hits[0].document_id == ids[0] and not hits.truncated
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_candidates_order_is_bm25_and_a_cap_ranks_the_newest(project: Project) -> None:
    texts = [f"Item {i}\n\n" + " ".join(["shelling"] * (1 + i % 7) + ["word"] * (20 + i % 5)) + "\n"
             for i in range(60)]
    _bulk(project, texts)
    match = '{title body aside stitle sbody saside} : "shell"'
    with project.read() as db:
        full = [r[0] for r in db.execute(
            "SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY "
            "bm25(search_index, 4.0, 1.0, 0.4, 0.0, 4.0, 1.0, 0.4)", [match])]
        ranked = sq.candidates(db, match, limit=15)
        assert ranked.exact and [r.id for r in ranked.rows] == full[:15] and not ranked.broad
        newest = sorted(full)[-10:]
        ranked = sq.candidates(db, match, limit=5, window=10)
        assert ranked.broad and {r.id for r in ranked.rows} <= set(newest)
        assert [r.id for r in ranked.rows] == [i for i in full if i in newest][:5]
        rows = sq.candidates(db, match, limit=5, date_from="2017-03-01", date_to="2017-03-31").rows
        assert rows and all(r.published.startswith("2017-03") for r in rows)


def test_a_large_index_is_ranked_in_the_window_without_fts5s_idf_pass(project: Project, monkeypatch) -> None:
    # FTS5's bm25 reads every match of every phrase for its idf; above EXACT_WORK entries the window is ranked here
    texts = [f"Item {i}\n\n" + " ".join(["shelling"] * (1 + i % 3) + ["word"] * (10 + 7 * (i % 4))) + "\n"
             for i in range(40)]
    texts.append("Shelling Of The Mill\n\nwords here\n")  # a title match: weighs 4
    texts += [f"Note {i}\n\nNothing to report.\n" for i in range(60)]  # so "shell" has a real idf
    ids = _bulk(project, texts)
    monkeypatch.setattr(sq, "EXACT_WORK", 5)
    match = '{title body aside stitle sbody saside} : "shell"'
    with project.read() as db:
        total = db.execute("SELECT max(id) FROM search_chunks").fetchone()[0]
        counted = db.execute("SELECT count(*) FROM search_index WHERE search_index MATCH '\"item\"'").fetchone()[0]
        assert sq.estimated_df(db, '"item"', total) == counted == 80  # exact: the index is smaller than the sample
        ranked = sq.candidates(db, match, limit=50, clauses=[match])
        assert not ranked.exact and len(ranked.rows) == 42  # 41 texts, 1 title
        first = ranked.rows[0]
        assert (first.document_id, first.field) == (ids[40], "title")
        body = [r for r in ranked.rows if r.field == "text"]
        # one occurrence assumed: the shorter the piece, the better; then counted: more occurrences rank higher
        assert [r.end - r.start for r in body] == sorted(r.end - r.start for r in body)
        assert ranked.bm25(body[0].id, [3]) > ranked.bm25(body[0].id, [1]) > 0
        assert ranked.bm25(body[0].id, [1]) > ranked.bm25(body[-1].id, [1])
        narrow = sq.candidates(db, match, limit=5, window=10, clauses=[match])
        assert narrow.broad and {r.id for r in narrow.rows} <= set(sorted(r.id for r in ranked.rows)[-10:])
    hits = search_ops.search(project, "shelling", kinds=["document"], limit=10)
    assert hits[0].document_id == ids[40]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    # among pieces of equal length, the one with three occurrences comes before the one with one
    same = {h.document_id: h for h in hits[1:]}
    by_len = {}
    for i, doc in enumerate(ids[:40]):
        if doc in same:
            by_len.setdefault(10 + 7 * (i % 4), []).append((same[doc].matches, same[doc].score))
    for group in by_len.values():
        assert [s for _m, s in sorted(group, reverse=True)] == sorted((s for _m, s in group), reverse=True)


def test_an_or_query_in_the_window_counts_which_clauses_each_piece_holds(project: Project, monkeypatch) -> None:
    texts = ["Market\n\nThe market was quiet.\n", "Mill\n\nThe mill was shelled and the market closed.\n",
             "Road\n\nThe road was open.\n"]
    ids = _bulk(project, texts)
    monkeypatch.setattr(sq, "EXACT_WORK", 1)
    clauses = ['{title body aside} : "mill"', '{title body aside} : "market"']
    with project.read() as db:
        ranked = sq.candidates(db, " OR ".join(clauses) + ' AND tags : "sbody"', limit=5, clauses=clauses,
                               any_clause=True)
        assert not ranked.exact
        assert ranked.rows[0].document_id == ids[1]  # holds both
        assert ids[2] not in {r.document_id for r in ranked.rows}


def test_document_text_is_stored_once_and_edits_keep_the_index_exact(project: Project, tmp_path: Path) -> None:
    text = ("Shelling Near The Mill\n\nShelling hit the mill at dawn, residents said.\n\n2 comments\n\n"
            "Abu Omar\nThe shelling was heavy here too.\n")
    doc = doc_ops.import_data(project, text.encode(), "mill.txt").document_id
    with project.read() as db:
        kept = db.execute("SELECT count(*) FROM search_chunks WHERE kind = 'document' AND field = 'text' AND "
                          "(body != '' OR aside != '' OR title != '')").fetchone()[0]
        assert kept == 0  # the document's own text is the only copy
    a = text.index("Abu Omar")
    doc_ops.remark_segment(project, doc, a, len(text), SegmentKind.COMMENTS)
    doc_ops.remark_segment(project, doc, a, len(text), SegmentKind.BOILERPLATE)
    hits = search_ops.search(project, "heavy", filters=SearchFilters(document_id=doc))
    assert [h.segment for h in hits] == ["boilerplate"]

    def vocabulary() -> list[tuple[str, int, int]]:
        with project.read() as db:
            db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_test USING fts5vocab(main, search_index, 'row')")
            return db.execute("SELECT term, doc, cnt FROM temp.v_test ORDER BY term").fetchall()

    before = vocabulary()
    search_ops.rebuild_index(project)
    assert vocabulary() == before  # every removal told the index exactly what it had been given


def _as_schema_8(path: Path) -> None:
    """What a project file of schema 8 looks like: the external-content search_fts, no 0009 step."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE search_index")
    conn.execute(migrations.SEARCH_FTS_SQL)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0009_search_ranking'")
    conn.execute("DELETE FROM search_state WHERE key = 'search_stemmer'")
    conn.execute("PRAGMA user_version = 8")
    conn.commit()
    conn.close()


def test_a_schema_8_project_is_checked_migrated_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "old.fcw"
    project = create_project(path)
    doc_ops.import_data(project, b"Clashes In Khasham\n\nFighters clashed in Khasham overnight.\n", "k.txt")
    project.close()
    _as_schema_8(path)
    project = open_project(path)
    try:
        assert project.migrated_from == 8
        names = set(project.db.table_names())
        assert "search_fts" not in names and set(migrations.TABLES) <= names
        assert search_ops.index_state(project) == "stale"
        assert search_ops.ensure_index(project) is True
        assert [h.matched_variant for h in search_ops.search(project, "clash", kinds=["document"])][:2]
        assert search_ops.search(project, '"clashes in khasham"')
    finally:
        project.close()
    open_project(path).close()  # the migrated file passes the open-time check

"""ops.resegment: documents imported with older importers, segmented again with the current ones."""

from __future__ import annotations

import pytest

from workbench import importers, logfile
from workbench.domain.changes import Changes
from workbench.domain.model import DocumentMetadata, Segment, SegmentKind
from workbench.importers import sandbox
from workbench.importers.base import ImportedDocument, Limits
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.ops import reanchor as reanchor_ops
from workbench.ops import resegment as reseg_ops
from workbench.ops import undo as undo_ops
from workbench.store import documents as store_docs
from workbench.store.project import Project

from .conftest import AIN_JADID, KHIRBET, table_counts
from .resegment_helpers import (
    CLAIM_QUOTE,
    EVIDENCE_QUOTE,
    SHARE_LINE,
    badly_segmented,
    passages_of,
    read_differently,
)


def importer_segments(project: Project, doc_id: str) -> tuple[Segment, ...]:
    """What the current importer makes of the stored bytes."""
    doc = doc_ops.get_document(project, doc_id)
    with project.read() as db:
        return importers.import_bytes(store_docs.original(db, doc_id), doc.filename).segments


def kind_of(segments: tuple[Segment, ...], start: int, end: int) -> set[SegmentKind]:
    return {s.kind for s in segments if s.start < end and start < s.end}


def test_segments_are_replaced_and_the_users_marks_win(project: Project) -> None:
    case = badly_segmented(project)
    text = doc_ops.get_document(project, case.doc_id).text
    passages = passages_of(project, case.doc_id)
    old_segments = doc_ops.segments(project, case.doc_id)
    assert kind_of(importer_segments(project, case.doc_id), *case.mark) == {SegmentKind.COMMENTS}  # the importer
    results, changes = reseg_ops.resegment(project, [case.doc_id])
    (result,) = results
    assert changes == Changes.SEGMENTS
    assert result.status == "re-segmented" and result.marks == 1
    assert result.before == {"body": len(text), "comments": 0, "boilerplate": 0}
    assert result.after["comments"] > 0 and result.after["boilerplate"] > 0
    assert sum(result.after.values()) == len(text)
    segments = doc_ops.segments(project, case.doc_id)
    comments = text.index("Abu Yazan")
    assert kind_of(segments, comments, comments + 9) == {SegmentKind.COMMENTS}  # found by the importer now
    assert kind_of(segments, *case.mark) == {SegmentKind.BODY}  # the user's mark is applied over it
    assert kind_of(segments, text.index("Click to see"), text.index("Click to see") + 5) == {SegmentKind.BOILERPLATE}
    # passages do not move: same offsets, same quote; text unchanged
    assert passages_of(project, case.doc_id) == passages
    assert {q for _s, _e, q in passages.values()} == {CLAIM_QUOTE, EVIDENCE_QUOTE}
    assert doc_ops.get_document(project, case.doc_id).text == text
    assert result.summary().startswith("body ")
    with project.read() as db:
        actions = [r[0] for r in db.execute("SELECT action FROM history WHERE entity_id = ? ORDER BY id",
                                            [case.doc_id])]
    assert actions[-1] == f"re-segmented: {result.summary()}"
    assert "1 segment mark(s) of yours applied again" in actions[-1]
    # one undoable step: undo restores the old segments, redo the new ones
    undo_ops.revert(project, result.changeset, "Re-segment")
    assert doc_ops.segments(project, case.doc_id) == old_segments
    undo_ops.reapply(project, result.changeset, "Re-segment")
    assert doc_ops.segments(project, case.doc_id) == segments
    assert _marks(project, case.doc_id) == [Segment(*case.mark, SegmentKind.BODY)]
    # a second run finds nothing to change and writes nothing
    counts = table_counts(project)
    (again,), changes = reseg_ops.resegment(project, [case.doc_id])
    assert (again.status, changes) == ("unchanged", Changes.NONE)
    assert table_counts(project) == counts
    assert project_ops.check(project.path).ok


def _marks(project: Project, doc_id: str) -> list[Segment]:
    with project.read() as db:
        return store_docs.marks(db, doc_id)


def test_marks_apply_in_the_order_they_were_made(project: Project) -> None:
    case = badly_segmented(project)
    text = doc_ops.get_document(project, case.doc_id).text
    start = text.index("Comments\n")
    doc_ops.remark_segment(project, case.doc_id, start, len(text), SegmentKind.BOILERPLATE)  # later, wider: wins
    reseg_ops.resegment(project, [case.doc_id])
    assert kind_of(doc_ops.segments(project, case.doc_id), start, len(text)) == {SegmentKind.BOILERPLATE}


def test_marking_a_range_as_what_it_already_is_is_remembered(project: Project) -> None:
    case = badly_segmented(project)  # the mark made the all-body text "body" again: recorded all the same
    assert _marks(project, case.doc_id) == [Segment(*case.mark, SegmentKind.BODY)]
    assert doc_ops.remark_segment(project, case.doc_id, *case.mark, SegmentKind.BODY) == Changes.NONE  # not twice
    assert len(_marks(project, case.doc_id)) == 1


def test_metadata_fills_what_is_empty_or_derived_and_keeps_the_users(project: Project) -> None:
    case = badly_segmented(project)
    meta = doc_ops.get_document(project, case.doc_id).metadata
    with project.write() as db:  # the old importer: no language, the file name as a (derived) title
        store_docs.update_metadata(db, case.doc_id, DocumentMetadata(
            title="khirbet-nour-clashes", publisher=meta.publisher, author=meta.author, published=meta.published),
            derived=("title",))
    doc_ops.update_metadata(project, case.doc_id, DocumentMetadata(  # the user's own publisher
        title="khirbet-nour-clashes", publisher="Orontes Dispatch (Idlib desk)", author=meta.author,
        published=meta.published))
    stored = doc_ops.get_document(project, case.doc_id).metadata
    (result,), changes = reseg_ops.resegment(project, [case.doc_id])
    assert changes == Changes.SEGMENTS | Changes.METADATA
    assert {"title", "language"} <= set(result.metadata)
    assert all(not getattr(stored, f) for f in set(result.metadata) - {"title"})  # the others were empty
    doc = doc_ops.get_document(project, case.doc_id)
    assert doc.metadata.title == meta.title  # the derived title: replaced by the headline the importer reads
    assert doc.metadata.language == "en"  # empty: filled in
    assert doc.metadata.publisher == "Orontes Dispatch (Idlib desk)"  # the user's: kept
    assert "title" not in doc.derived
    assert "metadata filled in: title, " in result.summary() and "language" in result.summary()
    undo_ops.revert(project, result.changeset, "Re-segment")
    assert doc_ops.get_document(project, case.doc_id).metadata.title == "khirbet-nour-clashes"
    assert doc_ops.get_document(project, case.doc_id).derived == ("title",)


def test_refresh_metadata_rules() -> None:
    old = DocumentMetadata(title="from-file-name", publisher="Mine", author="", language="ar")
    new = DocumentMetadata(title="Headline", publisher="Theirs", author="R. Haddad", language="en", direction="ltr")
    meta, derived, changed = reseg_ops.refresh_metadata(old, ("title", "language"), new, ("language",))
    assert meta == DocumentMetadata(title="Headline", publisher="Mine", author="R. Haddad", language="en",
                                    direction="ltr")
    assert derived == ("language",) and changed == ("title", "author", "language", "direction")
    meta, derived, changed = reseg_ops.refresh_metadata(old, ("title",), DocumentMetadata(), ())
    assert (meta, derived, changed) == (old, ("title",), ())  # the importer gives nothing now: keep


def test_dry_run_writes_nothing(project: Project) -> None:
    case = badly_segmented(project)
    counts, segments = table_counts(project), doc_ops.segments(project, case.doc_id)
    with project.read() as db:
        history_rows = db.execute("SELECT count(*) FROM history").fetchone()[0]
    (result,), changes = reseg_ops.resegment(project, None, dry_run=True)
    assert result.status == "re-segmented" and result.dry_run and changes == Changes.NONE
    assert result.after["comments"] > 0
    assert table_counts(project) == counts and doc_ops.segments(project, case.doc_id) == segments
    with project.read() as db:
        assert db.execute("SELECT count(*) FROM history").fetchone()[0] == history_rows


def test_a_new_reading_becomes_a_new_version(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    case = read_differently(project, monkeypatch)
    old_doc = doc_ops.get_document(project, case.doc_id)
    (planned,), _ = reseg_ops.resegment(project, None, dry_run=True)
    assert (planned.status, planned.moved, planned.orphaned, planned.marks, planned.marks_not_carried) == (
        "new version", 2, 1, 1, 1)
    assert len(doc_ops.list_documents(project)) == 1  # the dry run added nothing
    (result,), changes = reseg_ops.resegment(project, None)
    assert result.status == "new version" and result.new_document_id
    assert changes & Changes.DOCUMENTS and changes & Changes.PASSAGES
    assert (result.moved, result.review, result.orphaned) == (2, 0, 1)
    assert (result.marks, result.marks_not_carried) == (1, 1)
    assert "passages: 2 moved, 0 for review, 1 orphaned" in result.summary()
    assert "your segment marks: 1 carried, 1 not carried" in result.summary()
    new = doc_ops.get_document(project, result.new_document_id)
    assert SHARE_LINE not in new.text and new.sha256 == old_doc.sha256 and new.filename == old_doc.filename
    assert old_doc.text == doc_ops.get_document(project, case.doc_id).text  # the old version is kept as it was
    assert new.metadata.title == old_doc.metadata.title
    # passages re-anchored: found again by their quote; the one on the share line is an orphan, kept
    moved = passages_of(project, new.id)
    assert sorted(q for _s, _e, q in moved.values()) == sorted([CLAIM_QUOTE, EVIDENCE_QUOTE])
    assert all(new.text[s:e] == q for s, e, q in moved.values())
    orphans = [f for f in reanchor_ops.flagged(project) if f.orphan]
    assert [(o.exact, o.document_id) for o in orphans] == [(SHARE_LINE, case.doc_id)]
    links = claim_ops.claim_links(project, case.claim_id)  # nothing lost: two places it is stated, one evidence
    assert sorted((link.passage.document_id, link.passage.orphan) for link in links) == sorted(
        [(new.id, False), (new.id, False), (case.doc_id, True)])
    # the user's comments mark is carried by its quote; the share-line mark cannot be
    comments = new.text.index("Comments\n")
    assert _marks(project, new.id) == [Segment(comments, len(new.text), SegmentKind.COMMENTS)]
    assert kind_of(new.segments, comments, len(new.text)) == {SegmentKind.COMMENTS}
    assert project_ops.check(project.path).ok
    # undo moves the passages and marks back; the new version stays, as an import does
    undo_ops.revert(project, result.changeset, "Re-segment")
    assert passages_of(project, case.doc_id).keys() >= moved.keys()
    assert passages_of(project, new.id) == {} and _marks(project, new.id) == []
    undo_ops.reapply(project, result.changeset, "Re-segment")
    assert passages_of(project, new.id) == moved
    # run again: the old version already has a newer one, which reads the same
    results, changes = reseg_ops.resegment(project, None)
    assert changes == Changes.NONE
    assert {r.document_id: r.status for r in results} == {case.doc_id: "unchanged", new.id: "unchanged"}
    assert "already has a newer version" in next(r for r in results if r.document_id == case.doc_id).reason


def broken(data: bytes, name: str, limits: Limits) -> ImportedDocument:
    raise ZeroDivisionError("a heuristic divided by zero")


def test_a_failing_document_does_not_stop_the_run(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sandbox, "IN_PROCESS", True)  # the importers replaced below run here, not in the sandbox
    page = _store_page(project)
    case = badly_segmented(project)
    monkeypatch.setitem(importers._IMPORTERS, "html", broken)
    progress: list[tuple[int, int]] = []
    results, changes = reseg_ops.resegment(project, [page.document_id, case.doc_id],
                                           progress=lambda d, t, _n: progress.append((d, t)))
    assert [r.status for r in results] == ["failed", "re-segmented"]
    assert results[0].reason == "internal error in the HTML importer — details in the log"
    assert results[0].line().startswith(f"failed       {page.document_id[:8]} “Bridge”: internal error")
    log = logfile.log_path().read_text(encoding="utf-8")
    assert "while re-segmenting 'bridge.html'" in log and "ZeroDivisionError: a heuristic divided by zero" in log
    assert changes == Changes.SEGMENTS and progress == [(0, 2), (1, 2), (2, 2)]


def _store_page(project: Project) -> doc_ops.ImportOutcome:
    def page(data: bytes, name: str, limits: Limits) -> ImportedDocument:
        text = "Local sources said the bridge fell."
        return ImportedDocument(text, "utf-8", "text/html", DocumentMetadata(title="Bridge"),
                                (Segment(0, len(text), SegmentKind.BODY),))

    with pytest.MonkeyPatch.context() as m:
        m.setitem(importers._IMPORTERS, "html", page)
        return doc_ops.import_data(project, b"<html><body><p>Local sources said the bridge fell.</p></body></html>",
                                   "bridge.html")


def test_cancel_stops_after_the_current_document(project: Project) -> None:
    import threading

    doc_ops.import_files(project, [KHIRBET, AIN_JADID])
    cancel = threading.Event()
    results, _ = reseg_ops.resegment(project, None, cancel=cancel,
                                     progress=lambda d, _t, _n: cancel.set() if d == 0 else None)
    assert len(results) == 1


def test_kind_counts_and_their_description() -> None:
    before = {"body": 5210, "comments": 0, "boilerplate": 40}
    after = {"body": 4102, "comments": 1108, "boilerplate": 40}
    assert reseg_ops.describe_counts(before, after) == (
        "body 5,210 → 4,102, comments 0 → 1,108 characters (boilerplate unchanged)")
    assert reseg_ops.describe_counts(before, before) == "segments unchanged"
    assert reseg_ops.kind_counts([Segment(0, 5, SegmentKind.BODY), Segment(5, 7, SegmentKind.COMMENTS)]) == {
        "body": 5, "comments": 2, "boilerplate": 0}

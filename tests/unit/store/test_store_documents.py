"""Documents (with segments and metadata) and passages: rows ↔ dataclasses."""

from __future__ import annotations

import hashlib

import pytest

from workbench.domain.model import (
    Document,
    DocumentMetadata,
    DocumentSummary,
    Passage,
    Segment,
    SegmentKind,
    TextQuote,
)
from workbench.domain.selectors import make_quote
from workbench.errors import NotFound
from workbench.store import documents as store_docs
from workbench.store import passages as store_passages
from workbench.store.project import Project

TEXT = (
    "Shelling Reported In Deir Hafiz 🔥\n\n"
    "Local sources told the Riverside Monitor that mortar rounds hit the school in Deir Hafiz.\n\n"
    "Comments\n\nAbu Omar\nThis is old news.\n"
)
BODY_END = TEXT.index("Comments")
COMMENTS_START = TEXT.index("Abu Omar")
SEGMENTS = (
    Segment(0, BODY_END, SegmentKind.BODY),
    Segment(BODY_END, COMMENTS_START, SegmentKind.BOILERPLATE),
    Segment(COMMENTS_START, len(TEXT), SegmentKind.COMMENTS),
)
META = DocumentMetadata(title="Shelling Reported In Deir Hafiz", publisher="Riverside Monitor",
                        author="Lina Darwish", url="https://example.org/deir-hafiz",
                        published="2017-12-07", language="en")
ORIGINAL = TEXT.replace("\n", "\r\n").encode("utf-8")


def add_document(project: Project, doc_id: str = "doc-deir-hafiz-0001", *, text: str = TEXT,
                 meta: DocumentMetadata = META, original: bytes = ORIGINAL,
                 segments: tuple[Segment, ...] = SEGMENTS) -> str:
    with project.write() as db:
        store_docs.insert(db, doc_id=doc_id, metadata=meta, filename="deir-hafiz.txt", media_type="text/plain",
                          encoding="utf-8", sha256=hashlib.sha256(original).hexdigest(), original=original,
                          text=text, segments=segments, imported_at="2017-12-08T10:00:00Z")
    return doc_id


def test_document_round_trips(project: Project) -> None:
    doc_id = add_document(project)
    with project.read() as db:
        doc = store_docs.get(db, doc_id)
        assert store_docs.text(db, doc_id) == TEXT
        assert store_docs.original(db, doc_id) == ORIGINAL
        assert store_docs.metadata(db, doc_id) == META
        assert store_docs.segments(db, doc_id) == SEGMENTS
        assert store_docs.id_by_sha256(db, hashlib.sha256(ORIGINAL).hexdigest()) == doc_id
        assert store_docs.id_by_sha256(db, "0" * 64) is None
        assert store_docs.count(db) == 1
    assert doc == Document(id=doc_id, metadata=META, filename="deir-hafiz.txt", media_type="text/plain",
                           encoding="utf-8", sha256=hashlib.sha256(ORIGINAL).hexdigest(), text=TEXT,
                           segments=SEGMENTS, imported_at="2017-12-08T10:00:00Z")
    assert isinstance(doc.segments[0].kind, SegmentKind)


def test_summaries_are_sorted_newest_first_without_text(project: Project) -> None:
    add_document(project, "doc-old", meta=DocumentMetadata(title="Older", published="2017-11-01"),
                 original=b"older bytes")
    add_document(project, "doc-new", meta=DocumentMetadata(title="Newer", published="2017-12-20"),
                 original=b"newer bytes")
    add_document(project, "doc-undated", meta=DocumentMetadata(title="Undated"), original=b"undated bytes")
    with project.read() as db:
        summaries = store_docs.list_summaries(db)
    assert [s.id for s in summaries] == ["doc-new", "doc-old", "doc-undated"]
    assert summaries[0] == DocumentSummary(
        id="doc-new", metadata=DocumentMetadata(title="Newer", published="2017-12-20"),
        filename="deir-hafiz.txt", media_type="text/plain", encoding="utf-8",
        sha256=hashlib.sha256(b"newer bytes").hexdigest(), size=len(b"newer bytes"),
        imported_at="2017-12-08T10:00:00Z")
    assert summaries[2].metadata.published == ""


def test_metadata_update_changes_only_metadata(project: Project) -> None:
    doc_id = add_document(project)
    edited = DocumentMetadata(title="Mortars Hit School In Deir Hafiz", publisher="Riverside Monitor",
                              author="", url="", published="2017-12-06", language="en")
    with project.write() as db:
        store_docs.update_metadata(db, doc_id, edited)
    with project.read() as db:
        doc = store_docs.get(db, doc_id)
    assert doc.metadata == edited
    assert doc.text == TEXT
    assert doc.segments == SEGMENTS


def test_replace_segments(project: Project) -> None:
    doc_id = add_document(project)
    whole = (Segment(0, len(TEXT), SegmentKind.BODY),)
    with project.write() as db:
        store_docs.replace_segments(db, doc_id, whole)
    with project.read() as db:
        assert store_docs.segments(db, doc_id) == whole


def test_unknown_document_raises_not_found(project: Project) -> None:
    with project.read() as db:
        for fn in (store_docs.get, store_docs.text, store_docs.original, store_docs.metadata):
            with pytest.raises(NotFound, match="no-such-id"):
                fn(db, "no-such-id")


def test_a_file_read_twice_keeps_both_readings_and_the_newest_answers(project: Project) -> None:
    """Since 0007 the schema lets one file be read twice (re-segmenting by a newer importer keeps the old
    reading and its passages); ``id_by_sha256`` names the newest reading. Duplicate imports are refused by
    ops.documents, which asks ``id_by_sha256`` first (tests/unit/ops/test_ops_documents.py)."""
    add_document(project, "doc-a")
    add_document(project, "doc-b")
    with project.read() as db:
        assert store_docs.count(db) == 2
        sha = store_docs.get(db, "doc-a").sha256
        assert store_docs.get(db, "doc-b").sha256 == sha
        assert store_docs.id_by_sha256(db, sha) == "doc-b"


def test_resolve_id_by_prefix(project: Project) -> None:
    add_document(project, "abcd1234-one", original=b"one")
    add_document(project, "abcd5678-two", original=b"two")
    with project.read() as db:
        assert store_docs.resolve_id(db, "abcd1") == "abcd1234-one"
        assert store_docs.resolve_id(db, " abcd5678-two ") == "abcd5678-two"
        with pytest.raises(NotFound, match="more than one"):
            store_docs.resolve_id(db, "abcd")
        with pytest.raises(NotFound, match="too short"):
            store_docs.resolve_id(db, "abc")
        with pytest.raises(NotFound, match="No document with id 'ffff'"):
            store_docs.resolve_id(db, "ffff")
        assert store_docs.resolve_id(db, "ABCD1234") == "abcd1234-one"
        for wildcard in ("%%%%", "abcd____", "abcd%two"):
            with pytest.raises(NotFound, match="No document"):
                store_docs.resolve_id(db, wildcard)


# --- passages --------------------------------------------------------------------------------------------


def make_passage(doc_id: str, exact: str, pid: str = "passage-1", text: str = TEXT) -> Passage:
    start = text.index(exact)
    return Passage(id=pid, document_id=doc_id, start=start, end=start + len(exact),
                   quote=make_quote(text, start, start + len(exact)))


def test_passage_round_trips(project: Project) -> None:
    doc_id = add_document(project)
    passage = make_passage(doc_id, "mortar rounds hit the school")
    with project.write() as db:
        store_passages.insert(db, passage, "2017-12-08T11:00:00Z")
    with project.read() as db:
        got = store_passages.get(db, passage.id)
        assert store_passages.count(db) == 1
    assert got == passage
    assert got.quote == TextQuote("mortar rounds hit the school", TEXT[got.start - 32 : got.start],
                                  TEXT[got.end : got.end + 32])
    assert TEXT[got.start : got.end] == got.quote.exact


def test_passage_offsets_after_an_emoji_are_code_points(project: Project) -> None:
    doc_id = add_document(project)
    passage = make_passage(doc_id, "Deir Hafiz 🔥")
    with project.write() as db:
        store_passages.insert(db, passage, "2017-12-08T11:00:00Z")
    with project.read() as db:
        got = store_passages.get(db, passage.id)
    assert (got.start, got.end) == (21, 33)
    assert TEXT[got.start : got.end] == "Deir Hafiz 🔥"


def test_orphan_flag_round_trips(project: Project) -> None:
    doc_id = add_document(project)
    orphan = Passage(id="orphan-1", document_id=doc_id, start=0, end=4, quote=TextQuote("gone"), orphan=True)
    with project.write() as db:
        store_passages.insert(db, orphan, "2017-12-08T11:00:00Z")
    with project.read() as db:
        assert store_passages.get(db, "orphan-1") == orphan


def test_passages_for_document_are_sorted_by_start(project: Project) -> None:
    doc_id = add_document(project)
    other = add_document(project, "doc-other", original=b"other")
    late = make_passage(doc_id, "This is old news.", "p-late")
    early = make_passage(doc_id, "Local sources", "p-early")
    elsewhere = make_passage(other, "Local sources", "p-elsewhere")
    with project.write() as db:
        for p in (late, early, elsewhere):
            store_passages.insert(db, p, "2017-12-08T11:00:00Z")
    with project.read() as db:
        assert [p.id for p in store_passages.for_document(db, doc_id)] == ["p-early", "p-late"]
        assert store_passages.for_document(db, "doc-none") == []
        with pytest.raises(NotFound):
            store_passages.get(db, "p-none")


def test_delete_if_unused(project: Project) -> None:
    doc_id = add_document(project)
    used = make_passage(doc_id, "Local sources", "p-used")
    free = make_passage(doc_id, "old news", "p-free")
    with project.write() as db:
        store_passages.insert(db, used, "t")
        store_passages.insert(db, free, "t")
        db["claims"].insert({"id": "claim-1", "text": "Mortars hit the school", "status": "draft"})
        db["appearances"].insert({"id": "link-1", "claim_id": "claim-1", "passage_id": "p-used"})
    with project.write() as db:
        assert store_passages.delete_if_unused(db, "p-used") is False
        assert store_passages.delete_if_unused(db, "p-free") is True
    with project.read() as db:
        assert [p.id for p in store_passages.for_document(db, doc_id)] == ["p-used"]

"""ops.documents: importing files and folders, metadata edits, segment re-marking."""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import threading
from pathlib import Path

import pytest

from tests.unit.ops.conftest import AIN_JADID, KHIRBET, MIXED, OPS_FIXTURES, table_counts
from workbench.domain.changes import Changes
from workbench.domain.model import DocumentMetadata, Segment, SegmentKind
from workbench.errors import BadArgument, NotFound
from workbench.importers.base import Limits
from workbench.ops import documents as doc_ops
from workbench.ops.documents import ImportOutcome, ImportStatus
from workbench.store import history
from workbench.store.project import Project


def history_actions(project: Project) -> list[tuple[str, str, str]]:
    with project.read() as db:
        return [tuple(r) for r in db.execute("SELECT entity, entity_id, action FROM history ORDER BY id")]


# --- imported ----------------------------------------------------------------------------------------------


def test_import_fixture_articles(project: Project) -> None:
    outcomes, changes = doc_ops.import_files(project, [KHIRBET, AIN_JADID])
    assert changes == Changes.DOCUMENTS
    assert [o.status for o in outcomes] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
    assert [o.path for o in outcomes] == [str(KHIRBET), str(AIN_JADID)]
    assert outcomes[0].title == "Clashes Reported Near Khirbet al-Nour As Rival Claims Multiply"
    doc = doc_ops.get_document(project, outcomes[0].document_id)
    raw = KHIRBET.read_bytes()
    assert doc.text == raw.decode("utf-8")
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.filename == "khirbet-nour-clashes.txt"
    assert doc.media_type == "text/plain"
    assert doc.metadata.published == "2017-12-09"
    assert doc.segments[0].start == 0 and doc.segments[-1].end == len(doc.text)
    assert SegmentKind.COMMENTS in {s.kind for s in doc.segments}
    assert doc_ops.segments(project, doc.id) == doc.segments
    # newest first: "Eastern Wire — 10/12/2017" is 10 December, after 9 December
    listed = doc_ops.list_documents(project)
    assert [d.id for d in listed] == [outcomes[1].document_id, outcomes[0].document_id]
    assert (listed[0].metadata.publisher, listed[0].metadata.published) == ("Eastern Wire", "2017-12-10")
    assert history_actions(project) == [("document", o.document_id, "imported") for o in outcomes]
    line = outcomes[0].line()
    assert line.startswith("imported  ") and str(KHIRBET) in line and outcomes[0].document_id[:8] in line


def test_untitled_text_takes_the_file_name_as_title(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "tell-bir-saba-note.txt"
    path.write_text("local sources said the checkpoint was abandoned overnight, which nobody confirmed.\n",
                    encoding="utf-8")
    outcomes, _ = doc_ops.import_files(project, [path])
    assert outcomes[0].status is ImportStatus.IMPORTED
    assert outcomes[0].title


# --- duplicates --------------------------------------------------------------------------------------------


def test_same_bytes_twice_is_a_duplicate(project: Project) -> None:
    outcomes, changes = doc_ops.import_files(project, [KHIRBET, KHIRBET])
    assert [o.status for o in outcomes] == [ImportStatus.IMPORTED, ImportStatus.DUPLICATE]
    assert outcomes[1].document_id == outcomes[0].document_id
    assert changes == Changes.DOCUMENTS
    before = table_counts(project)
    again, changes = doc_ops.import_files(project, [KHIRBET])
    assert again[0].status is ImportStatus.DUPLICATE
    assert changes == Changes.NONE
    assert table_counts(project) == before
    assert "already imported as" in again[0].line()
    assert outcomes[0].title in again[0].line()


def test_same_bytes_under_another_name_is_a_duplicate(project: Project, tmp_path: Path) -> None:
    first, _ = doc_ops.import_files(project, [AIN_JADID])
    renamed = tmp_path / "copy-of-the-ministry-denial.md"
    shutil.copyfile(AIN_JADID, renamed)
    before = table_counts(project)
    outcomes, changes = doc_ops.import_files(project, [renamed])
    assert outcomes == [ImportOutcome(str(renamed), ImportStatus.DUPLICATE, first[0].document_id,
                                      "Ministry Denies Shelling Of Ain Jadid Market")]
    assert changes == Changes.NONE
    assert table_counts(project) == before


# --- rejected ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "limits", "reason"),
    [
        ("binary.txt", bytes(range(256)) * 8, Limits(), "binary"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), Limits(), "binary"),
        ("empty.txt", b"", Limits(), "is empty"),
        ("long-report.txt", KHIRBET.read_bytes(), Limits(max_bytes=100), "is too large"),
        ("wordy.txt", KHIRBET.read_bytes(), Limits(max_text_chars=50), "is too large"),
    ],
)
def test_rejected_files_leave_nothing_behind(project: Project, tmp_path: Path, name: str, content: bytes,
                                              limits: Limits, reason: str) -> None:
    doc_ops.import_files(project, [MIXED])
    before = table_counts(project)
    path = tmp_path / name
    path.write_bytes(content)
    outcomes, changes = doc_ops.import_files(project, [path], limits=limits)
    assert len(outcomes) == 1
    outcome = outcomes[0]
    assert outcome.status is ImportStatus.REJECTED
    assert reason in outcome.reason
    assert outcome.document_id == ""
    assert changes == Changes.NONE
    assert table_counts(project) == before
    assert outcome.line() == f"rejected  {path}: {outcome.reason}"


def test_too_large_message_is_readable(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "dispatch.txt"
    path.write_bytes(b"Local sources said the road was cut. " * 60)
    outcome = doc_ops.import_files(project, [path], limits=Limits(max_bytes=1024))[0][0]
    assert outcome.reason == "is too large (2.2 KB; the limit is 1.0 KB)"


def test_missing_file_is_rejected(project: Project, tmp_path: Path) -> None:
    outcomes, _ = doc_ops.import_files(project, [tmp_path / "never-saved.txt", KHIRBET])
    assert outcomes[0].status is ImportStatus.REJECTED
    assert outcomes[0].reason == "does not exist"
    assert outcomes[1].status is ImportStatus.IMPORTED  # one bad file does not stop the others
    assert table_counts(project)["documents"] == 1


def test_a_failing_write_rejects_and_rolls_back(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise NotFound("history is unavailable")

    monkeypatch.setattr(history, "record", broken)
    before = table_counts(project)
    outcomes, changes = doc_ops.import_files(project, [KHIRBET])
    assert outcomes[0].status is ImportStatus.REJECTED
    assert "history is unavailable" in outcomes[0].reason
    assert changes == Changes.NONE
    assert table_counts(project) == before


# --- folders, progress, cancel -----------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    (root / "2017" / "december").mkdir(parents=True)
    (root / ".cache").mkdir()
    shutil.copyfile(KHIRBET, root / "b-khirbet.txt")
    shutil.copyfile(AIN_JADID, root / "2017" / "december" / "a-ain-jadid.TXT")
    shutil.copyfile(MIXED, root / "2017" / "mixed.md")
    shutil.copyfile(MIXED, root / ".hidden-draft.txt")
    shutil.copyfile(MIXED, root / ".cache" / "cached.txt")
    (root / "casualties.csv").write_text("village,killed\nKhirbet al-Nour,4\n", encoding="utf-8")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    return root


def test_folders_are_expanded_recursively_skipping_hidden_and_unsupported(project: Project, tree: Path) -> None:
    assert list(doc_ops.expand_paths([tree])) == [
        tree / "b-khirbet.txt",
        tree / "2017" / "mixed.md",
        tree / "2017" / "december" / "a-ain-jadid.TXT",
    ]
    outcomes, changes = doc_ops.import_files(project, [tree])
    assert [Path(o.path).name for o in outcomes] == ["b-khirbet.txt", "mixed.md", "a-ain-jadid.TXT"]
    assert {o.status for o in outcomes} == {ImportStatus.IMPORTED}
    assert changes == Changes.DOCUMENTS


def test_files_named_explicitly_are_not_filtered(tree: Path) -> None:
    hidden = tree / ".hidden-draft.txt"
    assert list(doc_ops.expand_paths([hidden, tree / "casualties.csv"])) == [hidden, tree / "casualties.csv"]


def test_progress_is_reported_before_each_file_and_at_the_end(project: Project, tree: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    doc_ops.import_files(project, [tree], progress=lambda done, total, name: calls.append((done, total, name)))
    assert calls == [(0, 3, "b-khirbet.txt"), (1, 3, "mixed.md"), (2, 3, "a-ain-jadid.TXT"), (3, 3, "")]


def test_cancel_stops_at_once_and_keeps_the_files_already_imported(project: Project, tree: Path) -> None:
    cancel = threading.Event()
    calls: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, name: str) -> None:
        calls.append((done, total, name))
        if done == 1:
            cancel.set()

    outcomes, changes = doc_ops.import_files(project, [tree], progress=progress, cancel=cancel)
    assert [Path(o.path).name for o in outcomes] == ["b-khirbet.txt"]  # the file being read is abandoned
    assert changes == Changes.DOCUMENTS
    assert calls[-1] == (1, 3, "")
    assert table_counts(project)["documents"] == 1  # files already imported stay imported


def test_cancel_set_before_starting_imports_nothing(project: Project) -> None:
    cancel = threading.Event()
    cancel.set()
    outcomes, changes = doc_ops.import_files(project, [OPS_FIXTURES], cancel=cancel)
    assert outcomes == []
    assert changes == Changes.NONE


# --- metadata ----------------------------------------------------------------------------------------------


def test_update_metadata_records_only_changed_fields(project: Project, docs: dict[str, str]) -> None:
    doc_id = docs["ain-jadid-shelling"]
    old = doc_ops.get_document(project, doc_id).metadata
    assert (old.publisher, old.published) == ("Eastern Wire", "2017-12-10")
    new = DocumentMetadata(title=old.title, publisher="Eastern Wire Agency", author="Salma Idris", url=old.url,
                           published="2017-12-11", language=old.language, direction=old.direction)
    assert doc_ops.update_metadata(project, doc_id, new) == Changes.METADATA
    assert doc_ops.get_document(project, doc_id).metadata == new
    with project.read() as db:
        entry = db.execute("SELECT before, after FROM history WHERE action = 'metadata edited'").fetchall()
    assert len(entry) == 1
    before, after = json.loads(entry[0][0]), json.loads(entry[0][1])
    assert after == {"publisher": "Eastern Wire Agency", "author": "Salma Idris", "published": "2017-12-11"}
    assert before == {"publisher": old.publisher, "author": old.author, "published": old.published}
    assert doc_ops.update_metadata(project, doc_id, new) == Changes.NONE  # nothing changed: nothing recorded
    assert len(history_actions(project)) == 4


@pytest.mark.parametrize("published", ["2017", "2017-12", "2017-12-10", ""])
def test_update_metadata_accepts_iso_dates(project: Project, docs: dict[str, str], published: str) -> None:
    doc_id = docs["khirbet-nour-clashes"]
    meta = DocumentMetadata(title="Khirbet al-Nour", published=published)
    doc_ops.update_metadata(project, doc_id, meta)
    assert doc_ops.get_document(project, doc_id).metadata.published == published


@pytest.mark.parametrize("published", ["10/12/2017", "December 10, 2017", "2017-1-5", "yesterday"])
def test_update_metadata_refuses_other_dates(project: Project, docs: dict[str, str], published: str) -> None:
    doc_id = docs["khirbet-nour-clashes"]
    before = table_counts(project)
    with pytest.raises(BadArgument, match="is not a date"):
        doc_ops.update_metadata(project, doc_id, DocumentMetadata(title="x", published=published))
    assert doc_ops.get_document(project, doc_id).metadata.published == "2017-12-09"
    assert table_counts(project) == before


def test_update_metadata_of_an_unknown_document(project: Project) -> None:
    with pytest.raises(NotFound):
        doc_ops.update_metadata(project, "no-such-doc", DocumentMetadata(title="x"))


# --- segments ----------------------------------------------------------------------------------------------


def test_remark_segment(project: Project, docs: dict[str, str]) -> None:
    doc_id = docs["ain-jadid-shelling"]
    doc = doc_ops.get_document(project, doc_id)
    start = doc.text.index("Eastern Wire could not reach")
    end = doc.text.index("\n", start)
    assert doc_ops.remark_segment(project, doc_id, start, end, SegmentKind.BOILERPLATE) == Changes.SEGMENTS
    segs = doc_ops.segments(project, doc_id)
    assert Segment(start, end, SegmentKind.BOILERPLATE) in segs
    assert segs[0].start == 0 and segs[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in itertools.pairwise(segs))
    assert history_actions(project)[-1] == ("document", doc_id, "segment re-marked")
    count = len(history_actions(project))
    assert doc_ops.remark_segment(project, doc_id, start, end, SegmentKind.BOILERPLATE) == Changes.NONE
    assert len(history_actions(project)) == count
    whole = len(doc.text)
    doc_ops.remark_segment(project, doc_id, 0, whole, SegmentKind.BODY)
    assert doc_ops.segments(project, doc_id) == (Segment(0, whole, SegmentKind.BODY),)


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, 2), (0, 10**6)])
def test_remark_segment_refuses_bad_ranges(project: Project, docs: dict[str, str], start: int, end: int) -> None:
    doc_id = docs["mixed-scripts"]
    before = doc_ops.segments(project, doc_id)
    with pytest.raises(BadArgument, match="outside the document"):
        doc_ops.remark_segment(project, doc_id, start, end, SegmentKind.COMMENTS)
    assert doc_ops.segments(project, doc_id) == before


def test_resolve_document_prefix(project: Project, docs: dict[str, str]) -> None:
    doc_id = docs["mixed-scripts"]
    assert doc_ops.resolve_document(project, doc_id[:8]) == doc_id
    with pytest.raises(NotFound):
        doc_ops.resolve_document(project, "xyz")

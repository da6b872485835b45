"""ops.evidence, ops.sources and ops.verdicts: evidence of every kind, the sources registry, verdicts, tags,
attribution chains, the rating scale, independent corroboration; and a state machine of random edits, undos
and redos that must return the project, row for row, to each earlier state."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.unit.ops.conftest import AIN_JADID, KHIRBET, table_counts
from workbench.domain.changes import Changes
from workbench.domain.model import ClaimStatus, EvidenceKind, Rating, Stance
from workbench.domain.reasoning import describe
from workbench.errors import BadArgument, KnownError, NotFound
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import evidence as ev_ops
from workbench.ops import sources as src_ops
from workbench.ops import undo as undo_ops
from workbench.ops import verdicts
from workbench.ops.project import create_project, open_project
from workbench.store.changelog import ChangeSet
from workbench.store.dump import dump
from workbench.store.project import Project

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
QUOTE = "fighters of the Northern Tribes Brigade entered the western quarter of Khirbet al-Nour"
ARCHIVED_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Mill Still Held By Army, Residents Say | Eastern Wire</title>
<meta property="og:title" content="Mill Still Held By Army, Residents Say"></head>
<body><article><h1>Mill Still Held By Army, Residents Say</h1>
<p>Residents of Khirbet al-Nour reached by phone on Saturday said soldiers were still guarding the grain mill,
contradicting reports by the pro-opposition Qalamoun Voice that it had been captured overnight.</p>
<p>The state-run Levant News Agency repeated the denial of a military source. Neither account could be verified.</p>
</article></body></html>"""


@pytest.fixture
def khirbet(docs: dict[str, str]) -> str:
    return docs["khirbet-nour-clashes"]


@pytest.fixture
def claim(project: Project, khirbet: str) -> str:
    start, end = claim_ops.locate_quote(project, khirbet, QUOTE)
    claim_id, _ = claim_ops.create_claim_from_passage(project, khirbet, start, end, claimant="Qalamoun Voice")
    return claim_id


def make_claim(project: Project, doc_id: str, quote: str) -> str:
    start, end = claim_ops.locate_quote(project, doc_id, quote)
    return claim_ops.create_claim_from_passage(project, doc_id, start, end)[0]


def last_entry(project: Project, claim_id: str):  # type: ignore[no-untyped-def]
    return claim_ops.claim_history(project, claim_id)[-1]


def refused(project: Project, fn, *args, match: str, error: type[KnownError] = BadArgument, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """``fn`` raises ``error`` matching ``match`` and the project is left exactly as it was."""
    before, counts = dump(project.db, include_history=True), table_counts(project)
    with pytest.raises(error, match=match):
        fn(project, *args, **kwargs)
    assert table_counts(project) == counts
    assert dump(project.db, include_history=True) == before


# --- ops.evidence: URLs ---------------------------------------------------------------------------------------


def test_url_evidence(project: Project, claim: str) -> None:
    ev_id, changes = ev_ops.add_url_evidence(
        project, claim, " https://eastern-wire.example/2017/12/mill?lang=en ", "refutes", title=" Mill still held ",
        accessed="2017-12-10", note="Archived on the day.", credibility=3, source="Eastern Wire")
    assert changes == Changes.EVIDENCE | Changes.CLAIMS | Changes.SOURCES
    [view] = ev_ops.evidence_views(project, claim)
    ev = view.evidence
    assert (ev.id, ev.kind, ev.stance, ev.url, ev.title, ev.note, ev.credibility, ev.accessed) == (
        ev_id, EvidenceKind.URL, Stance.REFUTES, "https://eastern-wire.example/2017/12/mill?lang=en",
        "Mill still held", "Archived on the day.", 3, "2017-12-10")
    assert view.source is not None and view.source.name == "Eastern Wire"
    assert view.passage is None and view.file is None and ev.archived_document_id is None
    assert view.label == "Mill still held"
    entry = last_entry(project, claim)
    assert entry.action == "evidence added" and entry.after["source"] == "Eastern Wire"
    assert describe(entry) == ["evidence added (refutes): Mill still held"]
    # the same source again (by another case): no new source
    _, changes = ev_ops.add_url_evidence(project, claim, "http://sana.example/x", Stance.SUPPORTS,
                                         source="eastern wire")
    assert changes == Changes.EVIDENCE | Changes.CLAIMS
    second = ev_ops.evidence_views(project, claim)[1]
    assert second.evidence.accessed == dt.datetime.now(dt.UTC).date().isoformat()  # default: today
    assert second.label == "http://sana.example/x"
    assert second.source is not None and second.source.id == view.source.id


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT://alert(1)", "data:text/html,<b>x</b>",
                                 "file:///etc/passwd", "ftp://example.org/a", "example.org/report", "http://",
                                 "https:// spaced.example", "", "   "])
def test_url_evidence_refuses_what_is_not_a_web_address(project: Project, claim: str, url: str) -> None:
    refused(project, ev_ops.add_url_evidence, claim, url, "refutes", match="is not a web address")


def test_url_evidence_validation(project: Project, claim: str) -> None:
    url = "https://example.org/a"
    refused(project, ev_ops.add_url_evidence, claim, url, "agrees", match="“agrees” is not a stance")
    refused(project, ev_ops.add_url_evidence, claim, url, "refutes", credibility=7,
            match="Credibility must be a grade from 1 .* not 7")
    refused(project, ev_ops.add_url_evidence, claim, url, "refutes", credibility=0, match="not 0")
    refused(project, ev_ops.add_url_evidence, claim, url, "refutes", accessed="last Friday",
            match="The access date “last Friday” is not a date: use YYYY-MM-DD")
    refused(project, ev_ops.add_url_evidence, claim, url, "refutes", accessed="2017-13-45",
            match="The access date “2017-13-45” is not a date")
    refused(project, ev_ops.add_url_evidence, "no-such-claim", url, "refutes", source="New Outlet",
            error=NotFound, match="No claim with id no-such-claim")


def test_url_evidence_with_an_archived_copy(project: Project, claim: str, tmp_path: Path) -> None:
    page = tmp_path / "mill-still-held.html"
    page.write_text(ARCHIVED_PAGE, encoding="utf-8")
    before_docs = len(doc_ops.list_documents(project))
    ev_id, changes = ev_ops.add_url_evidence(project, claim, "https://eastern-wire.example/mill", "refutes",
                                             archive=page)
    assert changes & Changes.DOCUMENTS
    [view] = ev_ops.evidence_views(project, claim)
    archived = doc_ops.get_document(project, view.evidence.archived_document_id or "")
    assert archived.metadata.title == "Mill Still Held By Army, Residents Say"
    assert "soldiers were still guarding the grain mill" in archived.text
    assert archived.filename == "mill-still-held.html"
    assert len(doc_ops.list_documents(project)) == before_docs + 1
    segments = doc_ops.segments(project, archived.id)
    assert segments
    # Undoing the evidence leaves the archived copy an ordinary, whole document (its segments included):
    # it was imported in a transaction of its own, like any import.
    assert {c.table for c in project.last_changeset.changes} == {"evidence"}
    undo_ops.revert(project, project.last_changeset, "Add evidence")
    assert ev_ops.evidence_views(project, claim) == []
    assert doc_ops.segments(project, archived.id) == segments
    # the same copy again is a duplicate: linked, not imported twice
    ev_ops.add_url_evidence(project, claim, "https://eastern-wire.example/mill", "refutes", archive=page)
    assert ev_ops.evidence_views(project, claim)[0].evidence.archived_document_id == archived.id
    assert len(doc_ops.list_documents(project)) == before_docs + 1
    assert ev_id


def test_url_evidence_archived_copy_rejected_writes_nothing(project: Project, claim: str, tmp_path: Path) -> None:
    binary = tmp_path / "copy.html"
    binary.write_bytes(bytes(range(256)) * 8)
    refused(project, ev_ops.add_url_evidence, claim, "https://example.org/a", "refutes", archive=binary,
            source="Brand New Outlet", match="The archived copy copy.html cannot be imported: is a binary file")
    refused(project, ev_ops.add_url_evidence, claim, "https://example.org/a", "refutes",
            archive=tmp_path / "never-saved.html", match="The archived copy never-saved.html does not exist")
    # a bad URL is refused before the copy is read or imported
    page = tmp_path / "page.html"
    page.write_text(ARCHIVED_PAGE, encoding="utf-8")
    refused(project, ev_ops.add_url_evidence, claim, "javascript:void(0)", "refutes", archive=page,
            match="is not a web address")
    # an unknown claim: the copy is not imported either
    refused(project, ev_ops.add_url_evidence, "no-such-claim", "https://example.org/a", "refutes", archive=page,
            error=NotFound, match="No claim")


# --- ops.evidence: files and notes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "media_type"), [
    ("satellite.png", PNG, "image/png"),
    ("photo.bin", b"\xff\xd8\xff\xe0" + bytes(32), "image/jpeg"),
    ("statement", b"%PDF-1.7\n" + bytes(32), "application/pdf"),
    ("casualties.csv", b"village,dead\nKhirbet al-Nour,4\n", "text/csv"),
    ("mystery", b"\x00\x01\x02", "application/octet-stream"),
])
def test_file_evidence(project: Project, claim: str, tmp_path: Path, name: str, data: bytes,
                       media_type: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    ev_id, changes = ev_ops.add_file_evidence(project, claim, path, Stance.CONTEXT, credibility=6)
    assert changes == Changes.EVIDENCE | Changes.CLAIMS
    [view] = ev_ops.evidence_views(project, claim)
    assert view.evidence.kind is EvidenceKind.FILE and view.evidence.credibility == 6
    assert view.file is not None
    assert (view.file.filename, view.file.media_type, view.file.sha256, view.file.size) == (
        name, media_type, hashlib.sha256(data).hexdigest(), len(data))
    assert view.label == name  # no title: the file name
    assert ev_ops.file_data(project, ev_id) == data
    assert describe(last_entry(project, claim)) == [f"evidence added (adds context): {name}"]


def test_file_evidence_with_title_and_source(project: Project, claim: str, tmp_path: Path) -> None:
    path = tmp_path / "mill.png"
    path.write_bytes(PNG)
    ev_id, changes = ev_ops.add_file_evidence(project, claim, path, "supports", title="Satellite image",
                                              note="Taken Dec 8", source="Planet Example")
    assert changes & Changes.SOURCES
    [view] = ev_ops.evidence_views(project, claim)
    assert (view.label, view.evidence.note, view.source.name if view.source else "") == (
        "Satellite image", "Taken Dec 8", "Planet Example")
    assert ev_id


def test_file_evidence_refusals_write_nothing(project: Project, claim: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "video.mp4"
    big.write_bytes(bytes(2048))
    monkeypatch.setattr(ev_ops, "MAX_FILE_BYTES", 1024)
    refused(project, ev_ops.add_file_evidence, claim, big, "supports", source="New Source",
            match=r"video\.mp4 is too large to store as evidence")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    refused(project, ev_ops.add_file_evidence, claim, empty, "supports", match=r"empty\.png is empty")
    refused(project, ev_ops.add_file_evidence, claim, tmp_path / "gone.png", "supports",
            match=r"gone\.png does not exist")
    refused(project, ev_ops.add_file_evidence, claim, tmp_path, "supports", match="is not a file")
    small = tmp_path / "ok.png"
    small.write_bytes(PNG)
    refused(project, ev_ops.add_file_evidence, claim, small, "supports", credibility=9, match="not 9")
    refused(project, ev_ops.add_file_evidence, "no-such-claim", small, "supports", error=NotFound, match="No claim")


def test_note_evidence(project: Project, claim: str) -> None:
    ev_id, _ = ev_ops.add_note_evidence(project, claim, "  Phoned the mayor: the mill is shut.  ", "refutes",
                                        title="Call with the mayor", credibility=2)
    [view] = ev_ops.evidence_views(project, claim)
    assert (view.evidence.id, view.evidence.kind, view.evidence.note, view.label) == (
        ev_id, EvidenceKind.NOTE, "Phoned the mayor: the mill is shut.", "Call with the mayor")
    refused(project, ev_ops.add_note_evidence, claim, " \n ", "refutes", match="A note needs some text")


def test_update_evidence(project: Project, claim: str) -> None:
    ev_id, _ = ev_ops.add_url_evidence(project, claim, "https://example.org/a", "refutes", title="Denial",
                                       credibility=3, source="Eastern Wire")
    assert ev_ops.update_evidence(project, ev_id) == Changes.NONE
    assert ev_ops.update_evidence(project, ev_id, stance="refutes", credibility=3, source="eastern wire",
                                  title="Denial") == Changes.NONE
    changes = ev_ops.update_evidence(project, ev_id, stance=Stance.CONTEXT, credibility=None, source="",
                                     title=" Denial (updated) ", url="https://example.org/b", accessed="2017-12-11")
    assert changes == Changes.EVIDENCE | Changes.CLAIMS
    [view] = ev_ops.evidence_views(project, claim)
    ev = view.evidence
    assert (ev.stance, ev.credibility, ev.source_id, ev.title, ev.url, ev.accessed) == (
        Stance.CONTEXT, None, None, "Denial (updated)", "https://example.org/b", "2017-12-11")
    entry = last_entry(project, claim)
    assert entry.action == "evidence edited"
    assert set(describe(entry)) == {
        "stance changed from refutes to context", "credibility changed from 3 to (none)",
        "title changed from Denial to Denial (updated)", "URL changed from https://example.org/a to "
        "https://example.org/b", "source changed from Eastern Wire to (none)",
        f"access date changed from {dt.datetime.now(dt.UTC).date().isoformat()} to 2017-12-11"}
    assert ev_ops.update_evidence(project, ev_id, source="SANA") & Changes.SOURCES
    refused(project, ev_ops.update_evidence, ev_id, url="javascript:x", match="not a web address")
    refused(project, ev_ops.update_evidence, ev_id, credibility=8, match="not 8")
    refused(project, ev_ops.update_evidence, ev_id, stance="maybe", match="not a stance")
    refused(project, ev_ops.update_evidence, "no-such-evidence", stance="refutes", error=NotFound,
            match="No evidence")


# --- ops.sources ----------------------------------------------------------------------------------------------


def test_create_source_cleans_its_fields(project: Project) -> None:
    source_id, changes = src_ops.create_source(
        project, "  Qalamoun   Voice ", kind=" outlet ", affiliation=" pro-opposition ", reliability=" d ",
        notes=" Cites local sources. ", aliases=["QV", " qv ", "Qalamoun Voice", "Qalamoun  Voice Network", ""])
    assert changes == Changes.SOURCES
    src = src_ops.get_source(project, source_id)
    assert (src.name, src.kind, src.affiliation, src.reliability, src.notes, src.aliases) == (
        "Qalamoun Voice", "outlet", "pro-opposition", "D", "Cites local sources.", ("QV", "Qalamoun Voice Network"))
    assert src_ops.resolve_source(project, "qalamoun voice network") == source_id
    assert src_ops.resolve_source(project, source_id) == source_id
    with pytest.raises(NotFound, match="No source called “Sputnik”"):
        src_ops.resolve_source(project, "Sputnik")


def test_create_source_refuses_duplicates_and_bad_values(project: Project) -> None:
    src_ops.create_source(project, "Amaq", aliases=["Amaq News Agency"])
    refused(project, src_ops.create_source, "AMAQ", match="A source called “AMAQ” already exists \\(Amaq\\)")
    refused(project, src_ops.create_source, "amaq news agency", match="already exists \\(Amaq\\)")
    refused(project, src_ops.create_source, "A'maq", aliases=["Amaq News Agency"],
            match="A source called “Amaq News Agency” already exists")
    refused(project, src_ops.create_source, "  ", match="A source needs a name")
    refused(project, src_ops.create_source, "SANA", reliability="G", match="“G” is not a reliability grade")


def test_update_source(project: Project) -> None:
    amaq, _ = src_ops.create_source(project, "Amaq", aliases=["Amaq News Agency"])
    sana, _ = src_ops.create_source(project, "SANA")
    assert src_ops.update_source(project, amaq, name="Amaq", aliases=["amaq news agency"]) != Changes.NONE  # case
    assert src_ops.update_source(project, amaq, aliases=["amaq news agency"]) == Changes.NONE
    changes = src_ops.update_source(project, amaq, aliases=["A'maq", "Aamaq"], affiliation="ISIS-linked",
                                    reliability="e")
    assert changes == Changes.SOURCES | Changes.CLAIMS
    src = src_ops.get_source(project, amaq)
    assert (src.aliases, src.affiliation, src.reliability) == (("A'maq", "Aamaq"), "ISIS-linked", "E")
    assert src_ops.resolve_source(project, "a'maq") == amaq
    with pytest.raises(NotFound):
        src_ops.resolve_source(project, "Amaq News Agency")  # the old alias is gone
    refused(project, src_ops.update_source, amaq, aliases=["sana"], match="“sana” already names another source")
    refused(project, src_ops.update_source, sana, name="Aamaq", match="already names another source \\(Amaq\\)")
    refused(project, src_ops.update_source, sana, reliability="Z", match="not a reliability grade")
    refused(project, src_ops.update_source, "no-such-source", name="X", error=NotFound, match="No source")


def test_delete_source_keeps_claims_and_evidence(project: Project, docs: dict[str, str], khirbet: str) -> None:
    first = make_claim(project, khirbet, QUOTE)
    second = make_claim(project, docs["ain-jadid-shelling"], "calling them")
    claim_ops.update_claim(project, first, claimant="Local sources")
    verdicts.set_attribution(project, first, ["Qalamoun Voice", "Local sources", "Amaq", "Local sources"])
    verdicts.set_attribution(project, second, ["Local sources", "SANA"])
    ev_id, _ = ev_ops.add_note_evidence(project, second, "Residents say so.", "supports", source="Local sources")
    local = src_ops.resolve_source(project, "Local sources")
    assert src_ops.source_usage(project, local) == {"claimant": 1, "attribution": 3, "evidence": 1}
    before = dump(project.db)

    changes = src_ops.delete_source(project, local)
    assert changes == Changes.SOURCES | Changes.CLAIMS | Changes.EVIDENCE
    assert claim_ops.get_claim(project, first).claimant_id is None
    assert verdicts.attribution(project, first) == ["Qalamoun Voice", "Amaq"]
    assert verdicts.attribution(project, second) == ["SANA"]
    positions = {r[0]: sorted(p for (c, p) in project.db.execute("SELECT claim_id, position FROM attribution")
                              if c == r[0]) for r in project.db.execute("SELECT id FROM claims")}
    assert positions == {first: [0, 1], second: [0]}  # the chains are re-numbered without gaps
    [view] = ev_ops.evidence_views(project, second)
    assert view.evidence.id == ev_id and view.source is None and view.evidence.note == "Residents say so."
    assert "Local sources" not in claim_ops.source_names(project)
    with pytest.raises(NotFound):
        src_ops.get_source(project, local)
    undo_ops.revert(project, project.last_changeset, "Delete source")
    assert dump(project.db) == before


def test_sources_named_in_passing_are_the_registry_s(project: Project, claim: str) -> None:
    """A name typed as claimant, attribution or evidence source finds the source by name or alias, with its
    spaces collapsed and whatever its case, as the registry's own names are cleaned."""
    qv = src_ops.resolve_source(project, "Qalamoun Voice")
    src_ops.update_source(project, qv, aliases=["QV"])
    claim_ops.update_claim(project, claim, claimant="  Levant   News  Agency ")
    verdicts.set_attribution(project, claim, ["levant news agency", "qv", " Qalamoun  Voice "])
    ev_ops.add_note_evidence(project, claim, "Denied.", "refutes", source="LEVANT NEWS  AGENCY")
    assert claim_ops.source_names(project) == ["Levant News Agency", "Qalamoun Voice"]
    assert verdicts.attribution(project, claim) == ["Levant News Agency", "Qalamoun Voice", "Qalamoun Voice"]


def test_track_record(project: Project, docs: dict[str, str], khirbet: str) -> None:
    made = make_claim(project, khirbet, QUOTE)
    relayed = make_claim(project, khirbet, "the village is calm")
    cited = make_claim(project, docs["ain-jadid-shelling"], "calling them")
    claim_ops.update_claim(project, made, claimant="Qalamoun Voice")
    verdicts.set_verdict(project, made, rating="False")
    verdicts.set_attribution(project, relayed, ["LNA", "qalamoun voice"])
    verdicts.set_verdict(project, relayed, rating="Unproven")
    ev_ops.add_note_evidence(project, cited, "QV published photos.", "refutes", source="QV Network")
    qv = src_ops.resolve_source(project, "Qalamoun Voice")
    record = src_ops.track_record(project, qv)
    assert [(c, role, rating) for c, _text, role, rating in record] == [(made, "made", "False"),
                                                                        (relayed, "relayed", "Unproven")]
    assert record[0][1] == QUOTE
    other = src_ops.resolve_source(project, "QV Network")
    assert [(c, role, rating) for c, _t, role, rating in src_ops.track_record(project, other)] == [
        (cited, "evidence (refutes)", "")]
    assert src_ops.track_record(project, src_ops.resolve_source(project, "LNA"))[0][2] == "relayed"
    assert [s.name for s in src_ops.list_sources(project)] == ["LNA", "Qalamoun Voice", "QV Network"]


# --- ops.verdicts ---------------------------------------------------------------------------------------------


def test_set_verdict_fields(project: Project, claim: str) -> None:
    assert verdicts.set_verdict(project, claim) == Changes.NONE
    assert verdicts.set_verdict(project, claim, rating="  mostly FALSE ") == Changes.CLAIMS
    assert claim_ops.get_claim(project, claim).rating == "Mostly false"  # the scale's own label
    assert describe(last_entry(project, claim)) == ["rating changed from (none) to Mostly false"]
    assert verdicts.set_verdict(project, claim, rating="Mostly false") == Changes.NONE
    verdicts.set_verdict(project, claim, rationale="The army **still holds** the mill.\n\nSee the call.")
    assert claim_ops.get_claim(project, claim).rationale == "The army **still holds** the mill.\n\nSee the call."
    assert describe(last_entry(project, claim)) == ["rationale edited"]
    verdicts.set_verdict(project, claim, summary="  Mill not captured ")
    assert claim_ops.get_claim(project, claim).summary == "Mill not captured"
    verdicts.set_verdict(project, claim, status="review")
    assert claim_ops.get_claim(project, claim).status is ClaimStatus.REVIEW
    assert describe(last_entry(project, claim)) == ["status changed from draft to review"]
    verdicts.set_verdict(project, claim, rating="", status=ClaimStatus.FINAL)
    c = claim_ops.get_claim(project, claim)
    assert (c.rating, c.status) == ("", ClaimStatus.FINAL)
    assert describe(last_entry(project, claim)) == ["rating changed from Mostly false to (none)",
                                                    "status changed from review to final"]


def test_set_verdict_refusals(project: Project, claim: str) -> None:
    refused(project, verdicts.set_verdict, claim, rating="Pants on fire",
            match="“Pants on fire” is not on this project's rating scale \\(True, Mostly true, Mixed, Mostly false, "
                  "False, Unproven, Misleading\\)")
    refused(project, verdicts.set_verdict, claim, rating="False", status="done",
            match="“done” is not a status: use draft, review or final")
    refused(project, verdicts.set_verdict, "no-such-claim", rating="False", error=NotFound, match="No claim")


def test_tags(project: Project, claim: str, docs: dict[str, str]) -> None:
    assert verdicts.set_tags(project, claim, " shelling, Khirbet  al-Nour ,khirbet al-nour,, SHELLING, mill") == (
        Changes.CLAIMS)
    assert verdicts.tags(project, claim) == ("Khirbet al-Nour", "mill", "shelling")
    assert describe(last_entry(project, claim)) == ["tags changed from (none) to Khirbet al-Nour, mill, shelling"]
    assert verdicts.set_tags(project, claim, ["mill", "shelling", "Khirbet al-Nour"]) == Changes.NONE
    assert verdicts.set_tags(project, claim, "Mill, shelling, Khirbet al-Nour") == Changes.CLAIMS  # case change
    assert verdicts.tags(project, claim) == ("Khirbet al-Nour", "Mill", "shelling")
    other = make_claim(project, docs["ain-jadid-shelling"], "calling them")
    verdicts.set_tags(project, other, ["ain jadid", "Shelling"])
    assert verdicts.all_tags(project) == ["ain jadid", "Khirbet al-Nour", "Mill", "Shelling", "shelling"]
    assert {r.claim.id: r.tags for r in claim_ops.list_claims(project)}[other] == ("ain jadid", "Shelling")
    # tags that sort differently under Python's casefold and SQLite's NOCASE: setting them again is no change
    assert verdicts.set_tags(project, claim, "ß, st, Öl, oz") == Changes.CLAIMS
    assert verdicts.set_tags(project, claim, "ß, st, Öl, oz") == Changes.NONE
    assert verdicts.set_tags(project, claim, "") == Changes.CLAIMS
    assert verdicts.tags(project, claim) == ()
    refused(project, verdicts.set_tags, "no-such-claim", "x", error=NotFound, match="No claim")


def test_attribution_chain(project: Project, claim: str) -> None:
    src_ops.update_source(project, src_ops.resolve_source(project, "Qalamoun Voice"), aliases=["QV"])  # claimant
    changes = verdicts.set_attribution(project, claim, ["SouthFront", " local   sources ", "", "qv"])
    assert changes == Changes.CLAIMS | Changes.SOURCES
    assert verdicts.attribution(project, claim) == ["SouthFront", "local sources", "Qalamoun Voice"]
    assert describe(last_entry(project, claim)) == [
        "attribution chain changed from (none) to SouthFront, local sources, Qalamoun Voice"]
    assert verdicts.set_attribution(project, claim, ["southfront", "Local Sources", "Qalamoun Voice"]) == Changes.NONE
    assert verdicts.set_attribution(project, claim, ["Qalamoun Voice", "SouthFront"]) == Changes.CLAIMS
    assert verdicts.attribution(project, claim) == ["Qalamoun Voice", "SouthFront"]
    assert verdicts.set_attribution(project, claim, []) == Changes.CLAIMS
    assert verdicts.attribution(project, claim) == []
    refused(project, verdicts.set_attribution, "no-such-claim", ["Brand New"], error=NotFound, match="No claim")


def scale(project: Project) -> list[Rating]:
    return verdicts.ratings(project)


def test_rating_scale_validation(project: Project) -> None:
    default = scale(project)
    assert [r.label for r in default] == ["True", "Mostly true", "Mixed", "Mostly false", "False", "Unproven",
                                          "Misleading"]
    assert verdicts.save_rating_scale(project, default) == Changes.NONE
    refused(project, verdicts.save_rating_scale, [], match="needs at least one rating")
    refused(project, verdicts.save_rating_scale, [*default, Rating("  ")], match="Every rating needs a label")
    refused(project, verdicts.save_rating_scale, [*default, Rating(" false ", colour="#000000")],
            match="Two ratings have the same label")
    refused(project, verdicts.save_rating_scale, [*default[:-1], Rating("Satire", colour="red")],
            match="The colour of “Satire” must look like #c62828, not “red”")
    refused(project, verdicts.save_rating_scale, [*default[:-1], Rating("Satire", colour="#12345")],
            match="must look like")


def test_rating_scale_edits(project: Project, claim: str, docs: dict[str, str]) -> None:
    other = make_claim(project, docs["ain-jadid-shelling"], "calling them")
    verdicts.set_verdict(project, claim, rating="Misleading")
    verdicts.set_verdict(project, other, rating="False")
    default = scale(project)
    without_misleading = default[:-1]
    refused(project, verdicts.save_rating_scale, without_misleading,
            match="“Misleading” is the rating of 1 claim\\(s\\): rename it instead of removing it")
    refused(project, verdicts.save_rating_scale, without_misleading, {"Misleading": "Not on the scale"},
            match="“Misleading” is the rating of 1 claim")
    # an unused label may go; the order and definitions may change
    reordered = [Rating("Misleading", "Accurate facts, false impression.", "#6a1b9a", 0), *default[:5]]
    assert verdicts.save_rating_scale(project, reordered) == Changes.CLAIMS | Changes.PROJECT
    assert scale(project) == reordered
    # a rename keeps the claims' ratings
    renamed = [Rating("Missing context", "Lacks context.", "#123abc", 0), *default[:5]]
    verdicts.save_rating_scale(project, renamed, {"Misleading": "Missing context"})
    assert claim_ops.get_claim(project, claim).rating == "Missing context"
    assert claim_ops.get_claim(project, other).rating == "False"
    assert verdicts.set_verdict(project, claim, rating="missing CONTEXT") == Changes.NONE
    refused(project, verdicts.set_verdict, claim, rating="Misleading", match="not on this project's rating scale")
    # swapped labels do not merge the claims that use them
    swapped = [Rating({"Missing context": "False", "False": "Missing context"}.get(r.label, r.label), r.definition,
                      r.colour, r.value) for r in scale(project)]
    verdicts.save_rating_scale(project, swapped, {"Missing context": "False", "False": "Missing context"})
    assert (claim_ops.get_claim(project, claim).rating, claim_ops.get_claim(project, other).rating) == (
        "False", "Missing context")


# --- corroboration --------------------------------------------------------------------------------------------


def test_corroboration_counts_affiliations_once(project: Project, claim: str) -> None:
    src_ops.create_source(project, "SANA", affiliation="pro-government")
    src_ops.create_source(project, "LNA", affiliation=" Pro-Government ")
    src_ops.create_source(project, "Sputnik", affiliation="Russian state media")
    src_ops.update_source(project, src_ops.resolve_source(project, "Qalamoun Voice"), affiliation="pro-opposition")
    src_ops.create_source(project, "Residents")  # unaffiliated
    src_ops.create_source(project, "Nurse")  # unaffiliated
    for source in ("SANA", "LNA", "SANA", "Sputnik", "Residents", "Nurse", None, None):
        ev_ops.add_note_evidence(project, claim, f"says so ({source})", "supports", source=source)
    ev_ops.add_note_evidence(project, claim, "denies", "refutes", source="Qalamoun Voice")
    ev_ops.add_note_evidence(project, claim, "denies too", "refutes", source="Qalamoun Voice")
    ev_ops.add_note_evidence(project, claim, "background", "context", source="SANA")
    c = verdicts.corroboration(project, claim)
    # supports: pro-government (SANA, LNA, SANA) once + Sputnik + Residents + Nurse; the two unsourced notes are
    # "source unknown", never independent (issue 16)
    assert (c.supports, c.independent_supports, c.unknown_supports) == (8, 4, 2)
    assert (c.refutes, c.independent_refutes) == (2, 1)
    assert c.context == 1


# --- history through the real ops ----------------------------------------------------------------------------


def test_claim_history_reads_as_sentences(project: Project, claim: str, khirbet: str, tmp_path: Path) -> None:
    claim_ops.update_claim(project, claim, text="Rebels captured the mill", claimant="Levant News Agency")
    verdicts.set_verdict(project, claim, rating="Unproven")
    verdicts.set_verdict(project, claim, rating="False", status="final")
    start, end = claim_ops.locate_quote(project, khirbet, "the village is calm")
    link, _ = claim_ops.add_passage_evidence(project, claim, khirbet, start, end, Stance.REFUTES)
    claim_ops.remove_link(project, link)
    sentences = [s for e in claim_ops.claim_history(project, claim) for s in describe(e)]
    assert sentences == [
        f"claim created: {QUOTE[:79]}…",  # long values are cut at 80 characters
        "claimant changed from Qalamoun Voice to Levant News Agency",  # fields in alphabetical order
        f"text changed from {QUOTE[:79]}… to Rebels captured the mill",
        "rating changed from (none) to Unproven",
        "rating changed from Unproven to False",
        "status changed from draft to final",
        "evidence added (refutes): the village is calm",
        "evidence removed: the village is calm",
    ]


# --- random edits, undos and redos -----------------------------------------------------------------------------

NAMES = ("Amaq", "amaq", "SANA", "Local sources", "local  sources", "Qalamoun Voice", "QV", "Sputnik", "LNA")
AFFILIATIONS = ("", "pro-government", "pro-opposition", "ISIS-linked")
TAGS = ("shelling", "Shelling", "mill", "Khirbet al-Nour", "ß", "st", "ain jadid")
TEXTS = ("Denied by the ministry.", "**Two** sources disagree.\n\nSee the call.", "", "  ")  # blank last: hypothesis
# favours the first values, and a blank note is refused


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed project file with two articles imported, copied for each example."""
    path = tmp_path_factory.mktemp("undo-machine") / "template.fcw"
    project = create_project(path)
    try:
        outcomes, _ = doc_ops.import_files(project, [KHIRBET, AIN_JADID])
        assert all(o.status is doc_ops.ImportStatus.IMPORTED for o in outcomes)
    finally:
        project.close()
    return path


class UndoRedoMachine(RuleBasedStateMachine):
    """Random edits through the ops, each kept (with its captured row changes) on an undo stack like
    QUndoStack's; undo reverts the top one, redo re-applies the last undone; a new edit drops the redo stack.
    After every step the project's dump equals the dump recorded for that position."""

    template: Path

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="undo-machine-"))
        path = self.folder / "machine.fcw"
        shutil.copyfile(self.template, path)
        self.project = open_project(path)
        self.project.db.execute("PRAGMA synchronous = OFF")  # durability is not under test: no fsync per step
        self.docs = {d.id: doc_ops.get_document(self.project, d.id).text
                     for d in doc_ops.list_documents(self.project)}
        self.done: list[tuple[str, ChangeSet]] = []
        self.undone: list[tuple[str, ChangeSet]] = []
        self.states = [dump(self.project.db)]  # states[i]: the project after the first i edits of the stack

    def teardown(self) -> None:
        self.project.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # --- helpers ---
    def edit(self, label: str, fn, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        """Run an edit; keep it on the undo stack if it changed something (as OpCommand does). A refused
        edit or one that changed nothing is not kept: the invariant then checks that it wrote nothing."""
        try:
            out = fn(self.project, *args, **kwargs)
        except KnownError:
            return
        changes = out[1] if isinstance(out, tuple) else out
        changeset = self.project.last_changeset if changes else ChangeSet(())
        if not changeset:
            return
        self.done.append((label, changeset))
        self.undone.clear()
        del self.states[len(self.done):]
        self.states.append(dump(self.project.db))

    def claims(self) -> list[str]:
        return [r.claim.id for r in claim_ops.list_claims(self.project)]

    def sources(self) -> list[str]:
        return [s.id for s in src_ops.list_sources(self.project)]

    def pick(self, items: list[str], n: int) -> str:
        return items[n % len(items)]

    def span(self, doc_n: int, start: int, length: int) -> tuple[str, int, int]:
        doc_id = sorted(self.docs)[doc_n % len(self.docs)]
        text = self.docs[doc_id]
        start %= len(text) - 1
        return doc_id, start, min(len(text), start + length)

    def has_claims(self) -> bool:
        return bool(self.claims())

    def has_sources(self) -> bool:
        return bool(self.sources())

    # --- edits ---
    @rule(doc=st.integers(0, 9), start=st.integers(0, 10**6), length=st.integers(1, 80),
          claimant=st.sampled_from((None, *NAMES)))
    def create_claim(self, doc: int, start: int, length: int, claimant: str | None) -> None:
        doc_id, a, b = self.span(doc, start, length)
        self.edit("claim", claim_ops.create_claim_from_passage, doc_id, a, b, claimant=claimant)

    @precondition(has_claims)
    @rule(n=st.integers(0, 99), stance=st.sampled_from(Stance), credibility=st.sampled_from((None, 1, 4, 6)),
          source=st.sampled_from((None, *NAMES)), archive_title=st.sampled_from(("", "Ministry denial")))
    def add_url(self, n: int, stance: Stance, credibility: int | None, source: str | None,
                archive_title: str) -> None:
        self.edit("url", ev_ops.add_url_evidence, self.pick(self.claims(), n), f"https://example.org/{n}", stance,
                  title=archive_title, credibility=credibility, source=source)

    @precondition(has_claims)
    @rule(n=st.integers(0, 99), stance=st.sampled_from(Stance), note=st.sampled_from(TEXTS),
          source=st.sampled_from((None, *NAMES)))
    def add_note(self, n: int, stance: Stance, note: str, source: str | None) -> None:
        self.edit("note", ev_ops.add_note_evidence, self.pick(self.claims(), n), note, stance, source=source)

    @precondition(has_claims)
    @rule(n=st.integers(0, 99), doc=st.integers(0, 9), start=st.integers(0, 10**6), length=st.integers(1, 80),
          stance=st.sampled_from(Stance))
    def add_passage(self, n: int, doc: int, start: int, length: int, stance: Stance) -> None:
        doc_id, a, b = self.span(doc, start, length)
        self.edit("passage", claim_ops.add_passage_evidence, self.pick(self.claims(), n), doc_id, a, b, stance)

    @precondition(has_claims)
    @rule(n=st.integers(0, 99), rating=st.sampled_from((None, "", "False", "mostly true", "Unproven", "Nope")),
          rationale=st.sampled_from((None, *TEXTS)), summary=st.sampled_from((None, *TEXTS)),
          status=st.sampled_from((None, "draft", "review", "final")))
    def verdict(self, n: int, rating: str | None, rationale: str | None, summary: str | None,
                status: str | None) -> None:
        self.edit("verdict", verdicts.set_verdict, self.pick(self.claims(), n), rating=rating, rationale=rationale,
                  summary=summary, status=status)

    @precondition(has_claims)
    @rule(n=st.integers(0, 99), tags=st.lists(st.sampled_from(TAGS), max_size=4))
    def set_tags(self, n: int, tags: list[str]) -> None:
        self.edit("tags", verdicts.set_tags, self.pick(self.claims(), n), tags)

    @precondition(has_claims)
    @rule(n=st.integers(0, 99), names=st.lists(st.sampled_from(NAMES), max_size=4))
    def set_attribution(self, n: int, names: list[str]) -> None:
        self.edit("attribution", verdicts.set_attribution, self.pick(self.claims(), n), names)

    @rule(name=st.sampled_from(NAMES), aliases=st.lists(st.sampled_from(NAMES), max_size=2),
          affiliation=st.sampled_from(AFFILIATIONS), reliability=st.sampled_from(("", "A", "c", "F")))
    def create_source(self, name: str, aliases: list[str], affiliation: str, reliability: str) -> None:
        self.edit("source", src_ops.create_source, name, aliases=aliases, affiliation=affiliation,
                  reliability=reliability)

    @precondition(has_sources)
    @rule(n=st.integers(0, 99), aliases=st.one_of(st.none(), st.lists(st.sampled_from(NAMES), max_size=2)),
          affiliation=st.sampled_from((None, *AFFILIATIONS)), reliability=st.sampled_from((None, "B", "E")))
    def edit_source(self, n: int, aliases: list[str] | None, affiliation: str | None,
                    reliability: str | None) -> None:
        self.edit("edit source", src_ops.update_source, self.pick(self.sources(), n), aliases=aliases,
                  affiliation=affiliation, reliability=reliability)

    @precondition(has_sources)
    @rule(n=st.integers(0, 99))
    def delete_source(self, n: int) -> None:
        self.edit("delete source", src_ops.delete_source, self.pick(self.sources(), n))

    @precondition(has_claims)
    @rule(n=st.integers(0, 99))
    def delete_claim(self, n: int) -> None:
        self.edit("delete claim", claim_ops.delete_claim, self.pick(self.claims(), n))

    @precondition(has_claims)
    @rule(n=st.integers(0, 99), m=st.integers(0, 99))
    def remove_link(self, n: int, m: int) -> None:
        claim_id = self.pick(self.claims(), n)
        links = [link.link_id for link in claim_ops.claim_links(self.project, claim_id)]
        links += [v.evidence.id for v in ev_ops.evidence_views(self.project, claim_id)
                  if v.evidence.kind is not EvidenceKind.PASSAGE]
        if links:
            self.edit("remove link", claim_ops.remove_link, self.pick(links, m))

    @precondition(has_claims)
    @rule(n=st.integers(0, 99), m=st.integers(0, 99), stance=st.sampled_from((None, *Stance)),
          credibility=st.sampled_from(("", None, 2, 5)), source=st.sampled_from((None, "", *NAMES)))
    def edit_evidence(self, n: int, m: int, stance: Stance | None, credibility: int | str | None,
                      source: str | None) -> None:
        views = ev_ops.evidence_views(self.project, self.pick(self.claims(), n))
        if views:
            self.edit("edit evidence", ev_ops.update_evidence, views[m % len(views)].evidence.id, stance=stance,
                      credibility=credibility, source=source)

    @rule(old=st.sampled_from(("False", "Unproven", "Misleading")), new=st.sampled_from(("Fake", "Unproven", "")))
    def rename_rating(self, old: str, new: str) -> None:
        scale = [Rating(new, r.definition, r.colour, r.value) if r.label == old else r
                 for r in verdicts.ratings(self.project)]
        self.edit("rating scale", verdicts.save_rating_scale, scale, {old: new})

    # --- undo and redo ---
    @precondition(lambda self: bool(self.done))
    @rule()
    def undo(self) -> None:
        label, changeset = self.done.pop()
        undo_ops.revert(self.project, changeset, label)
        self.undone.append((label, changeset))

    @precondition(lambda self: bool(self.undone))
    @rule()
    def redo(self) -> None:
        label, changeset = self.undone.pop()
        undo_ops.reapply(self.project, changeset, label)
        self.done.append((label, changeset))

    @invariant()
    def project_matches_its_recorded_state(self) -> None:
        assert dump(self.project.db) == self.states[len(self.done)]
        assert len(self.states) == len(self.done) + len(self.undone) + 1


def test_random_edits_undo_and_redo(template: Path) -> None:
    UndoRedoMachine.template = template
    machine = UndoRedoMachine.TestCase
    machine.settings = settings(max_examples=30, stateful_step_count=25, deadline=None,
                                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    machine().runTest()

"""ops.claims: claims from passages, evidence, appearances, removal, edits, quotes, atomicity."""

from __future__ import annotations

import pytest

from tests.unit.ops.conftest import table_counts
from workbench.domain.changes import Changes
from workbench.domain.model import ClaimStatus, DocumentMetadata, Evidence, EvidenceKind, PassageRole, Stance
from workbench.errors import BadArgument, NotFound
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.store import claims as store_claims
from workbench.store import history
from workbench.store import passages as store_passages
from workbench.store.project import Project

QUOTE = "fighters of the Northern Tribes Brigade entered the western quarter of Khirbet al-Nour"


def span(project: Project, doc_id: str, quote: str, occurrence: int = 1) -> tuple[int, int]:
    return claim_ops.locate_quote(project, doc_id, quote, occurrence)


@pytest.fixture
def khirbet(docs: dict[str, str]) -> str:
    return docs["khirbet-nour-clashes"]


@pytest.fixture
def claim(project: Project, khirbet: str) -> str:
    start, end = span(project, khirbet, QUOTE)
    claim_id, _ = claim_ops.create_claim_from_passage(project, khirbet, start, end, claimant="Qalamoun Voice")
    return claim_id


def actions(project: Project, claim_id: str) -> list[str]:
    return [e.action for e in claim_ops.claim_history(project, claim_id)]


# --- create_claim_from_passage -----------------------------------------------------------------------------


def test_claim_from_passage_defaults(project: Project, khirbet: str) -> None:
    text = doc_ops.get_document(project, khirbet).text
    start, end = span(project, khirbet, QUOTE)
    claim_id, changes = claim_ops.create_claim_from_passage(project, khirbet, start, end,
                                                             claimant=" Qalamoun Voice ")
    assert changes == Changes.CLAIMS | Changes.PASSAGES | Changes.SOURCES
    claim = claim_ops.get_claim(project, claim_id)
    assert claim.text == QUOTE
    assert claim.status is ClaimStatus.DRAFT
    assert claim.claim_date == "2017-12-09"  # the document's published date
    assert claim_ops.claimant_name(project, claim) == "Qalamoun Voice"
    [link] = claim_ops.claim_links(project, claim_id)
    assert link.role is PassageRole.APPEARANCE
    assert (link.passage.start, link.passage.end) == (start, end)
    assert link.passage.quote.exact == QUOTE
    assert link.passage.quote.prefix == text[start - 32 : start]
    assert link.passage.quote.suffix == text[end : end + 32]
    assert len(link.passage.quote.prefix) == len(link.passage.quote.suffix) == 32
    assert link.document_title == "Clashes Reported Near Khirbet al-Nour As Rival Claims Multiply"
    [entry] = claim_ops.claim_history(project, claim_id)
    assert entry.action == "claim created"
    assert entry.after == {"text": QUOTE, "quote": QUOTE, "document_id": khirbet}


def test_claim_text_date_and_quote_at_the_start(project: Project, khirbet: str) -> None:
    claim_id, changes = claim_ops.create_claim_from_passage(
        project, khirbet, 0, 7, text="  Clashes took place near Khirbet al-Nour.\n", claim_date="2017-12-08")
    assert changes == Changes.CLAIMS | Changes.PASSAGES
    claim = claim_ops.get_claim(project, claim_id)
    assert claim.text == "Clashes took place near Khirbet al-Nour."
    assert claim.claim_date == "2017-12-08"
    assert claim.claimant_id is None
    quote = claim_ops.claim_links(project, claim_id)[0].passage.quote
    assert (quote.exact, quote.prefix, quote.suffix) == ("Clashes", "", " Reported Near Khirbet al-Nour A")


def test_blank_text_falls_back_to_the_quote(project: Project, khirbet: str) -> None:
    start, end = span(project, khirbet, "the village is calm")
    claim_id, _ = claim_ops.create_claim_from_passage(project, khirbet, start, end, text="   ", claimant="  ")
    claim = claim_ops.get_claim(project, claim_id)
    assert (claim.text, claim.claimant_id) == ("the village is calm", None)


def test_claim_date_is_empty_when_the_document_has_none(project: Project, docs: dict[str, str]) -> None:
    doc_id = docs["ain-jadid-shelling"]
    doc_ops.update_metadata(project, doc_id, DocumentMetadata(title="Ministry Denies Shelling"))
    start, end = span(project, doc_id, "at least six civilians were killed")
    claim_id, _ = claim_ops.create_claim_from_passage(project, doc_id, start, end)
    assert claim_ops.get_claim(project, claim_id).claim_date == ""


def test_claimant_is_created_once_and_reused_case_insensitively(project: Project, khirbet: str) -> None:
    ids = []
    for name, quote in [("Levant News Agency", "the village is calm"),
                        ("LEVANT news agency", "repelled an attack"),
                        ("levant news agency", "small group of gunmen")]:
        start, end = span(project, khirbet, quote)
        claim_id, changes = claim_ops.create_claim_from_passage(project, khirbet, start, end, claimant=name)
        assert (Changes.SOURCES in changes) == (not ids)
        ids.append(claim_ops.get_claim(project, claim_id).claimant_id)
    assert len(set(ids)) == 1
    assert claim_ops.source_names(project) == ["Levant News Agency"]


@pytest.mark.parametrize(("start", "end", "message"), [
    (-1, 5, "outside the document"), (10, 10, "outside the document"), (0, 10**7, "outside the document"),
])
def test_bad_selections_write_nothing(project: Project, khirbet: str, start: int, end: int,
                                      message: str) -> None:
    before = table_counts(project)
    with pytest.raises(BadArgument, match=message):
        claim_ops.create_claim_from_passage(project, khirbet, start, end, claimant="Qalamoun Voice")
    assert table_counts(project) == before


def test_white_space_selection_is_refused(project: Project, khirbet: str) -> None:
    text = doc_ops.get_document(project, khirbet).text
    start = text.index("\n\n")
    with pytest.raises(BadArgument, match="white space"):
        claim_ops.create_claim_from_passage(project, khirbet, start, start + 2)


@pytest.mark.parametrize("bad", ["9 December", "09/12/2017", "2017-12-9"])
def test_bad_claim_date_is_refused(project: Project, khirbet: str, bad: str) -> None:
    before = table_counts(project)
    with pytest.raises(BadArgument, match="is not a date"):
        claim_ops.create_claim_from_passage(project, khirbet, 0, 7, claim_date=bad)
    assert table_counts(project) == before


def test_unknown_document(project: Project) -> None:
    with pytest.raises(NotFound):
        claim_ops.create_claim_from_passage(project, "no-such-document", 0, 3)


def test_failure_inside_the_transaction_leaves_nothing(project: Project, khirbet: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    before = table_counts(project)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full while writing history")

    monkeypatch.setattr(history, "record", broken)
    start, end = span(project, khirbet, QUOTE)
    with pytest.raises(RuntimeError, match="disk full"):
        claim_ops.create_claim_from_passage(project, khirbet, start, end, claimant="A brand new source")
    assert table_counts(project) == before
    assert claim_ops.list_claims(project) == []
    assert claim_ops.source_names(project) == []
    with project.read() as db:
        assert store_passages.for_document(db, khirbet) == []


# --- evidence and appearances ------------------------------------------------------------------------------


@pytest.mark.parametrize("stance", list(Stance))
def test_add_passage_evidence_with_each_stance(project: Project, docs: dict[str, str], claim: str,
                                               stance: Stance) -> None:
    other = docs["ain-jadid-shelling"]
    start, end = span(project, other, "Col. Tarek Mansour")
    ev_id, changes = claim_ops.add_passage_evidence(project, claim, other, start, end, stance,
                                                    credibility=4, source="Eastern Wire")
    assert changes == Changes.EVIDENCE | Changes.PASSAGES | Changes.CLAIMS | Changes.SOURCES
    with project.read() as db:
        ev = store_claims.get_evidence(db, ev_id)
    assert (ev.stance, ev.kind, ev.credibility, ev.claim_id) == (stance, EvidenceKind.PASSAGE, 4, claim)
    link = next(lk for lk in claim_ops.claim_links(project, claim) if lk.link_id == ev_id)
    assert (link.role, link.stance, link.passage.quote.exact) == (PassageRole.EVIDENCE, stance,
                                                                   "Col. Tarek Mansour")
    [row] = claim_ops.list_claims(project)
    assert (row.supports, row.refutes, row.context) == tuple(int(s is stance) for s in Stance)
    assert [h.stance for h in claim_ops.highlights(project, other)] == [stance]
    entry = claim_ops.claim_history(project, claim)[-1]
    assert (entry.action, entry.after["stance"]) == ("evidence added", stance.value)


def test_evidence_stance_may_be_given_as_text(project: Project, khirbet: str, claim: str) -> None:
    start, end = span(project, khirbet, "The outlet did not publish any photos")
    ev_id, changes = claim_ops.add_passage_evidence(project, claim, khirbet, start, end, "context")  # type: ignore[arg-type]
    assert Changes.SOURCES not in changes
    with project.read() as db:
        ev = store_claims.get_evidence(db, ev_id)
    assert (ev.stance, ev.credibility, ev.source_id) == (Stance.CONTEXT, None, None)


@pytest.mark.parametrize("credibility", [0, 7, -1])
def test_bad_credibility_is_refused(project: Project, khirbet: str, claim: str, credibility: int) -> None:
    before = table_counts(project)
    with pytest.raises(BadArgument, match="Credibility must be 1 to 6"):
        claim_ops.add_passage_evidence(project, claim, khirbet, 0, 7, Stance.SUPPORTS, credibility=credibility)
    assert table_counts(project) == before


@pytest.mark.parametrize("credibility", [1, 6])
def test_credibility_bounds_are_accepted(project: Project, khirbet: str, claim: str, credibility: int) -> None:
    ev_id, _ = claim_ops.add_passage_evidence(project, claim, khirbet, 0, 7, Stance.REFUTES,
                                              credibility=credibility)
    with project.read() as db:
        assert store_claims.get_evidence(db, ev_id).credibility == credibility


def test_evidence_for_an_unknown_claim(project: Project, khirbet: str) -> None:
    before = table_counts(project)
    with pytest.raises(NotFound, match="No claim"):
        claim_ops.add_passage_evidence(project, "no-such-claim", khirbet, 0, 7, Stance.SUPPORTS)
    with pytest.raises(NotFound, match="No claim"):
        claim_ops.add_appearance(project, "no-such-claim", khirbet, 0, 7)
    assert table_counts(project) == before


def test_add_appearance_in_another_document(project: Project, docs: dict[str, str], claim: str) -> None:
    other = docs["mixed-scripts"]
    start, end = span(project, other, "the road to Bir Hamid was cut")
    link_id, changes = claim_ops.add_appearance(project, claim, other, start, end)
    assert changes == Changes.CLAIMS | Changes.PASSAGES
    links = claim_ops.claim_links(project, claim)
    assert [lk.role for lk in links] == [PassageRole.APPEARANCE, PassageRole.APPEARANCE]
    assert links[1].link_id == link_id
    [row] = claim_ops.list_claims(project)
    assert row.appearances == 2
    assert set(row.document_ids) == {docs["khirbet-nour-clashes"], other}
    assert actions(project, claim)[-1] == "appearance added"


# --- removing ------------------------------------------------------------------------------------------------


def test_remove_link_deletes_an_unused_passage(project: Project, khirbet: str, claim: str) -> None:
    start, end = span(project, khirbet, "the village is calm")
    ev_id, _ = claim_ops.add_passage_evidence(project, claim, khirbet, start, end, Stance.REFUTES)
    passage_id = next(lk.passage.id for lk in claim_ops.claim_links(project, claim) if lk.link_id == ev_id)
    assert claim_ops.remove_link(project, ev_id) == Changes.PASSAGES | Changes.EVIDENCE | Changes.CLAIMS
    with project.read() as db, pytest.raises(NotFound):
        store_passages.get(db, passage_id)
    assert [lk.role for lk in claim_ops.claim_links(project, claim)] == [PassageRole.APPEARANCE]
    entry = claim_ops.claim_history(project, claim)[-1]
    assert (entry.action, entry.before) == ("evidence removed", {"quote": "the village is calm"})
    with pytest.raises(NotFound):
        claim_ops.remove_link(project, ev_id)


def test_remove_link_keeps_a_passage_still_in_use(project: Project, khirbet: str, claim: str) -> None:
    [appearance] = claim_ops.claim_links(project, claim)
    with project.write() as db:  # the same passage also used as evidence by another link
        store_claims.insert_evidence(db, Evidence(id="ev-shared", claim_id=claim, kind=EvidenceKind.PASSAGE,
                                                  stance=Stance.CONTEXT, passage_id=appearance.passage.id))
    claim_ops.remove_link(project, appearance.link_id)
    with project.read() as db:
        assert store_passages.get(db, appearance.passage.id) == appearance.passage
    assert actions(project, claim)[-1] == "appearance removed"
    claim_ops.remove_link(project, "ev-shared")
    with project.read() as db:
        assert store_passages.count(db) == 0


def test_delete_claim_removes_links_and_unused_passages(project: Project, docs: dict[str, str],
                                                        claim: str) -> None:
    other = docs["ain-jadid-shelling"]
    start, end = span(project, other, "calling them")
    claim_ops.add_passage_evidence(project, claim, other, start, end, Stance.CONTEXT, source="Eastern Wire")
    s2, e2 = span(project, other, "no artillery unit fired")
    second, _ = claim_ops.create_claim_from_passage(project, other, s2, e2)
    assert claim_ops.delete_claim(project, claim) == Changes.CLAIMS | Changes.PASSAGES | Changes.EVIDENCE
    assert [r.claim.id for r in claim_ops.list_claims(project)] == [second]
    counts = table_counts(project)
    assert (counts["passages"], counts["appearances"], counts["evidence"]) == (1, 1, 0)
    assert claim_ops.source_names(project) == ["Eastern Wire", "Qalamoun Voice"]  # sources stay
    entry = claim_ops.claim_history(project, claim)[-1]
    assert (entry.action, entry.before) == ("claim deleted", {"text": QUOTE})
    with pytest.raises(NotFound):
        claim_ops.get_claim(project, claim)
    with pytest.raises(NotFound):
        claim_ops.delete_claim(project, claim)


# --- editing -------------------------------------------------------------------------------------------------


def test_update_each_field_records_before_and_after(project: Project, claim: str) -> None:
    assert claim_ops.update_claim(project, claim, text="Tribal fighters took Khirbet al-Nour.") == Changes.CLAIMS
    assert claim_ops.update_claim(project, claim, claim_date=" 2017-12-08 ") == Changes.CLAIMS
    assert claim_ops.update_claim(project, claim, status=ClaimStatus.REVIEW) == Changes.CLAIMS
    assert claim_ops.update_claim(project, claim, status="final") == Changes.CLAIMS
    assert claim_ops.update_claim(project, claim, claimant="Northern Tribes Brigade") == (
        Changes.CLAIMS | Changes.SOURCES)
    assert claim_ops.update_claim(project, claim, claimant="qalamoun voice") == Changes.CLAIMS
    assert claim_ops.update_claim(project, claim, claimant="") == Changes.CLAIMS
    got = claim_ops.get_claim(project, claim)
    assert (got.text, got.claim_date, got.status, got.claimant_id) == (
        "Tribal fighters took Khirbet al-Nour.", "2017-12-08", ClaimStatus.FINAL, None)
    assert got.updated_at >= got.created_at
    edits = [(e.before, e.after) for e in claim_ops.claim_history(project, claim) if e.action == "claim edited"]
    assert edits == [
        ({"text": QUOTE}, {"text": "Tribal fighters took Khirbet al-Nour."}),
        ({"claim_date": "2017-12-09"}, {"claim_date": "2017-12-08"}),
        ({"status": "draft"}, {"status": "review"}),
        ({"status": "review"}, {"status": "final"}),
        ({"claimant": "Qalamoun Voice"}, {"claimant": "Northern Tribes Brigade"}),
        ({"claimant": "Northern Tribes Brigade"}, {"claimant": "Qalamoun Voice"}),
        ({"claimant": "Qalamoun Voice"}, {"claimant": ""}),
    ]


def test_update_without_a_change_records_nothing(project: Project, claim: str) -> None:
    old = claim_ops.get_claim(project, claim)
    count = len(actions(project, claim))
    assert claim_ops.update_claim(project, claim) == Changes.NONE
    assert claim_ops.update_claim(project, claim, text=old.text, claim_date=old.claim_date, status="draft",
                                  claimant="QALAMOUN VOICE") == Changes.NONE
    assert len(actions(project, claim)) == count
    assert claim_ops.get_claim(project, claim) == old


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"status": "published"}, "is not a status"),
    ({"status": "Final"}, "is not a status"),
    ({"text": "  \n"}, "needs a text"),
    ({"claim_date": "last Friday"}, "is not a date"),
])
def test_update_refuses_bad_values(project: Project, claim: str, kwargs: dict[str, str], message: str) -> None:
    before = claim_ops.get_claim(project, claim)
    counts = table_counts(project)
    with pytest.raises(BadArgument, match=message):
        claim_ops.update_claim(project, claim, claimant="Someone New", **kwargs)  # type: ignore[arg-type]
    assert claim_ops.get_claim(project, claim) == before
    assert table_counts(project) == counts


def test_update_unknown_claim(project: Project) -> None:
    with pytest.raises(NotFound):
        claim_ops.update_claim(project, "no-such-claim", text="x")


# --- locate_quote --------------------------------------------------------------------------------------------


def test_locate_quote_occurrences(project: Project, khirbet: str) -> None:
    text = doc_ops.get_document(project, khirbet).text
    first = span(project, khirbet, "sources said that")
    second = span(project, khirbet, "sources said that", 2)
    assert first[0] < second[0]
    assert text[first[0] : first[1]] == text[second[0] : second[1]] == "sources said that"
    assert second[0] == text.index("sources said that", first[1])
    with pytest.raises(NotFound, match=r"occurs 2 time\(s\).*no occurrence 3"):
        span(project, khirbet, "sources said that", 3)
    with pytest.raises(NotFound, match="no occurrence 0"):
        span(project, khirbet, "sources said that", 0)


def test_locate_quote_missing_and_empty(project: Project, khirbet: str) -> None:
    with pytest.raises(NotFound) as info:
        span(project, khirbet, "the village of Tell Bir Saba fell")
    assert str(info.value) == ("The quote “the village of Tell Bir Saba fell” does not occur in "
                               "“Clashes Reported Near Khirbet al-Nour As Rival Claims Multiply”.")
    with pytest.raises(NotFound, match="…” does not occur"):
        span(project, khirbet, "local sources " * 10)
    with pytest.raises(BadArgument, match="empty"):
        span(project, khirbet, "")
    with pytest.raises(NotFound):
        span(project, "no-such-document", "calm")


def test_resolve_claim_prefix(project: Project, claim: str) -> None:
    assert claim_ops.resolve_claim(project, claim[:6]) == claim

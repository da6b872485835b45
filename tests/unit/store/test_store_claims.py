"""Sources, claims (links, highlights, list rows) and history: rows ↔ dataclasses."""

from __future__ import annotations

import getpass

import pytest

from tests.unit.store.test_store_documents import TEXT, add_document, make_passage
from workbench.domain.model import (
    Claim,
    ClaimLink,
    ClaimRow,
    ClaimStatus,
    Evidence,
    EvidenceKind,
    Highlight,
    HistoryEntry,
    PassageRole,
    Source,
    Stance,
)
from workbench.errors import NotFound
from workbench.store import claims as store_claims
from workbench.store import history, sources
from workbench.store import passages as store_passages
from workbench.store.project import Project

# --- sources -----------------------------------------------------------------------------------------------


def test_get_or_create_creates_once_case_insensitively(project: Project) -> None:
    with project.write() as db:
        first, created = sources.get_or_create(db, "Riverside Monitor")
        again, created_again = sources.get_or_create(db, "RIVERSIDE monitor")
    assert created is True
    assert created_again is False
    assert again == first
    with project.read() as db:
        assert sources.get(db, first) == Source(id=first, name="Riverside Monitor")
        assert sources.names(db) == ["Riverside Monitor"]


def test_find_by_name_matches_aliases(project: Project) -> None:
    with project.write() as db:
        sid, _ = sources.get_or_create(db, "Levant News Agency")
        db["source_aliases"].insert_all([{"source_id": sid, "alias": "LNA"},
                                         {"source_id": sid, "alias": "Levant News"}])
        db["sources"].update(sid, {"kind": "agency", "affiliation": "state-run", "reliability": "C",
                                   "notes": "Denies every loss."})
    with project.read() as db:
        assert sources.find_by_name(db, "lna") == sid
        assert sources.find_by_name(db, "LEVANT NEWS") == sid
        assert sources.find_by_name(db, "levant news agency") == sid
        assert sources.find_by_name(db, "Qalamoun Voice") is None
        assert sources.get(db, sid) == Source(id=sid, name="Levant News Agency", kind="agency",
                                              affiliation="state-run", reliability="C",
                                              notes="Denies every loss.", aliases=("LNA", "Levant News"))
    with project.write() as db:
        assert sources.get_or_create(db, "lna") == (sid, False)


def test_get_or_create_strips_the_name(project: Project) -> None:
    with project.write() as db:
        sid, _ = sources.get_or_create(db, "  Qalamoun Voice  ")
    with project.read() as db:
        assert sources.get(db, sid).name == "Qalamoun Voice"


def test_list_all_and_names_are_sorted_case_insensitively(project: Project) -> None:
    with project.write() as db:
        for name in ("local sources", "Eastern Wire", "al-Bayan Wire"):
            sources.get_or_create(db, name)
    with project.read() as db:
        assert sources.names(db) == ["al-Bayan Wire", "Eastern Wire", "local sources"]
        assert [s.name for s in sources.list_all(db)] == ["al-Bayan Wire", "Eastern Wire", "local sources"]
        with pytest.raises(NotFound):
            sources.get(db, "no-such-source")


# --- claims ------------------------------------------------------------------------------------------------


def claim_with_links(project: Project) -> tuple[str, str, dict[str, str]]:
    """A claim with one appearance and three pieces of passage evidence, one per stance."""
    doc_id = add_document(project)
    claim = Claim(id="claim-0001", text="Mortars hit the school in Deir Hafiz.", claim_date="2017-12-07",
                  created_at="2017-12-08T10:00:00Z", updated_at="2017-12-08T10:00:00Z")
    passages = {
        "appearance": make_passage(doc_id, "mortar rounds hit the school", "p-appear"),
        "supports": make_passage(doc_id, "Local sources told", "p-sup"),
        "refutes": make_passage(doc_id, "This is old news.", "p-ref"),
        "context": make_passage(doc_id, "Riverside Monitor", "p-ctx"),
    }
    with project.write() as db:
        sid, _ = sources.get_or_create(db, "Riverside Monitor")
        store_claims.insert_claim(db, Claim(**{**{f: getattr(claim, f) for f in Claim.__slots__},
                                               "claimant_id": sid}))
        for p in passages.values():
            store_passages.insert(db, p, "2017-12-08T10:00:00Z")
        store_claims.insert_appearance(db, "link-appear", claim.id, "p-appear", "2017-12-08T10:00:01Z")
        for i, stance in enumerate(Stance):
            store_claims.insert_evidence(db, Evidence(
                id=f"ev-{stance.value}", claim_id=claim.id, kind=EvidenceKind.PASSAGE, stance=stance,
                passage_id=passages[stance.value].id, credibility=i + 2, source_id=sid,
                created_at=f"2017-12-08T10:00:0{i + 2}Z"))
    return claim.id, doc_id, {k: p.id for k, p in passages.items()}


def test_claim_round_trips(project: Project) -> None:
    claim = Claim(id="c-1", text="The bridge at Tell Marra was destroyed.", claim_date="2017-12-01",
                  status=ClaimStatus.REVIEW, rating="False", rationale="*No* damage on photos.",
                  summary="Bridge intact.", created_at="2017-12-02T00:00:00Z", updated_at="2017-12-03T00:00:00Z")
    with project.write() as db:
        store_claims.insert_claim(db, claim)
    with project.read() as db:
        assert store_claims.get_claim(db, "c-1") == claim
        assert store_claims.count(db) == 1
        with pytest.raises(NotFound, match="No claim with id nope"):
            store_claims.get_claim(db, "nope")


def test_update_claim_changes_given_fields(project: Project) -> None:
    with project.write() as db:
        store_claims.insert_claim(db, Claim(id="c-1", text="Old text"))
        store_claims.update_claim(db, "c-1", {"text": "New text", "status": "final", "rating": "Mixed"})
    with project.read() as db:
        got = store_claims.get_claim(db, "c-1")
    assert (got.text, got.status, got.rating, got.claim_date) == ("New text", ClaimStatus.FINAL, "Mixed", "")


def test_evidence_round_trips_and_links_resolve(project: Project) -> None:
    claim_id, _, pids = claim_with_links(project)
    with project.read() as db:
        ev = store_claims.get_evidence(db, "ev-refutes")
        assert ev.stance is Stance.REFUTES
        assert ev.kind is EvidenceKind.PASSAGE
        assert (ev.claim_id, ev.passage_id, ev.credibility) == (claim_id, pids["refutes"], 3)
        assert ev.source_id == sources.find_by_name(db, "riverside monitor")
        assert ev.created_at == "2017-12-08T10:00:03Z"
        assert store_claims.get_link(db, "link-appear") == (PassageRole.APPEARANCE, claim_id, pids["appearance"])
        assert store_claims.get_link(db, "ev-context") == (PassageRole.EVIDENCE, claim_id, pids["context"])
        with pytest.raises(NotFound):
            store_claims.get_link(db, "no-link")
        with pytest.raises(NotFound):
            store_claims.get_evidence(db, "no-evidence")


def test_links_list_appearances_then_evidence(project: Project) -> None:
    claim_id, doc_id, pids = claim_with_links(project)
    with project.read() as db:
        links = store_claims.links(db, claim_id)
        passage = store_passages.get(db, pids["appearance"])
    assert [(lk.role, lk.stance) for lk in links] == [
        (PassageRole.APPEARANCE, None),
        (PassageRole.EVIDENCE, Stance.SUPPORTS),
        (PassageRole.EVIDENCE, Stance.REFUTES),
        (PassageRole.EVIDENCE, Stance.CONTEXT),
    ]
    assert links[0] == ClaimLink(link_id="link-appear", role=PassageRole.APPEARANCE, stance=None,
                                 passage=passage, document_title="Shelling Reported In Deir Hafiz")
    for link in links:
        assert TEXT[link.passage.start : link.passage.end] == link.passage.quote.exact
        assert link.passage.document_id == doc_id


def test_highlights_are_sorted_by_offset(project: Project) -> None:
    claim_id, doc_id, pids = claim_with_links(project)
    with project.write() as db:
        db["passages"].update(pids["context"], {"orphan": 1})  # orphans are listed, not painted
    with project.read() as db:
        spans = store_claims.highlights(db, doc_id)
        assert store_claims.highlights(db, "other-doc") == []
    assert [h.start for h in spans] == sorted(h.start for h in spans)
    assert {h.passage_id for h in spans} == {pids["appearance"], pids["supports"], pids["refutes"]}
    start = TEXT.index("mortar rounds")
    assert Highlight(passage_id=pids["appearance"], start=start, end=start + len("mortar rounds hit the school"),
                     role=PassageRole.APPEARANCE, stance=None, claim_id=claim_id, link_id="link-appear") in spans
    refutes = next(h for h in spans if h.link_id == "ev-refutes")
    assert (refutes.role, refutes.stance) == (PassageRole.EVIDENCE, Stance.REFUTES)


def test_list_rows_counts_links_per_claim(project: Project) -> None:
    claim_id, doc_id, _ = claim_with_links(project)
    with project.write() as db:
        store_claims.insert_claim(db, Claim(id="claim-0002", text="A second claim.", created_at="2017-12-09"))
    with project.read() as db:
        rows = store_claims.list_rows(db)
        first = store_claims.get_claim(db, claim_id)
    assert rows == [
        ClaimRow(claim=first, claimant="Riverside Monitor", appearances=1, supports=1, refutes=1, context=1,
                 document_ids=(doc_id,)),
        ClaimRow(claim=rows[1].claim, claimant="", appearances=0, supports=0, refutes=0, context=0,
                 document_ids=()),
    ]
    assert rows[1].claim.text == "A second claim."


def test_delete_link_and_delete_claim(project: Project) -> None:
    claim_id, _, pids = claim_with_links(project)
    with project.write() as db:
        store_claims.delete_link(db, "ev-supports")
    with project.read() as db:
        assert len(store_claims.links(db, claim_id)) == 3
        assert store_passages.get(db, pids["supports"])  # the store leaves passages to the ops
    with project.write() as db:
        used = store_claims.delete_claim(db, claim_id)
    assert sorted(used) == sorted([pids["appearance"], pids["refutes"], pids["context"]])
    with project.read() as db:
        assert store_claims.count(db) == 0
        assert db.execute("SELECT count(*) FROM appearances").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_resolve_claim_id(project: Project) -> None:
    claim_id, _, _ = claim_with_links(project)
    with project.read() as db:
        assert store_claims.resolve_id(db, "claim-00") == claim_id
        with pytest.raises(NotFound, match="No claim"):
            store_claims.resolve_id(db, "zzzz")


# --- history -----------------------------------------------------------------------------------------------


def test_history_append_and_for_claim(project: Project) -> None:
    with project.write() as db:
        history.record(db, "claim", "c-1", "claim created", claim_id="c-1", after={"text": "Qasr al-Nahr fell"})
        history.record(db, "document", "d-1", "imported", after={"title": "x"})
        history.record(db, "claim", "c-1", "claim edited", claim_id="c-1",
                       before={"status": "draft", "text": "Qasr al-Nahr fell"},
                       after={"status": "review", "text": "قصر النهر سقط"})
        history.record(db, "claim", "c-2", "claim created", claim_id="c-2")
    with project.read() as db:
        entries = history.for_claim(db, "c-1")
        assert history.count(db) == 4
        assert history.for_claim(db, "nobody") == []
        assert db.execute("SELECT after FROM history WHERE action = 'claim edited'").fetchone()[0] == (
            '{"status": "review", "text": "قصر النهر سقط"}')
    assert [e.action for e in entries] == ["claim created", "claim edited"]
    created, edited = entries
    assert created == HistoryEntry(at=created.at, who=history.current_user(), entity="claim", entity_id="c-1",
                                   action="claim created", before={}, after={"text": "Qasr al-Nahr fell"},
                                   claim_id="c-1", id=created.id, seq=1)
    assert len(created.id) == 36 and edited.id != created.id and edited.seq == 3  # its own identity and sequence
    assert edited.before == {"status": "draft", "text": "Qasr al-Nahr fell"}
    assert edited.after == {"status": "review", "text": "قصر النهر سقط"}
    assert created.at.endswith("Z") and created.at[:4].isdigit()


def test_current_user_falls_back_to_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> str:
        raise OSError("no user")

    monkeypatch.setattr(getpass, "getuser", fail)
    assert history.current_user() == "unknown"


def test_evidence_views_read_passages_and_titles_in_one_query(project: Project) -> None:
    """The claim editor's Evidence tab after every change: one query for the evidence with their passages and
    documents' titles (and one per distinct source), not two more per piece; the document's text is not read."""
    claim_id, _doc_id, pids = claim_with_links(project)
    with project.write() as db:
        store_claims.insert_evidence(db, Evidence(id="ev-note", claim_id=claim_id, kind=EvidenceKind.NOTE,
                                                  stance=Stance.CONTEXT, note="Checked with the school.",
                                                  created_at="2017-12-08T10:00:09Z"))
    statements: list[str] = []
    with project.read() as db:
        db.conn.set_trace_callback(statements.append)
        try:
            views = store_claims.evidence_views(db, claim_id)
        finally:
            db.conn.set_trace_callback(None)
        expected = [store_passages.get(db, pids[s.value]) for s in Stance]
    assert [v.evidence.id for v in views] == ["ev-supports", "ev-refutes", "ev-context", "ev-note"]
    assert [v.passage for v in views] == [*expected, None]
    assert [v.document_title for v in views] == ["Shelling Reported In Deir Hafiz"] * 3 + [""]
    assert {v.source.name for v in views[:3] if v.source} == {"Riverside Monitor"} and views[3].source is None
    assert len(statements) == 1 + 2  # the evidence; their one source (and its aliases)
    assert not any("FROM documents" in s and "text" in s.split("FROM documents")[0] for s in statements)

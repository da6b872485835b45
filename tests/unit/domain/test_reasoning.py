"""domain.reasoning: readable history sentences, tag parsing, independent corroboration (pure, no database).

The history entries below have the shapes the ops record (see tests/unit/ops/test_ops_reasoning.py, which
checks the same sentences through the real ops)."""

from __future__ import annotations

import pytest

from workbench.domain.independence import Outlets, origin
from workbench.domain.model import (
    Corroboration,
    Evidence,
    EvidenceKind,
    EvidenceView,
    HistoryEntry,
    Source,
    Stance,
)
from workbench.domain.reasoning import corroboration, describe, parse_tags


def entry(action: str, before: dict[str, object] | None = None, after: dict[str, object] | None = None,
          entity: str = "claim") -> HistoryEntry:
    return HistoryEntry(at="2017-12-10T09:30:00Z", who="rania", entity=entity, entity_id="c1", action=action,
                        before=before or {}, after=after or {}, claim_id="c1")


# --- describe: edits, one sentence per changed field ------------------------------------------------------


@pytest.mark.parametrize(("action", "before", "after", "sentences"), [
    ("verdict changed", {"rating": ""}, {"rating": "False"}, ["rating changed from (none) to False"]),
    ("verdict changed", {"rating": "Unproven"}, {"rating": "False"}, ["rating changed from Unproven to False"]),
    ("verdict changed", {"rating": "False"}, {"rating": ""}, ["rating changed from False to (none)"]),
    ("verdict changed", {"rationale": "old"}, {"rationale": "**new**\n\nmore"}, ["rationale edited"]),
    ("verdict changed", {"status": "draft", "summary": ""}, {"status": "final", "summary": "Not captured"},
     ["status changed from draft to final", "summary changed from (none) to Not captured"]),
    ("claim edited", {"text": "Rebels took the mill"}, {"text": "Rebels captured the mill"},
     ["text changed from Rebels took the mill to Rebels captured the mill"]),
    ("claim edited", {"claimant": ""}, {"claimant": "Qalamoun Voice"},
     ["claimant changed from (none) to Qalamoun Voice"]),
    ("claim edited", {"claim_date": "2017-12-09"}, {"claim_date": "2017-12-08"},
     ["claim date changed from 2017-12-09 to 2017-12-08"]),
    ("claim edited", {"tags": []}, {"tags": ["mill", "shelling"]}, ["tags changed from (none) to mill, shelling"]),
    ("claim edited", {"attribution": ["SouthFront"]}, {"attribution": ["SouthFront", "local sources", "Amaq"]},
     ["attribution chain changed from SouthFront to SouthFront, local sources, Amaq"]),
    ("evidence edited", {"stance": "refutes", "credibility": 3}, {"stance": "context", "credibility": None},
     ["stance changed from refutes to context", "credibility changed from 3 to (none)"]),
    ("evidence edited", {"source": "Eastern Wire"}, {"source": ""}, ["source changed from Eastern Wire to (none)"]),
    ("evidence edited", {"url": "https://a.example/1", "accessed": "2017-12-10"},
     {"url": "https://a.example/2", "accessed": "2017-12-11"},
     ["URL changed from https://a.example/1 to https://a.example/2",
      "access date changed from 2017-12-10 to 2017-12-11"]),
    ("evidence edited", {}, {"note": "Called back"}, ["note set to Called back"]),
    ("evidence edited", {"title": "Denial"}, {}, ["title cleared (was Denial)"]),
    ("claim edited", {"text": "same"}, {"text": "same"}, ["claim edited"]),  # nothing changed: the action
    ("source edited", {"affiliation": ""}, {"affiliation": "ISIS-linked"},
     ["affiliation changed from (none) to ISIS-linked"]),  # a field without a friendlier name keeps its own
    ("rating scale edited", {"scale": ["True", "Misleading"]}, {"scale": ["True", "Missing context"]},
     ["scale changed from True, Misleading to True, Missing context"]),
])
def test_describe_edits(action: str, before: dict[str, object], after: dict[str, object],
                        sentences: list[str]) -> None:
    assert describe(entry(action, before, after)) == sentences


# --- describe: events, one sentence with what they concern -------------------------------------------------


@pytest.mark.parametrize(("action", "before", "after", "sentence"), [
    ("claim created", {}, {"text": "Rebels captured the mill", "quote": "captured the grain mill",
                           "document_id": "d1"}, "claim created: captured the grain mill"),
    ("claim deleted", {"text": "Rebels captured the mill"}, {}, "claim deleted: Rebels captured the mill"),
    ("appearance added", {}, {"quote": "the village is calm", "document_id": "d1"},
     "appearance added: the village is calm"),
    ("appearance removed", {"quote": "the village is calm"}, {}, "appearance removed: the village is calm"),
    ("evidence added", {}, {"stance": "supports", "quote": "captured the grain mill", "document_id": "d1"},
     "evidence added (supports): captured the grain mill"),
    ("evidence added", {}, {"kind": "url", "stance": "refutes", "title": "", "url": "https://a.example/x",
                            "note": "", "source": "", "credibility": None},
     "evidence added (refutes): https://a.example/x"),
    ("evidence added", {}, {"kind": "url", "stance": "refutes", "title": "Army denies", "url": "https://a.example/x",
                            "note": "", "source": "", "credibility": 2}, "evidence added (refutes): Army denies"),
    ("evidence added", {}, {"kind": "file", "stance": "context", "title": "", "url": "", "note": "",
                            "filename": "mill.png"}, "evidence added (adds context): mill.png"),
    ("evidence added", {}, {"kind": "note", "stance": "refutes", "title": "", "url": "",
                            "note": "Phoned the mayor"}, "evidence added (refutes): Phoned the mayor"),
    ("evidence removed", {"quote": "captured the grain mill"}, {}, "evidence removed: captured the grain mill"),
    ("evidence removed", {"quote": ""}, {}, "evidence removed"),
    ("undone: Add evidence", {}, {"exists": True}, "undone: Add evidence"),
    ("redone: Delete claim", {}, {"exists": False}, "redone: Delete claim"),
    ("source created", {}, {"name": "Amaq", "aliases": []}, "source created: Amaq"),
    ("source deleted", {"name": "Amaq", "aliases": ["A'maq"]}, {}, "source deleted: Amaq"),
])
def test_describe_events(action: str, before: dict[str, object], after: dict[str, object], sentence: str) -> None:
    assert describe(entry(action, before, after)) == [sentence]


def test_describe_shortens_long_values_and_flattens_lines() -> None:
    long = "Heavy fighting broke out on Friday night around the village of Khirbet al-Nour, some 20 km south"
    [sentence] = describe(entry("claim edited", {"text": "short"}, {"text": long}))
    assert sentence == f"text changed from short to {long[:79]}…"
    [sentence] = describe(entry("evidence added", {}, {"stance": "context", "note": "line one\nline two"}))
    assert sentence == "evidence added (adds context): line one line two"
    [sentence] = describe(entry("claim edited", {"claimant": "x"}, {"claimant": 0}))
    assert sentence == "claimant changed from x to 0"  # zero is a value, not "(none)"


# --- tags ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "tags"), [
    ("", ()),
    (" , ,", ()),
    ("shelling", ("shelling",)),
    (" shelling ,  Khirbet   al-Nour,mill ", ("Khirbet al-Nour", "mill", "shelling")),
    ("Mill, mill, MILL", ("Mill",)),  # the first spelling wins
    ("Straße, STRASSE, strasse", ("Straße",)),  # compared by casefold
    ("ß, st, Öl, oz, Zebra, éclair", ("oz", "ß", "st", "Zebra", "éclair", "Öl")),  # code points, casefolded
])
def test_parse_tags(text: str, tags: tuple[str, ...]) -> None:
    assert parse_tags(text) == tags
    assert list(parse_tags(text)) == sorted(tags, key=str.casefold)


# --- corroboration ---------------------------------------------------------------------------------------------


def view(n: int, stance: Stance, source: Source | None) -> EvidenceView:
    ev = Evidence(id=f"e{n}", claim_id="c1", kind=EvidenceKind.NOTE, stance=stance, note=f"note {n}",
                  source_id=source.id if source else None)
    return EvidenceView(ev, source=source)


SANA = Source("s1", "SANA", affiliation="pro-government")
LNA = Source("s2", "LNA", affiliation="  PRO-GOVERNMENT ")
QV = Source("s3", "Qalamoun Voice", affiliation="pro-opposition")
RESIDENTS = Source("s4", "Residents")
NURSE = Source("s5", "Nurse", affiliation=" ")


def test_origins_by_affiliation() -> None:
    def keys(v: EvidenceView) -> frozenset[str]:
        return origin(v, Outlets()).keys

    assert keys(view(1, Stance.SUPPORTS, SANA)) & keys(view(2, Stance.REFUTES, LNA))  # one affiliation
    assert not keys(view(1, Stance.SUPPORTS, RESIDENTS)) & keys(view(2, Stance.SUPPORTS, NURSE))
    assert keys(view(1, Stance.SUPPORTS, None)) == frozenset()  # unsourced: no origin at all (issue 16)
    assert keys(view(1, Stance.SUPPORTS, RESIDENTS)) == keys(view(2, Stance.SUPPORTS, RESIDENTS))


def test_corroboration() -> None:
    assert corroboration([]) == Corroboration()
    views = [view(1, Stance.SUPPORTS, SANA), view(2, Stance.SUPPORTS, LNA), view(3, Stance.SUPPORTS, SANA),
             view(4, Stance.SUPPORTS, RESIDENTS), view(5, Stance.SUPPORTS, NURSE), view(6, Stance.SUPPORTS, None),
             view(7, Stance.SUPPORTS, None), view(8, Stance.REFUTES, QV), view(9, Stance.REFUTES, QV),
             view(10, Stance.REFUTES, SANA), view(11, Stance.CONTEXT, QV)]
    c = corroboration(views)
    # supports: SANA and LNA (one affiliation), Residents, Nurse; the two unsourced notes never count (issue 16)
    assert (c.supports, c.refutes, c.context, c.independent_supports, c.independent_refutes) == (7, 3, 1, 3, 2)
    assert (c.unknown_supports, c.unknown_refutes, c.unknown_context) == (2, 0, 0)
    # two outlets of one affiliation echoing each other count once; one unaffiliated source cited twice, once
    echo = [view(1, Stance.SUPPORTS, SANA), view(2, Stance.SUPPORTS, LNA), view(3, Stance.SUPPORTS, RESIDENTS),
            view(4, Stance.SUPPORTS, RESIDENTS)]
    assert corroboration(echo).independent_supports == 2

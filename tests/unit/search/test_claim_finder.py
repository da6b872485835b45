"""The claim finder against annotated fixture articles: precision, recall, claimants and chains.

Three sets (tests/fixtures/search): the four development articles the rules were written against; the demo's
sample articles (resources/samples, written by another engineer), annotated before the finder first ran on
them; and one article written and annotated after the rules were frozen. The floors below are the figures
measured (README, "Claim finder"), so a change that makes the finder worse fails here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from workbench import importers
from workbench.domain.claim_finder import analyse, find_attributions
from workbench.domain.model import SegmentKind

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "search"
SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"


def _key(s: str) -> str:
    s = s.casefold().strip()
    for d in ("the ", "a ", "an "):
        if s.startswith(d):
            s = s[len(d):]
    return s


def same_source(found: str, expected: list[str]) -> bool:
    """The claimant found names one of the expected spellings (ignoring case and a leading article)."""
    f = _key(found)
    return any(f == _key(e) or _key(e) in f or (f and f in _key(e)) for e in expected)


def chain_ok(found: tuple[str, ...], expected: list) -> bool:
    options = expected if expected and isinstance(expected[0], list) else [expected]
    return any(len(found) == len(o) and all(same_source(a, [b]) for a, b in zip(found, o, strict=True))
               for o in options)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    claimant: int = 0
    chain: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn)


def evaluate(folder: Path, spec_file: Path, *, comments: bool = False) -> Score:
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    score = Score()
    include = (SegmentKind.BODY, SegmentKind.COMMENTS) if comments else (SegmentKind.BODY,)
    for name, expected_by_part in spec.items():
        if name.startswith("_"):
            continue
        doc = importers.import_bytes((folder / name).read_bytes(), name)
        expected = expected_by_part["body"] + (expected_by_part.get("comments", []) if comments else [])
        used: set[int] = set()
        for s in find_attributions(doc.text, doc.segments, include=include):
            i = next((i for i, e in enumerate(expected) if e["sentence"] in s.sentence and i not in used), None)
            if i is None:
                score.fp += 1
                continue
            used.add(i)
            score.tp += 1
            score.claimant += same_source(s.claimant, expected[i]["claimant"])
            score.chain += chain_ok(s.chain, expected[i]["chain"])
        score.fn += len(expected) - len(used)
    return score


def test_development_fixtures() -> None:
    s = evaluate(FIXTURES, FIXTURES / "attributions.json")
    assert (s.tp, s.fp, s.fn) == (30, 0, 0)
    assert s.claimant == s.chain == 30


def test_held_out_sample_articles() -> None:
    s = evaluate(SAMPLES, FIXTURES / "samples-attributions.json")
    assert s.tp + s.fn == 35
    assert s.precision >= 0.97 and s.recall >= 0.94
    assert s.claimant >= 0.97 * s.tp and s.chain >= 0.97 * s.tp


def test_fresh_held_out_article() -> None:
    s = evaluate(FIXTURES / "holdout", FIXTURES / "holdout" / "attributions.json")
    assert s.tp + s.fn == 10
    assert s.precision >= 0.9 and s.recall >= 0.8 and s.claimant == s.chain == s.tp


def test_comments_are_left_out_unless_asked_for() -> None:
    body = evaluate(FIXTURES, FIXTURES / "attributions.json")
    with_comments = evaluate(FIXTURES, FIXTURES / "attributions.json", comments=True)
    assert with_comments.tp == body.tp + 6  # every attribution in the reader comments is found when asked
    assert with_comments.precision >= 0.95


@pytest.mark.parametrize(("sentence", "claimant", "chain"), [
    ("SouthFront, citing local sources, said the Amaq agency claimed that the bridge was hit.",
     "Amaq", ("SouthFront", "local sources")),
    ("Sputnik quoted a Russian officer as saying that the convoy turned back.", "a Russian officer", ("Sputnik",)),
    ("“We never left,” the commander told Reuters.", "the commander", ("Reuters",)),
    ("The ISIS-linked Amaq agency reported that 12 soldiers died.", "Amaq", ()),
    ("According to the pro-government outlet Dawn Press, which cited a military source, the road is open.",
     "a military source", ("Dawn Press",)),
])
def test_attribution_chains(sentence: str, claimant: str, chain: tuple[str, ...]) -> None:
    found = analyse(sentence)
    assert found is not None
    assert found[0] == claimant and found[1] == chain


@pytest.mark.parametrize("sentence", [
    "These reports were never confirmed by any official source.",
    "The reported deal collapsed within hours.",
    "If confirmed, it would be the first handover of its kind.",
    "Euphrates Dispatch could not confirm the figures.",
    "No independent source has backed up any of the ISIS claims yet.",
])
def test_not_attributions(sentence: str) -> None:
    assert analyse(sentence) is None

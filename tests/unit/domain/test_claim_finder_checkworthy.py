"""Check-worthiness (issue 12, point 5): specific events, numbers, dates, named actors and places rank first;
opinions and headlines are marked."""

from __future__ import annotations

import pytest

from workbench.domain.checkworthy import assess, features
from workbench.domain.claim_finder import find_attributions, rank


@pytest.mark.parametrize("sentence", [
    "Amaq said 23 soldiers were killed and a tank was destroyed near Ayyash on Sunday.",
    "The Syrian foreign ministry denied that the army had used chemical weapons.",
    "Local sources said a car bomb exploded in the market of Tabqa.",
])
def test_specific_statements_are_claims(sentence: str) -> None:
    score, kind = assess(sentence, headline=False, cue="denied" if "denied" in sentence else "said")
    assert kind == "claim" and score >= 2


@pytest.mark.parametrize("sentence", [
    "This barbaric crime shows the need for international support, the council said.",
    "The foreign ministry described the reports as “baseless propaganda”.",
    "Press freedom in the region has never been worse, the organisation said.",
    "“Our response will be harsher next time,” the commander added.",
])
def test_opinions_are_marked(sentence: str) -> None:
    assert assess(sentence, headline=False)[1] == "opinion"


@pytest.mark.parametrize("sentence", [
    "The organisation said it was aware of the reports and was gathering information.",
    "A spokesman said the ministry would comment later.",
])
def test_statements_with_nothing_specific_are_marked_little_to_check_not_opinion(sentence: str) -> None:
    from workbench.domain.checkworthy import KIND_LABELS

    kind = assess(sentence, headline=False)[1]
    assert kind == "vague" and KIND_LABELS[kind] == "little to check"
    text = "Mill Shelled\n\nLocal sources said 4 shells hit the mill on Sunday.\n\n" + sentence
    found = rank(find_attributions(text))
    assert [s.kind for s in found][:2] == ["claim", "vague"]


def test_headlines_are_marked() -> None:
    assert assess("Daesh Claims Capture Of Two Villages South Of Bukran")[1] == "headline"


def test_features_name_what_was_found() -> None:
    found = features("Amaq said 23 soldiers were killed near Ayyash on Sunday.", "Amaq")
    assert {"number", "date", "event", "military/casualty", "place"} <= set(found)


def test_rank_puts_checkable_claims_first_and_marked_last() -> None:
    text = ("Daesh Claims Capture Of Two Villages South Of Bukran\n\n"
            "Sanctions are a crime against the people, the minister said.\n\n"
            "Pro-government activists said the army still held the villages.\n\n"
            "Amaq also claimed that 23 soldiers were killed and a T-72 tank was destroyed near Ayyash.\n")
    ranked = rank(find_attributions(text))
    assert [s.kind for s in ranked] == ["claim", "claim", "opinion", "headline"]
    assert ranked[0].claimant == "Amaq" and ranked[0].score > ranked[1].score
    assert ranked[-1].claimant == "Daesh"

"""Re-anchoring a passage in a new version of its document (pure algorithm)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.anchoring import REVIEW_BELOW, Anchor, context_score, reanchor, similarity
from workbench.domain.model import TextQuote
from workbench.domain.selectors import make_quote

OLD = (
    "DEIR EZ-ZOR, 12.01.2018 | Levant Frontline\n\n"
    "Local sources said the shelling of Khasham continued overnight, while the army said it had "
    "repelled an attack near the bridge.\n\n"
    "According to the pro-opposition outlet Furat Post, at least four civilians were killed in the "
    "villlage of Khusham when a shell hit a bakery.\n\n"
    "The ISIS-linked Amaq agency claimed that its fighters destroyed two vehicles. Neither claim could "
    "be verified.\n\n"
    "Comments\n\nAfandi: so which is it? they can’t even agree lol\n"
)
PASSAGE = "at least four civilians were killed in the villlage of Khusham when a shell hit a bakery."


def place(new: str, passage: str = PASSAGE, old: str = OLD) -> tuple[Anchor | None, str]:
    start = old.index(passage)
    anchor = reanchor(new, make_quote(old, start, start + len(passage)), start, len(old))
    return anchor, (new[anchor.start : anchor.end] if anchor else "")


def test_unchanged_text_is_an_exact_certain_match() -> None:
    anchor, found = place(OLD)
    assert found == PASSAGE
    assert anchor is not None and anchor.method == "exact" and anchor.confidence == 1.0
    assert not anchor.needs_review


def test_text_inserted_before_the_passage() -> None:
    update = ("UPDATE 13.01.2018: this report was corrected after the Syrian Observatory gave a higher toll. "
              "An earlier version misnamed the village.\n\n")
    new = OLD.replace("Local sources said", update + "Local sources said")
    anchor, found = place(new)
    assert found == PASSAGE
    assert anchor is not None and anchor.method == "exact" and not anchor.needs_review
    assert anchor.start == OLD.index(PASSAGE) + len(update)


def test_text_inserted_right_before_it_changes_the_prefix_but_not_the_placement() -> None:
    new = OLD.replace("Furat Post, at least", "Furat Post (which is close to the SDF), at least")
    anchor, found = place(new)
    assert found == PASSAGE
    assert anchor is not None and not anchor.needs_review  # unique and long: certain


def test_a_typo_fixed_inside_the_passage() -> None:
    new = OLD.replace("villlage", "village")
    anchor, found = place(new)
    assert found == PASSAGE.replace("villlage", "village")
    assert anchor is not None and anchor.method == "fuzzy"
    assert not anchor.needs_review  # one letter in ninety, context intact


def test_a_reworded_passage_is_placed_but_marked_for_review() -> None:
    new = OLD.replace(PASSAGE, "at least six civilians, two of them children, were killed in the village of "
                               "Khusham when a shell hit the bakery.")
    anchor, found = place(new)
    assert anchor is not None and anchor.method == "fuzzy"
    assert found.startswith("at least six civilians") and found.endswith("the bakery.")
    assert anchor.needs_review and anchor.confidence < REVIEW_BELOW


def test_a_deleted_passage_is_an_orphan() -> None:
    new = OLD.replace(PASSAGE, "")
    anchor, _ = place(new)
    assert anchor is None


def test_a_deleted_paragraph_is_an_orphan() -> None:
    paragraph = "According to the pro-opposition outlet Furat Post, " + PASSAGE + "\n\n"
    anchor, _ = place(OLD.replace(paragraph, ""))
    assert anchor is None


def test_the_sentence_appearing_twice_goes_to_the_occurrence_with_its_context() -> None:
    # the new version repeats the sentence in a summary box at the top, with another context
    box = f"IN BRIEF: {PASSAGE} More below.\n\n"
    new = box + OLD
    anchor, found = place(new)
    assert found == PASSAGE
    assert anchor is not None
    assert anchor.start == len(box) + OLD.index(PASSAGE)  # the one in the article, not the box
    assert not anchor.needs_review


def test_the_sentence_twice_with_the_same_context_is_ambiguous() -> None:
    sentence = "Neither claim could be verified."
    old = f"First report. {sentence} Second report. Third report."
    new = f"First report. {sentence} Second report. First report. {sentence} Second report. Third report."
    start = old.index(sentence)
    anchor = reanchor(new, make_quote(old, start, start + len(sentence)), start, len(old))
    assert anchor is not None and anchor.method == "exact"
    assert new[anchor.start : anchor.end] == sentence
    assert anchor.needs_review  # two equally good places: a person must check


def test_a_short_quote_with_no_context_match_needs_review() -> None:
    old = "The army said it repelled the attack."
    new = "Later that day, rebels said the army had fled."
    anchor = reanchor(new, make_quote(old, 4, 8), 4, len(old))  # "army"
    assert anchor is not None and anchor.needs_review


def test_empty_inputs() -> None:
    assert reanchor("", TextQuote("x")) is None
    assert reanchor("text", TextQuote("")) is None


def test_scores() -> None:
    assert similarity("", "") == 1.0
    assert similarity("abc", "abc") == 1.0
    assert 0 < similarity("village", "villlage") < 1
    text = "before QUOTE after"
    assert context_score(text, 7, 12, TextQuote("QUOTE", "before ", " after")) == 1.0
    assert context_score(text, 7, 12, TextQuote("QUOTE")) == 0.5


def test_a_long_document() -> None:
    """Its time is a budget of make bench (tests/benchmarks/test_bench_parsing.py)."""
    filler = "Residents of Mayadin reported heavy artillery fire throughout the night. " * 12000  # ~900k chars
    new = filler + OLD.replace("villlage", "village") + filler
    anchor, found = place(new)
    assert found == PASSAGE.replace("villlage", "village")
    assert anchor is not None


words = st.sampled_from(["the", "army", "said", "Khasham", "Khusham", "shelling", "village", "sources", "local",
                         "Amaq", "claimed", "reported", "bridge", "civilians", "—", "“", "”", "🇸🇾", "دير"])


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=20, max_size=120), st.data())
def test_any_placement_is_a_valid_range_of_the_new_text(tokens: list[str], data: st.DataObject) -> None:
    old = " ".join(tokens)
    start = data.draw(st.integers(0, len(old) - 2))
    end = data.draw(st.integers(start + 1, min(len(old), start + 80)))
    new_tokens = data.draw(st.permutations(tokens))
    new = " ".join(new_tokens)
    anchor = reanchor(new, make_quote(old, start, end), start, len(old))
    if anchor is not None:
        assert 0 <= anchor.start < anchor.end <= len(new)
        assert 0 < anchor.confidence <= 1
    exact = reanchor(old, make_quote(old, start, end), start, len(old))
    assert exact is not None and old[exact.start : exact.end] == old[start:end]

"""Issue 16 item 2 (pure algorithm): a placement whose words differ from the quote must be reviewed.

Before the fix, ``reanchor`` placed the issue's reworded sentence with a confidence above ``REVIEW_BELOW``
(a sure fuzzy match: "found with small changes") and nothing said that its words had changed.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.domain.anchoring import DiffPart, describe_change, reanchor, same_words, word_diff
from workbench.domain.selectors import make_quote

OLD = (
    "DEIR EZZOR, 11.02.2018 | Euphrates Monitor\n\n"
    "According to the pro-government al-Watan daily, army units backed by local tribal fighters entered "
    "al-Marashida at dawn. A military source quoted by SANA also confirmed that the village was under the "
    "control of government forces by noon.\n\n"
    "The SDF-affiliated ANHA agency denied the report.\n"
)
QUOTE = "also confirmed that the village was under the control of government forces by noon."


def place(new: str, quote: str = QUOTE, old: str = OLD) -> tuple[object, str]:
    start = old.index(quote)
    anchor = reanchor(new, make_quote(old, start, start + len(quote)), start, len(old))
    return anchor, new[anchor.start : anchor.end] if anchor else ""


def test_the_issue_a_confident_place_with_other_words_must_be_reviewed() -> None:
    new = OLD.replace("also confirmed that the village was under the control",
                      "also stated that the village remained under the control")
    anchor, found = place(new)
    assert anchor is not None
    assert found == "also stated that the village remained under the control of government forces by noon."
    assert anchor.quote_changed and anchor.must_review  # whatever the confidence of the place


def test_one_digit_or_one_punctuation_mark_counts() -> None:
    for old_part, new_part in (("by noon.", "by noon!"), ("under the control", "under the contrl"),
                               ("army units", "army unit")):
        quote = "army units backed by local tribal fighters entered al-Marashida at dawn." \
            if old_part == "army units" else QUOTE
        anchor, found = place(OLD.replace(old_part, new_part), quote)
        assert anchor is not None and found != quote
        assert anchor.quote_changed and anchor.must_review, (old_part, new_part)


def test_white_space_alone_does_not_count() -> None:
    new = OLD.replace("the village was under the", "the village\u00a0was  under\nthe")
    anchor, found = place(new)
    assert anchor is not None and found != QUOTE and same_words(found, QUOTE)
    assert not anchor.quote_changed and not anchor.must_review


def test_an_unchanged_quote_is_not_changed() -> None:
    anchor, found = place("UPDATE: corrected.\n\n" + OLD)
    assert anchor is not None and found == QUOTE and not anchor.quote_changed and not anchor.must_review


def test_same_words_rules() -> None:
    assert same_words("a  b\nc", " a b c ")
    assert same_words("a\u00a0b", "a b")  # a non-breaking space
    assert same_words(unicodedata.normalize("NFD", "Ksham café"), "Ksham café")  # composed or not
    assert same_words("the army—and the militia ,", "the army — and the militia,")  # spacing by punctuation
    assert not same_words("under the", "underthe")  # a space joining words changes them
    assert not same_words("“yes”", '"yes"')  # quotation-mark style counts
    assert not same_words("2017–2018", "2017-2018")  # so does a dash
    assert not same_words("3 civilians", "4 civilians")
    assert not same_words("killed.", "killed")


def test_word_diff_of_the_issue() -> None:
    parts = word_diff("also confirmed that the village was under the control",
                      "also stated that the village remained under the control")
    assert parts == (DiffPart("equal", "also ", "also "), DiffPart("replace", "confirmed", "stated"),
                     DiffPart("equal", " that the village ", " that the village "),
                     DiffPart("replace", "was", "remained"),
                     DiffPart("equal", " under the control", " under the control"))
    assert describe_change(parts) == "confirmed → stated; was → remained"
    assert describe_change(word_diff("a b", "a  b")) == "same words"
    assert describe_change(word_diff("one two three four", "one four"), limit=1) == "− two three"
    assert "(and 1 more)" in describe_change(word_diff("a b c d e", "x b y d e"), limit=1)
    assert describe_change(word_diff("a", "a b")) == "+ b"


TOKENS = st.sampled_from(["the", "army", "Khasham", "Khusham", "village", "was", "remained", "3", "12", "—", "“",
                          "”", ",", ".", "دير", "🇸🇾", "é", "e\u0301"])
SPACES = st.sampled_from([" ", "  ", "\n", "\u00a0"])


def _text(tokens: list[str], spaces: list[str]) -> str:
    return "".join(t + s for t, s in zip(tokens, spaces, strict=False)) + "".join(tokens[len(spaces):])


@settings(max_examples=150, deadline=None)
@given(st.lists(TOKENS, min_size=1, max_size=20), st.lists(TOKENS, min_size=1, max_size=20),
       st.lists(SPACES, max_size=20), st.lists(SPACES, max_size=20))
def test_word_diff_rebuilds_both_sides(a: list[str], b: list[str], sa: list[str], sb: list[str]) -> None:
    old, new = _text(a, sa), _text(b, sb)
    parts = word_diff(old, new)
    nfc = unicodedata.normalize
    assert "".join(p.old for p in parts) == nfc("NFC", old)
    assert "".join(p.new for p in parts) == nfc("NFC", new)
    assert any(p.changed for p in parts) == (not same_words(old, new))


@settings(max_examples=120, deadline=None)
@given(st.lists(TOKENS, min_size=15, max_size=80), st.data())
def test_property_a_placement_with_other_words_is_always_reviewed(tokens: list[str], data: st.DataObject) -> None:
    old = " ".join(tokens)
    start = data.draw(st.integers(0, len(old) - 2))
    end = data.draw(st.integers(start + 1, min(len(old), start + 80)))
    new = old
    for _ in range(data.draw(st.integers(1, 3))):  # random edits: a span replaced, deleted or re-spaced
        i = data.draw(st.integers(0, len(new) - 1))
        j = data.draw(st.integers(i, min(len(new), i + 20)))
        new = new[:i] + data.draw(st.sampled_from(["", " ", "\n", "the", "remained", "3", "”"])) + new[j:]
    anchor = reanchor(new, make_quote(old, start, end), start, len(old))
    if anchor is not None and not anchor.must_review:
        assert same_words(old[start:end], new[anchor.start : anchor.end])
    if anchor is not None:
        assert anchor.quote_changed == (not same_words(old[start:end], new[anchor.start : anchor.end]))

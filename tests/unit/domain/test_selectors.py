from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.model import TextQuote
from workbench.domain.selectors import anchor_exact, find_all, find_occurrence, make_quote

TEXT = "Local sources said the village fell. Later, local sources said the village held."


def test_make_quote_has_32_chars_context() -> None:
    text = "x" * 50 + "QUOTE" + "y" * 50
    q = make_quote(text, 50, 55)
    assert q == TextQuote("QUOTE", "x" * 32, "y" * 32)


def test_make_quote_at_edges() -> None:
    q = make_quote("abc", 0, 3)
    assert q == TextQuote("abc", "", "")


def test_make_quote_rejects_bad_range() -> None:
    with pytest.raises(ValueError):
        make_quote("abc", 2, 2)
    with pytest.raises(ValueError):
        make_quote("abc", 0, 4)


def test_occurrences() -> None:
    assert find_all(TEXT, "local sources said") == [44]
    assert find_occurrence(TEXT, "the village", 2) == TEXT.rindex("the village")
    assert find_occurrence(TEXT, "the village", 3) is None


def test_anchor_prefers_context_then_hint() -> None:
    second = TEXT.rindex("the village")
    q = make_quote(TEXT, second, second + len("the village"))
    assert anchor_exact(TEXT, q) == (second, second + 11)
    bare = TextQuote("the village")
    first = TEXT.index("the village")
    assert anchor_exact(TEXT, bare, hint=first + 2) == (first, first + 11)
    assert anchor_exact(TEXT, TextQuote("absent")) is None


@given(st.text(min_size=1, max_size=200), st.data())
def test_quote_anchors_back_to_its_place(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    q = make_quote(text, start, end)
    assert q.exact == text[start:end]
    assert anchor_exact(text, q, hint=start) == (start, end) or text.count(q.exact) > 1

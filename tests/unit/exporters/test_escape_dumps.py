"""``escape.dumps`` writes exactly what ``json.dumps`` writes, in pieces (issue 15: an export on a worker thread must
not hold the interpreter lock for a whole document while the window waits to paint)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.exporters import escape

_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=80)
                     | st.dictionaries(st.text() | st.integers(), inner, max_size=80), max_leaves=400)


@settings(max_examples=150, deadline=None)
@given(_json, st.sampled_from([None, 1, 2]), st.booleans())
def test_the_same_text_as_json_dumps(value: object, indent: int | None, ascii_only: bool) -> None:
    assert escape.dumps(value, indent, ensure_ascii=ascii_only) == json.dumps(value, indent=indent,
                                                                            ensure_ascii=ascii_only)


def test_a_big_document_is_encoded_in_small_pieces(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each call of the C encoder (which holds the interpreter lock throughout) gets a small piece: the largest
    is a few hundred characters of a 7 MB document, so another thread runs between them."""
    doc = [{"@type": "ClaimReview", "claimReviewed": "x" * 200, "reviewRating": {"ratingValue": i, "alternateName":
            "False"}, "itemReviewed": {"appearance": [{"url": f"https://e.org/{j}"} for j in range(20)]}}
           for i in range(6000)]
    pieces: list[int] = []
    real = json.dumps

    def recording(value: object, **kwargs: object) -> str:
        text = real(value, **kwargs)  # type: ignore[arg-type]
        pieces.append(len(text))
        return text

    monkeypatch.setattr(escape.json, "dumps", recording)
    text = escape.json_for_script(doc)
    monkeypatch.undo()
    assert json.loads(text) == doc
    assert len(text) > 5_000_000 and max(pieces) < 5_000

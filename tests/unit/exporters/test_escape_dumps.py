"""``escape.dumps`` writes exactly what ``json.dumps`` writes, in pieces (issue 15: an export on a worker thread must
not hold the interpreter lock for a whole document while the window waits to paint)."""

from __future__ import annotations

import json
import threading
import time

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


def test_a_big_document_lets_another_thread_run() -> None:
    doc = [{"@type": "ClaimReview", "claimReviewed": "x" * 200, "reviewRating": {"ratingValue": i, "alternateName":
            "False"}, "itemReviewed": {"appearance": [{"url": f"https://e.org/{j}"} for j in range(20)]}}
           for i in range(6000)]
    gaps: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        text = escape.json_for_script(doc)
    finally:
        stop.set()
        ticker.join()
    assert json.loads(text) == doc
    assert max(gaps) < 0.05  # json.dumps of it in one C call holds the lock for ~0.2 s

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from workbench.domain.model import Segment, SegmentKind
from workbench.domain.segments import kind_at, normalise, remark

B, C, P = SegmentKind.BODY, SegmentKind.COMMENTS, SegmentKind.BOILERPLATE


def test_normalise_fills_gaps_and_merges() -> None:
    segs = normalise([Segment(5, 10, C), Segment(10, 12, C)], 20)
    assert segs == (Segment(0, 5, B), Segment(5, 12, C), Segment(12, 20, B))


def test_remark_splits_a_segment() -> None:
    segs = (Segment(0, 100, B),)
    out = remark(segs, 100, 40, 60, C)
    assert out == (Segment(0, 40, B), Segment(40, 60, C), Segment(60, 100, B))
    assert kind_at(out, 50) is C and kind_at(out, 70) is B
    back = remark(out, 100, 40, 60, B)
    assert back == (Segment(0, 100, B),)


@given(st.integers(1, 200), st.lists(st.tuples(st.integers(0, 200), st.integers(0, 200),
                                               st.sampled_from([B, C, P])), max_size=10))
def test_remark_always_covers(length: int, marks: list[tuple[int, int, SegmentKind]]) -> None:
    segs: tuple[Segment, ...] = (Segment(0, length, B),)
    for a, b, kind in marks:
        a, b = sorted((a % length, b % (length + 1)))
        if a < b:
            segs = remark(segs, length, a, b, kind)
    assert segs[0].start == 0 and segs[-1].end == length
    for x, y in itertools.pairwise(segs):
        assert x.end == y.start and x.kind != y.kind

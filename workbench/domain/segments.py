"""Operations on a document's segment list (sorted, non-overlapping, covering)."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.domain.model import Segment, SegmentKind


def normalise(segments: Iterable[Segment], length: int) -> tuple[Segment, ...]:
    """Sort, clip, fill gaps with body and merge neighbours of the same kind."""
    out: list[Segment] = []
    pos = 0
    for s in sorted(segments, key=lambda s: s.start):
        start, end = max(s.start, pos), min(s.end, length)
        if end <= start:
            continue
        if start > pos:
            out.append(Segment(pos, start, SegmentKind.BODY))
        out.append(Segment(start, end, s.kind))
        pos = end
    if pos < length:
        out.append(Segment(pos, length, SegmentKind.BODY))
    merged: list[Segment] = []
    for s in out:
        if merged and merged[-1].kind == s.kind and merged[-1].end == s.start:
            merged[-1] = Segment(merged[-1].start, s.end, s.kind)
        else:
            merged.append(s)
    return tuple(merged)


def remark(segments: Iterable[Segment], length: int, start: int, end: int, kind: SegmentKind) -> tuple[Segment, ...]:
    """Return the segments with [start, end) re-marked as ``kind``."""
    kept: list[Segment] = []
    for s in segments:
        if s.end <= start or s.start >= end:
            kept.append(s)
            continue
        if s.start < start:
            kept.append(Segment(s.start, start, s.kind))
        if s.end > end:
            kept.append(Segment(end, s.end, s.kind))
    kept.append(Segment(start, end, kind))
    return normalise(kept, length)


def kind_at(segments: tuple[Segment, ...], pos: int) -> SegmentKind:
    for s in segments:
        if s.start <= pos < s.end:
            return s.kind
    return SegmentKind.BODY

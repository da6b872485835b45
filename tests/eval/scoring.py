"""Metrics shared by the suites. Pure functions over strings and ranges."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (``\\w+``)."""
    return [t.lower() for t in _TOKEN_RE.findall(text or "")]


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; an empty reference and an empty prediction score 1.0."""
    if tp == fp == fn == 0:
        return 1.0, 1.0, 1.0
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def token_prf(reference: str, predicted: str) -> tuple[float, float, float]:
    """Bag-of-tokens precision, recall and F1 of ``predicted`` against ``reference``."""
    ref, pred = Counter(tokens(reference)), Counter(tokens(predicted))
    tp = sum((ref & pred).values())
    return prf(tp, sum(pred.values()) - tp, sum(ref.values()) - tp)


def shingle_counts(reference: str, predicted: str, n: int = 4) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) over word n-gram shingles, as the article-extraction-benchmark scores.

    Each document's counts are divided by their sum, so a long page weighs no more than a short one; a
    corpus figure is ``prf(*map(sum, zip(*per_document)))``.
    """

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        toks = tokens(text)
        if len(toks) < n:
            return Counter([tuple(toks)]) if toks else Counter()
        return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))

    ref, pred = shingles(reference), shingles(predicted)
    tp = sum((ref & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(ref.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def range_prf(reference: Iterable[tuple[int, int]], predicted: Iterable[tuple[int, int]],
              text: str | None = None) -> tuple[float, float, float]:
    """Character-level precision, recall and F1 of predicted ranges against reference ranges.

    When ``text`` is given, whitespace characters are not counted (a blank line's label does not matter).
    """

    def chars(ranges: Iterable[tuple[int, int]]) -> set[int]:
        out: set[int] = set()
        for start, end in ranges:
            out.update(i for i in range(start, end) if text is None or not text[i].isspace())
        return out

    ref, pred = chars(reference), chars(predicted)
    tp = len(ref & pred)
    return prf(tp, len(pred) - tp, len(ref) - tp)


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def median(values: Iterable[float]) -> float:
    items = sorted(values)
    if not items:
        return 0.0
    mid = len(items) // 2
    return items[mid] if len(items) % 2 else (items[mid - 1] + items[mid]) / 2

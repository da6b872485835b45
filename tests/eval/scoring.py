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

    Each document's counts are divided by their sum, so a long page weighs no more than a short one; the
    benchmark's corpus figure is ``aeb_corpus_prf(per_document)``. Tokens keep their case, as the benchmark's do.
    """

    def shingles(text: str) -> Counter[tuple[str, ...]]:
        toks = _TOKEN_RE.findall(text or "")
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


def aeb_corpus_prf(per_document: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Corpus precision, recall and F1 the way the article-extraction-benchmark's ``evaluate.py`` computes them.

    ``per_document`` holds each page's normalised ``shingle_counts``. Precision is the mean of the pages'
    precisions over the pages where something was predicted (tp + fp > 0), recall the mean of their recalls over
    the pages with a reference (tp + fn > 0); a page with neither error counts 1.0; F1 is the harmonic mean of the
    two means (not a mean of per-page F1s, nor a ratio of summed counts).
    """
    precisions: list[float] = []
    recalls: list[float] = []
    for tp, fp, fn in per_document:
        perfect = fp == fn == 0
        if tp + fp > 0:
            precisions.append(1.0 if perfect else tp / (tp + fp))
        if tp + fn > 0:
            recalls.append(1.0 if perfect else tp / (tp + fn))
    p, r = mean(precisions), mean(recalls)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def summed_prf(per_document: Iterable[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the summed (tp, fp, fn) counts of every document (micro average)."""
    tp = fp = fn = 0.0
    for a, b, c in per_document:
        tp, fp, fn = tp + a, fp + b, fn + c
    return prf(tp, fp, fn)


def squash_space(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends (for snippet search)."""
    return " ".join((text or "").split())


def snippets_found(snippets: Iterable[str], text: str) -> tuple[int, int]:
    """How many of ``snippets`` occur in ``text`` after whitespace squashing: (found, total)."""
    haystack = squash_space(text)
    items = [squash_space(s) for s in snippets]
    return sum(1 for s in items if s and s in haystack), len(items)


def lost_to(reference: str, kept: str, elsewhere: str) -> float:
    """Share of ``reference``'s tokens missing from ``kept`` but present in ``elsewhere`` (bag of tokens).

    Used to tell "the article was labelled as comments or boilerplate" apart from "the article was not
    extracted at all": a token of the reference that ``kept`` already accounts for is not counted, so common
    words shared by the article and the page furniture do not inflate the figure.
    """
    ref = Counter(tokens(reference))
    total = sum(ref.values())
    if not total:
        return 0.0
    missing = ref - Counter(tokens(kept))
    return sum((missing & Counter(tokens(elsewhere))).values()) / total


def percentile(values: Iterable[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by linear interpolation between the closest ranks; 0.0 when empty."""
    items = sorted(values)
    if not items:
        return 0.0
    pos = (len(items) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(items) - 1)
    return items[low] + (items[high] - items[low]) * (pos - low)


def column(rows: Iterable[dict[str, object]], key: str) -> list[float]:
    """The numeric values of ``key`` in report rows (booleans count 1/0; missing or empty values are skipped)."""
    out: list[float] = []
    for row in rows:
        value = row.get(key)
        if isinstance(value, bool | int | float):
            out.append(float(value))
    return out

"""Segmentation of plain text into body / comments / boilerplate, scored on a labelled corpus.

The corpus is ``tests/corpus/text/{dev,holdout}/*.txt`` (format and origin: that folder's README): every
non-blank line carries its label (``B|`` body, ``C|`` comments, ``X|`` boilerplate, ``_|`` not scored). Per
document the suite reports character precision / recall / F1 per kind (whitespace ignored), whether the comment
thread starts exactly where the labels say (both "no thread" counts as exact), whether the article was relabelled
as comments (more than 10% of its body characters labelled comments), and how many labelled lines got another
kind. ``python -m tests.eval.suite_text`` prints the table.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass

from tests.eval.base import CORPUS_DIR, SuiteResult
from tests.eval.scoring import mean, range_prf
from workbench.domain.model import Segment, SegmentKind
from workbench.importers.seg_patterns import FAMILIES
from workbench.importers.segments import segment

TEXT_CORPUS = CORPUS_DIR / "text"
LABELS = {"B": SegmentKind.BODY, "C": SegmentKind.COMMENTS, "X": SegmentKind.BOILERPLATE, "_": None}
KINDS = (("body", SegmentKind.BODY), ("comments", SegmentKind.COMMENTS), ("boiler", SegmentKind.BOILERPLATE))
FAST_DOCS = (
    "dev/01-southfront-wpdiscuz", "dev/02-republication-header", "dev/04-bullet-thread",
    "dev/07-counter-at-top", "dev/08-federal-notice", "dev/20-names-only-thread",
)  # fmt: skip
RELABELLED_SHARE = 0.10
FAMILY_ORDER = ("core", "syndication", "appeals", "disclaimers", "prompts", "credits")


@dataclass(frozen=True)
class LabelledLine:
    """One non-blank line of a labelled document: its range in the text (without newline) and its label."""

    start: int
    end: int
    kind: SegmentKind | None  # None: not scored


@dataclass(frozen=True)
class LabelledText:
    """A corpus document: the text ``segment`` sees and the label of every non-blank line."""

    name: str
    text: str
    lines: tuple[LabelledLine, ...]
    meta: dict[str, str]

    def ranges(self, kind: SegmentKind) -> list[tuple[int, int]]:
        """The labelled ranges of one kind."""
        return [(ln.start, ln.end) for ln in self.lines if ln.kind == kind]

    @property
    def thread_start(self) -> int | None:
        """Offset of the first comment line, or None when the document has no thread."""
        return next((ln.start for ln in self.lines if ln.kind == SegmentKind.COMMENTS), None)


def parse_labelled(name: str, source: str) -> LabelledText:
    """Turn a labelled source file into text + line labels.

    Raises:
        ValueError: a non-blank line without a known ``K|`` label.
    """
    meta: dict[str, str] = {}
    parts: list[str] = []
    lines: list[LabelledLine] = []
    pos = 0
    raw_lines = source.split("\n")
    for number, raw in enumerate(raw_lines, 1):
        if raw.startswith("%%"):
            key, _, value = raw[2:].partition(":")
            meta[key.strip()] = value.strip()
            continue
        if not raw.strip():
            content = ""
        elif len(raw) >= 2 and raw[1] == "|" and raw[0] in LABELS:
            content = raw[2:]
            lines.append(LabelledLine(pos, pos + len(content), LABELS[raw[0]]))
        else:
            raise ValueError(f"{name}:{number}: line without a label: {raw[:60]!r}")
        parts.append(content)
        pos += len(content) + 1
    return LabelledText(name, "\n".join(parts), tuple(lines), meta)


def load_corpus(subset: str | None = None) -> list[LabelledText]:
    """Load ``dev`` and ``holdout`` documents (or one of them), sorted by name."""
    docs = []
    for folder in ("dev", "holdout") if subset is None else (subset,):
        for path in sorted((TEXT_CORPUS / folder).glob("*.txt")):
            name = f"{folder}/{path.stem}"
            docs.append(parse_labelled(name, path.read_text(encoding="utf-8")))
    return docs


def predicted_kinds(doc: LabelledText, segments: Iterable[Segment]) -> list[SegmentKind]:
    """The predicted kind of each labelled line (the kind at its first character)."""
    segs = list(segments)
    kinds = []
    index = 0
    for ln in doc.lines:
        while index < len(segs) and segs[index].end <= ln.start:
            index += 1
        kinds.append(segs[index].kind if index < len(segs) else SegmentKind.BODY)
    return kinds


def score_document(doc: LabelledText, segments: tuple[Segment, ...]) -> dict[str, object]:
    """One row of the table for one document."""
    unscored = [(ln.start, ln.end) for ln in doc.lines if ln.kind is None]
    row: dict[str, object] = {"doc": doc.name}
    for label, kind in KINDS:
        predicted = _minus([(s.start, s.end) for s in segments if s.kind == kind], unscored)
        p, r, f = range_prf(doc.ranges(kind), predicted, doc.text)
        row[f"{label}_p"], row[f"{label}_r"], row[f"{label}_f1"] = round(p, 3), round(r, 3), round(f, 3)
    row["thread_exact"] = 1.0 if _thread_start(doc.text, segments) == doc.thread_start else 0.0
    body = doc.ranges(SegmentKind.BODY)
    as_comments = range_prf(body, [(s.start, s.end) for s in segments if s.kind == SegmentKind.COMMENTS], doc.text)
    row["relabelled"] = 1.0 if as_comments[1] > RELABELLED_SHARE else 0.0
    kinds = predicted_kinds(doc, segments)
    row["lines_wrong"] = float(sum(1 for ln, k in zip(doc.lines, kinds, strict=True) if ln.kind not in (None, k)))
    return row


def _thread_start(text: str, segments: tuple[Segment, ...]) -> int | None:
    for s in segments:
        if s.kind == SegmentKind.COMMENTS:
            offset = s.start
            while offset < s.end and text[offset].isspace():
                offset += 1
            return offset
    return None


def _minus(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges with the holes cut out (both sorted)."""
    out = []
    for start, end in ranges:
        pos = start
        for h_start, h_end in holes:
            if h_end <= pos or h_start >= end:
                continue
            if h_start > pos:
                out.append((pos, h_start))
            pos = max(pos, h_end)
        if pos < end:
            out.append((pos, end))
    return out


COLUMNS = [
    "body_p", "body_r", "body_f1", "comments_p", "comments_r", "comments_f1",
    "boiler_p", "boiler_r", "boiler_f1", "thread_exact", "relabelled", "lines_wrong",
]  # fmt: skip


def summarise(rows: list[dict[str, object]]) -> dict[str, float]:
    """Means of every column, and the macro F1 (mean of the three kinds' F1)."""
    summary = {col: round(mean(_number(r[col]) for r in rows), 3) for col in COLUMNS}
    summary["macro_f1"] = round(mean((summary["body_f1"], summary["comments_f1"], summary["boiler_f1"])), 3)
    summary["relabelled"] = sum(_number(r["relabelled"]) for r in rows)
    summary["lines_wrong"] = sum(_number(r["lines_wrong"]) for r in rows)
    return summary


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def family_gains(docs: list[LabelledText]) -> dict[str, float]:
    """Macro F1 with the boilerplate rule families added one by one, and with each one left out.

    "core" alone already includes the comment-thread finder (it has no family switch).
    """
    gains: dict[str, float] = {}
    enabled: set[str] = set()
    for family in FAMILY_ORDER:
        enabled.add(family)
        rows = [score_document(d, segment(d.text, families=frozenset(enabled))) for d in docs]
        gains[f"macro_f1 with {'+'.join(sorted(enabled, key=FAMILY_ORDER.index))}"] = summarise(rows)["macro_f1"]
    for family in FAMILY_ORDER[1:]:
        rows = [score_document(d, segment(d.text, families=FAMILIES - {family})) for d in docs]
        gains[f"macro_f1 without {family}"] = summarise(rows)["macro_f1"]
    return gains


def evaluate(fast: bool) -> SuiteResult:
    """Score ``segment`` on the labelled text corpus (a fixed subset when ``fast``)."""
    docs = load_corpus()
    if fast:
        docs = [d for d in docs if d.name in FAST_DOCS]
    rows = [score_document(doc, segment(doc.text)) for doc in docs]
    summary = summarise(rows)
    for subset in ("dev", "holdout"):
        part = [r for r in rows if str(r["doc"]).startswith(subset + "/")]
        if part and not fast:
            sub = summarise(part)
            summary[f"{subset} macro_f1"] = sub["macro_f1"]
            summary[f"{subset} thread_exact"] = sub["thread_exact"]
            summary[f"{subset} relabelled"] = sub["relabelled"]
    if not fast:
        summary.update(family_gains(docs))
    return SuiteResult(
        name="text",
        title="Segmentation of plain text (body / comments / boilerplate)",
        columns=COLUMNS,
        rows=rows,
        summary=summary,
        notes=[
            "Corpus: tests/corpus/text (dev: rules tuned on it; holdout: written after, only measured).",
            "P/R/F1 over characters, whitespace ignored; thread_exact: first comment character where labelled;",
            "relabelled: > 10% of body characters labelled comments; lines_wrong: labelled lines of another kind.",
            "macro_f1 with/without <families>: boilerplate rule families (workbench/importers/seg_patterns.py).",
        ],
    )


def format_table(result: SuiteResult) -> str:
    """A plain-text table of a result (for the command line)."""
    head = ["doc", *result.columns]
    widths = [max(len(h), 34 if i == 0 else 5) for i, h in enumerate(head)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True))]
    for row in result.rows:
        cells = [str(row["doc"])] + [_fmt(row[c]) for c in result.columns]
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    lines.append("")
    lines.extend(f"{key}: {_fmt(value)}" for key, value in result.summary.items())
    return "\n".join(lines)


def _fmt(value: object) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def main(argv: list[str]) -> int:
    """Print the suite's table; ``--fast`` for the subset."""
    print(format_table(evaluate("--fast" in argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


"""Formatting of suite results: console tables, a Markdown report and a JSON report."""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Sequence

from tests.eval.base import SuiteResult

_MAX_CELL = 60


def cell(value: object) -> str:
    """One table cell: floats with 3 decimals (whole numbers without), booleans as "yes"/"", text clipped."""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return str(int(value)) if value.is_integer() else f"{value:.3f}"
    text = " ".join(str(value if value is not None else "").split())
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def text_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain, aligned text table."""
    body = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    return "\n".join(lines)


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table (pipes in cells escaped)."""
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(esc(cell(v)) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_rows(result: SuiteResult) -> list[tuple[str, float]]:
    """The summary as (metric, value) pairs, in the suite's order."""
    return list(result.summary.items())


def row_cells(result: SuiteResult) -> tuple[list[str], list[list[object]]]:
    """Header and cells of the per-document table: "doc" then the suite's columns."""
    header = ["doc", *result.columns]
    return header, [[row.get(name, "") for name in header] for row in result.rows]


def console(result: SuiteResult, seconds: float, with_rows: bool) -> str:
    """A suite's summary (and rows, when asked) for the terminal."""
    parts = [f"== {result.name}: {result.title} ({seconds:.1f} s)", *(f"   {n}" for n in result.notes), "",
             text_table(["metric", "value"], summary_rows(result))]
    if with_rows:
        header, cells = row_cells(result)
        parts += ["", text_table(header, cells)]
    return "\n".join(parts) + "\n"


def markdown(results: list[tuple[SuiteResult, float]], failures: dict[str, str], context: dict[str, str]) -> str:
    """The whole run as a Markdown document: context, then per suite its notes, summary and rows."""
    parts = ["# Evaluation report", ""]
    parts += [f"- {key}: {value}" for key, value in context.items()]
    for name, error in failures.items():
        parts += ["", f"## {name}: FAILED", "", "```", error.rstrip(), "```"]
    for result, seconds in results:
        parts += ["", f"## {result.name}: {result.title}", "", f"({seconds:.1f} s)", ""]
        parts += [f"- {note}" for note in result.notes]
        parts += ["", markdown_table(["metric", "value"], summary_rows(result))]
        header, cells = row_cells(result)
        parts += ["", "<details><summary>Per document</summary>", "", markdown_table(header, cells), "",
                  "</details>"]
    return "\n".join(parts) + "\n"


def to_json(results: list[tuple[SuiteResult, float]], failures: dict[str, str], context: dict[str, str]) -> str:
    """The whole run as JSON: {"context", "failures", "suites": {name: {title, summary, notes, columns, rows}}}."""
    suites = {result.name: {**dataclasses.asdict(result), "seconds": seconds} for result, seconds in results}
    return json.dumps({"context": context, "failures": failures, "suites": suites}, ensure_ascii=False, indent=1,
                      default=str) + "\n"

"""What an evaluation suite returns, and how suites are found.

A suite is a module ``tests/eval/suite_<name>.py`` with a function ``evaluate(fast: bool) -> SuiteResult``.
``fast=True`` scores a small, fixed subset (seconds) for ``make test``; ``fast=False`` scores the whole corpus
for ``make eval``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent
CORPUS_DIR = EVAL_DIR.parent / "corpus"


@dataclass
class SuiteResult:
    """Scores of one suite.

    Attributes:
        name: short name, e.g. "html-aeb".
        title: what was scored, for the report heading.
        columns: the metric names shown for each row, in order.
        rows: one dict per document: {"doc": name, <metric>: float | str, ...}.
        summary: aggregate figures (means, or the corpus's own aggregate), metric → value.
        notes: free lines for the report (what the corpus is, how a metric is computed).
    """

    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, object]]
    summary: dict[str, float]
    notes: list[str] = field(default_factory=list)


Evaluate = Callable[[bool], SuiteResult]


def discover() -> dict[str, Evaluate]:
    """Return every suite's ``evaluate`` function by module name (``suite_pdf`` → "pdf")."""
    found: dict[str, Evaluate] = {}
    for info in sorted(pkgutil.iter_modules([str(EVAL_DIR)]), key=lambda i: i.name):
        if info.name.startswith("suite_"):
            module = importlib.import_module(f"tests.eval.{info.name}")
            found[info.name.removeprefix("suite_")] = module.evaluate
    return found

"""Budgets that used to be timed inside ordinary tests (issue 15: every budget is asserted by ``make bench``):
re-anchoring a passage in a long changed document, and importing a twenty-page PDF through the sandbox.

The ordinary tests (tests/unit/domain/test_anchoring.py, tests/unit/importers/test_importers_pdf.py) keep the
correctness checks on the same inputs; the timing lives here.
"""

from __future__ import annotations

import budgets
from pytest_benchmark.fixture import BenchmarkFixture

from tests.corpus.pdf.builders import corpus_pdf
from tests.unit.domain.test_anchoring import OLD, PASSAGE
from workbench.domain.anchoring import reanchor
from workbench.domain.selectors import make_quote
from workbench.importers import import_bytes


def test_reanchor_long_document(benchmark: BenchmarkFixture) -> None:
    """A passage whose words changed, found again in a ~900,000-character new version (fuzzy path)."""
    filler = "Residents of Mayadin reported heavy artillery fire throughout the night. " * 12000
    new = filler + OLD.replace("villlage", "village") + filler
    start = OLD.index(PASSAGE)
    quote = make_quote(OLD, start, start + len(PASSAGE))
    anchor = benchmark.pedantic(reanchor, args=(new, quote, start, len(OLD)), rounds=3, iterations=1)
    assert anchor is not None and new[anchor.start:anchor.end] == PASSAGE.replace("villlage", "village")
    budgets.check(benchmark)


def test_import_pdf_twenty_pages(benchmark: BenchmarkFixture) -> None:
    """A twenty-page PDF imported through the sandbox (its worker process warm, as after the first import)."""
    data = corpus_pdf("digest-twenty-pages")
    import_bytes(data, "warm-up.pdf")
    doc = benchmark.pedantic(import_bytes, args=(data, "digest.pdf"), rounds=3, iterations=1)
    assert doc.text.count("Page ") >= 21
    budgets.check(benchmark)

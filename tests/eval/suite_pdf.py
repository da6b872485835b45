"""PDF import scored on ``tests/corpus/pdf``: generated PDFs with exact reference text, real ones with expectations.

Per PDF (``<name>.pdf`` with ``<name>.expect.json``, and for some a reference body text ``<name>.txt``):

* ``f1``: body token F1 against the reference text (body = the text outside boilerplate segments);
* ``join``: line-join accuracy, the share of reference sentences (six words or more) and of the expected
  "joined" snippets found intact in the text, i.e. without a line break or a stray hyphen inside (the whole
  text, so that a byline the segmenter calls boilerplate does not count as a join error);
* ``hyphen``: hyphenation errors: "pro- posed" or "pro-\\nposed" left in the text, plus (generated PDFs)
  words the typesetter hyphenated that did not come back whole, and compounds that lost their hyphen;
* ``leaks``: page furniture (running heads, page numbers, line numbers) found as a line of the body;
* ``search``: the share of expected search strings found in the text (ligatures, Arabic words, numbers);
* ``arabic``: "yes" when every Arabic search string is found, "no" otherwise, "" for other PDFs;
* ``meta``: the share of expected title / author / published values matched;
* ``s/page``: seconds per page of ``extract_pdf`` in this process (the parser's work, no child process).

Encrypted PDFs are expected to be refused with "is encrypted"; the row says whether they were. The summary
adds ``isolated_s_20p``: the whole import of the 21-page document through the sandboxed child process.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.eval.base import CORPUS_DIR, SuiteResult
from tests.eval.scoring import mean, token_prf, tokens

PDF_DIR = CORPUS_DIR / "pdf"
FAST = ("bulletin-two-column", "arabic-dispatch", "crazyones", "scotus-transcript-p1", "r6-empty-password")
COLUMNS = ["f1", "join", "hyphen", "leaks", "search", "arabic", "meta", "s/page", "outcome"]
_SENTENCE_RE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"])")
_LEFTOVER_RE = re.compile(r"[^\W\d_][-\u00ad]\s+[a-z]")
_ARABIC_RE = re.compile("[\u0600-\u06ff]")
Extract = Callable[[bytes, str], Any]


@dataclass
class Case:
    """One PDF of the corpus and what is known about it."""

    name: str
    pdf: Path
    expect: dict[str, Any]
    reference: str | None = None
    generated: bool = False
    notes: list[str] = field(default_factory=list)


def cases(fast: bool = False) -> list[Case]:
    """The corpus, generated PDFs first; ``fast`` keeps a few small ones."""
    found: list[Case] = []
    for folder, generated in ((PDF_DIR / "generated", True), (PDF_DIR / "real", False)):
        for expect_path in sorted(folder.glob("*.expect.json")):
            name = expect_path.name.removesuffix(".expect.json")
            if fast and name not in FAST:
                continue
            reference = folder / f"{name}.txt"
            found.append(Case(name, folder / f"{name}.pdf", json.loads(expect_path.read_text(encoding="utf-8")),
                              reference.read_text(encoding="utf-8") if reference.exists() else None, generated))
    return found


def body_text(doc: Any) -> str:
    """The text outside boilerplate segments, segment by segment."""
    return "".join(doc.text[s.start:s.end] for s in doc.segments if s.kind.value != "boilerplate")


def sentences(reference: str) -> list[str]:
    """The reference's sentences of six words or more."""
    out = []
    for paragraph in reference.split("\n\n"):
        for sentence in _SENTENCE_RE.split(paragraph.strip()):
            if len(sentence.split()) >= 6:
                out.append(sentence.strip())
    return out


def join_score(body: str, case: Case) -> float | str:
    wanted = sentences(case.reference or "") + list(case.expect.get("joined", []))
    if not wanted:
        return ""
    return sum(1 for s in wanted if s in body) / len(wanted)


def hyphen_errors(body: str, case: Case) -> int:
    errors = len(_LEFTOVER_RE.findall(body))
    if case.generated and case.reference is not None:
        found, expected = Counter(tokens(body)), Counter(tokens(case.reference))
        for word in {h[2].strip(".,;:!?\"”’()") for h in case.expect.get("hyphenated", [])}:
            if "-" in word:  # a compound: it must keep its hyphen
                errors += max(0, case.reference.count(word) - body.count(word))
            else:
                errors += max(0, expected[word.lower()] - found[word.lower()])
    return errors


def furniture_leaks(body: str, case: Case) -> int:
    furniture = set(case.expect.get("furniture", []))
    return sum(1 for line in body.split("\n") if line.strip() in furniture)


def meta_score(doc: Any, case: Case) -> float | str:
    checked = [k for k in ("title", "author", "published") if k in case.expect]
    if not checked:
        return ""
    return sum(1 for k in checked if getattr(doc.metadata, k) == case.expect[k]) / len(checked)


def score(case: Case, extract: Extract) -> dict[str, object]:
    """Import one PDF and score it."""
    from workbench.errors import ImportRejected

    row: dict[str, object] = {"doc": case.name}
    data = case.pdf.read_bytes()
    started = time.perf_counter()
    try:
        doc = extract(data, case.pdf.name)
    except ImportRejected as exc:
        wanted = case.expect.get("rejected", "")
        row["outcome"] = "refused as expected" if wanted and exc.reason.startswith(wanted) else f"refused: {exc.reason}"
        return row
    elapsed = time.perf_counter() - started
    if "rejected" in case.expect:
        row["outcome"] = "opened, but should be refused"
        return row
    body = body_text(doc)
    pages = int(case.expect.get("pages", 0)) or _page_count(data)
    searches = list(case.expect.get("searches", []))
    arabic = [s for s in searches if _ARABIC_RE.search(s)]
    row.update({
        "f1": round(token_prf(case.reference, body)[2], 4) if case.reference is not None else "",
        "join": _round(join_score(doc.text, case)),
        "hyphen": hyphen_errors(doc.text, case),
        "leaks": furniture_leaks(body, case),
        "search": round(sum(1 for s in searches if s in doc.text) / len(searches), 4) if searches else "",
        "arabic": ("yes" if all(s in doc.text for s in arabic) else "no") if arabic else "",
        "meta": _round(meta_score(doc, case)),
        "s/page": round(elapsed / max(pages, 1), 4),
        "outcome": "ok",
    })
    return row


def _round(value: float | str) -> float | str:
    return round(value, 4) if isinstance(value, float) else value


def _page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    try:
        return len(pdfium.PdfDocument(data))
    except pdfium.PdfiumError:
        return 1


def _numbers(rows: list[dict[str, object]], column: str) -> list[float]:
    return [float(v) for r in rows if isinstance(v := r.get(column), int | float)]


def isolated_seconds(name: str = "digest-twenty-pages") -> float:
    """Wall-clock seconds of a whole sandboxed import (child process included) of a generated PDF."""
    from workbench.importers.pdf import extract_pdf_isolated

    data = (PDF_DIR / "generated" / f"{name}.pdf").read_bytes()
    started = time.perf_counter()
    extract_pdf_isolated(data, f"{name}.pdf")
    return time.perf_counter() - started


def evaluate(fast: bool, extract: Extract | None = None) -> SuiteResult:
    """Score the PDF importer.

    Args:
        fast: a few small PDFs only (seconds), for ``make test``.
        extract: the importer to score (default: ``workbench.importers.pdf.extract_pdf``); the baseline
            figures in the report were made by passing the previous importer.

    Returns:
        The per-PDF rows and the summary.
    """
    if extract is None:
        from workbench.importers.pdf import extract_pdf

        extract = extract_pdf
    importer: Extract = extract
    rows = [score(case, importer) for case in cases(fast)]
    opened = [r for r in rows if r.get("outcome") == "ok"]
    arabic = [r["arabic"] for r in opened if r.get("arabic")]
    summary = {
        "f1": round(mean(_numbers(opened, "f1")), 4),
        "join": round(mean(_numbers(opened, "join")), 4),
        "hyphen_errors": sum(_numbers(opened, "hyphen")),
        "furniture_leaks": sum(_numbers(opened, "leaks")),
        "search": round(mean(_numbers(opened, "search")), 4),
        "arabic_searchable": sum(1 for a in arabic if a == "yes") / len(arabic) if arabic else 0.0,
        "meta": round(mean(_numbers(opened, "meta")), 4),
        "s_per_page": round(mean(_numbers(opened, "s/page")), 4),
        "refusals_right": sum(1 for r in rows if r.get("outcome") in ("ok", "refused as expected")) / len(rows),
    }
    if not fast:
        summary["isolated_s_20p"] = round(isolated_seconds(), 3)
    notes = [f"{len(rows)} PDFs ({sum(1 for c in cases(fast) if c.generated)} generated with known text); "
             "corpus and licences: tests/corpus/pdf/*/ORIGIN.md.",
             "f1/join/hyphen/leaks as defined in tests/eval/suite_pdf.py; s/page without the child process."]
    return SuiteResult("pdf", "PDF text as a person would copy it", COLUMNS, rows, summary, notes)


if __name__ == "__main__":
    result = evaluate(fast=False)
    for r in result.rows:
        print(" | ".join(str(r.get(c, "")) for c in ["doc", *COLUMNS]))
    print(result.summary)

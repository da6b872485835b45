"""Main text of varied web pages: 150 pages of trafilatura's own evaluation set, scored by its snippet expectations.

Each page lists snippets its main text must contain ("with": typically the first and last sentences and a hard
part in between) and snippets it must not ("without": navigation, dates, related links, comments, footers).
A snippet is looked up in the extracted text after whitespace squashing. Per page and system: ``with`` = share of
"with" snippets found, ``without`` = share of "without" snippets absent. The corpus figures are trafilatura's
own: precision, recall, accuracy and F1 over the summed counts (tp = "with" found, fn = "with" missing, fp =
"without" present, tn = "without" absent).

For the pages whose annotation also lists comment snippets, ``comments_in_comments`` is the share of them that our
importer put in its COMMENTS segments (trafilatura's set expects them out of the main text).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.eval.base import CORPUS_DIR, SuiteResult
from tests.eval.html_systems import import_page, read_page, run_readability, run_trafilatura
from tests.eval.scoring import column, mean, median, percentile, snippets_found

TRAFILATURA_DIR = CORPUS_DIR / "html" / "trafilatura"
SYSTEMS = ("ours", "traf", "read")
# A fixed subset for ``fast``, drawn once at random: 3 of the pages with comment snippets and 12 others (German,
# English, Polish, Spanish news, blogs, a journal). Stored file names.
FAST = (
    "0a4a8ab61c054192b1ec70cc3570cf45.html.gz",
    "Maciej-Krzysztoszek-rzecznik-prasowy-Amica-mened-er-komunika-add2272a.html.gz",
    "colours-of-the-soul.alhelm.net.html.gz",
    "flawlessfood.co.uk.olive.html.gz",
    "internetchemie.info.Heliumkerne.html.gz",
    "journals.univie.ac.at.submissions.html.gz",
    "juraforum.de-Wohngeld.html.gz",
    "larepublica.pe-minedu.html.gz",
    "lsvd.de-afghanistan.html.gz",
    "phillyvoice.com-Sixers.html.gz",
    "schimmverband.at-weltmeisterschaft.html.gz",
    "seelenradio.de.leo.html.gz",
    "t3n.de-Laufzeit.html.gz",
    "unterwegsinberlin.de.friedrichsfelde.html.gz",
    "verbaende.com.2023.html.gz",
)


def expectations() -> list[dict[str, object]]:
    """The stored pages and their expectations (see tests/corpus/html/trafilatura/ORIGIN.md)."""
    data = json.loads((TRAFILATURA_DIR / "expectations.json").read_text(encoding="utf-8"))
    pages: list[dict[str, object]] = data["pages"]
    return pages


def select(pages: list[dict[str, object]], fast: bool) -> list[dict[str, object]]:
    """All pages, or the ``FAST`` subset (pages of the subset missing from the corpus are an error)."""
    if not fast:
        return pages
    by_file = {str(page["file"]): page for page in pages}
    missing = [name for name in FAST if name not in by_file]
    if missing:
        raise ValueError(f"fast subset: not in the corpus: {missing}")
    return [by_file[name] for name in FAST]


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def score_page(page: dict[str, object]) -> dict[str, object]:
    """One row: each system's share of "with" snippets found and of "without" snippets absent, and raw counts."""
    path: Path = TRAFILATURA_DIR / "html" / str(page["file"])
    ours = import_page(path)
    data = read_page(path)
    traf, read = run_trafilatura(data), run_readability(data)
    texts = {"ours": ours.body, "traf": traf.text, "read": read.text}
    with_, without = _strings(page["with"]), _strings(page["without"])
    row: dict[str, object] = {"doc": str(page["file"]).removesuffix(".html.gz")[:48]}
    for system, text in texts.items():
        found, n_with = snippets_found(with_, text)
        present, n_without = snippets_found(without, text)
        row |= {f"{system}_with": found / n_with if n_with else 1.0,
                f"{system}_without": 1 - present / n_without if n_without else 1.0,
                f"{system}_tp": found, f"{system}_fn": n_with - found,
                f"{system}_fp": present, f"{system}_tn": n_without - present}
    comments = _strings(page.get("comments"))
    in_comments, n_comments = snippets_found(comments, ours.comments)
    row["comments_in_comments"] = in_comments / n_comments if n_comments else ""
    errors = [ours.error] + [f"{name}: {res.error}" for name, res in (("traf", traf), ("read", read)) if res.error]
    row |= {"crashed": ours.crashed, "rejected": ours.rejected, "seconds": ours.seconds,
            "extraction": ours.extraction, "error": "; ".join(e for e in errors if e), "url": page.get("url", "")}
    return row


def _corpus_scores(rows: list[dict[str, object]], system: str) -> dict[str, float]:
    tp, fp, fn, tn = (sum(column(rows, f"{system}_{k}")) for k in ("tp", "fp", "fn", "tn"))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fp + fn + tn
    return {
        f"{system}_f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        f"{system}_precision": precision,
        f"{system}_recall": recall,
        f"{system}_accuracy": (tp + tn) / total if total else 0.0,
        f"{system}_with_mean": mean(column(rows, f"{system}_with")),
        f"{system}_without_mean": mean(column(rows, f"{system}_without")),
    }


def evaluate(fast: bool) -> SuiteResult:
    """Score every stored page (or the fast subset) with the three systems."""
    rows = [score_page(page) for page in select(expectations(), fast)]
    summary: dict[str, float] = {}
    for system in SYSTEMS:
        summary |= _corpus_scores(rows, system)
    seconds = column(rows, "seconds")
    summary |= {
        "pages": float(len(rows)),
        "crashed": sum(column(rows, "crashed")),
        "rejected": sum(column(rows, "rejected")),
        "fallback_used": float(sum(bool(row["extraction"]) for row in rows)),
        "comments_pages": float(len(column(rows, "comments_in_comments"))),
        "comments_in_comments": mean(column(rows, "comments_in_comments")),
        "import_s_median": median(seconds),
        "import_s_p95": percentile(seconds, 95),
    }
    return SuiteResult(
        name="html_trafilatura",
        title="HTML main text: trafilatura's evaluation pages (must / must-not snippets), ours vs trafilatura vs "
              "readability-lxml",
        columns=["ours_with", "ours_without", "traf_with", "traf_without", "read_with", "read_without",
                 "comments_in_comments", "crashed", "rejected", "seconds", "extraction", "error"],
        rows=rows,
        summary=summary,
        notes=[
            f"{len(rows)} pages{' (fast subset)' if fast else ''} of trafilatura's evaluation set (a fixed random "
            "subset; see the corpus ORIGIN.md). Mostly German, also English, Polish, French and others.",
            "*_f1/precision/recall/accuracy: trafilatura's own aggregate over summed snippet counts. "
            "*_with_mean / *_without_mean: per-page shares, averaged.",
            "Caution: trafilatura is tuned on this set (and our importer uses trafilatura), so it flatters both; "
            "readability-lxml is the neutral comparison here.",
        ],
    )

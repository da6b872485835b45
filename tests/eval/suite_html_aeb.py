"""Article body of real news pages: Zyte's article-extraction-benchmark (181 pages, ground-truth ``articleBody``).

Three systems read each page: our importer (the text of its BODY segments), trafilatura alone and readability-lxml
alone (see ``html_systems``). Each is scored against the ground truth with bag-of-token precision/recall/F1 per
page, and with the benchmark's own measure: normalised 4-gram shingle counts per page, aggregated as the
benchmark's ``evaluate.py`` does (``scoring.aeb_corpus_prf``).

Flags per page: ``crashed`` (the importer raised something other than ImportRejected; scored as an empty
extraction), ``rejected`` (ImportRejected), ``relabelled`` (more than 20% of the ground truth's tokens are missing
from our body but present in our comments/boilerplate segments: the article was extracted, then labelled as
something else).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.eval.base import CORPUS_DIR, SuiteResult
from tests.eval.html_systems import import_page, read_page, run_readability, run_trafilatura
from tests.eval.scoring import (
    aeb_corpus_prf,
    column,
    lost_to,
    mean,
    median,
    percentile,
    shingle_counts,
    summed_prf,
    token_prf,
)

AEB_DIR = CORPUS_DIR / "html" / "aeb"
RELABELLED_SHARE = 0.2
# A fixed subset for ``fast``: 8 of the metadata-labelled pages (ko, pt, ru, ja, id, English under lang=de, two
# authors) and 7 drawn once at random from the rest. Prefixes of the page ids.
FAST = (
    "0ec95c7261d1", "23aaecd14171", "3c6d3381ef52", "85439e26c41c", "f81c6c05d9cb", "65bf3048b500", "776a1c046798",
    "21486419bb10", "65ce3a4577a0", "05844573ca7e", "ec3878db7e49", "14cc2a0ca59c", "57b4dafd18cf", "7a457a4f7173",
    "06ee193de4bd",
)  # fmt: skip
COLUMNS = [
    "f1", "precision", "recall", "shingle_f1", "traf_f1", "read_f1", "lost_to_nonbody", "relabelled", "crashed",
    "rejected", "seconds", "extraction", "error",
]  # fmt: skip


def ground_truth() -> dict[str, dict[str, str]]:
    """The benchmark's ground truth: page id → {"articleBody": ..., "url": ...}."""
    data: dict[str, dict[str, str]] = json.loads((AEB_DIR / "ground-truth.json").read_text(encoding="utf-8"))
    return data


def page_path(page_id: str) -> Path:
    """The stored (gzipped) HTML of a page."""
    return AEB_DIR / "html" / f"{page_id}.html.gz"


def select(ids: list[str], fast: bool) -> list[str]:
    """All page ids, or the ``FAST`` subset (each prefix must name exactly one page)."""
    if not fast:
        return sorted(ids)
    chosen = []
    for prefix in FAST:
        matches = [i for i in ids if i.startswith(prefix)]
        if len(matches) != 1:
            raise ValueError(f"fast subset: {prefix!r} matches {len(matches)} pages")
        chosen.append(matches[0])
    return sorted(chosen)


def score_page(page_id: str, item: dict[str, str]) -> tuple[dict[str, object], dict[str, tuple[float, float, float]]]:
    """One row of the table and the three systems' normalised shingle counts for the corpus aggregate."""
    truth = item["articleBody"]
    path = page_path(page_id)
    ours = import_page(path)
    data = read_page(path)
    traf, read = run_trafilatura(data), run_readability(data)
    p, r, f = token_prf(truth, ours.body)
    counts = {"ours": shingle_counts(truth, ours.body), "traf": shingle_counts(truth, traf.text),
              "read": shingle_counts(truth, read.text)}
    lost = lost_to(truth, ours.body, ours.comments + "\n" + ours.boilerplate)
    errors = [ours.error] + [f"{name}: {res.error}" for name, res in (("traf", traf), ("read", read)) if res.error]
    row: dict[str, object] = {
        "doc": page_id[:12],
        "f1": f,
        "precision": p,
        "recall": r,
        "shingle_f1": summed_prf([counts["ours"]])[2],
        "shingle_tp": counts["ours"][0],
        "shingle_fp": counts["ours"][1],
        "shingle_fn": counts["ours"][2],
        "traf_f1": token_prf(truth, traf.text)[2],
        "read_f1": token_prf(truth, read.text)[2],
        "lost_to_nonbody": lost,
        "relabelled": lost > RELABELLED_SHARE,
        "crashed": ours.crashed,
        "rejected": ours.rejected,
        "seconds": ours.seconds,
        "traf_seconds": traf.seconds,
        "read_seconds": read.seconds,
        "extraction": ours.extraction,
        "error": "; ".join(e for e in errors if e),
        "url": item.get("url", ""),
    }
    return row, counts


def evaluate(fast: bool) -> SuiteResult:
    """Score every page (or the fast subset) with the three systems."""
    truth = ground_truth()
    rows: list[dict[str, object]] = []
    counts: dict[str, list[tuple[float, float, float]]] = {"ours": [], "traf": [], "read": []}
    for page_id in select(list(truth), fast):
        row, page_counts = score_page(page_id, truth[page_id])
        rows.append(row)
        for system, value in page_counts.items():
            counts[system].append(value)
    summary: dict[str, float] = {}
    for system, f1_column in (("ours", "f1"), ("traf", "traf_f1"), ("read", "read_f1")):
        p, r, f = aeb_corpus_prf(counts[system])
        summary |= {f"{system}_aeb_f1": f, f"{system}_aeb_precision": p, f"{system}_aeb_recall": r,
                    f"{system}_summed_shingle_f1": summed_prf(counts[system])[2],
                    f"{system}_mean_f1": mean(column(rows, f1_column)),
                    f"{system}_median_f1": median(column(rows, f1_column))}
    seconds = column(rows, "seconds")
    summary |= {
        "pages": float(len(rows)),
        "crashed": sum(column(rows, "crashed")),
        "rejected": sum(column(rows, "rejected")),
        "relabelled": sum(column(rows, "relabelled")),
        "fallback_used": float(sum(bool(row["extraction"]) for row in rows)),
        "import_s_median": median(seconds),
        "import_s_p95": percentile(seconds, 95),
        "traf_s_median": median(column(rows, "traf_seconds")),
        "read_s_median": median(column(rows, "read_seconds")),
    }
    return SuiteResult(
        name="html_aeb",
        title="HTML article body: article-extraction-benchmark (Zyte), ours vs trafilatura vs readability-lxml",
        columns=COLUMNS,
        rows=rows,
        summary=summary,
        notes=[
            f"{len(rows)} pages{' (fast subset)' if fast else ''}; ground truth: the benchmark's articleBody.",
            "*_aeb_f1/precision/recall: the benchmark's own measure (4-gram shingles, normalised per page; mean "
            "per-page precision and recall over the corpus, F1 of the two means). Tokens are lower-cased here, the "
            "benchmark's are not (a negligible difference).",
            "*_mean_f1/median_f1: bag-of-token F1 per page. ours = text of our BODY segments; traf = "
            "trafilatura.extract defaults; read = readability-lxml Document.summary() text.",
            f"relabelled: > {RELABELLED_SHARE:.0%} of the truth's tokens missing from our body but present in our "
            "comments/boilerplate. crashed pages score 0. fallback_used: pages our importer extracted by a "
            "fallback (JSON-LD or visible text).",
        ],
    )

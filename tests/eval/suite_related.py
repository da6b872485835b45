"""Related passages (``ops.search.related_passages``), scored on claims a person linked by hand.

The corpus is ``tests/fixtures/related``: short articles in the seeds' style about overlapping events (the same
villages, forces and dates under different transliterations: Khasham / Khusham / Ksham, Mayadin / al-Mayadeen,
Hajin / Hajeen, Deir Ezzor / Deir ez-Zor / Dayr az Zawr, ISIS / ISIL / Daesh), and ``labels.json``: claims
(document + quote) each with the sentences of other articles a fact-checker would link. No entity is created: the
suite measures what works out of the box.

Per claim: ``p_at_5`` — of the first five suggestions (fewer when fewer are made), the share that overlaps a
labelled passage (0 when nothing is suggested); ``r_at_10`` — the share of labelled passages overlapped by one of
the first ten suggestions; ``found`` — suggestions made (the review's complaint was claims with none).
``python -m tests.eval.suite_related`` prints the table.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from tests.eval.base import EVAL_DIR, SuiteResult
from tests.eval.scoring import mean

FIXTURES = EVAL_DIR.parent / "fixtures" / "related"
COLUMNS = ["p_at_5", "r_at_10", "found", "labelled"]


def load_labels() -> list[dict[str, object]]:
    """The labelled claims (see ``labels.json``)."""
    data = json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))
    claims: list[dict[str, object]] = data["claims"]
    return claims


def _overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def score_claim(suggested: list[tuple[str, int, int]], labelled: list[tuple[str, int, int]]) -> dict[str, float]:
    """Precision of the first five suggestions, recall of the first ten (ranges overlap = same passage)."""
    top5 = suggested[:5]
    good = sum(1 for s in top5 if any(_overlaps(s, g) for g in labelled))
    found = sum(1 for g in labelled if any(_overlaps(s, g) for s in suggested[:10]))
    return {"p_at_5": round(good / len(top5), 3) if top5 else 0.0,
            "r_at_10": round(found / len(labelled), 3) if labelled else 1.0,
            "found": float(len(suggested)), "labelled": float(len(labelled))}


def run(folder: Path = FIXTURES, *, variants: bool = True) -> list[dict[str, object]]:
    """Import the articles into a new project, make each labelled claim, score its related passages
    (``variants=False``: without the automatic spelling groups and well-known names, the user's entities only)."""
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops
    from workbench.ops import search as search_ops
    from workbench.ops.project import create_project

    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        project = create_project(Path(tmp) / "eval.fcw")
        try:
            outcomes, _ = doc_ops.import_files(project, sorted(folder.glob("*.txt")))
            docs = {Path(o.path).stem: o.document_id for o in outcomes}
            for n, item in enumerate(load_labels(), 1):
                doc = docs[str(item["doc"])]
                start, end = claim_ops.locate_quote(project, doc, str(item["quote"]))
                claim_id, _ = claim_ops.create_claim_from_passage(project, doc, start, end)
                labelled = [(docs[d], *claim_ops.locate_quote(project, docs[d], q))
                            for d, q in item["related"]]  # type: ignore[attr-defined]
                suggested = [(r.document_id, r.start, r.end)
                             for r in search_ops.related_passages(project, claim_id, variants=variants)]
                rows.append({"doc": f"{n:02d} {item['doc']}", **score_claim(suggested, labelled)})
        finally:
            project.close()
    return rows


def evaluate(fast: bool) -> SuiteResult:
    """Score related passages on every labelled claim (the corpus is small: ``fast`` runs it all)."""
    rows = run()
    plain = run(variants=False)
    summary = {
        "precision_at_5": round(mean(float(r["p_at_5"]) for r in rows), 3),  # type: ignore[arg-type]
        "recall_at_10": round(mean(float(r["r_at_10"]) for r in rows), 3),  # type: ignore[arg-type]
        "claims_with_none": float(sum(1 for r in rows if r["found"] == 0)),
        "precision_at_5 without variants": round(mean(float(r["p_at_5"]) for r in plain), 3),  # type: ignore[arg-type]
        "recall_at_10 without variants": round(mean(float(r["r_at_10"]) for r in plain), 3),  # type: ignore[arg-type]
    }
    return SuiteResult(
        name="related",
        title="Related passages for a claim (out of the box: no entity created)",
        columns=COLUMNS,
        rows=rows,
        summary=summary,
        notes=[
            f"Corpus: tests/fixtures/related ({len(list(FIXTURES.glob('*.txt')))} articles, {len(rows)} claims, "
            f"{int(sum(float(str(r['labelled'])) for r in rows))} linked passages; labels.json).",
            "p_at_5: share of the first five suggestions overlapping a linked passage; r_at_10: share of linked",
            "passages overlapped by one of the first ten suggestions; claims_with_none: claims with no suggestion.",
            "'without variants': the same ranking with the user's entities only (none here).",
        ],
    )


def main() -> int:
    """Print the table."""
    result = evaluate(True)
    for row in result.rows:
        print("  ".join(f"{row[c]}" for c in ["doc", *COLUMNS]))
    for key, value in result.summary.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

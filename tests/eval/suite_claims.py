"""Claim finder (workbench/domain/claim_finder.py), scored on a labelled set of short articles.

The corpus is ``tests/fixtures/claims/{dev,holdout}/NAME.txt`` with ``NAME.json`` beside it (format: that folder's
README): the claims a fact-checker would pick (a piece of the sentence + the claimant) and the sources already in
the registry. ``holdout`` was written and labelled before the rules were changed and is never tuned on.

Per article and per split:
- precision: proposed suggestions (not marked opinion or headline) whose sentence holds a labelled claim;
- recall: labelled claims found by a proposed suggestion;
- claimant: of the labelled claims found, those whose claimant is right (the label or one of its ``accept``
  spellings; case, a leading article and punctuation ignored);
- top3: precision of each article's three best-ranked proposals (the check-worthiness order).

``python -m tests.eval --suite claims --rows`` prints the table.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from tests.eval.base import EVAL_DIR, SuiteResult
from tests.eval.scoring import mean
from workbench.domain.claim_finder import find_attributions, rank

CLAIMS_DIR = EVAL_DIR.parent / "fixtures" / "claims"
COLUMNS = ["proposed", "labelled", "precision", "recall", "claimant", "top3"]
MARKED = {"opinion", "headline", "vague"}
# Before the rules of issue 12 (points 3 and 5): the same corpus scored with the claim finder as it was.
BEFORE = {
    "dev precision": 0.746, "dev recall": 0.981, "dev claimant": 0.472, "dev top3": 0.75,
    "holdout precision": 0.773, "holdout recall": 0.944, "holdout claimant": 0.265, "holdout top3": 0.778,
}


@dataclass(frozen=True)
class Article:
    """One labelled article."""

    name: str
    text: str
    claims: tuple[dict[str, object], ...]
    known: tuple[tuple[str, tuple[str, ...]], ...]


def load(split: str) -> list[Article]:
    """The labelled articles of one split, by name."""
    out = []
    for path in sorted((CLAIMS_DIR / split).glob("*.txt")):
        labels = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        known = tuple((str(k["name"]), tuple(str(a) for a in k.get("aliases", ()))) for k in labels["known_sources"])
        out.append(Article(f"{split}/{path.stem}", path.read_text(encoding="utf-8"), tuple(labels["claims"]), known))
    return out


def norm(name: str) -> str:
    """A claimant name for comparison: case, a leading article and punctuation ignored."""
    name = re.sub(r"[^\w\s-]", " ", name.casefold().replace("’", "'"))
    name = re.sub(r"^(?:the|a|an)\s+", "", " ".join(name.split()))
    return name


def score(article: Article) -> dict[str, object]:
    """The article's row: counts and rates."""
    found = rank(find_attributions(article.text, known=article.known))
    proposed = [s for s in found if getattr(s, "kind", "claim") not in MARKED]
    def holds(s: object, claim: dict[str, object]) -> bool:
        return str(claim["sentence"]) in str(getattr(s, "sentence", ""))

    tp = sum(any(holds(s, c) for c in article.claims) for s in proposed)
    hits = 0
    right = 0
    for claim in article.claims:
        match = next((s for s in proposed if holds(s, claim)), None)
        if match is None:
            continue
        hits += 1
        names = {norm(str(claim["claimant"]))} | {norm(str(a)) for a in claim.get("accept", [])}  # type: ignore[attr-defined]
        right += norm(match.claimant) in names
    top = proposed[:3]
    return {
        "doc": article.name,
        "proposed": float(len(proposed)),
        "labelled": float(len(article.claims)),
        "tp": float(tp), "hits": float(hits), "right": float(right),
        "precision": tp / len(proposed) if proposed else 1.0,
        "recall": hits / len(article.claims) if article.claims else 1.0,
        "claimant": right / hits if hits else 0.0,
        "top3": sum(1 for s in top if any(holds(s, c) for c in article.claims)) / len(top) if top else 0.0,
    }


def summarise(rows: list[dict[str, object]], prefix: str) -> dict[str, float]:
    """Micro-averaged precision, recall and claimant accuracy; mean top-3 precision."""
    def total(key: str) -> float:
        return sum(float(str(r[key])) for r in rows)

    proposed, labelled, hits = total("proposed"), total("labelled"), total("hits")
    return {
        f"{prefix} precision": round(total("tp") / proposed if proposed else 0.0, 3),
        f"{prefix} recall": round(hits / labelled if labelled else 0.0, 3),
        f"{prefix} claimant": round(total("right") / hits if hits else 0.0, 3),
        f"{prefix} top3": round(mean([float(str(r["top3"])) for r in rows]), 3),
    }


def evaluate(fast: bool) -> SuiteResult:
    """Score the claim finder on both splits (the set is small: ``fast`` scores it all too)."""
    rows: list[dict[str, object]] = []
    summary: dict[str, float] = {}
    for split in ("dev", "holdout"):
        part = [score(a) for a in load(split)]
        rows += part
        summary.update(summarise(part, split))
    return SuiteResult(
        name="claims",
        title="Claim finder: attributed claims, claimants, check-worthiness order",
        columns=COLUMNS,
        rows=rows,
        summary=summary,
        notes=[
            "Corpus: tests/fixtures/claims (dev: rules tuned on it; holdout: labelled first, only measured).",
            "precision/recall over suggestions not marked opinion or headline; claimant: right claimant among",
            "the labelled claims found; top3: precision of each article's three best-ranked proposals.",
            "Before issue 12 (3, 5): " + ", ".join(f"{k} {v:.2f}" for k, v in BEFORE.items()),
        ],
    )


if __name__ == "__main__":
    result = evaluate(False)
    for row in result.rows:
        print(row)
    print(result.summary)

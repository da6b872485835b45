"""Metadata of real news pages: 40 article-extraction-benchmark pages, hand-labelled from their visible text.

``tests/corpus/html/aeb/metadata.json`` holds, per page, the headline as shown, the byline's names, the date shown
with the article (YYYY-MM-DD), the language of the text (ISO 639-1) and its direction — read from the page as a
reader sees it, not from its meta tags (two pages are English under ``<html lang="de">``).

Each field scores 1 or 0 per page:

- ``title``: equal after whitespace squashing and case folding; ``title_fuzzy``: rapidfuzz ratio >= 90 on the same.
- ``author``: the same set of names (our author string split on , ; & and "and"/"und"/"e"/"et"/"y", a leading
  "By" dropped, case folded).
- ``published``: the same ISO date string.
- ``language``: the primary subtag of ours (``en`` of ``en-US``), lower-cased, equals the label.
- ``direction``: ``getattr(metadata, "direction", "")``, "" read as "ltr", equals the label.
"""

from __future__ import annotations

import json
import re

from rapidfuzz import fuzz

from tests.eval.base import CORPUS_DIR, SuiteResult
from tests.eval.html_systems import import_page
from tests.eval.scoring import column, mean, squash_space

AEB_DIR = CORPUS_DIR / "html" / "aeb"
FIELDS = ("title", "title_fuzzy", "author", "published", "language", "direction")
FUZZY_RATIO = 90.0
# For ``fast``: the labelled pages that are also in suite_html_aeb's fast subset (imported once for both).
FAST = ("0ec95c7261d1", "23aaecd14171", "3c6d3381ef52", "85439e26c41c", "f81c6c05d9cb", "65bf3048b500",
        "776a1c046798", "21486419bb10")  # fmt: skip
_AUTHOR_SPLIT_RE = re.compile(r"\s*(?:[,;&/]|\b(?:and|und|e|et|y)\b)\s*", re.IGNORECASE)
_BY_RE = re.compile(r"^(?:by|von|por|par|di|da)\s+", re.IGNORECASE)


def labels() -> dict[str, dict[str, object]]:
    """The hand labels: page id → {"title", "author": [names], "published", "language", "direction", ...}."""
    data = json.loads((AEB_DIR / "metadata.json").read_text(encoding="utf-8"))
    pages: dict[str, dict[str, object]] = data["pages"]
    return pages


def norm_title(title: str) -> str:
    """Whitespace squashed and case folded."""
    return squash_space(title).casefold()


def author_names(author: object) -> frozenset[str]:
    """A set of normalised names from a list of names or from one author string ("A, B and C")."""
    items = [str(a) for a in author] if isinstance(author, list | tuple) else _AUTHOR_SPLIT_RE.split(str(author or ""))
    names = (_BY_RE.sub("", squash_space(name)).casefold() for name in items)
    return frozenset(name for name in names if name)


def score_page(page_id: str, want: dict[str, object]) -> dict[str, object]:
    """Import one page (cached) and score each field; the wrong values are listed in ``got``."""
    ours = import_page(AEB_DIR / "html" / f"{page_id}.html.gz")
    row: dict[str, object] = {"doc": page_id[:12]}
    if ours.metadata is None:
        row.update(dict.fromkeys(FIELDS, 0.0))
        row["got"] = f"{ours.status}: {ours.error}"
        return row
    meta = ours.metadata
    got: dict[str, str] = {
        "title": meta.title, "author": meta.author, "published": meta.published,
        "language": meta.language.split("-")[0].lower(), "direction": getattr(meta, "direction", "") or "ltr",
    }
    ok = {
        "title": norm_title(got["title"]) == norm_title(str(want["title"])),
        "title_fuzzy": fuzz.ratio(norm_title(got["title"]), norm_title(str(want["title"]))) >= FUZZY_RATIO,
        "author": author_names(got["author"]) == author_names(want["author"]),
        "published": got["published"] == want["published"],
        "language": got["language"] == want["language"],
        "direction": got["direction"] == want["direction"],
    }
    row.update({name: 1.0 if value else 0.0 for name, value in ok.items()})
    wrong = [f"{name}={got[name]!r} (want {want[name]!r})" for name in got if not ok[name]]
    row["got"] = "; ".join(wrong)
    return row


def evaluate(fast: bool) -> SuiteResult:
    """Score every labelled page (or the fast subset)."""
    wanted = labels()
    ids = sorted(i for i in wanted if not fast or i.startswith(FAST))
    rows = [score_page(page_id, wanted[page_id]) for page_id in ids]
    summary = {name: mean(column(rows, name)) for name in FIELDS}
    exact = [name for name in FIELDS if name != "title_fuzzy"]
    summary["all_fields"] = mean(1.0 if all(row[name] == 1.0 for name in exact) else 0.0 for row in rows)
    summary["pages"] = float(len(rows))
    summary["failed_imports"] = float(sum(1 for row in rows if str(row["got"]).startswith(("crashed", "rejected"))))
    return SuiteResult(
        name="html_metadata",
        title="HTML metadata: 40 article-extraction-benchmark pages, hand-labelled from their visible text",
        columns=[*FIELDS, "got"],
        rows=rows,
        summary=summary,
        notes=[
            f"{len(rows)} pages{' (fast subset)' if fast else ''}; labels in tests/corpus/html/aeb/metadata.json.",
            "Each field is the share of pages where ours equals the label (see the module docstring for the "
            "normalisation); all_fields: title (exact), author, published, language and direction all right.",
            "Every labelled page is left-to-right: direction is only a check that nothing flips it.",
        ],
    )

"""Metadata of plain-text and Markdown articles: title (read or derived), author, publisher, date, URL,
language and writing direction, scored field by field against tests/corpus/metadata/expected.json.

Each corpus file is imported with ``import_bytes`` exactly as the application imports it, and each field
scores 1 when the importer's value equals the expected one (whitespace collapsed), else 0. ``derived``
scores whether "title" is in the document's derived fields exactly when the expected title is derived
from the first sentence (a text with no headline).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.eval.base import CORPUS_DIR, SuiteResult
from tests.eval.scoring import mean
from workbench.importers import import_bytes

METADATA_DIR = CORPUS_DIR / "metadata"
FIELDS = ("title", "derived", "author", "publisher", "published", "url", "language", "direction")
# A fixed, varied subset for ``fast``: headline/no headline, bylines in several shapes, RTL and CJK.
FAST = (
    "02-en-no-headline.txt",
    "04-en-byline-month-glued.txt",
    "06-md-link-byline.md",
    "09-en-multiple-authors.txt",
    "15-en-username-author.txt",
    "16-ar-article.txt",
    "19-he-article.txt",
    "21-fr-article.txt",
    "27-ru-article.txt",
    "29-zh-article.txt",
    "32-md-zh-no-headline.md",
    "36-md-setext.md",
)


def load_expected() -> dict[str, dict[str, object]]:
    """The labelled corpus: file name → expected fields (see the module docstring)."""
    data: dict[str, dict[str, object]] = json.loads((METADATA_DIR / "expected.json").read_text(encoding="utf-8"))
    return data


def _same(expected: object, got: object) -> float:
    return 1.0 if " ".join(str(expected).split()) == " ".join(str(got).split()) else 0.0


def score_file(name: str, expected: dict[str, object]) -> dict[str, object]:
    """Import one corpus file and score each field (1.0 right, 0.0 wrong); wrong values are listed.
    An importer that raises scores 0 on every field and marks the row "crashed"."""
    try:
        doc = import_bytes((METADATA_DIR / name).read_bytes(), name)
    except Exception as exc:  # a crash is scored as every field wrong, and reported
        return {"doc": Path(name).stem, "set": expected.get("set", "dev"), **dict.fromkeys(FIELDS, 0.0),
                "wrong": "crashed", "crashed": True, "error": f"{type(exc).__name__}: {exc}"}
    meta = doc.metadata
    got: dict[str, object] = {
        "title": meta.title, "derived": "title" in doc.derived, "author": meta.author,
        "publisher": meta.publisher, "published": meta.published, "url": meta.url,
        "language": meta.language, "direction": meta.direction,
    }
    want = {**expected, "derived": expected.get("title_derived", False)}
    row: dict[str, object] = {"doc": Path(name).stem, "set": expected.get("set", "dev")}
    wrong = []
    for field in FIELDS:
        row[field] = _same(want.get(field, ""), got[field])
        if not row[field]:
            wrong.append(f"{field}={got[field]!r}")
    row["wrong"] = "; ".join(wrong)
    return row


def evaluate(fast: bool) -> SuiteResult:
    """Score the metadata corpus (``fast``: the fixed subset FAST)."""
    expected = load_expected()
    names = [n for n in expected if n in FAST] if fast else sorted(expected)
    rows = [score_file(name, expected[name]) for name in names]
    summary = {field: mean(float(str(r[field])) for r in rows) for field in FIELDS}
    summary["all fields"] = mean(summary[f] for f in FIELDS)
    summary["documents all right"] = mean(1.0 if not r["wrong"] else 0.0 for r in rows)
    held_out = [r for r in rows if r["set"] == "held-out"]
    if held_out:
        summary["all fields (held-out)"] = mean(float(str(r[f])) for r in held_out for f in FIELDS)
    return SuiteResult(
        name="metadata_text",
        title="Metadata of plain-text and Markdown articles (tests/corpus/metadata)",
        columns=["set", *FIELDS, "wrong"],
        rows=rows,
        summary=summary,
        notes=[
            f"{len(rows)} short labelled articles written for the project (English, Arabic, Persian, Urdu, "
            "Hebrew, German, French, Spanish, Italian, Portuguese, Dutch, Turkish, Russian, Ukrainian, "
            "Chinese, Japanese, Korean), imported with import_bytes.",
            "Each field scores 1 when equal to the label (whitespace collapsed); 'derived' scores whether "
            "the title is marked derived exactly when the text has no headline.",
            "set 'dev': the texts the rules were written against; set 'held-out': written and labelled "
            "afterwards and scored once before any change, so its figure is the honest one.",
        ],
    )

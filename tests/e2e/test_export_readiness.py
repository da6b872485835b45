"""Issue 13, point 1 — publish only what is ready: every publishing format holds the final verdicts only; drafts
only with --include-drafts, and then DRAFT is on every page; a missing ClaimReview field refuses the export with
what to set, exit 2 and nothing written. Outputs are read back with real parsers (html5lib, pypdf, csv, json)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import html5lib
import pytest
from pypdf import PdfReader

from workbench import cli
from workbench.ops import claims as claim_ops
from workbench.ops import documents as doc_ops
from workbench.ops import project as project_ops
from workbench.ops import verdicts

OPS = Path(__file__).resolve().parents[1] / "fixtures" / "ops"
QUOTES = {"final": "captured the grain mill", "review": "denied that the village had changed hands",
          "draft": "the clashes had moved"}
FORMATS = ["html", "pdf", "md", "csv", "claimreview", "annotations", "hypothesis"]


@pytest.fixture(autouse=True)
def _widgets_application(qapp: object) -> None:
    """The PDF export makes a bare QGuiApplication when none exists; tests that come later and drive widgets need a
    QApplication: make that one first, whatever order the tests run in."""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One article, three claims: one final (rated), one in review (rated), one draft (not rated)."""
    path = tmp_path_factory.mktemp("ready") / "ready.fcw"
    project = project_ops.create_project(path)
    try:
        (outcome,), _ = doc_ops.import_files(project, [OPS / "khirbet-nour-clashes.txt"])
        doc = outcome.document_id
        ids = {}
        for status, quote in QUOTES.items():
            start, end = claim_ops.locate_quote(project, doc, quote)
            ids[status], _ = claim_ops.create_claim_from_passage(project, doc, start, end, claimant="Local sources")
        verdicts.set_verdict(project, ids["final"], rating="False", status="final")
        verdicts.set_verdict(project, ids["review"], rating="Misleading", status="review")
    finally:
        project.close()
    return path, ids


@pytest.fixture
def ready(template: tuple[Path, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
          ) -> tuple[Path, dict[str, str]]:
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "ready.fcw"
    path.write_bytes(template[0].read_bytes())
    return path, template[1]


def wb(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def claim_texts(project_path: Path) -> dict[str, str]:
    project = project_ops.open_project(project_path, read_only=True)
    try:
        return {row.claim.id: row.claim.text for row in claim_ops.list_claims(project)}
    finally:
        project.close()


def exported(fmt: str, data: bytes) -> dict[str, Any]:
    """The claim texts (or ids) an output holds, and whether it says DRAFT, read with the format's own parser."""
    if fmt == "html":
        root = html5lib.parse(data, namespaceHTMLElements=False)
        texts = ["".join(a.find(".//h2").itertext()).strip("“”") for a in root.findall(".//article")]
        return {"texts": texts, "draft": "DRAFT — not for publication" in "".join(root.itertext()),
                "json_ld": [json.loads(s.text) for s in root.findall(".//script")]}
    if fmt == "pdf":
        pages = [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]
        return {"pages": pages, "draft": all("DRAFT" in p for p in pages)}
    if fmt == "md":
        text = data.decode()
        return {"text": text, "draft": "**DRAFT — not for publication:**" in text}
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        return {"texts": [r["claim"] for r in rows], "statuses": [r["status"] for r in rows]}
    if fmt == "claimreview":
        reviews = json.loads(data)
        return {"texts": [r["claimReviewed"] for r in reviews], "reviews": reviews}
    collection = json.loads(data)
    return {"collection": collection, "text": json.dumps(collection, ensure_ascii=False)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_publishes_exactly_the_final_verdicts(ready: tuple[Path, dict[str, str]], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    path, ids = ready
    assert wb(capsys, "settings", path, "--base-url", "https://checks.example/khirbet/", "--author", "Desk")[0] == 0
    texts = claim_texts(path)
    final, others = texts[ids["final"]], [texts[ids["review"]], texts[ids["draft"]]]
    if fmt == "hypothesis":  # Hypothesis annotates a web page: the article needs its address
        (doc,) = json.loads(wb(capsys, "list", path, "documents", "--json")[1])
        assert wb(capsys, "document", "set", path, doc["id"], "--url", "https://orontes.example/k")[0] == 0
    out = tmp_path / f"out.{fmt}"
    code, _out, err = wb(capsys, "export", path, "--format", fmt, "-o", out)
    assert code == 0, err
    assert "2 claim(s) without a final verdict were left out" in err
    got = exported(fmt, out.read_bytes())
    if fmt in ("html", "csv", "claimreview"):
        assert got["texts"] == [final]
    elif fmt == "pdf":
        body = "".join("".join(p.split()) for p in got["pages"])
        assert "".join(final.split()) in body and not any("".join(o.split()) in body for o in others)
        assert not any("DRAFT" in p for p in got["pages"])
    elif fmt == "md":
        assert final in got["text"] and not any(o in got["text"] for o in others) and not got["draft"]
    else:
        assert ids["final"] in got["text"] and not any(ids[k] in got["text"] for k in ("review", "draft"))
    if fmt == "html":
        assert not got["draft"] and [r["claimReviewed"] for r in got["json_ld"][0]] == [final]
    if fmt == "claimreview":
        assert "creativeWorkStatus" not in got["reviews"][0]
        assert got["reviews"][0]["url"].startswith("https://checks.example/khirbet/#claim-")


@pytest.mark.parametrize("fmt", ["html", "pdf", "md", "csv", "claimreview"])
def test_include_drafts_exports_every_claim_marked_draft(ready: tuple[Path, dict[str, str]], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    path, ids = ready
    assert wb(capsys, "settings", path, "--base-url", "https://checks.example/khirbet/")[0] == 0
    out = tmp_path / f"out.{fmt}"
    code, stdout, err = wb(capsys, "export", path, "--format", fmt, "-o", out, "--include-drafts", "--json")
    assert code == 0, err
    assert json.loads(stdout)["include_drafts"] is True and "marked DRAFT" in err
    got = exported(fmt, out.read_bytes())
    if fmt == "html":
        assert len(got["texts"]) == 3 and got["draft"]
    elif fmt in ("pdf", "md"):
        assert got["draft"]  # on every page of the PDF
    elif fmt == "csv":
        assert sorted(got["statuses"]) == ["draft", "final", "review"]
    else:  # the draft has no rating: no ClaimReview; the one in review says so
        by_text = {r["claimReviewed"]: r for r in got["reviews"]}
        texts = claim_texts(path)
        assert set(by_text) == {texts[ids["final"]], texts[ids["review"]]}
        assert by_text[texts[ids["review"]]]["creativeWorkStatus"] == "Draft"
        assert "creativeWorkStatus" not in by_text[texts[ids["final"]]]


def test_refusals_name_what_to_set_and_write_nothing(ready: tuple[Path, dict[str, str]], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path, ids = ready
    out = tmp_path / "review.json"
    code, stdout, err = wb(capsys, "export", path, "--format", "claimreview", "-o", out)
    assert (code, stdout) == (2, "") and "set the base URL" in err and "--base-url" in err
    code, stdout, err = wb(capsys, "export", path, "--format", "html", "--claim", ids["draft"], "-o",
                           tmp_path / "r.html")
    assert (code, stdout) == (2, "") and "none of the 1 chosen claim(s) has a final verdict" in err
    assert wb(capsys, "settings", path, "--base-url", "https://checks.example/k/")[0] == 0
    assert wb(capsys, "verdict", path, "--claim", ids["draft"], "--status", "final")[0] == 0  # final, not rated
    code, stdout, err = wb(capsys, "export", path, "--format", "claimreview", "-o", out)
    assert code == 2 and "requires a rating (reviewRating): 1 final claim(s) have none" in err
    assert ids["draft"][:8] in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".json", ".html")) == []
    code, _stdout, err = wb(capsys, "export", path, "--format", "bundle", "-o", tmp_path / "all.json")
    assert code == 0  # the bundle is the project, not a publication: everything, always
    assert len(json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["tables"]["claims"]) == 3

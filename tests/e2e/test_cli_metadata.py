"""`workbench list PROJECT documents`: language and direction, derived titles, the extraction fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench import cli

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "metadata"


def test_list_documents_shows_language_direction_and_derived_fields(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "desk.fcw"
    files = [CORPUS / "16-ar-article.txt", CORPUS / "17-ar-no-headline.txt", CORPUS / "01-en-headline-byline.txt"]
    assert cli.main(["import", str(project), *map(str, files)]) == 0
    capsys.readouterr()

    assert cli.main(["list", str(project), "documents"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    headline = next(line for line in lines if "الجيش يعلن السيطرة" in line)
    assert headline.endswith("[ar, RTL]")
    derived = next(line for line in lines if "قالت مصادر محلية" in line)
    assert derived.endswith("[ar, RTL; title derived]")
    english = next(line for line in lines if "Militia Claims Control" in line)
    assert "2018-03-04  Militia Claims Control Of Bridge Near Abu Kamal" in english and english.endswith("[en]")

    assert cli.main(["list", str(project), "documents", "--json"]) == 0
    rows = {row["filename"]: row for row in json.loads(capsys.readouterr().out)}
    ar = rows["17-ar-no-headline.txt"]
    assert (ar["language"], ar["direction"], ar["derived"], ar["extraction"]) == ("ar", "rtl", ["title"], "")
    en = rows["01-en-headline-byline.txt"]
    assert (en["language"], en["direction"], en["derived"], en["author"]) == ("en", "ltr", [], "Ahmad al-Khabil")


def test_document_line_notes_an_extraction_fallback() -> None:
    from workbench.domain.model import DocumentMetadata, DocumentSummary

    summary = DocumentSummary(id="d1", metadata=DocumentMetadata(title="Page", publisher="Levant Watch"),
                              filename="page.html", media_type="text/html", encoding="utf-8", sha256="0" * 64,
                              size=10, imported_at="2026-01-01T00:00:00Z", derived=(),
                              extraction="fallback: visible text")
    assert cli._document_line(summary) == ("d1  ----------  Page  (Levant Watch)  "
                                           "[language unknown; text by fallback: visible text]")

"""Word .docx: text, tables, core properties, zip-bomb and entity-expansion guards."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from tests.unit.importers.importer_builders import (
    ENTITY_BOMB_XML,
    add_zip_member,
    fixture_text,
    forge_declared_size,
    make_docx,
    replace_zip_member,
)
from workbench.domain.model import SegmentKind
from workbench.errors import ImportRejected
from workbench.importers import import_bytes
from workbench.importers.docx import MEDIA_TYPE, extract_docx
from workbench.importers.segments import segment_text


def _reject(data: bytes, name: str) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        import_bytes(data, name)
    assert info.value.name == name
    assert str(info.value).startswith(f"{name}: ")
    return info.value


def test_docx_text_metadata_and_segments(qasr_docx: bytes) -> None:
    doc = import_bytes(qasr_docx, "qasr.docx")
    assert doc.media_type == MEDIA_TYPE
    assert doc.encoding == ""
    paragraphs = [p.strip() for p in fixture_text("article-qasr-marwan.txt").split("\n\n") if p.strip()]
    assert doc.text.startswith(paragraphs[0] + "\n\n" + paragraphs[1] + "\n\n")
    assert "Halab Echo\tKasr Marwan\nVesti-Today\tQsar Marwan" in doc.text  # the table, in place
    assert doc.text.endswith(paragraphs[-1])
    meta = doc.metadata
    assert meta.title == "Did Rebels Really Withdraw From Qasr Marwan?"
    assert meta.author == "Levant Frontline desk"
    assert meta.published == "2018-02-14"
    assert meta.language == "en"
    body = segment_text(doc.text, doc.segments, SegmentKind.BODY)
    comments = segment_text(doc.text, doc.segments, SegmentKind.COMMENTS)
    assert "Kasr Marwan" in body and "Vesti-Today\tQsar Marwan" in body
    assert comments.startswith("Nour Khalil")


def test_docx_heuristics_fill_missing_core_properties() -> None:
    text = fixture_text("article-wadi-sabkha.txt")
    data = make_docx([p for p in text.split("\n\n") if p.strip()])  # python-docx's default properties
    doc = import_bytes(data, "wadi.docx")
    assert doc.metadata.author == ""  # "python-docx" placeholder ignored
    assert doc.metadata.published == "2018-03-14"  # the date line, not the template's 2013 date


def test_date_line_in_text_wins_over_file_creation_date() -> None:
    data = make_docx(
        ["Truce In Abu Dhuhur", "November 30, 2017", "Elders met on Tuesday."], created=datetime(2020, 1, 2)
    )
    assert import_bytes(data, "truce.docx").metadata.published == "2017-11-30"


def test_zip_bomb_by_ratio(qasr_docx: bytes) -> None:
    bomb = add_zip_member(qasr_docx, "word/media/image1.bin", b"\x00" * (20 * 1024 * 1024))
    error = _reject(bomb, "bomb.docx")
    assert "compression ratio" in error.reason
    assert "zip bomb" in error.reason


def test_zip_bomb_by_declared_size(qasr_docx: bytes) -> None:
    forged = forge_declared_size(qasr_docx, "word/styles.xml", 300 * 1024 * 1024)
    error = _reject(forged, "huge.docx")
    assert "would expand to" in error.reason


def test_entity_expansion_is_refused(qasr_docx: bytes) -> None:
    data = replace_zip_member(qasr_docx, "word/document.xml", ENTITY_BOMB_XML)
    error = _reject(data, "entities.docx")
    assert "DTD or entity declaration" in error.reason
    assert "word/document.xml" in error.reason


def test_utf16_doctype_is_refused(qasr_docx: bytes) -> None:
    xml = ENTITY_BOMB_XML.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    data = replace_zip_member(qasr_docx, "word/document.xml", b"\xff\xfe" + xml.encode("utf-16-le"))
    assert "DTD or entity declaration" in _reject(data, "entities16.docx").reason


def test_zip_without_document_xml() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a word file")
    error = _reject(out.getvalue(), "archive.docx")
    assert "without word/document.xml" in error.reason


def test_damaged_document_xml(qasr_docx: bytes) -> None:
    data = replace_zip_member(qasr_docx, "word/document.xml", b"<w:document><unclosed")
    assert _reject(data, "damaged.docx").reason.startswith("is damaged")


def test_truncated_docx(qasr_docx: bytes) -> None:
    assert _reject(qasr_docx[: len(qasr_docx) // 2], "truncated.docx").reason.startswith("is damaged")


def test_random_bytes_named_docx() -> None:
    import random

    data = random.Random(7).randbytes(4096)
    error = _reject(data, "random.docx")
    assert error.reason in (
        "is a binary file, not text",
        "is damaged: not a readable ZIP archive (File is not a zip file)",
    )


def test_empty_docx_has_no_text() -> None:
    data = make_docx([""])
    assert _reject(data, "blank.docx").reason == "has no readable text"


def test_extract_docx_directly(qasr_docx: bytes) -> None:
    assert extract_docx(qasr_docx).metadata.author == "Levant Frontline desk"

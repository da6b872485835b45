"""The DOCX "no DTD, no entity" check covers every XML part python-docx may parse, whatever its name and
character encoding (issue 10, item 10): a main document part under another name, UTF-32, UTF-16 without a
byte-order mark, an encoding declared in the XML declaration that would hide ``<!DOCTYPE`` from a byte search."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.unit.importers.importer_builders import ENTITY_BOMB_XML
from workbench.errors import ImportRejected
from workbench.importers import import_bytes

BOMB = ENTITY_BOMB_XML.decode()


def _rebuild(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for member, content in (add or {}).items():
            target.writestr(member, content)
    return out.getvalue()


def _reason(data: bytes, name: str) -> str:
    with pytest.raises(ImportRejected) as info:
        import_bytes(data, name)
    return info.value.reason


def test_a_main_document_part_under_another_name(qasr_docx: bytes) -> None:
    """_rels/.rels and [Content_Types].xml name the main part: here word/main.bin, word/document.xml a decoy."""
    archive = zipfile.ZipFile(io.BytesIO(qasr_docx))
    rels = archive.read("_rels/.rels").replace(b'Target="word/document.xml"', b'Target="word/main.bin"')
    types = archive.read("[Content_Types].xml").replace(
        b"</Types>", b'<Override PartName="/word/main.bin" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.wordprocessingml.document.main+xml"/></Types>')
    assert b"word/main.bin" in rels and b"/word/main.bin" in types
    data = _rebuild(qasr_docx, {"_rels/.rels": rels, "[Content_Types].xml": types},
                    {"word/_rels/main.bin.rels": archive.read("word/_rels/document.xml.rels"),
                     "word/main.bin": ENTITY_BOMB_XML})
    reason = _reason(data, "renamed.docx")
    assert "DTD or entity declaration" in reason and "word/main.bin" in reason


@pytest.mark.parametrize(("label", "encoded"), [
    ("utf-32 with BOM", "\ufeff".encode("utf-32-le") + BOMB.replace("UTF-8", "UTF-32").encode("utf-32-le")),
    ("utf-32-be with BOM", BOMB.replace("UTF-8", "UTF-32").encode("utf-32")[:4].replace(b"\xff\xfe\x00\x00",
                                                                                      b"\x00\x00\xfe\xff")
     + BOMB.replace("UTF-8", "UTF-32").encode("utf-32-be")),
    ("utf-32 without BOM", BOMB.replace("UTF-8", "UTF-32").encode("utf-32-le")),
    ("utf-16-be without BOM", BOMB.replace("UTF-8", "UTF-16").encode("utf-16-be")),
])
def test_dtd_in_any_unicode_encoding(qasr_docx: bytes, label: str, encoded: bytes) -> None:
    data = _rebuild(qasr_docx, {"word/document.xml": encoded})
    reason = _reason(data, "wide.docx")
    assert "word/document.xml" in reason
    assert "DTD or entity declaration" in reason or "character encoding" in reason, label


@pytest.mark.parametrize("encoding", ["UTF-7", "x-unknown"])
def test_an_unusual_declared_encoding_is_refused(qasr_docx: bytes, encoding: str) -> None:
    # "<!DOCTYPE" and "<!ENTITY" as UTF-7 writes them: invisible to a byte search, parsed by libxml2
    xml = BOMB.replace('encoding="UTF-8"', f'encoding="{encoding}"').replace("<!", "+ADwAIQ-")
    data = _rebuild(qasr_docx, {"word/styles.xml": xml.encode("ascii")})
    reason = _reason(data, "odd.docx")
    assert "word/styles.xml" in reason and encoding in reason


def test_ebcdic_part_is_refused(qasr_docx: bytes) -> None:
    data = _rebuild(qasr_docx, {"word/styles.xml": BOMB.replace("UTF-8", "IBM037").encode("cp037")})
    reason = _reason(data, "ebcdic.docx")
    assert "word/styles.xml" in reason and "character encoding" in reason


def test_an_ordinary_docx_still_imports(qasr_docx: bytes) -> None:
    assert import_bytes(qasr_docx, "qasr.docx").text

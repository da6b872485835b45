"""Builders of importer test inputs: fixture articles, PDFs, DOCX files, zip tricks.

Binary fixtures (DOCX, PDF, zip bombs, legacy encodings) are generated from the
UTF-8 fixture articles in tests/fixtures/importers/, so that the repository holds
only readable text.
"""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "importers"


def fixture_text(name: str) -> str:
    """Return a UTF-8 fixture file's text."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def fixture_bytes(name: str) -> bytes:
    """Return a fixture file's bytes."""
    return (FIXTURES / name).read_bytes()


# --------------------------------------------------------------------------- PDF


def _pdf_string(text: str) -> bytes:
    """Encode text as a PDF literal string in WinAnsiEncoding (cp1252)."""
    out = bytearray(b"(")
    for byte in text.encode("cp1252"):
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 0x20 or byte > 0x7E:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None, *, text_layer: bool = True) -> bytes:
    """Write a minimal valid PDF with one Helvetica text line per list item.

    Args:
        pages: per page, its lines of text.
        info: entries of the /Info dictionary, e.g. {"Title": "...", "CreationDate": "D:2018..."}.
        text_layer: False draws rectangles instead of text (a "scanned" PDF).

    Returns:
        The PDF bytes.
    """
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for lines in pages:
        if text_layer:
            ops = [b"BT /F1 11 Tf 14 TL 40 800 Td"]
            for line in lines:
                ops.append(_pdf_string(line) + b" Tj T*")
            ops.append(b"ET")
        else:
            ops = [b"0.5 g 40 400 300 200 re f"]
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        page = add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
        )
        kids.append(page)
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info_id = None
    if info:
        entries = b" ".join(b"/" + k.encode() + b" " + _pdf_string(v) for k, v in info.items())
        info_id = add(b"<< " + entries + b" >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def encrypt_pdf(data: bytes, user_password: str) -> bytes:
    """Encrypt a PDF with RC4-128 (needs no crypto library)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- DOCX


def make_docx(
    paragraphs: list[str],
    *,
    title: str = "",
    author: str = "",
    created: datetime | None = None,
    table: list[list[str]] | None = None,
    table_after: int = 0,
) -> bytes:
    """Write a .docx with python-docx: paragraphs, a table after paragraph ``table_after``, core properties."""
    import docx

    document = docx.Document()
    for index, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if table and index + 1 == table_after:
            grid = document.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    props = document.core_properties
    props.title = title
    props.author = author
    if created is not None:
        props.created = created
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replace_zip_member(data: bytes, member: str, content: bytes) -> bytes:
    """Return a copy of a ZIP archive with one member's content replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == member else source.read(info))
    return out.getvalue()


def add_zip_member(data: bytes, member: str, content: bytes) -> bytes:
    """Return a copy of a ZIP archive with one more (deflated) member."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr(member, content)
    return out.getvalue()


def forge_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Patch the central directory so that a member claims ``size`` uncompressed bytes."""
    encoded = member.encode()
    out = bytearray(data)
    pos = 0
    while (pos := out.find(b"PK\x01\x02", pos)) >= 0:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46 : pos + 46 + name_len]) == encoded:
            struct.pack_into("<I", out, pos + 24, size)
            return bytes(out)
        pos += 4
    raise KeyError(member)


ENTITY_BOMB_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"
)

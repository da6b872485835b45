"""Builders of PDF test inputs the importer tests need beyond ``importer_builders.make_pdf``.

Encrypted copies (AES-256, AES-128, with or without a user password) and Brotli-compressed files: a content
stream only (pdfium reads it), and a PDF 2.0-style file whose cross-reference stream and object stream are
Brotli-compressed too (pdfium cannot open it; the importer's pypdf rewrite must).
"""

from __future__ import annotations

import io
from pathlib import Path

CORPUS = Path(__file__).resolve().parent


def corpus_pdf(name: str) -> bytes:
    """A PDF of tests/corpus/pdf (generated/ or real/)."""
    for folder in ("generated", "real"):
        path = CORPUS / folder / f"{name}.pdf"
        if path.exists():
            return path.read_bytes()
    raise FileNotFoundError(name)


def encrypt(data: bytes, user_password: str, algorithm: str = "AES-256") -> bytes:
    """Encrypt a PDF with pypdf (AES needs ``cryptography``)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 12 Tf 16 TL 60 760 Td"]
    ops += [b"(" + line.encode("latin-1") + b") Tj T*" for line in lines]
    return b"\n".join([*ops, b"ET"])


def brotli_content_pdf(lines: list[str]) -> bytes:
    """A classic PDF whose page content stream is Brotli-compressed (/BrotliDecode)."""
    import brotli

    stream = brotli.compress(_content(lines))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /BrotliDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def brotli_object_stream_pdf(lines: list[str], *, corrupt: bool = False) -> bytes:
    """A PDF 2.0-style file: catalog, pages, page and font in a Brotli object stream, a Brotli
    cross-reference stream, and a Brotli content stream. ``corrupt`` damages the object stream's data."""
    import brotli

    content = brotli.compress(_content(lines))
    packed = [
        (1, b"<< /Type /Catalog /Pages 2 0 R >>"),
        (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        (3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"),
        (5, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ]
    bodies, header, pos = b"", b"", 0
    for number, body in packed:
        header += b"%d %d " % (number, pos)
        bodies += body + b"\n"
        pos += len(body) + 1
    objstm = brotli.compress(header + bodies)
    if corrupt:
        objstm = objstm[:5] + b"\x00garbage\x00" + objstm[5:]
    out = bytearray(b"%PDF-2.0\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    offsets[4] = len(out)
    out += (b"4 0 obj\n<< /Length %d /Filter /BrotliDecode >>\nstream\n" % len(content) + content
            + b"\nendstream\nendobj\n")
    offsets[6] = len(out)
    out += (b"6 0 obj\n<< /Type /ObjStm /N %d /First %d /Length %d /Filter /BrotliDecode >>\nstream\n"
            % (len(packed), len(header), len(objstm)) + objstm + b"\nendstream\nendobj\n")
    offsets[7] = len(out)
    rows = [b"\x00\x00\x00\x00\x00\xff\xff"]
    index_in_stream = {number: i for i, (number, _body) in enumerate(packed)}
    for number in range(1, 8):
        if number in index_in_stream:
            rows.append(b"\x02" + (6).to_bytes(4, "big") + index_in_stream[number].to_bytes(2, "big"))
        else:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
    xref = brotli.compress(b"".join(rows))
    out += (b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d /Filter /BrotliDecode >>\nstream\n"
            % len(xref) + xref + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[7]
    return bytes(out)


def broken_second_page_pdf(line: str) -> bytes:
    """Two pages, the second a page-tree node that is its own child (pdfium cannot load it)."""
    content = _content([line])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [6 0 R] /Count 1 >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)

"""A second chance for PDFs that pdfium refuses: rewritten by pypdf, then read by pdfium again.

pdfium cannot open a few kinds of files that pypdf can: cross-reference and object streams compressed with
Brotli (PDF 2.0 drafts), files whose owner password is empty but whose user password is not, and some with
a broken cross-reference table that pypdf rebuilds. ``rewrite`` opens such a file with pypdf (decrypting
with the empty password, which needs ``cryptography`` for AES), decodes Brotli-compressed streams, and writes
an unencrypted copy for pdfium. Only the copy in memory is changed, never the stored original.
"""

from __future__ import annotations

import io
import logging
import warnings
import zlib
from typing import Any

_BROTLI = "/BrotliDecode"


def _filters(stream: Any) -> list[str]:
    from pypdf.generic import ArrayObject

    value = stream.get("/Filter")
    items = list(value) if isinstance(value, ArrayObject) else [value] if value else []
    return [str(item) for item in items]


def _decode_brotli_streams(writer: Any) -> None:
    """Replace every Brotli-compressed stream by the same data Flate-compressed (pdfium reads that).

    pypdf has no public list of a writer's objects; ``_objects`` is the list its ``get_object`` reads.
    """
    from pypdf.generic import DecodedStreamObject, NameObject, NumberObject, StreamObject

    objects = getattr(writer, "_objects", [])
    for index, obj in enumerate(objects):
        if not isinstance(obj, StreamObject) or _BROTLI not in _filters(obj):
            continue
        data = obj.get_data()
        fresh = DecodedStreamObject()
        for key, value in obj.items():
            if key not in ("/Filter", "/DecodeParms", "/Length"):
                fresh[key] = value
        fresh[NameObject("/Filter")] = NameObject("/FlateDecode")
        fresh[NameObject("/Length")] = NumberObject(0)
        fresh.set_data(zlib.compress(data, 6))
        objects[index] = fresh


def rewrite(data: bytes) -> tuple[bytes | None, bool]:
    """Rewrite a PDF with pypdf for pdfium.

    Args:
        data: the PDF's bytes.

    Returns:
        (the rewritten bytes, or None when pypdf cannot read the file either; whether the file is
        encrypted with a password that is not empty).
    """
    from pypdf import PdfReader, PdfWriter

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return None, True
            writer = PdfWriter(clone_from=reader)
            _decode_brotli_streams(writer)
            out = io.BytesIO()
            writer.write(out)
        except MemoryError:
            raise
        except Exception:  # pypdf raises many kinds of errors on hostile input; pdfium's reason stands
            return None, False
    return out.getvalue(), False


def looks_damaged(data: bytes) -> bool:
    """Tell whether pypdf fails to read the page tree or a page's content (a PDF showing no text may be
    a scan, or may be broken: a stream whose length refers to itself, a catalog that is its own page tree)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return False
            if not len(reader.pages):  # a page tree without pages (a catalog that is its own page tree)
                return True
            for page in reader.pages:
                contents = page.get_contents()
                if contents is not None:
                    contents.get_data()
        except MemoryError:
            raise
        except Exception:  # any failure to read the structure
            return True
    return False

"""Hostile input for every importer: what tests/unit/importers did not already cover.

Zip bombs and entity expansion in other parts of a .docx, external references that must never be
read (a FIFO canary catches any open, from Python or C), looping and exhausting PDFs parsed in a
limited child process, a 1 GB sparse file rejected before reading, binary files renamed .txt,
invalid UTF-8 and mojibake, and property-based fuzzing of each importer (no crash, no hang, only
ImportRejected with a reason, the project unchanged).
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.importers.importer_builders import (
    ENTITY_BOMB_XML,
    add_zip_member,
    fixture_text,
    make_docx,
    make_pdf,
    replace_zip_member,
)
from workbench.errors import ImportRejected
from workbench.importers import DEFAULT_LIMITS, Limits, import_bytes, import_path
from workbench.importers.docx import MAX_MEMBERS, extract_docx
from workbench.importers.html import extract_html
from workbench.importers.markdown import import_markdown
from workbench.importers.pdf import extract_pdf, extract_pdf_isolated
from workbench.importers.text import import_text
from workbench.ops import documents as doc_ops
from workbench.store.project import Project

GIB = 1024**3


def reject(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        import_bytes(data, name, limits)
    assert info.value.name == name
    assert info.value.reason
    return info.value


# ------------------------------------------------------------------ canaries: nothing named is read


_AUDIT: list[tuple[str, tuple[object, ...]]] = []
_AUDITING = threading.Event()
_CANARY_THREADS: set[int] = set()


def _audit(event: str, args: tuple[object, ...]) -> None:
    if (_AUDITING.is_set() and event in ("open", "socket.connect", "socket.getaddrinfo", "urllib.Request")
            and threading.get_ident() not in _CANARY_THREADS):
        _AUDIT.append((event, args))


sys.addaudithook(_audit)  # permanent by design; records only while a test's ``watch`` is active


class Canary:
    """A FIFO: any process or library that opens it for reading shows up (and is released)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        os.mkfifo(path)
        self.tripped = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        _CANARY_THREADS.add(threading.get_ident())  # its own opens are not the importers'
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)  # succeeds only if a reader has it open
            except OSError:
                time.sleep(0.001)
                continue
            self.tripped.set()
            os.close(fd)  # the reader gets end-of-file and goes on
            time.sleep(0.001)

    def __enter__(self) -> Canary:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop watching and wait for the watcher's last round (idempotent)."""
        self._stop.set()
        self._thread.join()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def watch(*names: str) -> Iterator[list[tuple[str, tuple[object, ...]]]]:
    """Record Python-level file opens naming any of ``names`` and any network use."""
    _AUDIT.clear()
    _AUDITING.set()
    hits: list[tuple[str, tuple[object, ...]]] = []
    try:
        yield hits
    finally:
        _AUDITING.clear()
        for event, args in _AUDIT:
            if event != "open" or any(n in str(args[0]) for n in names):
                hits.append((event, args))


@pytest.fixture
def canary(tmp_path: Path) -> Iterator[Canary]:
    with Canary(tmp_path / "canary-secret.txt") as c:
        yield c


def references(target: Path) -> dict[str, bytes]:
    """Documents of each format naming ``target`` (as a path and a file: URL) and network addresses."""
    url = target.as_uri()
    html = (f'<!DOCTYPE html><html><head><title>Claims About the Dam</title>'
            f'<link rel="stylesheet" href="{url}"><script src="{url}"></script>'
            f'<style>@import url("{url}"); body {{ background: url({target}) }}</style></head><body>'
            f'<h1>Claims About the Dam</h1><p>Local sources said the dam at Tabqa was hit. <img src="{url}">'
            f'<iframe src="{url}"></iframe><object data="{target}"></object><embed src="{url}">'
            f'<a href="{url}">read</a> <img src="https://tracker.example/p.gif" srcset="{url} 2x"></p>'
            f"<p>The army denied it, according to the state agency.</p></body></html>").encode()
    markdown = (f"# Claims About the Dam\n\nLocal sources said the dam at Tabqa was hit. ![photo]({url})\n\n"
                f'<img src="{url}"> [link]({target}) ![remote](https://tracker.example/p.gif)\n\n'
                f"[ref]: {url}\n\nThe army denied it.\n").encode()
    docx = make_docx(["Claims About the Dam", "Local sources said the dam at Tabqa was hit.",
                      "The army denied it."])
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'image" Target="{url}" TargetMode="External"/>'
            '<Relationship Id="rId91" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'hyperlink" Target="https://tracker.example/x" TargetMode="External"/></Relationships>')
    docx = replace_zip_member(docx, "word/_rels/document.xml.rels", rels.encode())
    pdf = make_pdf([["Claims About the Dam", "Local sources said the dam at Tabqa was hit."]])
    pdf = pdf.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /Launch /F (" + str(target).encode()
                      + b") >> /URI << /Base (" + url.encode() + b") >>")
    return {"dam.html": html, "dam.md": markdown, "dam.docx": docx, "dam.pdf": pdf,
            "dam.txt": f"Claims About the Dam\n\nSee {url} and {target}.\n".encode()}


def test_no_importer_reads_a_file_or_url_named_in_a_document(canary: Canary) -> None:
    docs = references(canary.path)
    with watch(canary.path.name) as hits:
        for name, data in docs.items():
            doc = import_bytes(data, name)
            assert "dam at Tabqa" in doc.text or "Claims About the Dam" in doc.text
    canary.stop()  # its last look at the FIFO is over: a reader that opened it has tripped it by now
    assert hits == []
    assert not canary.tripped.is_set()


def test_docx_external_entity_is_refused_before_parsing(canary: Canary, qasr_docx: bytes) -> None:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "' + canary.path.as_uri().encode()
           + b'">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
    with watch(canary.path.name) as hits:
        error = reject(replace_zip_member(qasr_docx, "word/document.xml", xxe), "xxe.docx")
    assert "DTD or entity declaration" in error.reason
    canary.stop()
    assert hits == [] and not canary.tripped.is_set()


# ------------------------------------------------------------------------------------------ DOCX


def test_entity_expansion_in_any_xml_part(qasr_docx: bytes) -> None:
    for part in ("docProps/core.xml", "word/styles.xml", "[Content_Types].xml"):
        error = reject(replace_zip_member(qasr_docx, part, ENTITY_BOMB_XML), "laughs.docx")
        assert part in error.reason
    added = add_zip_member(qasr_docx, "customXml/item9.xml", ENTITY_BOMB_XML)
    assert "customXml/item9.xml" in reject(added, "custom.docx").reason


def test_too_many_parts(qasr_docx: bytes) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(qasr_docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        for i in range(MAX_MEMBERS + 1):
            target.writestr(f"word/media/x{i}.bin", b"")
    assert "too many parts" in reject(out.getvalue(), "many.docx").reason


def test_a_bomb_outside_word_folder_and_a_nested_archive(qasr_docx: bytes) -> None:
    bomb = add_zip_member(qasr_docx, "docProps/preview9.jpeg", b"\x00" * (30 * 1024 * 1024))
    assert "zip bomb" in reject(bomb, "thumb.docx").reason
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.bin", b"\x00" * (20 * 1024 * 1024))
    nested = add_zip_member(qasr_docx, "word/embeddings/archive.zip", inner.getvalue())
    doc = import_bytes(nested, "nested.docx")  # a zip inside is never opened: only its own size counts
    assert "Qasr Marwan" in doc.text


# ------------------------------------------------------------------------------------------- PDF


def _raw_pdf(objects: list[bytes], *, prev_self: bool = False) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1) + (b" /Prev %d" % xref if prev_self else b"")
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_CONTENT = b"BT /F1 11 Tf 40 800 Td (Local sources said the bridge fell.) Tj ET"
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _page(parent: int = 2) -> bytes:
    return (b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>" % parent)


LOOPING_PDFS = {
    "kids-self": _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                           _page(), _stream(_CONTENT), _FONT]),
    "kids-cycle": _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
                            _page(), _stream(_CONTENT), _FONT,
                            b"<< /Type /Pages /Kids [2 0 R] /Parent 2 0 R /Count 1 >>"]),
    "length-self": _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                             _page(), b"<< /Length 4 0 R >>\nstream\n" + _CONTENT + b"\nendstream", _FONT]),
    "catalog-self": _raw_pdf([b"<< /Type /Catalog /Pages 1 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                              _page(), _stream(_CONTENT), _FONT]),
}


@pytest.mark.parametrize("name", sorted(LOOPING_PDFS))
def test_looping_pdfs_are_read_or_rejected_as_damaged_quickly(name: str) -> None:
    """A PDF whose structure refers to itself never hangs: pdfium either recovers the readable page (and says
    which pages it left out) or the file is refused as damaged."""
    t0 = time.perf_counter()
    try:
        doc = import_bytes(LOOPING_PDFS[name], f"{name}.pdf")
    except ImportRejected as error:
        assert error.reason.startswith("is damaged")
    else:
        assert "bridge fell" in doc.text
    assert time.perf_counter() - t0 < 5


def test_pdf_whose_xref_chain_points_to_itself_is_read_once() -> None:
    data = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     _page(), _stream(_CONTENT), _FONT], prev_self=True)
    assert "bridge fell" in import_bytes(data, "prev-loop.pdf").text


def test_a_form_xobject_drawing_itself_does_not_hang() -> None:
    data = _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                     b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
                     b"<< /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
                     _stream(_CONTENT + b" /X1 Do"), _FONT,
                     _stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 9 9] "
                                        b"/Resources << /XObject << /X1 6 0 R >> >> ")])
    assert "bridge fell" in import_bytes(data, "xobject.pdf").text


def _decompression_bomb() -> bytes:
    body = b"BT /F1 11 Tf 40 800 Td " + b"(Khasham Khusham Ksham Mayadin Mayadeen Daesh) Tj " * 1_400_000 + b"ET"
    return _raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _page(),
                     _stream(zlib.compress(body, 9), b"/Filter /FlateDecode "), _FONT])


def test_a_pdf_decompression_bomb_hits_the_child_memory_limit() -> None:
    bomb = _decompression_bomb()
    assert len(bomb) < 300_000
    t0 = time.perf_counter()
    error = reject(bomb, "bomb.pdf", Limits(memory_bytes=160 * 1024 * 1024))
    assert error.reason.startswith("is too large to import safely") and "160 MB of memory" in error.reason
    assert time.perf_counter() - t0 < 10


def test_a_pdf_that_takes_too_long_is_killed() -> None:
    t0 = time.perf_counter()
    error = reject(_decompression_bomb(), "slow.pdf", Limits(timeout_s=0.8))
    assert "took more than 0.8 s (the limit)" in error.reason
    assert time.perf_counter() - t0 < 5


def test_the_isolated_parser_gives_what_the_in_process_parser_gives(tal_hamra_pdf: bytes) -> None:
    assert extract_pdf_isolated(tal_hamra_pdf, "tal-hamra.pdf") == extract_pdf(tal_hamra_pdf, "tal-hamra.pdf")
    for data, name in ((tal_hamra_pdf[:700], "cut.pdf"), (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "stub.pdf")):
        with pytest.raises(ImportRejected) as isolated:
            extract_pdf_isolated(data, name)
        with pytest.raises(ImportRejected) as direct:
            extract_pdf(data, name)
        assert isolated.value.reason == direct.value.reason


def test_the_sandbox_child_cannot_write_files(tmp_path: Path) -> None:
    target = tmp_path / "written-by-child.txt"
    code = ("import sys; from workbench.importers.sandbox_worker import limit_static, limit_job; "
            "limit_static(); limit_job(512 * 1024 * 1024, 5); "
            f"fh = open({str(target)!r}, 'w'); fh.write('x' * 10); fh.close()")
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=Path(__file__).parents[3],
                           timeout=30)
    assert child.returncode != 0 and b"File too large" in child.stderr
    assert not target.exists() or target.stat().st_size == 0


def test_a_crashing_pdf_child_is_a_clear_rejection(monkeypatch: pytest.MonkeyPatch, tal_hamra_pdf: bytes) -> None:
    from workbench.importers import sandbox

    sandbox.shutdown()  # no idle worker: the next file starts the crashing one
    monkeypatch.setattr(sandbox, "worker_command",
                        lambda: [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"])
    error = reject(tal_hamra_pdf, "segfault.pdf")
    assert error.reason.startswith("could not be read: the import process stopped (exit status -11")


# ------------------------------------------------------------------------------ size and binaries


def test_a_1gb_sparse_file_is_rejected_by_size_before_reading(tmp_path: Path, project: Project) -> None:
    huge = tmp_path / "leak-archive.txt"
    with huge.open("wb") as fh:
        fh.truncate(GIB)
    assert huge.stat().st_size == GIB
    with watch(huge.name) as hits:
        with pytest.raises(ImportRejected, match=r"is too large \(1\.0 GB; the limit is 50\.0 MB\)"):
            import_path(huge)
        outcome = doc_ops.import_file(project, huge)
    assert outcome.status is doc_ops.ImportStatus.REJECTED and "too large" in outcome.reason
    assert hits == []  # never opened
    assert doc_ops.list_documents(project) == []


@pytest.mark.parametrize(("data", "name"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.txt"),
    (b"\x7fELF\x02\x01\x01\x00" + bytes(200) + os.urandom(800), "notes.md"),
    (b"MZ\x90\x00" + os.urandom(2000), "article.html"),
    (b"GIF89a" + bytes(range(256)) * 4, "report.text"),
    (b"\x00\x00\x00\x18ftypmp42" + os.urandom(1000), "clip.txt"),
])
def test_binary_files_renamed_as_text_are_rejected(data: bytes, name: str) -> None:
    assert "binary" in reject(data, name).reason


def test_invalid_utf8_is_decoded_or_rejected_never_half_imported() -> None:
    article = fixture_text("article-tal-hamra.txt").encode("utf-8")
    for junk in (b"\xc3\x28", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf8\x88\x80\x80\x80", b"\xff\xfe\xfd"):
        data = article[:300] + junk + article[300:]
        try:
            doc = import_bytes(data, "broken-utf8.txt")
        except ImportRejected as exc:
            assert exc.reason
            continue
        doc.text.encode("utf-8")  # no lone surrogates: storable and displayable
        assert doc.encoding
        assert "Tal Hamra" in doc.text


def test_mojibake_is_kept_as_the_bytes_say_not_guessed_away() -> None:
    original = "“Our men did not leave a single position,” Haddad said — according to Halab Echo.\n"
    mojibake = original.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    doc = import_bytes(b"Statement on Tal Hamra\n\n" + mojibake * 20, "mojibake.txt")
    assert doc.encoding == "utf-8"
    assert "â€œOur men" in doc.text  # the document as published; the original bytes stay in the project
    cp1252_in_utf8_html = ('<html><head><meta charset="utf-8"><title>Tal Hamra</title></head><body><p>'
                           + original * 5 + "</p></body></html>").encode("cp1252")
    doc = import_bytes(cp1252_in_utf8_html, "lying-charset.html")
    doc.text.encode("utf-8")
    assert "Haddad said" in doc.text


def test_html_entity_expansion_is_bounded() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "ha ha ha ha ha ha ha ha ha ha ">'
              + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), b"&" + bytes([97 + i]) + b";" * 1) * 1
                         for i in range(0))
              + b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
              b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
              b'<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>'
              b"<html><head><title>Laughs</title></head><body><p>Local sources said &g; the town fell.</p>"
              b"<p>The army denied it.</p></body></html>")
    t0 = time.perf_counter()
    try:
        doc = import_bytes(laughs, "laughs.html")
    except ImportRejected as exc:
        assert exc.reason
    else:
        assert len(doc.text) < 100_000  # entities are not expanded
    assert time.perf_counter() - t0 < 5


# ------------------------------------------------------------------ property-based fuzzing per importer

FUZZ = settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])


def _only_rejected(fn, data: bytes, name: str) -> None:  # type: ignore[no-untyped-def]
    try:
        doc = fn(data, name, DEFAULT_LIMITS)
    except ImportRejected as exc:
        assert exc.name == name and exc.reason
        return
    doc.text.encode("utf-8")
    assert "\r" not in doc.text


def _mutate(base: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    data = bytearray(base)
    for offset, value in edits:
        data[offset % len(data)] = value
    return bytes(data[: max(1, len(data) - cut)])


TEXTS = st.text(st.characters(codec="utf-8"), max_size=400)


@FUZZ
@given(TEXTS, st.sampled_from(["utf-8", "utf-16", "cp1252", "cp1256", "latin-1"]), st.binary(max_size=40))
def test_fuzz_text(text: str, codec: str, junk: bytes) -> None:
    _only_rejected(import_text, text.encode(codec, errors="replace") + junk, "fuzz.txt")


@FUZZ
@given(TEXTS, st.lists(st.sampled_from(["# ", "![x](", "](", "<img src=", "```", "<script>", "[^1]: ", "\n"]),
                       max_size=20))
def test_fuzz_markdown(text: str, pieces: list[str]) -> None:
    _only_rejected(import_markdown, ("".join(pieces) + text).encode("utf-8"), "fuzz.md")


@FUZZ
@given(TEXTS, st.lists(st.sampled_from(["<p>", "</p>", "<div", ">", "<!--", "-->", "<script>", "<![CDATA[",
                                        "<!DOCTYPE html>", "<meta charset='utf-16'>", "&amp;", "&#0;", "&#x110000;",
                                        "<base href='file:///'>", "<svg><script>", "<html>"]), max_size=30))
def test_fuzz_html(text: str, tags: list[str]) -> None:
    _only_rejected(extract_html, ("".join(tags) + text).encode("utf-8"), "fuzz.html")


@pytest.fixture(scope="module")
def small_docx() -> bytes:
    return make_docx(["Truce In Abu Dhuhur", "Elders met on Tuesday, local sources said."], title="Truce")


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8), st.integers(0, 400))
def test_fuzz_docx(small_docx: bytes, edits: list[tuple[int, int]], cut: int) -> None:
    _only_rejected(extract_docx, _mutate(small_docx, edits, cut), "fuzz.docx")


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    return make_pdf([["Truce In Abu Dhuhur", "Elders met on Tuesday."], ["Page two."]], info={"Title": "Truce"})


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8), st.integers(0, 300))
def test_fuzz_pdf_parser(small_pdf: bytes, edits: list[tuple[int, int]], cut: int) -> None:
    _only_rejected(extract_pdf, _mutate(small_pdf, edits, cut), "fuzz.pdf")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8))
def test_fuzz_pdf_in_its_child_process(small_pdf: bytes, edits: list[tuple[int, int]]) -> None:
    _only_rejected(extract_pdf_isolated, _mutate(small_pdf, edits, 0), "fuzz.pdf")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"<!DOCTYPE html><p>", b"\xff\xfe", b"# T\n\n"]),
       st.binary(max_size=300), st.sampled_from(["a.txt", "a.pdf", "a.docx", "a.html", "a.md", "a"]))
def test_fuzz_through_the_project_rejections_change_nothing(project: Project, prefix: bytes, data: bytes,
                                                            name: str) -> None:
    with project.read() as db:
        before = {t: db[t].count for t in db.table_names()}
    outcome = doc_ops.import_data(project, prefix + data, name)
    with project.read() as db:
        after = {t: db[t].count for t in db.table_names()}
    if outcome.status is doc_ops.ImportStatus.REJECTED:
        assert outcome.reason
        assert after == before
    else:
        assert after["documents"] == before["documents"] + (outcome.status is doc_ops.ImportStatus.IMPORTED)


def test_no_network_was_touched_by_this_module() -> None:
    """The importers' conftest turns any connection into a failure; this checks it is in force here."""
    with pytest.raises(AssertionError, match="never use the network"):
        socket.create_connection(("tracker.example", 80))

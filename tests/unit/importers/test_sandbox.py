"""The import sandbox: every format is parsed in a child process under the same memory, time and output limits."""

from __future__ import annotations

import io
import os
import random
import threading
import time
import zipfile
from pathlib import Path

import pytest

from workbench.errors import ImportRejected
from workbench.importers import ImportCancelled, import_bytes, sandbox
from workbench.importers.base import Limits
from workbench.importers.docx import check_docx_archive
from workbench.ops import documents as doc_ops
from workbench.ops.documents import ImportStatus
from workbench.store.project import Project

MB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def huge_text_docx(paragraph_bytes: int) -> bytes:
    """A .docx inside every zip-bomb limit (ratio about 35:1) whose document.xml holds ``paragraph_bytes`` of text."""
    rnd = random.Random(7)
    words = ["".join(rnd.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(3, 9))) for _ in range(400)]
    pool = [f"<w:p><w:r><w:t>{' '.join(rnd.choice(words) for _ in range(40))}</w:t></w:r></w:p>" for _ in range(38)]
    count = paragraph_bytes // len(pool[0])
    body = "".join(pool[rnd.randrange(len(pool))] for _ in range(count))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                         'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
                         '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
                         'formats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                         '</Relationships>')
        archive.writestr("word/document.xml",
                         f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}'
                         "</w:body></w:document>")
    return buf.getvalue()


def many_elements_html(count: int) -> bytes:
    return ("<!DOCTYPE html><html><head><title>Roll Call</title></head><body>"
            + "<div><p>Khasham</p></div>" * count + "</body></html>").encode()


@pytest.fixture(scope="module")
def bomb_docx() -> bytes:
    return huge_text_docx(80 * MB)


@pytest.fixture(scope="module")
def crowded_html() -> bytes:
    return many_elements_html(300_000)


def sandbox_children() -> set[int]:
    """Pids of this process's live sandbox workers (Linux /proc)."""
    pids = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"sandbox_worker" in cmdline and " Z " not in stat[stat.rfind(")"):][:4]:
            pids.add(int(entry.name))
    return pids


def test_a_docx_with_huge_text_inside_the_zip_limits_is_refused_quickly_by_the_memory_limit(bomb_docx: bytes) -> None:
    check_docx_archive(bomb_docx, "roll-call.docx")  # passes every zip-bomb check: size, ratio, members
    assert len(bomb_docx) < 3 * MB
    t0 = time.perf_counter()
    with pytest.raises(ImportRejected) as info:
        import_bytes(bomb_docx, "roll-call.docx", Limits(memory_bytes=300 * MB, timeout_s=20))
    assert time.perf_counter() - t0 < 5
    assert info.value.name == "roll-call.docx"
    assert info.value.reason == ("is too large to import safely: reading it needed more than 300 MB of memory "
                                 "(the limit)")


def test_an_html_page_with_300k_elements_is_stopped_at_the_time_limit(crowded_html: bytes) -> None:
    t0 = time.perf_counter()
    try:
        doc = import_bytes(crowded_html, "roll-call.html", Limits(timeout_s=1.5))
    except ImportRejected as exc:
        assert exc.reason == ("is too large or too complex to import safely: reading it took more than 1.5 s "
                              "(the limit)")
    else:  # a machine fast enough to read it within the limit: then it is whole
        assert doc.text.count("Khasham") == 300_000
    assert time.perf_counter() - t0 < 4


def test_a_killed_worker_rejects_its_file_by_name_and_the_batch_goes_on(project: Project, tmp_path: Path,
                                                                        bomb_docx: bytes,
                                                                        crowded_html: bytes) -> None:
    files = {"a-first.txt": b"Bridge Reopened\n\nLocal sources said the bridge at Mayadin reopened.",
             "b-roll-call.docx": bomb_docx,
             "c-roll-call.html": crowded_html,
             "d-last.md": b"# Ferry Resumes\n\nResidents said the ferry at Khusham runs again."}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    limits = Limits(memory_bytes=300 * MB, timeout_s=1.5)
    t0 = time.perf_counter()
    outcomes, _ = doc_ops.import_files(project, [tmp_path / name for name in files], limits=limits)
    assert time.perf_counter() - t0 < 10
    assert [o.status for o in outcomes] == [ImportStatus.IMPORTED, ImportStatus.REJECTED, ImportStatus.REJECTED,
                                            ImportStatus.IMPORTED]
    # the memory limit, or on a loaded machine the time limit first (each reason is tested alone above)
    assert outcomes[1].line() in (
        f"rejected  {tmp_path / 'b-roll-call.docx'}: is too large to import safely: reading it needed more than "
        "300 MB of memory (the limit)",
        f"rejected  {tmp_path / 'b-roll-call.docx'}: is too large or too complex to import safely: reading it took "
        "more than 1.5 s (the limit)")
    assert outcomes[2].line().startswith(f"rejected  {tmp_path / 'c-roll-call.html'}: is too large")
    assert outcomes[2].reason.endswith(("took more than 1.5 s (the limit)", "300 MB of memory (the limit)"))
    assert sorted(d.metadata.title for d in doc_ops.list_documents(project)) == ["Bridge Reopened", "Ferry Resumes"]


@pytest.mark.parametrize(("name", "data"), [
    ("notes.txt", b"Village Retaken\n\nLocal sources said the village was retaken."),
    ("notes.md", b"# Village Retaken\n\nLocal sources said the village was retaken."),
    ("page.html", b"<!DOCTYPE html><html><body><p>Local sources said the village was retaken.</p></body></html>"),
    ("qasr.docx", None),
    ("tal-hamra.pdf", None),
])
def test_every_format_answers_through_the_sandbox_under_the_same_output_limit(
        name: str, data: bytes | None, qasr_docx: bytes, tal_hamra_pdf: bytes) -> None:
    if data is None:
        data = qasr_docx if name.endswith(".docx") else tal_hamra_pdf
    assert import_bytes(data, name).text  # within the default limits: imported
    with pytest.raises(ImportRejected) as info:
        import_bytes(data, name, Limits(max_output_bytes=100))
    assert info.value.reason.startswith("is too large to import safely: its text and structure would take ")
    assert info.value.reason.endswith("(the limit is 100 bytes)")


def test_cancel_kills_the_worker_at_once(crowded_html: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    sandbox.shutdown()
    cancel = threading.Event()
    raised: list[BaseException] = []
    receiving = threading.Event()
    real_receive = sandbox._Worker.receive

    def receive(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        receiving.set()  # the whole job is written (all but a pipe's 64 KB already read): the worker is parsing
        return real_receive(self, *args, **kwargs)

    monkeypatch.setattr(sandbox._Worker, "receive", receive)

    def work() -> None:
        try:
            import_bytes(crowded_html, "roll-call.html", Limits(timeout_s=20), cancel)
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 5
    while not sandbox_children() and time.monotonic() < deadline:
        time.sleep(0.02)
    busy = sandbox_children()
    assert len(busy) == 1
    assert receiving.wait(10)
    t0 = time.perf_counter()
    cancel.set()
    thread.join(5)
    assert time.perf_counter() - t0 < 1
    assert len(raised) == 1 and isinstance(raised[0], ImportCancelled)
    assert not busy & sandbox_children()  # killed and reaped


def test_cancel_during_a_batch_stops_it_without_an_outcome_for_the_file(project: Project, tmp_path: Path,
                                                                        crowded_html: bytes) -> None:
    (tmp_path / "a.txt").write_bytes(b"Bridge Reopened\n\nLocal sources said the bridge at Mayadin reopened.")
    (tmp_path / "b.html").write_bytes(crowded_html)
    (tmp_path / "c.txt").write_bytes(b"Ferry Resumes\n\nResidents said the ferry at Khusham runs again.")
    cancel = threading.Event()

    def progress(done: int, total: int, name: str) -> None:
        if name == "b.html":
            threading.Timer(0.3, cancel.set).start()

    t0 = time.perf_counter()
    outcomes, _ = doc_ops.import_files(project, [tmp_path], limits=Limits(timeout_s=20), progress=progress,
                                       cancel=cancel)
    assert time.perf_counter() - t0 < 3
    assert [Path(o.path).name for o in outcomes] == ["a.txt"]


def test_a_worker_that_died_while_idle_is_replaced() -> None:
    assert import_bytes(b"Village Retaken\n\nLocal sources said so.", "a.txt").metadata.title == "Village Retaken"
    for worker in list(sandbox._POOL.idle):
        worker.proc.kill()
        worker.proc.wait()
    assert import_bytes(b"Village Lost\n\nLocal sources said so.", "b.txt").metadata.title == "Village Lost"


def test_workers_are_reused_across_files() -> None:
    import_bytes(b"Warm Up\n\nLocal sources said so.", "warm.txt")
    t0 = time.perf_counter()
    for i in range(20):
        import_bytes(f"Report {i}\n\nLocal sources said so.".encode(), f"r{i}.txt")
    assert (time.perf_counter() - t0) / 20 < 0.1  # no new Python per file (that costs 0.2 s or more)


def test_parse_json_in_the_sandbox() -> None:
    assert sandbox.parse_json(b'{"claims": [1, 2, "\\u062f"]}', "bundle.json") == {"claims": [1, 2, "\u062f"]}
    with pytest.raises(ImportRejected) as info:
        sandbox.parse_json(b'{"claims": [', "bundle.json")
    assert info.value.reason.startswith("is not valid JSON")
    with pytest.raises(ImportRejected) as info:
        sandbox.parse_json(b"[" + b"1," * 2_000_000 + b"1]", "bundle.json", Limits(max_output_bytes=1000))
    assert info.value.reason.startswith("is too large to import safely")

"""The PDF exported from the app's worker thread is made by a child process (issue 15): PySide6 keeps the
interpreter lock inside Qt's layout and PDF calls, some of which take 40-180 ms on a 500-claim report, so made in
the app's process they froze its window. On the main thread (the command line) it is made in the process."""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from workbench import render_pdf
from workbench.errors import KnownError

from .conftest import Exported


def on_worker(fn: Callable[[], Any]) -> Any:
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as exc:  # handed to the test's thread
            out.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def test_written_on_a_worker_the_pdf_comes_from_a_child_process_and_reads_the_same(
        demo: Exported, monkeypatch: pytest.MonkeyPatch) -> None:
    here = render_pdf.render_pdf(demo.report)

    def not_here(_report: object) -> bytes:
        raise AssertionError("the PDF was laid out in the app's process")

    monkeypatch.setattr(render_pdf, "render_pdf", not_here)  # the child process imports its own
    out = io.BytesIO()
    on_worker(lambda: render_pdf.write(demo.report, out))
    assert out.getvalue().startswith(b"%PDF")
    assert pages_text(out.getvalue()) == pages_text(here)


def test_written_on_the_main_thread_the_pdf_is_made_in_the_process(demo: Exported,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    monkeypatch.setattr(render_pdf, "render_pdf", lambda report: made.append(report) or b"%PDF-1.4 here")
    out = io.BytesIO()
    render_pdf.write(demo.report, out)  # the command line: no window to keep painting
    assert made == [demo.report] and out.getvalue() == b"%PDF-1.4 here"


def test_the_report_reaches_the_child_whole(demo: Exported) -> None:
    assert render_pdf._unpickled(render_pdf._pickled(demo.report)) == demo.report


def test_a_child_that_fails_is_a_message_with_its_reason(demo: Exported, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_pdf, "_child_command",
                        lambda: [sys.executable, "-c", "import sys; sys.stderr.write('no fonts here\\n'); sys.exit(3)"])
    with pytest.raises(KnownError, match=r"could not be made .*code 3: no fonts here"):
        on_worker(lambda: render_pdf.write(demo.report, io.BytesIO()))

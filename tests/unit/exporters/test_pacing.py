"""Long renders on a worker thread pause now and then so the window's thread gets the interpreter lock (issue 15:
an HTML report of 500 claims rendered on the Export dialog's worker froze the window 200-400 ms). The pauses are
counted here, not timed: how long the window stops painting is measured by ``make bench``
(tests/benchmarks/test_bench_gui_stall_actions.py)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from workbench.exporters import pacing
from workbench.exporters.html import render_html
from workbench.exporters.markdown import render_markdown_report

from .conftest import Exported


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every pause taken (a pause is due after every piece: SLICE_S is 0)."""
    taken: list[float] = []
    monkeypatch.setattr(pacing, "SLICE_S", 0.0)
    monkeypatch.setattr(pacing.time, "sleep", taken.append)
    return taken


def on_worker[T](fn: Callable[[], T]) -> T:
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(fn()))
    thread.start()
    thread.join()
    return out[0]  # type: ignore[no-any-return]


def test_paced_passes_every_piece_through_and_pauses_off_the_main_thread(pauses: list[float]) -> None:
    assert on_worker(lambda: list(pacing.paced(["a", "b", "c"]))) == ["a", "b", "c"]
    assert pauses == [pacing.PAUSE_S] * 3
    assert pacing.PAUSE_S > 0  # a real wait: the lock is released and a waiting thread takes it


def test_paced_never_pauses_on_the_main_thread(pauses: list[float]) -> None:
    assert list(pacing.paced(range(5))) == [0, 1, 2, 3, 4]  # the command line: no window to wait for
    assert pauses == []


def test_paced_pauses_once_a_slice_of_work_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[float] = []
    now = [0.0]
    monkeypatch.setattr(pacing.time, "sleep", taken.append)
    monkeypatch.setattr(pacing.time, "perf_counter", lambda: now[0])

    def work() -> None:
        for _ in pacing.paced(range(10)):
            now[0] += pacing.SLICE_S / 4  # four pieces make one slice

    on_worker(work)
    assert len(taken) == 2


@pytest.mark.parametrize("render", [render_html, render_markdown_report])
def test_reports_rendered_on_a_worker_pause_and_come_out_the_same(demo: Exported, pauses: list[float],
                                                                 render: Callable[..., str]) -> None:
    on_main = render(demo.report)
    assert pauses == []
    assert on_worker(lambda: render(demo.report)) == on_main
    assert len(pauses) > 10  # the template's output, piece by piece


def test_the_report_read_on_a_worker_pauses_between_claims(demo_path: Any, pauses: list[float]) -> None:
    from workbench.ops import reports
    from workbench.ops.project import open_project

    project = open_project(demo_path, read_only=True)
    try:
        report = on_worker(lambda: reports.build_report(project, None))
    finally:
        project.close()
    assert len(pauses) == len(report.claims) > 1


def test_a_pdf_made_on_a_worker_pauses_between_its_sections_and_pages(demo: Exported, pauses: list[float],
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt holds the interpreter lock while it lays out and draws (PySide6 does not release it there): the
    pauses come between those calls, one after each section laid out and one after each page drawn."""
    from workbench import render_pdf

    html = render_html(demo.report, paged=True)
    monkeypatch.setattr(render_pdf, "render_html", lambda _report, paged: html)  # its own pauses not counted
    sections = len(render_pdf._sections(html))
    pdf = on_worker(lambda: render_pdf.render_pdf(demo.report))
    assert pdf.startswith(b"%PDF")
    assert sections > 1 and len(pauses) >= 2 * sections

"""The reading pane under load: opening big articles, scrolling, adding a highlight.

Budgets (budgets.py; medians on the 2-core development machine):
open 1 MB / 1,000 highlights < 300 ms; open 10 MB / 10,000 highlights < 1.5 s;
scroll a page in the 10 MB article < 30 ms; add one highlight < 50 ms.
The normal suite runs them on articles a tenth of that size (conftest.SMALL_BIG_DOCS).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import budgets
import pytest
from bench_corpus import BigDoc, BigProject  # tests/benchmarks is on sys.path (see conftest)
from PySide6.QtWidgets import QApplication, QTextEdit
from pytest_benchmark.fixture import BenchmarkFixture

from workbench.domain.model import PassageRole, Stance
from workbench.domain.offsets import utf16_len
from workbench.ops import claims as claim_ops
from workbench.ui.main_window import MainWindow

OPEN_ROUNDS = {"1mb": 10, "10mb": 5}

# Offscreen only: when a project loads into a shown window its minimum size changes, which the offscreen
# plugin reports as unsupported. Not a problem of the app; ignored here whatever pyproject.toml says.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints", extend=True)


def _open_project(window: MainWindow, big: BigProject, copy: Callable[[Path], Path]) -> BigDoc:
    """Open a copy of the project (the short article opens with it); return its big article."""
    assert window.open_project_path(copy(big.path))
    assert window.library.model.rowCount() == 2
    assert window.current_document_id == big.small_id
    assert window.claims.model.rowCount() == len(big.doc.claim_ids)
    return big.doc


def _highlight_selections(window: MainWindow) -> list[QTextEdit.ExtraSelection]:
    """The extra selections painting highlights (segment marks have no tool tip)."""
    return [s for s in window.reading.view.extraSelections() if s.format.toolTip()]  # type: ignore[attr-defined]


def _expected_visible(doc: BigDoc, window: MainWindow) -> int:
    """How many of the document's highlights overlap the visible range, computed from the seed ranges."""
    view = window.reading.view
    a, b = view.visible_range()
    return sum(1 for s, e in doc.ranges if view.offsets.to_utf16(e) > a and view.offsets.to_utf16(s) < b)


@pytest.mark.parametrize("size", ["1mb", "10mb"])
def test_open_document(
    benchmark: BenchmarkFixture,
    shown_window: MainWindow,
    big_projects: dict[str, BigProject],
    project_copy: Callable[[Path], Path],
    size: str,
) -> None:
    window = shown_window
    big = big_projects[size]
    doc = _open_project(window, big, project_copy)
    view = window.reading.view
    paints: list[int] = []

    def show_other_document() -> None:
        window.open_document(big.small_id)
        QApplication.processEvents()
        assert window.current_document_id == big.small_id
        paints.append(view.paint_count)

    def open_and_paint() -> None:
        window.open_document(doc.id)
        view.viewport().repaint()
        QApplication.processEvents()

    benchmark.pedantic(open_and_paint, setup=show_other_document, rounds=OPEN_ROUNDS[size], iterations=1)

    assert window.current_document_id == doc.id
    assert window.reading.document is not None and window.reading.document.text == doc.text
    assert view.document().characterCount() == utf16_len(doc.text) + 1
    assert view.highlight_count == doc.highlights
    assert view.paint_count > paints[-1]
    assert view.visible_range()[0] == 0
    shown = _highlight_selections(window)
    assert len(shown) == _expected_visible(doc, window) > 0
    assert f"{doc.highlights} highlight(s)" in window.status_label.text()
    budgets.check(benchmark)


def test_scroll_page(
    benchmark: BenchmarkFixture,
    shown_window: MainWindow,
    big_projects: dict[str, BigProject],
    project_copy: Callable[[Path], Path],
) -> None:
    window = shown_window
    doc = _open_project(window, big_projects["10mb"], project_copy)
    window.open_document(doc.id)
    view = window.reading.view
    bar = view.verticalScrollBar()
    QApplication.processEvents()
    assert bar.maximum() > (10 if benchmark.disabled else 100) * bar.pageStep() > 0
    moves: list[tuple[int, int]] = []

    def from_the_middle_on() -> None:
        if not moves or bar.value() + 2 * bar.pageStep() > bar.maximum():
            bar.setValue(bar.maximum() // 2)
            view.viewport().repaint()
        moves.append((view.firstVisibleBlock().blockNumber(), view.paint_count))

    def scroll_a_page() -> None:
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()

    benchmark.pedantic(scroll_a_page, setup=from_the_middle_on, rounds=50, iterations=1)

    block, paints = moves[-1]
    assert view.firstVisibleBlock().blockNumber() > block
    assert view.paint_count == paints + 1  # the scroll recomputed the visible highlights once
    a, _b = view.visible_range()
    assert a > 0
    assert len(_highlight_selections(window)) == _expected_visible(doc, window)
    assert view.highlight_count == doc.highlights
    budgets.check(benchmark)


@pytest.mark.parametrize("action", ["evidence", "claim"])
@pytest.mark.parametrize("size", ["1mb", "10mb"])
def test_add_highlight(
    benchmark: BenchmarkFixture,
    shown_window: MainWindow,
    big_projects: dict[str, BigProject],
    project_copy: Callable[[Path], Path],
    size: str,
    action: str,
) -> None:
    window = shown_window
    big = big_projects[size]
    doc = _open_project(window, big, project_copy)
    window.open_document(doc.id)
    claim_id = doc.claim_ids[len(doc.claim_ids) // 2]
    window.claims.select_claim(claim_id)
    assert window.claims.current_claim == claim_id
    view = window.reading.view
    base = view.highlight_count
    free = iter(doc.free_ranges[len(doc.free_ranges) // 2 :])
    added: list[tuple[str, tuple[int, int]]] = []
    selected: list[tuple[int, int]] = []

    def select_next_sentence() -> None:
        rng = next(free)
        view.select_range(*rng)
        QApplication.processEvents()
        assert view.selection_range() == rng
        selected.append(rng)

    def add() -> None:
        if action == "evidence":
            new_id = window.add_selection_as_evidence(Stance.REFUTES)
        else:
            new_id = window.new_claim_from_selection()
        view.viewport().repaint()
        added.append((new_id, selected[-1]))

    benchmark.pedantic(add, setup=select_next_sentence, rounds=10, iterations=1)

    assert window.last_error == ""
    assert all(new_id for new_id, _ in added)
    assert view.highlight_count == base + len(added)
    assert window.project is not None
    stored = {
        h.link_id if action == "evidence" else h.claim_id: h for h in claim_ops.highlights(window.project, doc.id)
    }
    for new_id, (a, b) in added:
        h = stored[new_id]
        assert (h.start, h.end) == (a, b)
        if action == "evidence":
            assert (h.role, h.stance, h.claim_id) == (PassageRole.EVIDENCE, Stance.REFUTES, claim_id)
        else:
            assert h.role is PassageRole.APPEARANCE
    # the last one is painted where it was selected
    a, b = added[-1][1]
    u16 = (view.offsets.to_utf16(a), view.offsets.to_utf16(b))
    painted = [
        (s.cursor.selectionStart(), s.cursor.selectionEnd())  # type: ignore[attr-defined]
        for s in _highlight_selections(window)
    ]
    assert u16 in painted
    budgets.check(benchmark)


def test_first_add_after_open(
    benchmark: BenchmarkFixture,
    shown_window: MainWindow,
    big_projects: dict[str, BigProject],
    tmp_path: Path,
) -> None:
    """The first highlight added right after the 10 MB article opens (the text is not read again).

    Each round opens its own copy of the project (the window closes the previous one)."""
    window = shown_window
    big = big_projects["10mb"]
    view = window.reading.view
    rounds: list[tuple[BigDoc, int, tuple[int, int]]] = []

    def own_copy(path: Path) -> Path:
        target = tmp_path / f"round{len(rounds)}-{path.name}"
        shutil.copyfile(path, target)
        return target

    def open_and_select() -> None:
        doc = _open_project(window, big, own_copy)
        window.open_document(doc.id)
        window.claims.select_claim(doc.claim_ids[len(doc.claim_ids) // 2])
        rng = doc.free_ranges[len(doc.free_ranges) // 2]
        view.select_range(*rng)
        QApplication.processEvents()
        rounds.append((doc, view.highlight_count, rng))

    new_ids: list[str] = []

    def first_add() -> None:
        new_ids.append(window.add_selection_as_evidence(Stance.SUPPORTS))
        view.viewport().repaint()

    benchmark.pedantic(first_add, setup=open_and_select, rounds=5, iterations=1)

    assert window.last_error == "" and all(new_ids)
    _doc, base, (a, b) = rounds[-1]
    assert view.highlight_count == base + 1
    painted = [(s.cursor.selectionStart(), s.cursor.selectionEnd())  # type: ignore[attr-defined]
               for s in _highlight_selections(window)]
    assert (view.offsets.to_utf16(a), view.offsets.to_utf16(b)) in painted
    budgets.check(benchmark)


@pytest.mark.parametrize("size", ["1mb", "10mb"])
def test_remove_highlight(
    benchmark: BenchmarkFixture,
    shown_window: MainWindow,
    big_projects: dict[str, BigProject],
    project_copy: Callable[[Path], Path],
    size: str,
) -> None:
    """Remove a piece of passage evidence (the editor's Remove): its highlight goes, the others stay."""
    window = shown_window
    doc = _open_project(window, big_projects[size], project_copy)
    window.open_document(doc.id)
    claim_id = doc.claim_ids[len(doc.claim_ids) // 2]
    window.claims.select_claim(claim_id)
    view = window.reading.view
    base = view.highlight_count
    free = iter(doc.free_ranges[len(doc.free_ranges) // 2 :])
    links: list[str] = []

    def add_one() -> None:  # not timed: a highlight to remove
        view.select_range(*next(free))
        links.append(window.add_selection_as_evidence(Stance.CONTEXT))
        QApplication.processEvents()
        assert view.highlight_count == base + 1

    def remove() -> None:
        window.claims.editor.remove_evidence_requested.emit(links[-1])
        view.viewport().repaint()

    benchmark.pedantic(remove, setup=add_one, rounds=10, iterations=1)

    assert window.last_error == "" and all(links)
    assert view.highlight_count == base
    assert window.project is not None
    stored = {h.link_id for h in claim_ops.highlights(window.project, doc.id)}
    assert stored.isdisjoint(links)
    budgets.check(benchmark)

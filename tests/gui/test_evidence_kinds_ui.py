"""Evidence kinds in the window come from the registry: every kind's dialog page exists, and a kind registered at
run time (a data set, reusing the web page's editor) is offered by the evidence list, added and edited in the
evidence dialog, and listed — with no change to the ui."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from workbench.domain import evidence_kinds
from workbench.domain.evidence_kinds import ACCESSED_FIELD, URL_FIELD, KindSpec
from workbench.domain.model import EvidenceKind, Stance
from workbench.domain.reasoning import corroboration
from workbench.ops import evidence as evidence_ops
from workbench.ui.evidence_dialog import EvidenceDialog
from workbench.ui.evidence_list import EvidenceList
from workbench.ui.evidence_pages import EDITORS, UrlPage, page_class

from .reasoning_helpers import Case, open_case

DATASET = KindSpec("dataset", "Data set", "Add a data set as evidence", add_label="Add data set…",
                   fields=(URL_FIELD, ACCESSED_FIELD), editor="url", snippet="url", carrier="url",
                   summary=evidence_kinds.title_or_url, origin=evidence_kinds.web_origin)
URL = "https://data.bridge-watch.example/crossings-2017-10.csv"


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    yield from open_case(tmp_path)


@pytest.fixture
def dataset() -> Iterator[KindSpec]:
    spec = evidence_kinds.register(DATASET)
    try:
        yield spec
    finally:
        evidence_kinds.unregister(DATASET.value)


def test_every_kind_has_a_dialog_page() -> None:
    for spec in evidence_kinds.specs():
        assert spec.editor in EDITORS, spec.value


def test_a_registered_kind_is_offered_added_edited_and_listed(qtbot: QtBot, case: Case, dataset: KindSpec) -> None:
    assert page_class(dataset) is UrlPage
    evidence = EvidenceList()
    qtbot.addWidget(evidence)
    assert [b.text() for b in evidence.add_buttons.values()] == ["Add web page…", "Add file…", "Add note…",
                                                                   "Add data set…"]
    with qtbot.waitSignal(evidence.add_requested) as asked:
        qtbot.mouseClick(evidence.add_buttons["dataset"], Qt.MouseButton.LeftButton)
    assert asked.args == ["dataset"]

    dialog = EvidenceDialog(case.session, case.claim_id, EvidenceKind(asked.args[0]))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == "Add a data set as evidence"
    assert dialog.url.isVisible() and dialog.focusWidget() == dialog.url
    assert dialog.accessed.text() == date.today().isoformat()
    assert not dialog.archive.isVisible() and not dialog.file.isVisible()  # no archived copy declared
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.text() == "Enter the web address (https://…) of the page."
    dialog.url.setText(URL)
    dialog.title.setText("Bridge Watch crossings log")
    qtbot.mouseClick(dialog.stance_buttons[Stance.REFUTES], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted and not case.errors
    assert case.session.project is not None
    view = next(v for v in evidence_ops.evidence_views(case.session.project, case.claim_id)
                if v.evidence.id == dialog.evidence_id)
    assert (view.evidence.kind, view.evidence.url, view.evidence.stance) == (EvidenceKind("dataset"), URL,
                                                                           Stance.REFUTES)
    assert case.session.undo_stack.undoText() == "Add evidence"

    edit = EvidenceDialog(case.session, case.claim_id, EvidenceKind.URL, evidence=view)
    qtbot.addWidget(edit)
    assert edit.kind is EvidenceKind("dataset") and edit.url.text() == URL and edit.windowTitle() == "Edit evidence"
    edit.accessed.setText("2017-10-20")
    edit.accept()
    assert evidence_ops.evidence_views(case.session.project, case.claim_id)[-1].evidence.accessed == "2017-10-20"

    views = evidence_ops.evidence_views(case.session.project, case.claim_id)
    evidence.set_views(views, corroboration(views))
    group = evidence.groups[Stance.REFUTES]
    [item] = [child for i in range(group.childCount()) if (child := group.child(i)) is not None]
    assert item.text(0).startswith("Bridge Watch crossings log\n") and "Web: data.bridge-watch.example" in item.text(0)
    assert f"Data set: {URL}" in item.toolTip(0)


def test_groups_open_at_first_and_keep_the_folding_the_checker_chose(qtbot: QtBot, case: Case) -> None:
    """The stance groups start open; a group the checker folds stays folded when the list is refilled (after
    every edit), and the others stay open with their rows on screen."""
    evidence = EvidenceList()
    qtbot.addWidget(evidence)
    evidence.resize(600, 500)
    evidence.show()
    qtbot.waitExposed(evidence)
    assert case.session.project is not None
    views = evidence_ops.evidence_views(case.session.project, case.claim_id)
    evidence.set_views(views, corroboration(views))
    supports = evidence.groups[Stance.SUPPORTS]
    assert supports.childCount() >= 1
    assert all(group.isExpanded() for group in evidence.groups.values())
    qtbot.waitUntil(lambda: evidence.tree.visualItemRect(supports.child(0)).height() > 0)

    evidence.groups[Stance.REFUTES].setExpanded(False)
    evidence.set_views(views, corroboration(views))
    assert not evidence.groups[Stance.REFUTES].isExpanded()
    assert supports.isExpanded() and evidence.groups[Stance.CONTEXT].isExpanded()
    first = supports.child(0)
    assert first is not None and first.text(0) and evidence.tree.visualItemRect(first).height() > 0

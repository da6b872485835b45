"""Widgets the benchmarks show on their own (tests/benchmarks is on sys.path, see conftest)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from workbench.ui.claim_panel import ClaimPanel
from workbench.ui.session import Session


def shown_claim_panel(qtbot: QtBot, session: Session, *, refresh: bool = False) -> tuple[ClaimPanel, list[str]]:
    """A claim panel on ``session``, 620×900, laid out and shown (rows loaded first when ``refresh``), and the
    list the session's error messages go to."""
    errors: list[str] = []
    session.error.connect(errors.append)
    panel = ClaimPanel(session)
    qtbot.addWidget(panel)
    panel.resize(620, 900)
    layout = panel.layout()
    assert layout is not None
    layout.activate()
    if refresh:
        panel.refresh()
    panel.show()
    qtbot.waitExposed(panel)
    return panel, errors

"""Render the main window offscreen to a PNG (``workbench screenshot``)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from workbench.errors import KnownError


def render_screenshot(project: Path | None, out: Path, *, demo: bool = False, document: str | None = None,
                      claim: str | None = None, size: tuple[int, int] = (1440, 880), tab: str = "claim") -> Path:
    """Open ``project`` (or the demo) in a main window of ``size``, grab it, save a PNG."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops
    from workbench.ops.project import ensure_demo_project
    from workbench.ui.application import make_application
    from workbench.ui.main_window import MainWindow

    qapp = make_application()
    if demo:
        project = ensure_demo_project()
    if project is None or not Path(project).exists():
        raise KnownError(f"{project}: no such project file.")
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(*size)
        if not window.open_project_path(Path(project)):
            raise KnownError(window.last_error)
        assert window.project is not None
        rows = claim_ops.list_claims(window.project)
        claim_id = claim_ops.resolve_claim(window.project, claim) if claim else (rows[0].claim.id if rows else "")
        if document:
            window.open_document(doc_ops.resolve_document(window.project, document))
        elif claim_id:
            links = claim_ops.claim_links(window.project, claim_id)
            if links:
                window.open_document(links[0].passage.document_id)
        if claim_id:
            window.claims.select_claim(claim_id)
        tabs = {"claim": 0, "evidence": 1, "verdict": 2, "history": 3}
        window.claims.editor.tabs.setCurrentIndex(tabs.get(tab, 0))
        window.show()
        for _ in range(5):
            qapp.processEvents()
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out), "PNG"):
            raise KnownError(f"{out}: the PNG could not be written.")
        window.close()
        qapp.processEvents()
    return out

"""``workbench --smoke-test``: prove that an installed copy really works, in a few seconds.

Starts the real application (offscreen unless ``QT_QPA_PLATFORM`` says otherwise) on a temporary project,
imports a sample article through the main window, selects a passage and makes a claim from it as a user
would (``select_range`` + ``new_claim_from_selection``), exports a PDF report of the claim, and checks what a
broken bundle gets wrong: the icon (SVG plugins), fonts that really draw glyphs, a PDF that embeds a font and
whose text can be read back. Prints one ``OK: …`` line and returns 0; on failure prints the reason on stderr
and returns 1. Qt warnings count as failures (a missing plugin or font directory shows up as one).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Qt messages that are harmless here (the same list as pytest's qt_log_ignore in pyproject.toml).
IGNORED_QT_MESSAGES = ("propagateSizeHints", "QFont::setPointSizeF")
PROBE_TEXT = "Fact-check"


class SmokeFailure(Exception):
    """A check failed; the message says which and why."""


def _check(condition: object, reason: str) -> None:
    if not condition:
        raise SmokeFailure(reason)


def _wait_until(app: Any, done: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise SmokeFailure(f"{what}: nothing after {seconds:.0f} s")
        app.processEvents()
        time.sleep(0.01)


def _sample() -> tuple[Path, str]:
    """A small sample article and a passage of it (from resources/samples/claims.json)."""
    from workbench.resources import resource_path

    samples = resource_path("samples")
    spec_file = samples / "claims.json"
    _check(spec_file.is_file(), f"the sample articles are missing from the installation ({samples})")
    spec = json.loads(spec_file.read_text(encoding="utf-8"))
    item = (spec["claims"] if isinstance(spec, dict) else spec)[0]
    article = samples / item["document"]
    _check(article.is_file(), f"{article}: sample article missing")
    return article, item["quote"]


def check_fonts(app: Any) -> str:
    """Real fonts: families known, the app font measures and draws ink. Returns the family used."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QColor, QFontDatabase, QFontInfo, QFontMetrics, QImage, QPainter

    families = QFontDatabase.families()
    _check(families, "no fonts found: QFontDatabase has no families (install fonts-dejavu-core)")
    font = app.font()
    metrics = QFontMetrics(font)
    _check(metrics.horizontalAdvance(PROBE_TEXT) > 0, f"the app font gives “{PROBE_TEXT}” no width")
    _check(all(metrics.inFontUcs4(ord(c)) for c in PROBE_TEXT), "the app font has no glyphs for Latin letters")
    image = QImage(200, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(Qt.GlobalColor.black)
    painter.drawText(QPoint(10, 40), PROBE_TEXT)
    painter.end()
    ink = sum(1 for x in range(0, 200, 2) for y in range(0, 60, 2) if image.pixelColor(x, y).lightness() < 128)
    _check(ink > 20, f"drawing “{PROBE_TEXT}” left no ink ({ink} dark pixels): glyphs do not render")
    return QFontInfo(font).family()


def check_icon(app: Any) -> None:
    """The window icon comes from the SVG: needs the bundled resources and Qt's SVG plugins."""
    from PySide6.QtGui import QImageReader

    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    _check({"png", "svg"} <= formats, f"image formats missing: have {sorted(formats)}")
    _check(not app.windowIcon().isNull(), "the application icon did not load (resources/icons/workbench.svg)")
    _check(not app.windowIcon().pixmap(32, 32).isNull(), "the application icon does not render at 32 px")


def export_pdf(project: Any, claim_id: str, out: Path) -> None:
    """Export the claim's PDF report with the app's own exporter (``workbench.render_pdf``), from a worker thread
    as the Export dialog does: the PDF is then made by a child process (``render_pdf.render_pdf_in_child``; in an
    installed bundle, the app started again with ``--export-pdf-worker``), which this checks too."""
    import threading

    from workbench import render_pdf
    from workbench.ops import reports

    render_pdf.register()
    failure: list[BaseException] = []

    def work() -> None:
        try:
            reports.export(project, "pdf", [claim_id], out, include_drafts=True)  # a draft: the DRAFT mark too
        except BaseException as exc:  # reported on the main thread below
            failure.append(exc)

    worker = threading.Thread(target=work, name="smoke-export")
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


def check_pdf(pdf: Path, expected_text: str) -> int:
    """The PDF embeds a font and its text reads back. Returns its size in bytes."""
    _check(pdf.is_file() and pdf.stat().st_size > 0, f"{pdf}: no PDF was written")
    data = pdf.read_bytes()
    _check(data.startswith(b"%PDF-"), f"{pdf}: not a PDF")
    _check(re.search(rb"/FontFile[23]?\b", data), f"{pdf}: no embedded font (/FontFile, /FontFile2, /FontFile3)")
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)
    squash = lambda s: re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()  # noqa: E731 (ﬁ → fi)
    _check(squash(expected_text) in squash(text),
           f"{pdf}: the claim text is not in the PDF's text (read back {squash(text)[:200]!r})")
    return len(data)


HTML_ARTICLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Ferry service resumes at Qasr Nahr, officials say</title>
<meta name="author" content="Smoke Test Desk"></head><body><article>
<h1>Ferry service resumes at Qasr Nahr, officials say</h1>
<p>The river ferry at Qasr Nahr carried passengers again on Tuesday, according to the district council, which
said the landing had been repaired after last month's flooding. Local sources told the paper that only one of the
two boats was running.</p>
<p>A council spokesman, speaking on condition of anonymity, said the second boat would return "within weeks".
Residents quoted by a regional radio station were doubtful, saying similar promises had been made before.</p>
</article><p>Click to see the full-size image</p></body></html>
"""


def check_import_back(project: Any, workdir: Path, pdf: Path, quote: str) -> None:
    """The importers work in this installation: an HTML page (trafilatura and its data files) and the PDF
    just written (pypdf), both in the import sandbox's process that a bundle starts as
    ``workbench --import-worker``."""
    from workbench.ops import documents as doc_ops

    page = workdir / "ferry.html"
    page.write_text(HTML_ARTICLE, encoding="utf-8")
    outcomes, _ = doc_ops.import_files(project, [page, pdf])
    for outcome in outcomes:
        _check(outcome.status is doc_ops.ImportStatus.IMPORTED, f"re-import failed: {outcome.line()}")
    html_doc = doc_ops.get_document(project, outcomes[0].document_id)
    _check("ferry at Qasr Nahr" in html_doc.text, f"{page.name}: the article text was not extracted")
    pdf_text = unicodedata.normalize("NFKC", doc_ops.get_document(project, outcomes[1].document_id).text)
    _check(" ".join(quote.split()) in " ".join(pdf_text.split()), f"{pdf.name}: re-imported without the claim text")


def run(workdir: Path) -> str:
    """Every step in ``workdir``; returns the OK summary."""
    from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler

    from workbench import __version__
    from workbench import app as app_module
    from workbench.ops import claims as claim_ops
    from workbench.ops import documents as doc_ops

    warnings: list[str] = []

    def on_message(kind: QtMsgType, _context: object, message: str) -> None:
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg and not any(
                m in message for m in IGNORED_QT_MESSAGES):
            warnings.append(message)

    previous = qInstallMessageHandler(on_message)
    try:
        article, quote = _sample()
        qapp = app_module.make_application([sys.argv[0]])
        family = check_fonts(qapp)
        check_icon(qapp)

        from workbench.ui.main_window import MainWindow

        settings = QSettings(str(workdir / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.ask = lambda _title, _question: True
        _check(window.new_project_path(workdir / "smoke.fcw"), f"could not create a project: {window.last_error}")
        window.show()
        outcomes: list[Any] = []
        window.import_finished.connect(lambda result: outcomes.append(result))
        window.import_paths([article])
        _wait_until(qapp, lambda: bool(outcomes), 60, f"importing {article.name}")
        _check(outcomes[0] and outcomes[0][0].status is doc_ops.ImportStatus.IMPORTED,
               f"{article.name} was not imported: {[o.line() for o in outcomes[0]]}")
        project = window.project
        assert project is not None
        doc_id = outcomes[0][0].document_id
        window.open_document(doc_id)
        start, end = claim_ops.locate_quote(project, doc_id, quote)
        window.reading.view.select_range(start, end)
        claim_id = window.new_claim_from_selection()
        _check(claim_id, f"no claim was made from the selection: {window.last_error or 'no reason given'}")
        claim = claim_ops.get_claim(project, claim_id)
        _check(claim.text == quote, f"the claim's text is {claim.text!r}, not the selected passage {quote!r}")
        qapp.processEvents()
        _check(window.claims.model.rowCount() == 1, "the claim list does not show the new claim")
        _check(window.reading.view.highlight_count >= 1, "the passage is not highlighted in the reading pane")
        shot = window.grab().toImage()
        colours = {shot.pixel(x, y) for x in range(0, shot.width(), 16) for y in range(0, shot.height(), 16)}
        _check(len(colours) > 8, "the main window painted (almost) nothing")
        pdf = workdir / "report.pdf"
        export_pdf(project, claim_id, pdf)
        size = check_pdf(pdf, quote)
        check_import_back(project, workdir, pdf, quote)
        window.close()
        qapp.processEvents()
        _check(not warnings, "Qt warned: " + " | ".join(warnings))
        platform = qapp.platformName()
    finally:
        qInstallMessageHandler(previous)
    return (f"OK: {app_module.APP_NAME} {__version__} on {platform}: imported {article.name}, made a claim from "
            f"a passage, exported a PDF report ({size:,} bytes, fonts embedded) and imported it back with an "
            f"HTML page; font {family!r} draws glyphs")


def main() -> int:
    """Run the smoke test; 0 on success, 1 on failure (reason on stderr)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        with tempfile.TemporaryDirectory(prefix="workbench-smoke-") as tmp:
            os.environ["WORKBENCH_CONFIG_DIR"] = str(Path(tmp) / "config")
            os.environ["WORKBENCH_DATA_DIR"] = str(Path(tmp) / "data")
            summary = run(Path(tmp))
    except SmokeFailure as exc:
        print(f"smoke test FAILED: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug or a broken installation: say what, not a bare traceback
        import traceback

        traceback.print_exc()
        print(f"smoke test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(summary, flush=True)
    return 0


def quit_after_first_paint(app: Any, window: Any, out: Path) -> None:
    """``--screenshot-and-quit OUT``: once the reading pane has painted, save the window to ``OUT`` (a PNG; "-"
    for none), print one JSON line saying what is open, and quit. For installer tests and start-up timing."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    def report() -> None:
        if str(out) != "-" and not window.grab().save(str(out), "PNG"):
            print(f"{out}: the PNG could not be written", file=sys.stderr)
            app.exit(1)
            return
        project = window.project
        print(json.dumps({"project": str(project.path) if project else None, "title": window.windowTitle(),
                          "documents": window.library.model.rowCount(), "claims": window.claims.model.rowCount(),
                          "platform": app.platformName(), "error": window.last_error or None}), flush=True)
        window.close()
        app.quit()

    class FirstPaint(QObject):
        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.property("seen"):
                self.setProperty("seen", True)
                QTimer.singleShot(0, report)  # once this paint event has been processed
            return False

    watcher = FirstPaint(window)
    window.reading.view.viewport().installEventFilter(watcher)
    QTimer.singleShot(30000, lambda: (print("no paint within 30 s", file=sys.stderr), app.exit(3)))

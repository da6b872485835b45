"""PDF reports, made offline with Qt: the HTML report (its paged variant) laid out by ``QTextDocument`` and
written by ``QPdfWriter`` on A4 pages with margins, a footer with the report's title and "Page n of N", and a
title page for a project report. A report holding claims that are not final (exported with Include drafts) has
"DRAFT" across every page and "DRAFT — not for publication" in every footer. ``QPdfWriter`` embeds (subsets
of) the fonts it draws with, so the PDF reads the same everywhere.

Every script a report may quote is drawn, whatever fonts the machine has: the fonts in ``resources/fonts/``
(Noto Naskh Arabic for Arabic and Persian, Noto Sans Hebrew, WenQuanYi Micro Hei for Chinese, Japanese and
Korean; see ``ORIGIN.md`` there) are registered with Qt and appended as substitutes of every font family, so
Qt's per-character fallback finds them for a glyph the family asked for lacks — in the report's text (whatever
family its CSS names) and in the footer and DRAFT mark drawn with the painter. Without them, on a machine with
only DejaVu, CJK came out as empty boxes and so did Arabic in bold italic headings (DejaVu Sans Bold Oblique has
no Arabic). PySide6 has no binding for ``QFontDatabase.addApplicationFallbackFontFamily`` (it takes a
``QChar::Script``), hence the substitutes.

Qt may not be imported by ``workbench.exporters`` (pure Python), so the "pdf" exporter lives here and joins
the registry when ``register()`` is called (the command line, the app and the Export dialog do, before they
list formats). Uses QtGui only (no widgets); creates an offscreen ``QGuiApplication`` when there is none.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import subprocess
import sys
import threading
from typing import BinaryIO

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt, QThread
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from workbench import APP_NAME, __version__, paths
from workbench.errors import KnownError
from workbench.exporters import base as registry
from workbench.exporters.html import PAGE_BREAK, render_html
from workbench.exporters.model import Report
from workbench.exporters.pacing import paced
from workbench.resources import resource_path

LAYOUT_DPI = 96  # the document is laid out like a browser page (CSS px), then scaled to the writer
PDF_DPI = 300
MARGINS_MM = QMarginsF(18, 16, 18, 14)
FOOTER_PX = 34
DRAFT_FOOTER = "DRAFT — not for publication"
# The families CSS and QFont name without naming a font: they get the fallback fonts as substitutes too.
GENERIC_FAMILIES = ("serif", "sans-serif", "sans serif", "monospace", "cursive", "fantasy", "system-ui")
_app: QGuiApplication | None = None
_lock = threading.Lock()
_fallback_families: tuple[str, ...] | None = None


def ensure_application() -> None:
    """Qt needs an application object for fonts; make an offscreen one if the process has none. Then the
    fallback fonts are registered (once)."""
    global _app
    with _lock:
        if QGuiApplication.instance() is None:
            if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
                os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            _app = QGuiApplication([APP_NAME])
    ensure_fonts()


def ensure_fonts() -> tuple[str, ...]:
    """Register the fonts of ``resources/fonts/`` with Qt and make their families the fallback of every font
    family (idempotent; needs the application object). Returns those families, in fallback order: Arabic,
    Hebrew, CJK — each covers one script, so the order only matters for shared punctuation."""
    global _fallback_families
    with _lock:
        if _fallback_families is not None:
            return _fallback_families
        families: list[str] = []
        for path in sorted(resource_path("fonts").glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))  # -1 for a damaged file: it is left out
            families += [f for f in QFontDatabase.applicationFontFamilies(font_id) if f not in families]
        # Every family known now (system and application fonts) and the generic ones: a report's CSS or a
        # painter's QFont names one of them first, and Qt appends a family's substitutes to its fallbacks.
        # Only real families: a substitution for a generic name ("Sans Serif", the app's own default) would make
        # Qt draw all Latin text of the window with the first substitute instead of the system's font.
        for family in QFontDatabase.families():
            if family not in families and family.casefold() not in GENERIC_FAMILIES:
                QFont.insertSubstitutions(family, families)
        _fallback_families = tuple(families)
        return _fallback_families


def _writer(device: QIODevice, report: Report) -> QPdfWriter:
    writer = QPdfWriter(device)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     MARGINS_MM, QPageLayout.Unit.Millimeter))
    writer.setTitle(report.title)
    writer.setAuthor(pdf_author(report))
    writer.setCreator(f"{APP_NAME} {__version__}")
    return writer


def pdf_author(report: Report) -> str:
    """The PDF's Author property: the report author setting, else the project's name (its file's name)."""
    return report.author.strip() or report.project_name.strip() or APP_NAME


def _sections(html: str) -> list[str]:
    """The paged report cut at its page breaks, each part a whole HTML page (head and styles repeated).

    Laying out and drawing one document per part keeps the PDF linear in its size: Qt's document layout visits
    every block of a document for each page it draws.
    """
    cut = html.find("<body")
    cut = html.find(">", cut) + 1 if cut >= 0 else 0
    head, body = html[:cut], html[cut:]
    return [head + part + "</body></html>" for part in body.split(PAGE_BREAK) if part.strip()]


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    ensure_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = _writer(buffer, report)
    scale = PDF_DPI / LAYOUT_DPI
    paint_rect = writer.pageLayout().paintRectPixels(PDF_DPI)
    width, height = paint_rect.width() / scale, paint_rect.height() / scale
    body = QSizeF(width, height - FOOTER_PX)
    layout_device = QImage(8, 8, QImage.Format.Format_ARGB32)  # 96 dpi: CSS px are screen pixels
    docs = []
    for part in paced(_sections(render_html(report, paged=True))):  # Qt holds the interpreter lock meanwhile
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(layout_device)
        doc.setDocumentMargin(0)
        doc.setPageSize(body)
        doc.setHtml(part)
        docs.append(doc)
    pages = sum(doc.pageCount() for doc in docs)
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError("cannot start writing the PDF")
    try:
        painter.scale(scale, scale)
        number = 0
        for doc in docs:
            for page in paced(range(doc.pageCount())):
                if number:
                    writer.newPage()
                number += 1
                if report.draft:
                    _draft_mark(painter, width, height)  # under the text
                painter.save()
                painter.setClipRect(QRectF(0, 0, body.width(), body.height()))
                painter.translate(0, -page * body.height())
                context = QAbstractTextDocumentLayout.PaintContext()
                context.clip = QRectF(0, page * body.height(), body.width(), body.height())
                doc.documentLayout().draw(painter, context)
                painter.restore()
                _footer(painter, report, number, pages, width, height)
    finally:
        painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def _draft_mark(painter: QPainter, width: float, height: float) -> None:
    """"DRAFT" across the page, under a report holding claims that are not final (not for publication)."""
    painter.save()
    font = QFont("DejaVu Sans")
    font.setPixelSize(int(width / 5))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(138, 90, 0, 60))
    painter.translate(width / 2, height / 2)
    painter.rotate(-30)
    painter.drawText(QRectF(-width, -height / 4, 2 * width, height / 2), int(Qt.AlignmentFlag.AlignCenter), "DRAFT")
    painter.restore()
    painter.setFont(_draft_footer_font())
    painter.setPen(QColor("#8a5a00"))
    painter.drawText(QRectF(0, height - FOOTER_PX + 14, width, FOOTER_PX - 14), int(Qt.AlignmentFlag.AlignCenter),
                     DRAFT_FOOTER)


def _draft_footer_font() -> QFont:
    font = QFont("DejaVu Sans")
    font.setPixelSize(10)
    font.setBold(True)
    return font


def _footer(painter: QPainter, report: Report, page: int, pages: int, width: float, height: float) -> None:
    font = QFont("DejaVu Sans")
    font.setPixelSize(10)
    painter.setFont(font)
    painter.setPen(QPen(QColor("#bbbbbb"), 0.6))
    top = height - FOOTER_PX + 10
    painter.drawLine(0, int(top), int(width), int(top))
    painter.setPen(QColor("#555555"))
    box = QRectF(0, top + 4, width, FOOTER_PX - 14)
    room = width * 0.7
    if report.draft:  # the title stops short of "DRAFT — not for publication", centred on the same line
        room = (width - QFontMetricsF(_draft_footer_font()).horizontalAdvance(DRAFT_FOOTER)) / 2 - 12
    title = painter.fontMetrics().elidedText(report.title, Qt.TextElideMode.ElideRight, int(room))
    painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), title)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), f"Page {page} of {pages}")


def write(report: Report, out: BinaryIO) -> None:
    """Write the PDF; off the main thread (the app's export worker) it is made in a child process."""
    out.write(render_pdf_in_child(report) if _in_child() else render_pdf(report))


def _in_child() -> bool:
    """Whether to make the PDF in a child process: on a worker thread of a process that has a window to keep
    painting. PySide6 keeps the interpreter lock inside Qt's calls, and three of a 500-claim report's are long on
    their own (the title page's contents table parsed ~90-180 ms and laid out ~45-100 ms; ``QPainter.end``, the
    fonts embedded, ~40-120 ms): made in the app's process they froze its window that long (issue 15). On the
    main thread (the command line) the PDF is made here."""
    return threading.current_thread() is not threading.main_thread()


def _child_command() -> list[str]:
    """The child running ``child_main`` (``--export-pdf-worker`` in a frozen bundle)."""
    return paths.child_command("workbench.render_pdf", "child_main", "--export-pdf-worker")


def _pickled(report: Report) -> bytes:
    """The report for the child: each claim pickled apart (paced), so no single call holds the lock long."""
    claims = [pickle.dumps(cr, protocol=pickle.HIGHEST_PROTOCOL) for cr in paced(report.claims)]
    return pickle.dumps((dataclasses.replace(report, claims=()), claims), protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled(data: bytes) -> Report:
    shell, claims = pickle.loads(data)  # made by the parent process (never a file from elsewhere)
    return dataclasses.replace(shell, claims=tuple(pickle.loads(c) for c in claims))


def render_pdf_in_child(report: Report) -> bytes:
    """``render_pdf(report)`` made by a child process (``child_main``); this thread only waits for it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(_child_command(), input=_pickled(report), capture_output=True, env=env, check=False)
    if done.returncode != 0 or not done.stdout.startswith(b"%PDF"):
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KnownError(f"The PDF could not be made (its process ended with code {done.returncode}"
                         + (f": {lines[-1]}" if lines else "") + ").")
    return done.stdout


def child_main() -> int:
    """The child process: a pickled report on standard input, its PDF on standard output."""
    report = _unpickled(sys.stdin.buffer.read())
    ensure_application()
    sys.stdout.buffer.write(render_pdf(report))
    sys.stdout.buffer.flush()
    return 0


EXPORTER = registry.Exporter(
    "pdf", "PDF report", "The HTML report as a paginated A4 PDF with page numbers (and a title page for a project "
    "report), made offline; fonts are embedded.", ".pdf", "application/pdf", write)


def register() -> None:
    """Add the "pdf" format to the exporters registry (idempotent). In an application (the app registers on
    its main thread at start), the fallback fonts are registered now, before any export runs on a worker."""
    registry.register(EXPORTER)
    app = QGuiApplication.instance()
    if app is not None and app.thread() == QThread.currentThread():
        ensure_fonts()


__all__ = ["EXPORTER", "GENERIC_FAMILIES", "child_main", "ensure_application", "ensure_fonts", "pdf_author",
           "register", "render_pdf", "render_pdf_in_child"]

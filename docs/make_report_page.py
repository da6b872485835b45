"""Make docs/report-page.png: the PDF report of the demo project, its cover and first claim side by side.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_report_page.py [OUT.png]

Builds the demo project in a temporary folder, sets the report settings a newsroom would (author, base URL,
title) with the same command line a user has, exports the PDF with ``workbench export`` and rasterises pages 1
and 2 with ``pdftoppm`` (poppler-utils).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: object) -> None:
    subprocess.run([sys.executable, "-m", "workbench", *map(str, args)], cwd=ROOT, check=True,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def main(out: Path) -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm is needed (apt-get install poppler-utils)")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    from workbench.ops.project import build_demo

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project = folder / "demo.fcw"
        build_demo(project).close()
        run("settings", project, "--author", "Euphrates Check Desk", "--base-url",
            "https://check.example.org/2017/tal-sarmin", "--title", "Tal Sarmin, December 2017: five claims checked")
        run("export", project, "--format", "pdf", "-o", folder / "report.pdf")
        subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "2", "-png", str(folder / "report.pdf"),
                        str(folder / "page")], check=True)
        app = QGuiApplication.instance() or QGuiApplication([])
        pages = [QImage(str(p)) for p in sorted(folder.glob("page-*.png"))]
        gap, margin = 24, 20
        width = sum(p.width() for p in pages) + gap * (len(pages) - 1) + 2 * margin
        height = max(p.height() for p in pages) + 2 * margin
        sheet = QImage(width, height, QImage.Format.Format_RGB32)
        sheet.fill(QColor("#d9d9d4"))
        painter = QPainter(sheet)
        x = margin
        for page in pages:
            painter.fillRect(x + 3, margin + 3, page.width(), page.height(), QColor("#b5b5ae"))  # a soft shadow
            painter.drawImage(x, margin, page)
            x += page.width() + gap
        painter.end()
        sheet.save(str(out))
        del app
    print(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "report-page.png")

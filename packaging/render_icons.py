"""Render resources/icons/workbench.svg to the PNG sizes the installers use (with QtSvg, offscreen).

    python packaging/render_icons.py   # writes resources/icons/workbench-<size>.png, workbench.ico, workbench.icns

``workbench.ico`` (Windows: the .exe and the installer) and ``workbench.icns`` (macOS: the .app) hold the same
PNGs in their containers.

The PNGs are committed; run this again after editing the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def render(svg: Path, out_dir: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        out = out_dir / f"{svg.stem}-{size}.png"
        if not image.save(str(out)):  # PNG, from the suffix
            raise SystemExit(f"{out}: could not write")
        written.append(out)
    return written


def write_ico(pngs: dict[int, bytes], out: Path) -> Path:
    """A Windows .ico holding PNG images (Windows Vista and later read PNG entries)."""
    sizes = [s for s in sorted(pngs) if s <= 256]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        data = pngs[size]
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    out.write_bytes(header + entries + blobs)
    return out


ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def write_icns(pngs: dict[int, bytes], out: Path) -> Path:
    """A macOS .icns holding PNG images."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for size, kind in ICNS_TYPES.items() if size in pngs)
    out.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
    return out


if __name__ == "__main__":
    written = render(ICONS / "workbench.svg", ICONS)
    pngs = {int(p.stem.rsplit("-", 1)[1]): p.read_bytes() for p in written}
    written += [write_ico(pngs, ICONS / "workbench.ico"), write_icns(pngs, ICONS / "workbench.icns")]
    for path in written:
        print(path.relative_to(ICONS.parents[1]))

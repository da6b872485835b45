"""Thumbnails of image evidence (PNG, JPEG, GIF, WebP…), decoded at the size shown."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap


def thumbnail(data: bytes, size: int) -> QPixmap | None:
    """A pixmap of ``data`` fitting in ``size`` × ``size`` pixels, or None if it is not an image.

    Large images are decoded straight at the reduced size (JPEG decodes faster that
    way and a huge picture never needs its full-size buffer); small ones are not enlarged.
    """
    if not data or size <= 0:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # honour EXIF orientation of phone photos
    if not reader.canRead():
        return None
    full = reader.size()
    if full.isValid() and (full.width() > size or full.height() > size):
        reader.setScaledSize(full.scaled(QSize(size, size), Qt.AspectRatioMode.KeepAspectRatio))
    image: QImage = reader.read()
    if image.isNull():
        return None
    if image.width() > size or image.height() > size:  # formats that ignore setScaledSize
        image = image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return QPixmap.fromImage(image)

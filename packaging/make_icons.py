"""Draw the Peptide Desk icon with QPainter and write every size each platform wants.

Run ``.venv/bin/python packaging/make_icons.py`` after changing the drawing; the outputs are
committed (they are small) so a build never needs to draw them:

- src/peptide_desk/data/icons/peptide-desk-<N>.png for N in 16..512 (Linux hicolor, the
  window icon) and peptide-desk.ico (Windows: BMP entries up to 64 px, PNG above);
- packaging/macos/peptide-desk.iconset/ (``iconutil -c icns`` input) and
  packaging/macos/peptide-desk.icns written directly, so macOS builds need no extra tool.

The mark: a calm blue-to-teal rounded square with a short peptide chain (four residues on a
zig-zag backbone, one in amber). Small sizes are drawn with fewer, larger parts rather than
scaled down, so they stay legible at 16 px.
"""

from __future__ import annotations

import itertools
import os
import struct
import sys
from pathlib import Path
from typing import cast

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
)

ROOT = Path(__file__).resolve().parents[1]
ICON_DIR = ROOT / "src" / "peptide_desk" / "data" / "icons"
MAC_DIR = ROOT / "packaging" / "macos"
NAME = "peptide-desk"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_PNG_FROM = 128  # larger ICO entries are stored as PNG (Vista and later)
ICONSET = {  # iconset file name -> pixel size (Apple's naming)
    "icon_16x16.png": 16, "icon_16x16@2x.png": 32, "icon_32x32.png": 32,
    "icon_32x32@2x.png": 64, "icon_128x128.png": 128, "icon_128x128@2x.png": 256,
    "icon_256x256.png": 256, "icon_256x256@2x.png": 512, "icon_512x512.png": 512,
    "icon_512x512@2x.png": 1024,
}
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
              (b"ic14", 512))

BLUE, TEAL = QColor("#2A6CB8"), QColor("#0B7A6E")
BEAD, AMBER, STUB = QColor("#FFFFFF"), QColor("#F2B134"), QColor("#B9D6DF")


def _chain(size: int) -> list[tuple[float, float]]:
    """Residue centres in unit coordinates: three for tiny icons, four otherwise."""
    if size <= 24:
        return [(0.25, 0.64), (0.50, 0.36), (0.75, 0.64)]
    return [(0.20, 0.62), (0.40, 0.38), (0.60, 0.62), (0.80, 0.38)]


def _background(p: QPainter, s: float) -> None:
    """Rounded square, blue at the top left to teal at the bottom right."""
    margin = 0.0 if s <= 32 else s * 0.04
    rect = QRectF(margin, margin, s - 2 * margin, s - 2 * margin)
    grad = QLinearGradient(rect.topLeft(), rect.bottomRight())
    grad.setColorAt(0.0, BLUE)
    grad.setColorAt(1.0, TEAL)
    path = QPainterPath()
    radius = rect.width() * 0.22
    path.addRoundedRect(rect, radius, radius)
    p.fillPath(path, QBrush(grad))


def _side_chains(p: QPainter, pts: list[QPointF], s: float) -> None:
    """Short stubs pointing away from the backbone, each ending in a small dot."""
    pen = QPen(STUB, s * 0.028, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    for i, c in enumerate(pts):
        direction = 1.0 if i % 2 == 0 else -1.0
        end = QPointF(c.x(), c.y() + direction * s * 0.17)
        p.setPen(pen)
        p.drawLine(c, end)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(STUB)
        p.drawEllipse(end, s * 0.032, s * 0.032)


def draw(size: int) -> QImage:
    """The icon at one pixel size."""
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    s = float(size)
    _background(p, s)
    pts = [QPointF(x * s, y * s) for x, y in _chain(size)]
    small = size <= 24
    p.setPen(QPen(QColor(255, 255, 255, 225), s * (0.085 if small else 0.05),
                  Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    for a, b in itertools.pairwise(pts):
        p.drawLine(a, b)
    if size >= 48:
        _side_chains(p, pts, s)
    radius = s * (0.125 if small else 0.085)
    for i, c in enumerate(pts):
        p.setPen(QPen(QColor(11, 60, 80, 90), max(1.0, s * 0.012)) if size >= 32
                 else Qt.PenStyle.NoPen)
        p.setBrush(AMBER if i == len(pts) - 2 else BEAD)
        p.drawEllipse(c, radius, radius)
    p.end()
    return img.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(img: QImage) -> bytes:
    """PNG encoding of an image, in memory."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG"):  # type: ignore[call-overload]  # the stubs want bytes
        raise RuntimeError("PNG encoding failed")
    buf.close()
    return bytes(data.data())


def dib_bytes(img: QImage) -> bytes:
    """A 32-bit BMP (DIB) ICO entry: header, bottom-up BGRA rows, then the AND mask."""
    w, h = img.width(), img.height()
    header = struct.pack("<IiiHHIIiiII", 40, w, 2 * h, 1, 32, 0, 0, 0, 0, 0, 0)
    rows, mask_rows = [], []
    stride = ((w + 31) // 32) * 4
    for y in range(h - 1, -1, -1):
        # ARGB32 is B,G,R,A in memory on little-endian machines: the DIB byte order
        line = bytes(cast(memoryview, img.constScanLine(y)))[: w * 4]
        rows.append(line)
        bits = bytearray(stride)
        for x in range(w):
            if line[x * 4 + 3] == 0:
                bits[x // 8] |= 0x80 >> (x % 8)
        mask_rows.append(bytes(bits))
    return header + b"".join(rows) + b"".join(mask_rows)


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """An ICO container holding every size in ICO_SIZES."""
    blobs = [(n, png_bytes(images[n]) if n >= ICO_PNG_FROM else dib_bytes(images[n]))
             for n in ICO_SIZES]
    out = struct.pack("<HHH", 0, 1, len(blobs))
    offset = 6 + 16 * len(blobs)
    for n, blob in blobs:
        dim = 0 if n >= 256 else n
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    return out + b"".join(blob for _, blob in blobs)


def icns_bytes(images: dict[int, QImage]) -> bytes:
    """An Apple icon container with PNG entries (macOS 10.7 and later read these)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data
                    for kind, data in ((k, png_bytes(images[n])) for k, n in ICNS_TYPES))
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Draw every size and write the PNG, ICO, iconset and ICNS files."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICONSET.values()))
    images = {n: draw(n) for n in sizes}
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    for n in PNG_SIZES:
        (ICON_DIR / f"{NAME}-{n}.png").write_bytes(png_bytes(images[n]))
    (ICON_DIR / f"{NAME}.ico").write_bytes(ico_bytes(images))
    iconset = MAC_DIR / f"{NAME}.iconset"
    iconset.mkdir(parents=True, exist_ok=True)
    for fname, n in ICONSET.items():
        (iconset / fname).write_bytes(png_bytes(images[n]))
    (MAC_DIR / f"{NAME}.icns").write_bytes(icns_bytes(images))
    del app
    print(f"icons written to {ICON_DIR.relative_to(ROOT)} and {MAC_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

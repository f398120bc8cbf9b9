"""Lay a Letter out as rich text and paint it onto pages (a PDF writer or a printer).

QTextDocument.print_() adds its own 2 cm margin and a page number; we paint the document
ourselves with drawContents so the page margins are the company's setting and nothing else.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from models.company import get_setting
from models.letters import Letter

PDF_DPI = 300
LOGO_URL = "ontime-logo"  # the company's logo, handed to the document as a resource
LAYOUT_DPI = 96.0  # the document is laid out in 1/96 inch units, then scaled to the device
FAMILIES = ["DejaVu Serif", "Noto Serif", "Times New Roman", "DejaVu Sans"]
_CSS = """
body { color: #1f2933; }
.head { font-size: 19pt; font-weight: bold; color: #1e3a5f; }
.headline { font-size: 9.5pt; color: #52606d; }
.date { font-size: 10.5pt; }
.to { font-size: 11pt; }
h1 { font-size: 15pt; color: #1e3a5f; margin-top: 18px; margin-bottom: 6px; }
p { font-size: 11pt; margin-bottom: 9px; line-height: 130%; }
.terms { font-size: 9pt; color: #52606d; }
.label { font-size: 9.5pt; color: #52606d; }
.value { font-size: 14pt; font-weight: bold; }
.sig { font-size: 11pt; font-weight: bold; }
"""


def ensure_gui() -> None:
    """Fonts need a GUI application; a headless command gets one on 'offscreen'."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        ensure_gui.app = QGuiApplication(["ontime-letters"])  # kept alive on purpose


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def to_html(letter: Letter) -> str:
    """The letter as simple rich text (every user text escaped)."""
    head = [f'<div class="head">{_e(letter.letterhead[0])}</div>']
    if len(letter.letterhead) > 1:
        head.append('<div class="headline">' + " &middot; ".join(
            _e(line) for line in letter.letterhead[1:]) + "</div>")
    logo = (f'<td align="right" valign="top"><img src="{LOGO_URL}" height="64"/></td>'
            if letter.logo else "")
    parts = ['<table width="100%" cellspacing="0" cellpadding="0"><tr><td>' + "".join(head)
             + f'</td>{logo}</tr><tr><td colspan="2" style="border-bottom: 2px solid #1e3a5f; '
             'padding-top:4px;"></td></tr></table>',
             f'<p class="date" align="right" style="margin-top: 10px;">{_e(letter.date_line)}</p>']
    if letter.kind != "certificate":
        parts.append('<p class="to">' + "<br/>".join(_e(x) for x in letter.recipient) + "</p>")
    parts.append(f"<h1>{_e(letter.title)}</h1>")
    if letter.salutation:
        parts.append(f"<p>{_e(letter.salutation)}</p>")
    parts += [f"<p>{_e(p)}</p>" for p in letter.paragraphs]
    if letter.facts:
        cell = "padding: 7px 14px; border: none;"
        rows = "".join(
            f'<tr><td class="label" width="26%" style="{cell}">{_e(label)}</td>'
            f'<td class="value" style="{cell}">{_e(value)}</td></tr>'
            for label, value in letter.facts)
        parts.append('<table width="100%" cellspacing="0" cellpadding="0" style="border-collapse: '
                     'collapse; border: 2px solid #1e3a5f; margin: 10px 0 14px 0;">'
                     f"{rows}</table>")
    if letter.terms:
        parts.append(f'<p class="terms">{_e(letter.terms)}</p>')
    if letter.closing:
        parts.append(f"<p>{_e(letter.closing)}</p>")
    if letter.signature:
        parts.append(f'<p class="sig">{_e(letter.signature)}</p>')
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def page_layout() -> QPageLayout:
    """The paper and margins from the company settings (Letter, 12 mm by default)."""
    paper = get_setting("paper") or "Letter"
    try:
        margin = float(get_setting("margins_mm") or 12)
    except ValueError:
        margin = 12.0
    margin = max(margin, 20.0)  # a letter wants more air around it than a route sheet
    size = QPageSize(QPageSize.A4 if paper == "A4" else QPageSize.Letter)
    return QPageLayout(size, QPageLayout.Portrait, QMarginsF(margin, margin, margin, margin),
                       QPageLayout.Millimeter)


def document(letter: Letter, width: float, height: float) -> QTextDocument:
    doc = QTextDocument()
    base = QFont()
    base.setFamilies(FAMILIES)
    base.setPointSizeF(11)
    # No "fi" ligatures: the PDF's text must read back letter for letter.
    for tag in ("liga", "clig"):
        base.setFeature(QFont.Tag(tag), 0)
    doc.setDefaultFont(base)
    doc.setDefaultStyleSheet(_CSS)
    doc.setDocumentMargin(0)
    if letter.logo:
        image = QImage.fromData(letter.logo)
        if not image.isNull():
            doc.addResource(QTextDocument.ImageResource, QUrl(LOGO_URL), image)
    doc.setHtml(to_html(letter))
    doc.setPageSize(QSizeF(width, height))
    return doc


def paint(device: QPagedPaintDevice, letter: Letter) -> int:
    """Paint the letter on ``device``; returns the number of pages."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("The letter could not be written there (is the folder writable?)")
    try:
        scale = device.logicalDpiX() / LAYOUT_DPI
        width, height = device.width() / scale, device.height() / scale
        doc = document(letter, width, height)
        painter.scale(scale, scale)
        pages = doc.pageCount()
        for index in range(pages):
            if index:
                device.newPage()
            painter.save()
            painter.translate(0, -index * height)
            doc.drawContents(painter, QRectF(0, index * height, width, height))
            painter.restore()
    except BaseException:
        painter.end()
        raise
    if not painter.end():
        raise OSError("The letter could not be finished (the page did not close).")
    return pages


def write_pdf(letter: Letter, path: str | Path) -> int:
    """Write the letter as a PDF file; returns the number of pages."""
    from desktop.printing.pdf_file import save_pdf

    ensure_gui()

    def setup(writer: QPdfWriter) -> None:
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(page_layout())
        writer.setTitle(letter.title)
        writer.setCreator("OnTime Dispatch")

    return save_pdf(path, setup, lambda writer: paint(writer, letter))

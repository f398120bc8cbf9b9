"""Route sheets onto pages: a cover page, then each truck from a new page, no job split."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import (
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from desktop.printing.sheet_layout import Block, Measurer, Step, draw, font
from models.route_sheets import FLAG_LABELS, RouteSheets, TruckSheet

PDF_DPI = 300


@dataclass
class Page:
    title: str  # the truck's name, or "" for the cover
    crew: str
    number: int = 0
    count: int = 0
    blocks: list[tuple[Block, float]] = field(default_factory=list)


def page_layout(sheets: RouteSheets) -> QPageLayout:
    """The paper and margins the settings ask for, portrait."""
    size = QPageSize(QPageSize.A4 if sheets.paper == "A4" else QPageSize.Letter)
    m = sheets.margins_mm
    return QPageLayout(size, QPageLayout.Portrait, QMarginsF(m, m, m, m),
                       QPageLayout.Millimeter)


def ensure_gui() -> None:
    """Qt needs a GUI application for fonts; a headless run gets one on 'offscreen'."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        ensure_gui.app = QGuiApplication(["ontime-route-sheets"])  # kept alive on purpose


def write_pdf(sheets: RouteSheets, path: str | Path) -> int:
    """Write the sheets as a PDF file; returns the number of pages."""
    from desktop.printing.pdf_file import save_pdf

    ensure_gui()

    def setup(writer: QPdfWriter) -> None:
        writer.setResolution(PDF_DPI)
        writer.setPageLayout(page_layout(sheets))
        writer.setTitle(f"Route sheets {sheets.day.isoformat()}")
        writer.setCreator("OnTime Dispatch")

    return save_pdf(path, setup, lambda writer: render(writer, sheets))


def render(device: QPagedPaintDevice, sheets: RouteSheets) -> int:
    """Paint every page on ``device`` (a PDF writer or a printer); returns the page count."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("The route sheets could not be written there (is the folder writable?)")
    try:
        pages = _Renderer(painter, device, sheets).run()
    except BaseException:
        painter.end()
        raise
    if not painter.end():
        raise OSError("The route sheets could not be finished (the page did not close).")
    return pages


class _Renderer:
    def __init__(self, painter: QPainter, device: QPagedPaintDevice,
                 sheets: RouteSheets) -> None:
        self.p = painter
        self.device = device
        self.sheets = sheets
        self.dpi = float(device.logicalDpiY())
        area = device.pageLayout().paintRectPixels(int(self.dpi))
        self.width, self.height = float(area.width()), float(area.height())
        self.m = Measurer(painter, self.dpi, self.width)
        self.pen = self.m.mm(0.35)

    def run(self) -> int:
        pages = self._cover_pages()
        for sheet in self.sheets.trucks:
            pages += self._truck_pages(sheet)
        for i, page in enumerate(pages):
            if i:
                self.device.newPage()
            self._paint(page)
        return len(pages)

    # -- pagination -----------------------------------------------------------------------
    def _body(self, header: Block) -> tuple[float, float]:
        top = header.height + self.m.mm(3)
        return top, self.height - self._footer().height - self.m.mm(2)

    def _paginate(self, title: str, crew: str, blocks: list[Block],
                  empty_text: str) -> list[Page]:
        header = self._header(title, crew, 1, 1)
        top, bottom = self._body(header)
        pages = [Page(title, crew)]
        y = top
        if not blocks:
            blocks = [Block(self.m.mm(12), [self.m.text(0, self.m.mm(3), self.width, empty_text,
                                                        self.m.f_body)])]
        for block in blocks:
            if y + block.height > bottom and pages[-1].blocks:
                pages.append(Page(title, crew))
                y = top
            pages[-1].blocks.append((block, y))
            y += block.height
        for n, page in enumerate(pages, 1):
            page.number, page.count = n, len(pages)
        return pages

    def _truck_pages(self, sheet: TruckSheet) -> list[Page]:
        top, bottom = self._body(self._header(sheet.truck, sheet.crew, 1, 1))
        blocks = [b for job in sheet.jobs for b in self.m.job_blocks(job, bottom - top)]
        return self._paginate(sheet.truck, sheet.crew, blocks,
                              "No jobs booked for this truck on this day.")

    def _cover_pages(self) -> list[Page]:
        from desktop.printing.unassigned_warning import warning_blocks

        names = [name for name, _ in self.m.COVER_COLUMNS] + ["Flagged jobs"]
        rows = warning_blocks(self.m, self.sheets.unassigned)
        rows.append(self.m.cover_row(names, header=True))
        for sheet in self.sheets.cover:
            flagged = "\n".join(
                f"{j.window[:5]}  {j.customer}: "
                + ", ".join(dict.fromkeys(FLAG_LABELS[f.kind] for f in j.flags))
                for j in sheet.flagged) or "—"
            rows.append(self.m.cover_row([sheet.truck, sheet.crew or "—", str(len(sheet.jobs)),
                                          sheet.first_window or "no jobs", flagged]))
        total = sum(len(s.jobs) for s in self.sheets.cover)
        rows.append(Block(self.m.mm(10), [self.m.text(
            0, self.m.mm(3), self.width, f"{len(self.sheets.cover)} trucks, {total} jobs to visit. "
            "Cancelled jobs and jobs moved to another day are left off.", self.m.f_body)]))
        return self._paginate("", "", rows, "")

    # -- painting -------------------------------------------------------------------------
    def _paint(self, page: Page) -> None:
        header = self._header(page.title, page.crew, page.number, page.count)
        draw(self.p, header, 0, 0, self.pen)
        footer = self._footer()
        draw(self.p, footer, 0, self.height - footer.height, self.pen)
        for block, y in page.blocks:
            draw(self.p, block, 0, y, self.pen)

    def _header(self, title: str, crew: str, number: int, count: int) -> Block:
        m, s = self.m, self.sheets
        half = self.width / 2
        steps = self._letterhead(half)
        steps.append(m.text(half, 0, half, s.date_text, m.f_bold, m.o_right))
        y = max(st.rect.bottom() for st in steps) + m.mm(1)
        if title:
            big = m.text(0, y, self.width * 0.7, title, font(18, True))
            crew_step = m.text(0, y + big.rect.height(), self.width * 0.7,
                               f"Crew: {crew}" if crew else "Crew: —", m.f_body)
            steps += [big, crew_step]
            below = big.rect.height() + crew_step.rect.height()
        else:
            big = m.text(0, y, self.width * 0.7, "Route sheets: all trucks",
                         font(18, True))
            steps.append(big)
            below = big.rect.height()
        steps.append(m.text(self.width * 0.7, y + m.mm(1), self.width * 0.3,
                            f"Page {number} of {count}", m.f_body, m.o_right))
        y += below + m.mm(1.5)
        steps.append(Step("line", QRectF(0, y, self.width, 0)))
        steps.append(Step("line", QRectF(0, y + m.mm(0.4), self.width, 0)))
        return Block(y + m.mm(0.4), steps)

    def _letterhead(self, half: float) -> list[Step]:
        """The company's logo (if any), name and contact line at the top left."""
        m, s = self.m, self.sheets
        steps: list[Step] = []
        left = 0.0
        image = self._logo()
        if image is not None:
            height = m.mm(12)
            width = min(height * image.width() / max(image.height(), 1), self.width * 0.2)
            steps.append(Step("image", QRectF(0, 0, width, height), image=image))
            left = width + m.mm(2)
        name = m.text(left, 0, half - left, s.company or "OnTime Dispatch", m.f_bold)
        steps.append(name)
        if s.contact:
            steps.append(m.text(left, name.rect.height(), self.width - left, s.contact,
                                m.f_small))
        return steps

    def _logo(self) -> QImage | None:
        if not hasattr(self, "_logo_image"):
            image = QImage.fromData(self.sheets.logo) if self.sheets.logo else QImage()
            self._logo_image = None if image.isNull() else image
        return self._logo_image

    def _footer(self) -> Block:
        m, s = self.m, self.sheets
        cached = getattr(self, "_footer_block", None)
        if cached is not None:
            return cached
        phone = f"Office: {s.office_phone}" if s.office_phone else "Office: call your dispatcher"
        left = m.text(0, m.mm(1.5), self.width * 0.6, phone, m.f_bold)
        right = m.text(self.width * 0.6, m.mm(1.5), self.width * 0.4,
                       f"Printed {s.printed_at}", m.f_small, m.o_right)
        block = Block(m.mm(1.5) + max(left.rect.height(), right.rect.height()),
                      [Step("line", QRectF(0, 0, self.width, 0)), left, right])
        self._footer_block = block
        return block


"""Show a letter in a print preview, from which the user prints it or saves it as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from desktop import window_fit
from desktop.letters.render import page_layout, paint
from models.letters import Letter


def preview_dialog(letter: Letter, parent: QWidget | None = None,
                   file_name: str | None = None) -> QPrintPreviewDialog:
    """A print-preview dialog for ``letter`` (not yet shown); ``file_name`` is what saving
    it as PDF offers (in the documents folder)."""
    printer = QPrinter(QPrinter.HighResolution)
    printer.setPageLayout(page_layout())
    printer.setDocName(file_name.removesuffix(".pdf") if file_name else letter.title)
    if file_name and printer.outputFormat() == QPrinter.PdfFormat:
        from PySide6.QtCore import QStandardPaths

        folder = QStandardPaths.writableLocation(QStandardPaths.DocumentsLocation)
        printer.setOutputFileName(str(Path(folder) / file_name))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview: {letter.title}")
    dialog.paintRequested.connect(lambda device: paint(device, letter))
    dialog._printer = printer  # the dialog does not own the printer: keep it alive with it
    # Qt's own size shows a strip of the page: a page's worth, within the screen
    window_fit.place(dialog, "letter-preview", QSize(900, 1000))
    dialog.finished.connect(lambda _result: window_fit.remember(dialog, "letter-preview"))
    return dialog


def open_preview(letter: Letter, parent: QWidget | None = None,
                 file_name: str | None = None) -> int:
    """Show the preview modally; returns the dialog's result (accepted = printed)."""
    return preview_dialog(letter, parent, file_name).exec()

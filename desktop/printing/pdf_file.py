"""Painting a PDF in memory, then handing the finished bytes to models.outfile to put in place.

QPdfWriter on a file path reports no write error: on a full disk it leaves a truncated file
and the painter still says all is well. Painted into a QBuffer the PDF cannot fail half-way;
the one real write is ours (models.outfile), which checks every byte reached the disk.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QPdfWriter

from models.errors import DomainError
from models.outfile import check_target, write_pdf_bytes


def save_pdf(path: str | Path, setup: Callable[[QPdfWriter], None],
             paint: Callable[[QPdfWriter], int]) -> int:
    """``setup`` the writer (page, title), ``paint`` on it; write the file; return the pages."""
    check_target(path)  # refuse before the work, not after it
    data = QByteArray()
    buffer = QBuffer(data)
    if not buffer.open(QIODevice.OpenModeFlag.WriteOnly):
        raise DomainError("The PDF could not be prepared in memory.")
    writer = QPdfWriter(buffer)
    setup(writer)
    pages = paint(writer)  # raises if the painter could not start or finish
    del writer
    buffer.close()
    write_pdf_bytes(path, bytes(data.data()))
    return pages

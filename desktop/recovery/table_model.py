"""One small item model for the recovery tables: rows of display texts, an id and a tint."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

RED = QColor("#fde2e2")
AMBER = QColor("#fff4d6")
GREY = QColor("#6b7280")


@dataclass(frozen=True)
class Row:
    key: int  # the record's id
    cells: tuple[str, ...]
    tint: QColor | None = None  # background of the whole row
    muted: bool = False  # finished records: grey text


class RowsModel(QAbstractTableModel):
    """Adapts a list of Row to a table; knows nothing of the domain."""

    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        if role in (Qt.DisplayRole, Qt.ToolTipRole):
            return row.cells[index.column()] if index.column() < len(row.cells) else ""
        if role == Qt.BackgroundRole and row.tint is not None:
            return QBrush(row.tint)
        if role == Qt.ForegroundRole and row.muted:
            return QBrush(GREY)
        if role == Qt.UserRole:
            return row.key
        return None

    def headerData(self, section: int, orientation, role: int = Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None

    def key_at(self, row: int) -> int | None:
        return self.rows[row].key if 0 <= row < len(self.rows) else None

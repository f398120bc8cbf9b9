"""Pieces the windows share: the inline error line, OK/Cancel buttons, a read-only table."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)


def error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("inlineError")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b91c1c; font-weight: bold;")
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def buttons(dialog: QDialog, ok_text: str = "OK") -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, dialog)
    box.button(QDialogButtonBox.Ok).setText(ok_text)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def table(parent: QWidget, name: str, model, widths: tuple[int, ...] = ()) -> QTableView:
    """A read-only, row-selecting table with interactive column widths."""
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectRows)
    view.setSelectionMode(QTableView.SingleSelection)
    view.setEditTriggers(QTableView.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view

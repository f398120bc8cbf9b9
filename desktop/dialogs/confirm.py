"""A yes/no question whose safe answer ('No') is the default, listing what looks wrong."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(parent: QWidget | None, title: str, doubts: list[str], question: str,
            yes_text: str) -> bool:
    """True only when the person picks ``yes_text``; Enter and Escape say no."""
    box = QMessageBox(parent)
    box.setObjectName("confirm")
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Warning)
    box.setText("\n".join(doubts))
    box.setInformativeText(question)
    yes = box.addButton(yes_text, QMessageBox.AcceptRole)
    yes.setObjectName("yes")
    no = box.addButton("No, leave it", QMessageBox.RejectRole)
    no.setObjectName("no")
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes

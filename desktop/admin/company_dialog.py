"""The company's details that letters, certificates and route sheets print.

Signals:
    changed(): the details were saved (the window title shows the name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.admin.common import attempt
from desktop.dialogs.common import error_label, show_error
from models.errors import DomainError
from models.services import company_details
from models.services.actor import Actor
from models.services.company_details import LOGO_MOST, Details


class CompanyDialog(QDialog):
    changed = Signal()

    def __init__(self, actor: Actor, clock: Callable[[], dt.datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("companyDialog")
        self.setWindowTitle("Company details")
        self.actor, self.clock = actor, clock
        current = company_details.details()
        self.logo: bytes | None = current.logo
        self.name = self._line("companyName", current.name)
        self.address = QPlainTextEdit(current.address, self)
        self.address.setObjectName("address")
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(80)
        self.phone = self._line("phone", current.phone)
        self.email = self._line("email", current.email)
        self.preview = QLabel(self)
        self.preview.setObjectName("logoPreview")
        self.preview.setFixedSize(180, 70)
        self.preview.setAlignment(Qt.AlignCenter)
        self.choose = self._button("chooseLogo", "Choose logo…")
        self.remove = self._button("removeLogo", "No logo")
        self.error = error_label(self)
        note = QLabel("Printed at the top of every letter, certificate and route sheet. "
                      f"Logo: a PNG or JPEG picture of at most {LOGO_MOST // 1024} KB.", self)
        note.setWordWrap(True)
        self.save = self._button("save", "Save")
        cancel = self._button("cancel", "Cancel")
        form = QFormLayout()
        form.addRow("Company name", self.name)
        form.addRow("Address", self.address)
        form.addRow("Phone", self.phone)
        form.addRow("E-mail", self.email)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.preview)
        logo_row.addWidget(self.choose)
        logo_row.addWidget(self.remove)
        logo_row.addStretch(1)
        form.addRow("Logo", logo_row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.choose.clicked.connect(self.on_choose)
        self.remove.clicked.connect(lambda: self.set_logo(None))
        self.save.clicked.connect(self.on_save)
        cancel.clicked.connect(self.reject)
        if not actor.is_owner:
            self.save.setToolTip("Only an owner can change the company's details.")
        self._show_logo()
        self.resize(560, 420)

    def _line(self, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        return edit

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        return button

    def on_choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Company logo", "",
                                              "Pictures (*.png *.jpg *.jpeg)")
        if path:
            self.load_logo(Path(path))

    def load_logo(self, path: Path) -> bool:
        """Take the picture at ``path`` as the new logo (saved with the rest), or say why not."""
        try:
            if path.stat().st_size > LOGO_MOST:
                raise DomainError(f"{path.name} is {path.stat().st_size // 1024} KB; the logo "
                                  f"can be at most {LOGO_MOST // 1024} KB (save it smaller).")
            data = path.read_bytes()
            company_details.logo_kind(data)
        except OSError as exc:
            show_error(self.error, f"{path.name} could not be read ({exc.strerror}).")
            return False
        except DomainError as exc:
            show_error(self.error, str(exc))
            return False
        if QImage.fromData(data).isNull():
            show_error(self.error, f"{path.name} could not be read as a picture.")
            return False
        self.set_logo(data)
        show_error(self.error, "")
        return True

    def set_logo(self, data: bytes | None) -> None:
        self.logo = data
        self._show_logo()

    def _show_logo(self) -> None:
        image = QImage.fromData(self.logo) if self.logo else QImage()
        if image.isNull():
            self.preview.setPixmap(QPixmap())
            self.preview.setText("(no logo)")
        else:
            self.preview.setPixmap(QPixmap.fromImage(image).scaled(
                self.preview.size(), Qt.KeepAspectRatio, Qt.SmoothTransformation))
        self.remove.setEnabled(self.logo is not None)

    def details(self) -> Details:
        return Details(self.name.text(), self.address.toPlainText(), self.phone.text(),
                       self.email.text(), self.logo)

    def on_save(self) -> None:
        ok, _ = attempt(self.error, lambda: company_details.save(
            self.details(), self.actor, self.clock()))
        if ok:
            self.changed.emit()
            self.accept()

"""Telling the dispatcher what the guarantee just did: an in-app banner, tray message, sound."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QWidget,
)


class Banner(QFrame):
    """A strip above the board listing the latest messages until dismissed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(self)
        self.label.setObjectName("bannerText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        close = QPushButton("Dismiss", self)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close)
        self.messages: list[str] = []
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        self.messages = (list(messages) + self.messages)[:4]
        self.label.setText("\n".join(self.messages))
        self.show()

    def withdraw(self, messages: list[str]) -> None:
        """An undo took these back: they no longer stand (the banner hides when empty)."""
        self.messages = [m for m in self.messages if m not in set(messages)]
        self.label.setText("\n".join(self.messages))
        if not self.messages:
            self.hide()

    def text(self) -> str:
        return self.label.text()


class Notifier:
    """Banner always; tray message and a beep where the desktop offers them."""

    def __init__(self, banner: Banner, icon: QIcon, sound: bool = True) -> None:
        self.banner = banner
        self.sound = sound
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon)
            self.tray.setToolTip("OnTime Dispatch")
            self.tray.show()

    def notify(self, messages: list[str]) -> None:
        if not messages:
            return
        self.banner.show_messages(messages)
        if self.tray is not None and self.tray.supportsMessages():
            title = "Guarantee: reward owed" if len(messages) == 1 else \
                f"Guarantee: {len(messages)} updates"
            self.tray.showMessage(title, "\n".join(messages), QSystemTrayIcon.Warning, 10_000)
        if self.sound:
            QTimer.singleShot(0, QApplication.beep)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()

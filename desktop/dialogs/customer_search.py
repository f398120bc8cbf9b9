"""A customer search box and its list of hits, filled as the user types (two dialogs use it:
a new job, and a complaint taken by phone)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from models.queries.customers import CustomerHit, search_customers


class CustomerSearch:
    """``search`` and ``hits`` go into the owner's form (which keeps this object: the box is
    connected to its ``fill``); a single hit is chosen by itself.
    Each item carries its CustomerHit (Qt.UserRole)."""

    def __init__(self, parent: QWidget, search_name: str, hits_name: str) -> None:
        self.search = QLineEdit(parent)
        self.search.setObjectName(search_name)
        self.search.setPlaceholderText("Name, phone or address…")
        self.hits = QListWidget(parent)
        self.hits.setObjectName(hits_name)
        self.hits.setFixedHeight(110)
        self.search.textChanged.connect(self.fill)

    def fill(self, text: str) -> None:
        self.hits.clear()
        for hit in search_customers(text):
            flag = "  ⚠ decline next booking" if hit.decline_next_booking else ""
            item = QListWidgetItem(f"{hit.name} · {hit.phone or 'no phone'} · "
                                   f"{hit.address or 'no address'}{flag}")
            item.setData(Qt.UserRole, hit)
            self.hits.addItem(item)
        if self.hits.count() == 1:
            self.hits.setCurrentRow(0)

    @staticmethod
    def hit_of(item: QListWidgetItem | None) -> CustomerHit | None:
        return item.data(Qt.UserRole) if item is not None else None

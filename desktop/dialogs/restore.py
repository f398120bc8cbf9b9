"""Restore from a backup: pick the file, see what was checked, replace, see what was kept."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.dialogs.common import error_label, show_error
from models.db import is_postgres, shown
from models.errors import DomainError
from models.restore import Restored, check_file, restore_database
from models.services.actor import Actor

OWNER_ONLY = "Only an owner can restore a backup; ask an owner to sign in."


class RestoreDialog(QDialog):
    """Owner only. ``restored`` holds the outcome once a restore went through.

    ``after`` is called after a successful restore (the window reloads the board there).
    """

    def __init__(self, actor: Actor, clock: Callable[[], dt.datetime], target: str,
                 after: Callable[[], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from backup")
        self.actor, self.clock, self.target, self.after = actor, clock, target, after
        self.restored: Restored | None = None
        self.path = QLineEdit(self)
        self.path.setObjectName("backupPath")
        self.path.setPlaceholderText("The backup file (.sqlite3)")
        self.browse = QPushButton("Choose…", self)
        self.browse.setObjectName("browse")
        self.browse.clicked.connect(self.on_browse)
        self.check_button = QPushButton("Check it", self)
        self.check_button.setObjectName("check")
        self.check_button.clicked.connect(self.on_check)
        self.report = QLabel(self)
        self.report.setObjectName("restoreReport")
        self.report.setWordWrap(True)
        self.report.setStyleSheet("color: #166534;")
        self.error = error_label(self)
        self.box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Close, self)
        self.restore_button = self.box.button(QDialogButtonBox.Ok)
        self.restore_button.setText("Restore")
        self.restore_button.setObjectName("restore")
        self.box.accepted.connect(self.on_restore)
        self.box.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        row.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        kept = ("in the backup folder (a server database is restored by the login that owns "
                "its tables)" if is_postgres(target) else "next to it")
        layout.addWidget(QLabel(
            f"Replace the database at <tt>{html.escape(shown(target))}</tt> with a backup. "
            "The backup is checked first; if it does not pass, nothing is replaced. What the "
            f"database holds now is kept as a copy {kept}.", self))
        layout.addLayout(row)
        layout.addWidget(self.report)
        layout.addWidget(self.error)
        layout.addWidget(self.box)
        self.resize(560, 220)
        if not actor.is_owner:
            for widget in (self.path, self.browse, self.check_button, self.restore_button):
                widget.setEnabled(False)
            show_error(self.error, OWNER_ONLY)

    def set_backup(self, path: str | Path) -> None:
        """What the file picker does; tests call it instead of a native dialog."""
        self.path.setText(str(path))
        self.report.setText("")
        show_error(self.error, "")

    def on_browse(self) -> None:
        start = self.path.text() or (str(Path.home()) if is_postgres(self.target)
                                     else str(Path(self.target).parent))
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Pick a backup", start, "OnTime Dispatch backups (*.sqlite3 *.db);;All (*)")
        if chosen:
            self.set_backup(chosen)

    def _chosen(self) -> Path | None:
        text = self.path.text().strip()
        if not text:
            show_error(self.error, "Pick the backup file first (Choose…).")
            return None
        return Path(text)

    def on_check(self) -> bool:
        """Check the backup without replacing anything; True when it passes."""
        source = self._chosen()
        if source is None:
            return False
        if not source.is_file():
            show_error(self.error, f"There is no backup file at {source}.")
            self.report.setText("")
            return False
        findings = check_file(source)
        if findings:
            shown = "\n".join(findings[:20])
            more = f"\n…and {len(findings) - 20} more" if len(findings) > 20 else ""
            show_error(self.error, f"This backup did not pass the checks; restoring it would "
                                   f"be refused.\n{shown}{more}")
            self.report.setText("")
            return False
        show_error(self.error, "")
        self.report.setText(f"Checked {source.name}: the file is whole, every stamp, reward "
                            "and audit row adds up. It can be restored.")
        return True

    def on_restore(self) -> None:
        if not self.actor.is_owner:
            show_error(self.error, OWNER_ONLY)
            return
        source = self._chosen()
        if source is None:
            return
        try:
            done = restore_database(source, self.target, lambda: self.actor, self.clock())
        except DomainError as exc:
            show_error(self.error, str(exc))
            self.report.setText("")
            return
        self.restored = done
        kept = (f"What the database held before is kept at {done.replaced_copy}."
                if done.replaced_copy else "There was no database file before, so no copy.")
        show_error(self.error, "")
        self.report.setText(f"Restored from {source.name}: it passed every check and now "
                            f"holds {done.jobs} jobs and {done.stamps} stamps. {kept}")
        self.restore_button.setEnabled(False)
        self.box.button(QDialogButtonBox.Close).setText("Done")
        if self.after is not None:
            self.after()

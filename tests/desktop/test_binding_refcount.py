"""Guards the PySide6 pin: 6.12.0 lost a reference to None on every void Qt call on 3.11."""

from __future__ import annotations

import subprocess
import sys


def test_many_void_qt_calls_leave_none_alone():
    # In a child process: on a broken binding the interpreter aborts (none_dealloc).
    code = ("import sys\nfrom PySide6.QtCore import QCoreApplication, QTimer\n"
            "app = QCoreApplication([])\nt = QTimer()\nbefore = sys.getrefcount(None)\n"
            "for _ in range(200_000):\n    t.stop()\n"
            "assert sys.getrefcount(None) >= before - 1000, sys.getrefcount(None)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.returncode == 0, done.stderr[-500:]

"""Work-arounds for bugs in the Qt binding, applied once when ``desktop`` is imported.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a method
that returns nothing (``QPainter.drawLine``, ``QTimer.stop``, ``QLabel.setText``...).
Python 3.12+ makes ``None`` immortal, so only 3.11 and older suffer: after some hundred
thousand calls the count reaches zero and the interpreter aborts with
"none_dealloc: deallocating None". A board repaint makes thousands of such calls, so the
app would crash within minutes. We give ``None`` a reference count no program can wear
down (what 3.12 does for every immortal object). Checked by tests/desktop/test_qtfix.py.
"""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40  # at a million lost references a second: 12 days... times 1,000


def immortalize_none() -> None:
    if sys.version_info >= (3, 12) or sys.getrefcount(None) > HEADROOM:
        return
    # ob_refcnt is the first field of every PyObject in CPython
    ctypes.c_ssize_t.from_address(id(None)).value += HEADROOM


if sys.implementation.name == "cpython":
    immortalize_none()

"""Keep None alive under PySide6 6.12 on Python 3.11 (a reference-count bug in the binding).

Measured here: every call of a PySide6 method that returns nothing (``QPainter.setPen``,
``QFont.setBold``, ``QPainter.drawRect``, ...) drops one reference to ``None`` without
taking it. On Python 3.11, where ``None`` is an ordinary counted object, a few thousand
such calls bring its count to zero and the interpreter aborts with "Fatal Python error:
none_dealloc". A day's route sheets make tens of thousands of such calls. Python 3.12
made ``None`` immortal (PEP 683), so there the bug is harmless and this does nothing.

The guard gives ``None`` a reference count no program can drain (2**60): the same effect
3.12's immortality has. It is process-wide and idempotent; call it before heavy Qt work.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 60


def keep_none_alive() -> None:
    if sys.version_info >= (3, 12) or sys.getrefcount(None) > _RESERVE // 2:
        return
    # ob_refcnt is the first field of every object in a release build of CPython.
    ctypes.c_ssize_t.from_address(id(None)).value += _RESERVE

"""The None reference-count work-around keeps long Qt sessions alive on Python 3.11."""

from __future__ import annotations

import sys

import desktop  # noqa: F401  applies the fix
from desktop.qtfix import HEADROOM


def test_many_void_qt_calls_do_not_exhaust_none(qapp):
    from PySide6.QtCore import QTimer

    timer = QTimer()
    for _ in range(200_000):  # ~ what a long day of repaints does, in a few seconds
        timer.stop()
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > HEADROOM // 2

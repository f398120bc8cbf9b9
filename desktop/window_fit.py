"""Windows that fit the screen they open on, and remember their size for each screen.

A window opens at its preferred size where the screen has room for it, and smaller where it
has not (a 1366×768 laptop), frame and title bar included, so no button or status bar sits
off-screen. What the user made of it is kept per screen: a size chosen on a big monitor does
not come back on the laptop.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room left for what the window manager adds around a window: borders and a title bar.
FRAME_WIDTH = 16
FRAME_HEIGHT = 48


def screen_key(screen: QScreen) -> str:
    """A name for the screen a size was chosen on: its name and its size."""
    size = screen.size()
    name = "".join(ch if ch.isalnum() else "_" for ch in (screen.name() or "screen"))
    return f"{name}-{size.width()}x{size.height()}"


def settings_for(widget: QWidget) -> QSettings:
    """The settings of the window this widget belongs to (tests give theirs), else the app's."""
    parent = widget.parentWidget()
    while parent is not None:
        settings = getattr(parent, "settings", None)
        if isinstance(settings, QSettings):
            return settings
        parent = parent.parentWidget()
    return QSettings()


def _screen(widget: QWidget) -> QScreen:
    return widget.screen() or QGuiApplication.primaryScreen()


def room(screen: QScreen) -> QRect:
    """The part of the screen a window's client area may take, leaving room for its frame."""
    avail = screen.availableGeometry()
    return QRect(avail.x(), avail.y(),
                 max(200, avail.width() - FRAME_WIDTH), max(150, avail.height() - FRAME_HEIGHT))


def place(widget: QWidget, name: str, preferred: QSize, settings: QSettings | None = None) -> None:
    """Give ``widget`` the size remembered for this screen, or its preferred size within it."""
    settings = settings if settings is not None else settings_for(widget)
    screen = _screen(widget)
    saved = settings.value(f"{name}/geometry/{screen_key(screen)}")
    space = room(screen)
    if saved is not None and widget.restoreGeometry(saved):
        _keep_inside(widget, space)
        return
    widget.resize(preferred.boundedTo(space.size()))
    _keep_inside(widget, space)
    frame = widget.frameGeometry()
    frame.moveCenter(screen.availableGeometry().center())
    widget.move(max(space.x(), frame.x()), max(space.y(), frame.y()))


def remember(widget: QWidget, name: str, settings: QSettings | None = None) -> None:
    """Keep the widget's size and place for the screen it is on now."""
    settings = settings if settings is not None else settings_for(widget)
    settings.setValue(f"{name}/geometry/{screen_key(_screen(widget))}", widget.saveGeometry())


def _keep_inside(widget: QWidget, space: QRect) -> None:
    size = widget.size().boundedTo(space.size())
    if size != widget.size():
        widget.resize(size)
    x = min(max(widget.x(), space.x()), space.right() - size.width())
    y = min(max(widget.y(), space.y()), space.bottom() - size.height())
    if (x, y) != (widget.x(), widget.y()):
        widget.move(max(space.x(), x), max(space.y(), y))

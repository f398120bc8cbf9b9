"""`python main.py --demo` as a real process on a real (virtual) X display."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X{number}-lock").exists() and \
                not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number")


@pytest.fixture
def xvfb():
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb xauth libxcb-cursor0 ...)")
    number = _free_display()
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1400x900x24",
                               "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _not_blank(path: Path) -> tuple[int, float]:
    """(distinct colours in a sample, share of non-white pixels)."""
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not an image"
    colours, dark = set(), 0
    samples = 0
    for y in range(0, image.height(), 7):
        for x in range(0, image.width(), 7):
            rgb = image.pixel(x, y)
            colours.add(rgb)
            dark += QColor(rgb).lightness() < 240
            samples += 1
    return len(colours), dark / max(1, samples)


@pytest.mark.xvfb
def test_demo_starts_on_a_real_display(xvfb, tmp_path):
    shot = tmp_path / "board.png"
    env = dict(os.environ, DISPLAY=xvfb, QT_QPA_PLATFORM="xcb", ONTIME_SCREENSHOT=str(shot),
               XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))
    app = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--demo", "--db",
                            str(tmp_path / "demo.sqlite3")], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 40
        while not shot.exists() and time.monotonic() < deadline and app.poll() is None:
            time.sleep(0.1)
        time.sleep(0.3)  # let the file be written completely
        assert app.poll() is None, f"the app exited: {app.stdout.read()}"
        assert shot.exists(), "the app never drew its board"
        colours, share = _not_blank(shot)
        assert colours > 30 and share > 0.05, (colours, share)
        if shutil.which("import"):
            screen = tmp_path / "screen.png"
            subprocess.run(["import", "-display", xvfb, "-window", "root", str(screen)],
                           check=True, timeout=30, env=env)
            colours, share = _not_blank(screen)
            assert colours > 30 and share > 0.05, (colours, share)
        assert app.poll() is None, "the app died after drawing"
    finally:
        app.terminate()
        try:
            out, _ = app.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            app.kill()
            out, _ = app.communicate()
    assert "Traceback" not in out, out
    if os.environ.get("ONTIME_KEEP_SCREENSHOT"):
        shutil.copy(shot, os.environ["ONTIME_KEEP_SCREENSHOT"])

"""Every window fits a 1366×768 screen on first run, and keeps its size per screen.

Each run is a child process given its own screen (Qt's offscreen platform reads the screen
from a JSON file), so the size of the screen is real to Qt, not a number the code is told.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BACKEND

SCRIPT = Path(__file__).with_name("screen_fit_script.py")
FRAME_WIDTH, FRAME_HEIGHT = 16, 48  # what a window manager may add around each window

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="about windows, not the database")


def open_windows(tmp_path: Path, db, width: int, height: int, resize: str | None = None) -> dict:
    screen = tmp_path / f"screen-{width}x{height}.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "laptop" if width < 1500 else "monitor", "x": 0, "y": 0,
        "width": width, "height": height, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}")
    args = [sys.executable, str(SCRIPT), str(db), str(tmp_path / "ui.ini")]
    if resize:
        args += ["--resize", resize]
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(part: list[int], screen: list[int]) -> bool:
    x, y, w, h = part
    sx, sy, sw, sh = screen
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


def test_every_window_fits_a_small_laptop_screen_on_first_run(tmp_path, db_path, day_jobs_ids):
    seen = open_windows(tmp_path, db_path, 1366, 768)
    assert seen["screen"] == [0, 0, 1366, 768]
    assert set(seen["windows"]) == {"board", "route-sheets", "dashboard", "letter"}
    for name, window in seen["windows"].items():
        w, h = window["size"]
        assert w + FRAME_WIDTH <= 1366 and h + FRAME_HEIGHT <= 768, (name, window["frame"])
        assert inside(window["frame"], seen["screen"]), (name, window["frame"])
        assert window["parts"], name
        outside = [part for part in window["parts"] if not inside(part, seen["screen"])]
        assert not outside, (name, outside)


def test_a_big_screen_gets_the_preferred_sizes(tmp_path, db_path, day_jobs_ids):
    seen = open_windows(tmp_path, db_path, 2560, 1440)
    sizes = {name: window["size"] for name, window in seen["windows"].items()}
    assert sizes["board"] == [1400, 860]
    assert sizes["route-sheets"] == sizes["letter"] == [900, 1000]
    assert sizes["dashboard"][0] >= 1100 and sizes["dashboard"][1] >= 800


def test_sizes_are_remembered_for_each_screen(tmp_path, db_path, day_jobs_ids):
    open_windows(tmp_path, db_path, 2560, 1440, resize="1700x1200")
    again = open_windows(tmp_path, db_path, 2560, 1440)
    for name, window in again["windows"].items():
        assert window["size"] == [1700, 1200], name

    laptop = open_windows(tmp_path, db_path, 1366, 768)
    for name, window in laptop["windows"].items():  # the big screen's size is not forced on it
        assert window["size"][0] + FRAME_WIDTH <= 1366, name
        assert window["size"][1] + FRAME_HEIGHT <= 768, name

    open_windows(tmp_path, db_path, 1366, 768, resize="1150x700")
    laptop = open_windows(tmp_path, db_path, 1366, 768)
    big = open_windows(tmp_path, db_path, 2560, 1440)
    for name in laptop["windows"]:
        assert laptop["windows"][name]["size"] == [1150, 700], name
        assert big["windows"][name]["size"] == [1700, 1200], name

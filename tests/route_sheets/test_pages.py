"""A long day: a 40-stop truck runs over several pages and no stop is ever split."""

from __future__ import annotations

import re

import pytest

from desktop.printing.route_sheet_render import write_pdf
from models.route_sheets import build_route_sheets
from tests.conftest import NOW
from tests.route_sheets import helpers as h

pytestmark = h.needs_poppler


@pytest.fixture
def long_day(db_path, pdf_out, qapp):
    big = h.truck("Big Truck", "Night & Day")
    small = h.truck("Small Truck", "Solo")
    for n in range(40):
        minutes = 6 * 60 + n * 20  # 06:00 to 19:00, every 20 minutes
        notes = f"Gate code {1000 + n}. " + ("Long story. " * (n % 5) * 6)
        who = h.customer(f"Customer {n:02d}", f"555-1{n:03d}", f"{n + 1} Maple Avenue")
        h.book(big, who, f"{minutes // 60:02d}:{minutes % 60:02d}", notes=notes.strip())
    h.book(small, h.customer("Only One", "555-2000", "1 Solo Rd"), "09:00")
    write_pdf(build_route_sheets(h.DAY, NOW), pdf_out)
    return pdf_out


def test_forty_stops_span_pages_with_no_stop_split(long_day):
    pages = h.pages(long_day)
    big = [(n, of, text) for title, n, of, text in pages if title == "Big Truck"]
    assert len(big) >= 4
    assert [n for n, _, _ in big] == list(range(1, len(big) + 1))
    assert {of for _, of, _ in big} == {len(big)}
    seen = []
    for _, _, text in big:
        stops = [int(s) for s in re.findall(r"Stop (\d+) · job \d+", text)]
        assert stops, "a page of the truck with no stop on it"
        for stop in stops:  # every part of the stop is on the page that names it
            n = stop - 1
            minutes = 6 * 60 + n * 20
            assert re.search(rf"^{minutes // 60:02d}:{minutes % 60:02d}–\S+\s+Customer {n:02d}\b",
                             text, re.MULTILINE)
            assert f"{n + 1} Maple Avenue" in text and f"555-1{n:03d}" in text
            assert f"Gate code {1000 + n}." in text
        # one set of boxes and one amount per stop: nothing of a stop spilled over
        assert text.count("Arrival") == len(stops) and text.count("Collect") == len(stops)
        flat = h.squash(text)
        for stop in stops:
            if (stop - 1) % 5:
                assert flat.count("Long story.") >= 6
        seen += stops
    assert seen == list(range(1, 41))  # all forty, in window order


def test_each_truck_starts_on_its_own_page(long_day):
    titles = [title for title, _, _, _ in h.pages(long_day)]
    assert titles[0] == "Route sheets: all trucks"
    first_small = titles.index("Small Truck")
    assert set(titles[1:first_small]) == {"Big Truck"}
    assert titles[first_small:] == ["Small Truck"]


def test_notes_longer_than_a_page_go_on_overleaf_without_losing_a_word(db_path, pdf_out,
                                                                        qapp):
    truck = h.truck("Truck 1")
    words = [f"w{n:04d}" for n in range(1600)]
    h.book(truck, h.customer("Wordy Wanda"), "09:00", notes=" ".join(words))
    h.book(truck, h.customer("Next Ned", "555-0200"), "11:00")
    write_pdf(build_route_sheets(h.DAY, NOW), pdf_out)
    truck_pages = [text for title, _, _, text in h.pages(pdf_out) if title == "Truck 1"]
    assert len(truck_pages) >= 3
    found = re.findall(r"w\d{4}", " ".join(truck_pages))
    assert found == words  # every word, once, in order
    assert "notes go on overleaf" in truck_pages[0]
    assert "stop 1, notes continued" in truck_pages[1]
    assert "Next Ned" in truck_pages[-1]

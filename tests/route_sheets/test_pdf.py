"""The PDF itself, read back with pdftotext: order, money, flags, pages, unicode, paper."""

from __future__ import annotations

import re
import subprocess

import pytest

from desktop.printing.route_sheet_render import write_pdf
from models.company import set_setting
from models.route_sheets import build_route_sheets
from tests.conftest import NOW
from tests.route_sheets import helpers as h

pytestmark = h.needs_poppler


@pytest.fixture
def pdf(scenario, pdf_out, qapp):
    write_pdf(build_route_sheets(h.DAY, NOW), pdf_out)
    return pdf_out


def _lines_by_truck(path):
    lines: dict[str, list[str]] = {}
    for title, _, _, text in h.pages(path):
        lines.setdefault(title, []).extend(text.splitlines())
    return lines


def test_every_job_under_its_truck_heading_in_window_order(scenario, pdf):
    by_truck = _lines_by_truck(pdf)
    assert list(by_truck) == ["Route sheets: all trucks", "Truck 1", "Truck 2"]
    for truck, stops in scenario.expected.items():
        found = [(line.split()[0], line) for line in by_truck[truck]
                 if re.match(r"^\d\d:\d\d–\d\d:\d\d\s", line)]
        assert [w for w, _ in found] == [w for w, _ in stops]
        for (_, line), (_, customer) in zip(found, stops):
            assert customer in line
    everything = h.pdf_text(pdf)
    for gone in ("Gus Gone", "Lou Later"):
        assert gone not in everything


def test_free_job_collects_nothing_and_certificates_lower_the_amount(scenario, pdf):
    text = h.pdf_text(pdf)
    fay = next(line for line in text.splitlines() if "FREE — rescheduled by us" in line)
    assert re.search(r"Collect\s+\$0\.00\s+FREE — rescheduled by us", fay)
    assert re.search(r"Collect\s+\$50\.00\s+\$150\.00 less certificate", text)
    assert re.search(r"Collect\s+\$95\.50", text)


def test_flags_appear_on_their_stops(scenario, pdf):
    flat = h.squash(h.pdf_text(pdf, layout=False))
    assert "MAKE THIS VISIT PERFECT" in flat
    assert re.search(r"REWARD TO HAND OVER: .* value \$25\.00", flat)
    assert f"CERTIFICATE TO DELIVER: {scenario.codes['deliver']} (worth $100.00)" in flat
    assert f"CERTIFICATE TO REDEEM: {scenario.codes['holder']}" in flat
    assert f"CERTIFICATE TO REDEEM: {scenario.codes['cheap']}" in flat


def test_cover_page_lists_trucks_counts_first_window_and_flags(scenario, pdf):
    title, _, _, cover = h.pages(pdf)[0]
    assert title == "Route sheets: all trucks"
    assert re.search(r"Truck 1\s+Ana Ruiz & Bo Chen\s+5\s+08:00–09:00", cover)
    assert re.search(r"Truck 2\s+Kwame Mensah\s+4\s+09:00–10:00", cover)
    assert re.search(r"Truck 3 \(spare\)\s+—\s+0\s+no jobs", cover)
    flat = h.squash(h.pdf_text(pdf, 1, layout=False))
    assert "16:00 Pat Perfect: make this visit perfect" in flat
    assert "11:00 Cora Certholder: certificate to redeem" in flat
    assert "10:00 Tess Tierthree: certificate to deliver" in flat
    assert "14:00 Olly Onetier: reward to hand over" in flat


def test_header_and_footer(scenario, pdf):
    every = h.pages(pdf)
    for _, _, _, text in every:
        assert "Prairie Carpet Care" in text and "Tue 24 Nov 2026" in text
        assert "Office: (773) 555-0142" in text
    # Truck 1's long first stop pushes its fifth onto a second page, numbered per truck.
    assert [(t, n, c) for t, n, c, _ in every] == [
        ("Route sheets: all trucks", 1, 1), ("Truck 1", 1, 2), ("Truck 1", 2, 2),
        ("Truck 2", 1, 1)]
    assert "Crew: Ana Ruiz & Bo Chen" in every[1][3] and "Crew: Kwame Mensah" in every[3][3]


def test_unicode_and_long_text_come_out_whole(scenario, pdf):
    flat = h.squash(h.pdf_text(pdf, layout=False))
    for text in ("Zoë Ñúñez", "מרים כהן", "علي حسن", h.LONG_ADDRESS, h.LONG_NOTES):
        assert h.squash(text) in flat, text
    # A right-to-left line with digits comes back in visual runs; every run is whole.
    address = next(line for line in h.pdf_text(pdf).splitlines() if "הרצל" in line)
    for run in ("רחוב הרצל", "12", "תל אביב"):
        assert run in address


def test_text_stays_inside_the_margins_and_sizes_are_readable(scenario, pdf):
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
        out)]
    margin = 12 * 72 / 25.4
    width, height = h.page_size_pts(pdf)
    assert (round(width), round(height)) == (612, 792)  # Letter by default
    assert min(w[0] for w in words) >= margin - 0.5
    assert max(w[2] for w in words) <= width - margin + 0.5
    assert max(w[3] for w in words) <= height - margin + 0.5
    windows = [w for w in words if re.fullmatch(r"\d\d:\d\d–\d\d:\d\d", w[4])
               and w[3] - w[1] >= 14]  # 14 pt or more (the cover's small ones are not)
    assert len(windows) == 9
    labels = [w for w in words if w[4] == "Address"]
    assert labels and min(w[3] - w[1] for w in labels) >= 10


def test_a4_and_wider_margins_from_settings(scenario, pdf_out, qapp):
    set_setting("paper", "A4")
    set_setting("margins_mm", "20")
    write_pdf(build_route_sheets(h.DAY, NOW), pdf_out)
    width, height = h.page_size_pts(pdf_out)
    assert (round(width), round(height)) == (595, 842)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf_out), "-"], check=True,
                         capture_output=True, text=True).stdout
    xs = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"', out)]
    assert min(xs) >= 20 * 72 / 25.4 - 0.5


def test_pages_are_not_blank(scenario, pdf, tmp_path):
    from PySide6.QtGui import QImage

    subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", "2", "-l", "2", "-png", str(pdf),
                    str(tmp_path / "p")], check=True)
    image = QImage(str(next(tmp_path.glob("p*.png"))))
    dark = sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixelColor(x, y).value() < 128)
    assert dark > 200  # glyphs drawn, not empty boxes or nothing


def test_a_hebrew_address_is_laid_out_right_to_left(scenario, pdf):
    out = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "2", str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    glyphs = [(float(x0), float(y0), w) for x0, y0, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', out)
        if re.search("[\u0590-\u05ff.]", w)]
    row_y = max(y for _, y, w in glyphs if "ה" in w)  # the address row, below the name
    row = sorted((x, w) for x, y, w in glyphs if abs(y - row_y) < 2)
    # A right-to-left paragraph: "רחוב" starts at the right, the final stop ends at the
    # left (laid out left to right, the stop would trail on the right instead).
    assert "ר" in row[-1][1]
    assert row[0][1].startswith(".")

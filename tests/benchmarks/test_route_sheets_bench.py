"""Benchmark: a day's route sheets for 50 trucks x 12 jobs, the whole PDF, headless.

Run with ``pytest tests/benchmarks/test_route_sheets_bench.py --benchmark-only``.
Target: <= 2 s for the whole PDF (content from the database included).
"""

from __future__ import annotations

import datetime as dt

import pytest

from models import store
from models.db import write_tx
from models.rules import window_bounds
from models.schema import Customer, Job
from models.services import people
from models.services.actor import Actor
from tests.conftest import NOW

OWNER = Actor("owner", "owner")
DAY = dt.date(2026, 11, 24)
TZ = "America/Chicago"


@pytest.fixture
def busy_day(tmp_path, qapp):
    """50 trucks x 12 jobs, with notes, long addresses and a perfect-visit flag here and there."""
    path = tmp_path / "bench.sqlite3"
    store.create_db(str(path), company="Bench Carpet Care", tz=TZ, owner="owner",
                    password="owner-pass", now=NOW - dt.timedelta(days=1))
    with write_tx():
        customers = [people.add_customer(
            f"Customer {n:03d} Zoë Ñúñez", f"555-{n:04d}",
            f"{n} North Saint Louis Avenue, Rear Coach House, Chicago, Illinois 60625", "",
            OWNER, NOW).id for n in range(600)]
        Customer.update(make_next_visit_perfect=True).where(Customer.id % 7 == 0).execute()
        rows = []
        for t in range(50):
            truck = people.add_truck(f"Truck {t:02d}", f"Crew {t}", None, OWNER, NOW)
            for i in range(12):
                start = dt.time(6 + i, (t * 5) % 60)
                begin, end = window_bounds(DAY, start, TZ)
                rows.append({
                    "customer": customers[t * 12 + i], "truck": truck,
                    "service": "Carpet cleaning, 3 rooms", "price": "150.00",
                    "notes": "Gate code 1234. Two dogs, keep the side door closed."
                    if i % 3 == 0 else "",
                    "local_date": DAY, "local_start": start.strftime("%H:%M"), "tz": TZ,
                    "window_start_utc": begin, "window_end_utc": end,
                    "booked_at": NOW - dt.timedelta(days=1)})
        Job.insert_many(rows).execute()
    yield tmp_path
    store.close()


def test_bench_route_sheets_50x12_whole_pdf(benchmark, busy_day):
    from desktop.printing.route_sheet_render import write_pdf
    from models.route_sheets import build_route_sheets

    target = busy_day / "sheets.pdf"

    def whole_pdf():
        return write_pdf(build_route_sheets(DAY, NOW), target)

    pages = benchmark.pedantic(whole_pdf, rounds=5, iterations=1, warmup_rounds=1)
    assert pages >= 51 and target.stat().st_size > 0
    assert benchmark.stats.stats.median <= 2.0

"""Fixtures for the domain tests: a truck, a customer and a late-able job in the test DB."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories
from tests.conftest import NOW

DAY = dt.date(2026, 11, 23)  # Chicago, standard time: 09:00 local = 15:00 UTC
BOOKED = NOW - dt.timedelta(days=1)


@pytest.fixture
def truck_id(db_path) -> int:
    return factories.truck("Truck 1", "Ana & Bo", now=BOOKED)


@pytest.fixture
def cust(db_path) -> int:
    return factories.customer("Zoë Ñúñez", now=BOOKED).id


@pytest.fixture
def other_cust(db_path) -> int:
    return factories.customer("Sam Other", phone="555-0199", now=BOOKED).id


@pytest.fixture
def job_id(truck_id, cust) -> int:
    """A 150.00 job, window 09:00-10:00 Chicago (15:00-16:00 UTC) on DAY, booked a day early."""
    return factories.job(truck_id, cust, DAY, "09:00", booked_at=BOOKED)

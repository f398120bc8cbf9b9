"""A company with a late day: a tier-3 job (certificate), its automatic complaint, a next job."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from models.company import set_setting
from models.db import write_tx
from models.schema import Complaint, Reward
from models.services import stamps
from models.services.actor import Actor
from tests import factories
from tests.conftest import NOW

DAY = dt.date(2026, 11, 23)  # Chicago, standard time: 09:00 local = 15:00 UTC
BOOKED = NOW - dt.timedelta(days=1)
OWNER = Actor("owner", "owner")


@dataclass
class LateDay:
    truck_id: int
    customer_id: int
    other_customer_id: int
    job_id: int
    next_job_id: int
    other_job_id: int
    reward: Reward
    complaint: Complaint


@pytest.fixture
def late_day(db_path) -> LateDay:
    """Zoë's 06:00-07:00 job, the crew arrived 09:10 (130 minutes late: tier 3 with a
    certificate); her next job two weeks later; Sam's job the same day."""
    with write_tx():
        set_setting("address", "12 Main Street\nSpringfield, IL 62701")
        set_setting("office_phone", "(217) 555-0142")
    truck = factories.truck("Truck 1", "Ana & Bo", now=BOOKED)
    zoe = factories.customer("Zoë Ñúñez", address="1 Elm St; Springfield, IL 62702",
                             now=BOOKED)
    sam = factories.customer("Sam Other", phone="555-0199", address="9 Oak Ave", now=BOOKED)
    job = factories.job(truck, zoe.id, DAY, "06:00", booked_at=BOOKED)
    later = factories.job(truck, zoe.id, DAY + dt.timedelta(days=14), "10:00", booked_at=BOOKED)
    other = factories.job(truck, sam.id, DAY + dt.timedelta(days=14), "13:00", booked_at=BOOKED)
    end = dt.datetime(2026, 11, 23, 13, 0, tzinfo=dt.timezone.utc)  # 07:00 Chicago
    stamps.arrive(job, end + dt.timedelta(minutes=130), OWNER, NOW, reason="crew called in")
    reward = Reward.get((Reward.job == job) & (Reward.kind == "lateness"))
    complaint = Complaint.get(Complaint.reward == reward.id)
    return LateDay(truck, zoe.id, sam.id, job, later, other, reward, complaint)

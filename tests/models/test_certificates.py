"""Certificates: unique codes, expiry, redemption rules, corrections below tier 3."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import peewee
import pytest

from models import rules
from models.errors import DomainError, NotFound, PermissionDenied
from models.schema import Reward
from models.services import jobs, rewards
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, end_of, lateness

LATER = DAY + dt.timedelta(days=7)
S = dt.timedelta(seconds=1)


@pytest.fixture
def cert(job_id) -> Reward:
    arrive(job_id, end_of(job_id) + 130 * MIN)
    return lateness(job_id)


@pytest.fixture
def next_job(truck_id, cust) -> int:
    return factories.job(truck_id, cust, LATER, "10:00", booked_at=BOOKED)


def test_tier_3_creates_one_certificate(cert, job_id):
    assert re.fullmatch(r"OT-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}",
                        cert.certificate_code)
    assert (cert.certificate_status, cert.certificate_value) == ("unused", Decimal("100.00"))
    earned = end_of(job_id) + 121 * MIN
    assert cert.earned_at == earned
    assert cert.certificate_expires_at == rules.add_months(earned, 12)
    assert cert.certificate_expires_at == earned.replace(year=earned.year + 1)
    arrive(job_id, end_of(job_id) + 140 * MIN, now=end_of(job_id) + 150 * MIN)
    assert lateness(job_id).certificate_code == cert.certificate_code


def test_codes_are_unique_across_jobs_and_in_the_database(truck_id, cust):
    ids = [factories.job(truck_id, cust, DAY, f"{h:02d}:00", booked_at=BOOKED)
           for h in range(6, 12)]
    evaluate(end_of(ids[-1]) + 3 * 60 * MIN)
    codes = [lateness(i).certificate_code for i in ids]
    assert all(codes) and len(set(codes)) == len(codes)
    with pytest.raises(peewee.IntegrityError), factories.write_tx():
        Reward.update(certificate_code=codes[0]).where(Reward.job == ids[1]).execute()
    # At most one lateness reward per job.
    with pytest.raises(peewee.IntegrityError), factories.write_tx():
        Reward.create(job=ids[0], kind="lateness", tier=1, wording="x", value=1,
                      earned_at=BOOKED, created_at=BOOKED)


def test_expiry(cert, next_job):
    expires = cert.certificate_expires_at
    assert rewards.certificate_state(cert, expires - S) == "unused"
    assert rewards.certificate_state(cert, expires) == "expired"
    with pytest.raises(DomainError, match="expired"):
        rewards.redeem(cert.certificate_code, next_job, OWNER, expires + S)
    assert Reward.get_by_id(cert.id).certificate_status == "unused"


def test_redeem_once_on_a_later_job_of_the_same_customer(cert, next_job, truck_id, cust):
    at = end_of(next_job) - 30 * MIN
    code = f"  {cert.certificate_code.lower()} "
    redeemed = rewards.redeem(code, next_job, OWNER, at)
    assert (redeemed.status, redeemed.certificate_status, redeemed.redeemed_on_id) == \
        ("redeemed", "redeemed", next_job)
    assert rewards.certificate_state(redeemed, at) == "redeemed"
    third = factories.job(truck_id, cust, LATER, "14:00", booked_at=BOOKED)
    with pytest.raises(DomainError, match="redeemed"):
        rewards.redeem(cert.certificate_code, third, OWNER, at)


def test_redeem_refusals(cert, job_id, truck_id, cust, other_cust, next_job):
    at = end_of(next_job) - 30 * MIN
    code = cert.certificate_code
    theirs = factories.job(truck_id, other_cust, LATER, "12:00", booked_at=BOOKED)
    earlier = factories.job(truck_id, cust, DAY, "07:00", booked_at=BOOKED)
    with pytest.raises(DomainError, match="another customer"):
        rewards.redeem(code, theirs, OWNER, at)
    with pytest.raises(DomainError, match="later job"):
        rewards.redeem(code, earlier, OWNER, at)
    with pytest.raises(DomainError, match="later job"):
        rewards.redeem(code, job_id, OWNER, at)
    with pytest.raises(NotFound):
        rewards.redeem("OT-2222-2222-2222", next_job, OWNER, at)
    jobs.cancel(next_job, "not needed", OWNER, at - 60 * MIN)
    with pytest.raises(DomainError, match="cancelled"):
        rewards.redeem(code, next_job, OWNER, at)
    assert Reward.get_by_id(cert.id).certificate_status == "unused"


def test_one_certificate_per_redeeming_job(cert, truck_id, cust, next_job):
    other = factories.job(truck_id, cust, DAY, "05:00", booked_at=BOOKED)
    arrive(other, end_of(other) + 125 * MIN)
    second = lateness(other)
    rewards.redeem(cert.certificate_code, next_job, OWNER, end_of(next_job) - 60 * MIN)
    with pytest.raises(DomainError, match="already has a certificate"):
        rewards.redeem(second.certificate_code, next_job, OWNER, end_of(next_job) - 60 * MIN)


def test_correction_below_tier_3_voids_an_unused_certificate(cert, job_id, next_job):
    end = end_of(job_id)
    arrive(job_id, end + 90 * MIN, now=end + 3 * 60 * MIN)
    reward = lateness(job_id)
    assert (reward.tier, reward.certificate_status) == (2, "void")
    assert rewards.certificate_state(reward, end + 3 * 60 * MIN) == "void"
    with pytest.raises(DomainError, match="void"):
        rewards.redeem(cert.certificate_code, next_job, OWNER, end + 3 * 60 * MIN)


def test_correction_below_tier_3_keeps_a_redeemed_certificate(cert, job_id, next_job,
                                                              dispatcher):
    end = end_of(job_id)
    rewards.redeem(cert.certificate_code, next_job, OWNER, end + 3 * 60 * MIN)
    with pytest.raises(PermissionDenied):
        arrive(job_id, end + 90 * MIN, actor=dispatcher, now=end + 4 * 60 * MIN)
    result = arrive(job_id, end + 90 * MIN, now=end + 4 * 60 * MIN)
    assert "certificate_kept" in [e.kind for e in result.events]
    kept = next(e for e in result.events if e.kind == "certificate_kept")
    assert "owner" in kept.message()
    reward = lateness(job_id)
    assert (reward.tier, reward.certificate_status) == (2, "redeemed")


def test_voiding_a_tier_3_reward_voids_its_unused_certificate(cert):
    rewards.void(cert.id, "duplicate entry", OWNER, end_of(cert.job_id) + 5 * 60 * MIN)
    assert Reward.get_by_id(cert.id).certificate_status == "void"

"""The guarantee's rules settled in the second pass of DOMAIN.md: free jobs, company
reschedules and cancellations, windows across midnight, complaint times, certificate expiry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from models import rules
from models.policy import DEFAULT_POLICY
from models.queries.day import day_jobs
from models.reports.period import DateRange
from models.reports.table import HEADER, stats_table
from models.schema import Complaint, Job, Reward
from models.services import jobs, undo
from models.services.guarantee import evaluate
from tests import factories
from tests.models.conftest import BOOKED, DAY
from tests.models.helpers import MIN, OWNER, arrive, complaint_of, end_of, lateness

UTC = dt.timezone.utc
CHICAGO = "America/Chicago"


def _reschedule_reward(job_id: int) -> Reward | None:
    return Reward.get_or_none((Reward.job == job_id) & (Reward.kind == "reschedule"))


def _company_move(job_id: int, day: dt.date, now: dt.datetime) -> int:
    return jobs.reschedule(job_id, day, dt.time(9), 0, "company", OWNER, now).job_id


def _future(truck_id: int, cust: int) -> int:
    """A 150.00 job the day after NOW: not late when the tests act on it."""
    return factories.job(truck_id, cust, DAY + dt.timedelta(days=1), "14:00", booked_at=BOOKED)


def _stats_total(first: dt.date, last: dt.date) -> dict[str, str]:
    return dict(zip(HEADER, stats_table(DateRange(first, last))[-1]))


# Job price = what the customer would otherwise pay ----------------------------------------
def test_tier_3_on_a_free_job_is_the_certificate_not_the_price_again(job_id, now):
    free = _company_move(job_id, DAY + dt.timedelta(days=2), now)
    end = end_of(free)
    arrive(free, end + 130 * MIN)
    reward = lateness(free)
    assert reward.tier == 3
    assert reward.value == DEFAULT_POLICY.certificate_value + DEFAULT_POLICY.tiers[2].value
    assert reward.certificate_code
    assert _reschedule_reward(free).value == Decimal("150.00")  # the free job itself


def test_tier_3_on_a_paying_job_includes_its_price(job_id):
    arrive(job_id, end_of(job_id) + 130 * MIN)
    assert lateness(job_id).value == Decimal("150.00") + DEFAULT_POLICY.certificate_value


# One free job per booking ------------------------------------------------------------------
def test_moving_a_free_job_again_moves_the_same_reschedule_reward(truck_id, cust, now):
    job_id = _future(truck_id, cust)
    first = _company_move(job_id, DAY + dt.timedelta(days=2), now)
    reward = _reschedule_reward(first)
    second = _company_move(first, DAY + dt.timedelta(days=3), now + MIN)
    assert _reschedule_reward(first) is None
    moved = _reschedule_reward(second)
    assert moved.id == reward.id and moved.value == Decimal("150.00")
    assert Reward.select().where(Reward.kind == "reschedule").count() == 1
    assert Job.get_by_id(second).free
    total = _stats_total(DAY, DAY + dt.timedelta(days=5))
    assert (total["free_jobs"], total["rewards_value"]) == ("1", "150.00")
    assert Complaint.select().count() == 1


def test_undoing_the_second_move_gives_the_reward_back_to_the_first_free_job(truck_id, cust, now):
    job_id = _future(truck_id, cust)
    first = _company_move(job_id, DAY + dt.timedelta(days=2), now)
    reward = _reschedule_reward(first)
    second = _company_move(first, DAY + dt.timedelta(days=3), now + MIN)
    undo.undo_reschedule(second, OWNER, now + 2 * MIN)
    back = _reschedule_reward(first)
    assert back.id == reward.id and back.status == "proposed"
    total = _stats_total(DAY, DAY + dt.timedelta(days=5))
    assert (total["free_jobs"], total["rewards_value"]) == ("1", "150.00")


# Fault on a company reschedule -------------------------------------------------------------
def test_customer_fault_voids_the_reschedule_reward_and_back_reactivates_it(truck_id, cust, now):
    job_id = _future(truck_id, cust)
    free = _company_move(job_id, DAY + dt.timedelta(days=2), now)
    reward = _reschedule_reward(free)
    jobs.set_fault(free, "customer", "she asked us to move it after all", OWNER, now)
    voided = Reward.get_by_id(reward.id)
    assert voided.status == "void"
    assert complaint_of(voided).status == "open"  # look after her anyway
    jobs.set_fault(free, "company", "our mistake", OWNER, now)
    again = _reschedule_reward(free)
    assert (again.id, again.status) == (reward.id, "proposed")
    assert Reward.select().count() == 1


# A company reschedule or cancellation freezes the tier -------------------------------------
def test_company_reschedule_freezes_the_tier_reached(job_id):
    end = end_of(job_id)
    evaluate(end + 35 * MIN)
    _company_move(job_id, DAY + dt.timedelta(days=1), end + 40 * MIN)
    evaluate(end + 300 * MIN)
    reward = lateness(job_id)
    assert (reward.tier, reward.status) == (1, "proposed")


def test_company_cancellation_freezes_the_tier_reached(job_id):
    end = end_of(job_id)
    evaluate(end + 65 * MIN)
    jobs.cancel(job_id, "truck broke down", OWNER, end + 70 * MIN, by_whom="company")
    evaluate(end + 300 * MIN)
    assert lateness(job_id).tier == 2


# Live lateness runs to the end of the day the window ends in ------------------------------
def test_a_window_across_midnight_keeps_counting_into_the_next_day(truck_id, cust):
    job_id = factories.job(truck_id, cust, DAY, "23:30", booked_at=BOOKED)
    end = end_of(job_id)
    assert end == dt.datetime(2026, 11, 24, 6, 30, tzinfo=UTC)  # 00:30 local, next day
    evaluate(end + 125 * MIN)
    assert lateness(job_id).tier == 3
    (shown,) = [j for j in day_jobs(DAY, end + 125 * MIN) if j.job_id == job_id]
    assert shown.state == "late"
    next_midnight = rules.local_day_end(DAY + dt.timedelta(days=1), CHICAGO)
    assert not rules.arrival_not_recorded(next_midnight - MIN, end, CHICAGO)
    assert rules.arrival_not_recorded(next_midnight, end, CHICAGO)
    evaluate(next_midnight + 60 * MIN)
    assert lateness(job_id).minutes_late is None or lateness(job_id).tier == 3


def test_live_cutoff_is_the_end_of_the_window_end_day():
    end = dt.datetime(2026, 11, 24, 6, 30, tzinfo=UTC)
    cutoff = rules.live_cutoff(end + dt.timedelta(days=3), end, end - dt.timedelta(days=1),
                               DAY, CHICAGO)
    assert cutoff == rules.local_day_end(DAY + dt.timedelta(days=1), CHICAGO)


# When an automatic complaint opens ---------------------------------------------------------
def test_a_late_entry_stamped_70_late_opens_at_window_end_plus_30(truck_id, cust):
    entered_late = factories.job(truck_id, cust, DAY, "08:00",
                                 booked_at=BOOKED + dt.timedelta(days=1, hours=3))
    end = end_of(entered_late)
    arrive(entered_late, end + 70 * MIN, now=end + 300 * MIN)
    reward = lateness(entered_late)
    assert reward.tier == 2 and reward.earned_at == end + 60 * MIN
    assert complaint_of(reward).opened_at == end + 30 * MIN


def test_company_reschedule_and_cancellation_complaints_open_when_recorded(truck_id, cust,
                                                                           now):
    job_id = _future(truck_id, cust)
    free = _company_move(job_id, DAY + dt.timedelta(days=2), now)
    assert complaint_of(_reschedule_reward(free)).opened_at == now
    other = factories.job(truck_id, cust, DAY + dt.timedelta(days=2), "10:00", booked_at=BOOKED)
    jobs.cancel(other, "no crew that day", OWNER, now + MIN, by_whom="company")
    cancelled = Reward.get((Reward.job == other) & (Reward.kind == "cancellation"))
    assert complaint_of(cancelled).opened_at == now + MIN


# Cancellation ------------------------------------------------------------------------------
def test_company_cancellation_owes_a_certificate_worth_the_price(truck_id, cust, now):
    job_id = _future(truck_id, cust)
    events = jobs.cancel(job_id, "truck broke down", OWNER, now, by_whom="company")
    reward = Reward.get((Reward.job == job_id) & (Reward.kind == "cancellation"))
    assert (reward.value, reward.certificate_value) == (Decimal("150.00"), Decimal("150.00"))
    assert reward.status == "proposed" and reward.certificate_status == "unused"
    assert reward.certificate_expires_at == rules.add_months(now, 12, CHICAGO)
    complaint = complaint_of(reward)
    assert (complaint.source, complaint.fault, complaint.status) == ("auto", "company", "open")
    assert [e.kind for e in events] == ["created"]
    assert "Cancellation" in events[0].message()


def test_customer_cancellation_owes_nothing(truck_id, cust, now):
    job_id = _future(truck_id, cust)
    assert jobs.cancel(job_id, "moving house", OWNER, now) == []
    assert Reward.select().count() == 0 and Complaint.select().count() == 0


# Certificate expiry ------------------------------------------------------------------------
def test_certificate_expiry_keeps_the_local_date_and_time():
    # Earned 10:00 CDT (15:00 UTC) in daylight time; a year later the clocks are on CST.
    earned = dt.datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    expires = rules.add_months(earned, 12, CHICAGO)
    assert expires.astimezone(rules.zone(CHICAGO)).replace(tzinfo=None) == \
        dt.datetime(2027, 3, 10, 10, 0)
    assert expires == dt.datetime(2027, 3, 10, 16, 0, tzinfo=UTC)
    leap = dt.datetime(2028, 2, 29, 17, 1, tzinfo=UTC)  # 11:01 CST
    assert rules.add_months(leap, 12, CHICAGO) == dt.datetime(2029, 2, 28, 17, 1, tzinfo=UTC)
    # A local date that UTC would put on another day: 2026-01-31 20:00 CST is Feb 1 in UTC.
    evening = dt.datetime(2026, 2, 1, 2, 0, tzinfo=UTC)
    assert rules.add_months(evening, 1, CHICAGO) == dt.datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def test_a_tier_3_certificate_expires_in_the_company_zone(truck_id, cust):
    job_id = factories.job(truck_id, cust, dt.date(2028, 2, 29), "08:00",
                           booked_at=dt.datetime(2028, 2, 1, tzinfo=UTC))
    end = end_of(job_id)
    arrive(job_id, end + 125 * MIN)
    reward = lateness(job_id)
    local = reward.certificate_expires_at.astimezone(rules.zone(CHICAGO))
    earned = reward.earned_at.astimezone(rules.zone(CHICAGO))
    assert (local.year, local.month, local.day) == (2029, 2, 28)
    assert (local.hour, local.minute) == (earned.hour, earned.minute)

"""Every lateness boundary of DOMAIN.md, in the pure rules and through the arrival stamp."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from models import rules
from models.errors import DomainError
from models.policy import DEFAULT_POLICY, Policy, Tier
from tests.models.helpers import arrive, complaint_of, end_of, lateness

UTC = dt.timezone.utc
END = dt.datetime(2026, 11, 23, 16, 0, tzinfo=UTC)
S = dt.timedelta(seconds=1)
M = dt.timedelta(minutes=1)


@pytest.mark.parametrize("minutes, tier", [
    (0, 0), (1, 0), (29, 0), (30, 1), (59, 1), (60, 2), (120, 2), (121, 3), (10_000, 3),
])
def test_tier_boundaries(minutes, tier):
    assert rules.tier_for(minutes, DEFAULT_POLICY) == tier


@pytest.mark.parametrize("offset, expected", [
    (-90 * M, 0),            # early: before the window opened
    (-30 * M, 0),            # inside the window
    (dt.timedelta(0), 0),    # exactly at the window end
    (59 * S, 0),             # 59 s after: still on time
    (60 * S, 1),             # one whole minute: late
    (29 * M + 59 * S, 29),   # floored, not rounded
    (30 * M, 30),
    (121 * M, 121),
])
def test_minutes_late_floors(offset, expected):
    assert rules.minutes_late(END, END + offset) == expected


def test_late_and_early_predicates():
    start = END - 60 * M
    assert not rules.is_late(END, END + 59 * S)
    assert rules.is_late(END, END + 60 * S)
    assert rules.is_early(start, start - S)
    assert not rules.is_early(start, start)


@pytest.mark.parametrize("fault, applies", [
    ("company", True), ("customer", False), ("shared", True), ("third_party", True),
    ("no_one", True),
])
def test_the_five_faults(fault, applies):
    assert rules.guarantee_applies(fault) is applies


def test_unknown_fault_refused():
    with pytest.raises(DomainError, match="Unknown fault"):
        rules.guarantee_applies("weather")


def test_reward_values_by_tier():
    price = Decimal("150.00")
    assert rules.reward_for(1, DEFAULT_POLICY, price)[1] == Decimal("25.00")
    assert rules.reward_for(2, DEFAULT_POLICY, price)[1] == Decimal("75.00")
    assert rules.reward_for(3, DEFAULT_POLICY, price)[1] == Decimal("250.00")


def test_earned_at_is_window_end_plus_threshold():
    assert rules.earned_at(END, 1, DEFAULT_POLICY) == END + 30 * M
    assert rules.earned_at(END, 2, DEFAULT_POLICY) == END + 60 * M
    assert rules.earned_at(END, 3, DEFAULT_POLICY) == END + 121 * M


def test_policy_refuses_tiers_out_of_order():
    tiers = (Tier(60, "a", Decimal(1)), Tier(30, "b", Decimal(2)), Tier(121, "c", Decimal(0)))
    with pytest.raises(DomainError, match="increasing"):
        Policy(tiers=tiers).validate()
    with pytest.raises(DomainError):
        Policy(tiers=DEFAULT_POLICY.tiers[:2]).validate()


def test_policy_json_round_trip():
    policy = DEFAULT_POLICY.with_changes(certificate_value=Decimal("80.00"), travel_minutes=25)
    assert Policy.from_json(policy.to_json()) == policy


def test_at_risk_rules():
    policy = DEFAULT_POLICY
    assert not rules.at_risk(END - 16 * M, END, None, policy)
    assert rules.at_risk(END - 15 * M, END, None, policy)
    assert rules.at_risk(END - 50 * M, END, END + M, policy)      # predicted past the end
    assert not rules.at_risk(END - 50 * M, END, END, policy)      # predicted at the end: fine
    assert rules.at_risk(END + 59 * S, END, None, policy)         # still not late
    assert not rules.at_risk(END + M, END, None, policy)          # late, not at risk


def test_predicted_arrival_chain():
    """Previous unfinished job: latest of arrival/prediction/start, + duration, + travel."""
    start = dt.datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
    stops = [
        rules.RouteStop(1, start, start + 60 * M, 90, arrived_at=start + 30 * M),
        rules.RouteStop(2, start + 60 * M, start + 120 * M, 60),
        rules.RouteStop(3, start + 120 * M, start + 180 * M, 60),
    ]
    predicted = rules.predicted_arrivals(stops, DEFAULT_POLICY)
    assert predicted[2] == start + 30 * M + 90 * M + 20 * M
    assert predicted[3] == predicted[2] + 60 * M + 20 * M
    assert 1 not in predicted
    done = [rules.RouteStop(1, start, start + 60 * M, 90, start, completed=True), stops[1]]
    assert rules.predicted_arrivals(done, DEFAULT_POLICY) == {}


# Through the service: the arrival stamp decides the tier.
@pytest.mark.parametrize("offset, tier, minutes, value", [
    (-90 * M, None, 0, None),          # early
    (dt.timedelta(0), None, 0, None),  # exactly at the window end
    (59 * S, None, 0, None),           # 59 s after the window
    (29 * M, None, 29, None),
    (29 * M + 59 * S, None, 29, None),
    (30 * M, 1, 30, "25.00"),
    (59 * M, 1, 59, "25.00"),
    (60 * M, 2, 60, "75.00"),
    (120 * M, 2, 120, "75.00"),
    (120 * M + 59 * S, 2, 120, "75.00"),
    (121 * M, 3, 121, "250.00"),
])
def test_arrival_stamp_boundaries(job_id, offset, tier, minutes, value):
    end = end_of(job_id)
    result = arrive(job_id, end + offset)
    reward = lateness(job_id)
    assert rules.minutes_late(end, end + offset) == minutes
    if tier is None:
        assert reward is None and result.events == []
        return
    assert (reward.tier, reward.minutes_late, f"{reward.value:.2f}") == (tier, minutes, value)
    assert reward.earned_at == rules.earned_at(end, tier, DEFAULT_POLICY)
    assert reward.status == "proposed"
    assert [e.kind for e in result.events] == ["created"]
    complaint = complaint_of(reward)
    assert complaint.source == "auto" and complaint.status == "open"
    assert complaint.fault == "company" and complaint.owner is None
    # Opened when tier 1 was crossed, whatever tier the stamp settled on (DOMAIN.md).
    assert complaint.opened_at == rules.earned_at(end, 1, DEFAULT_POLICY)
    assert (reward.certificate_code is not None) is (tier == 3)

"""Applying the guarantee to the database: the lateness reward, its certificate and complaint.

Every function here is idempotent: it compares what the rules say with what the job's one
lateness reward row holds and changes only the difference. Re-runs reuse the same reward
row and complaint (void <-> active, withdrawn -> open).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from peewee import fn

from models import audit, rules
from models.company import policy_at, policy_versions
from models.display import money_text
from models.db import write_tx
from models.errors import PermissionDenied
from models.schema import Customer, Job, Reward, Stamp
from models.services import certificates, complaints_auto
from models.services.actor import SYSTEM, Actor

OPEN_STATES = ("scheduled", "en_route")


@dataclass(frozen=True)
class GuaranteeEvent:
    """Something the office should hear about: a reward created, raised, lowered or voided."""

    job_id: int
    customer: str
    kind: str  # created | upgraded | lowered | voided | reactivated | certificate_kept
    tier: int | None
    value: str
    wording: str
    label: str = ""  # what the reward is, when not a tier or a reschedule

    def message(self, currency: str = "$") -> str:
        if self.kind == "voided":
            return f"{self.customer}: the reward for job {self.job_id} was voided."
        if self.kind == "certificate_kept":
            return (f"{self.customer}: job {self.job_id} is below tier 3 now, but its "
                    "certificate was already redeemed; an owner should review it.")
        what = self.label or ("Reschedule" if self.tier is None else f"Tier {self.tier}")
        verb = {"created": "owed", "upgraded": "now owed", "lowered": "lowered to",
                "reactivated": "owed again"}.get(self.kind, self.kind)
        amount = money_text(self.value, currency)
        return f"{self.customer} — {what} reward {verb}: {self.wording} ({amount})."


def reward_row(job_id: int, kind: str = "lateness") -> Reward | None:
    return Reward.get_or_none((Reward.job == job_id) & (Reward.kind == kind))


def arrival_at(job_id: int) -> dt.datetime | None:
    stamp = (Stamp.select(Stamp.at)
             .where((Stamp.job == job_id) & (Stamp.kind == "arrival") & (Stamp.active == True))  # noqa: E712
             .first())
    return stamp.at if stamp else None


def measured_minutes(job: Job, arrived_at: dt.datetime | None, now: dt.datetime) -> int | None:
    """Settled minutes late from the arrival, else live minutes; None when live does not apply."""
    if arrived_at is not None:
        return rules.minutes_late(job.window_end_utc, arrived_at)
    cutoff = rules.live_cutoff(now, job.window_end_utc, job.booked_at, job.local_date, job.tz,
                               job.closed_at)
    if cutoff is None:
        return None
    return rules.minutes_late(job.window_end_utc, cutoff)


def sync_lateness(job: Job, now: dt.datetime, actor: Actor = SYSTEM, *,
                  settle: bool = True, versions=None,
                  existing: Reward | None | bool = False) -> list[GuaranteeEvent]:
    """Make the job's lateness reward match the rules. Call inside a write transaction.

    ``settle`` (stamps, corrections, fault changes) lets the tier go down; the live sweep
    only ever raises it, so a clock stepping back never takes a reward away.
    """
    arrived_at = arrival_at(job.id)
    minutes = measured_minutes(job, arrived_at, now)
    policy = policy_at(job.window_end_utc, versions)
    tier = rules.tier_for(minutes or 0, policy)
    reward = reward_row(job.id) if existing is False else existing
    if reward is not None and not settle and arrived_at is None and reward.status != "void":
        tier = max(tier, reward.tier or 0)
    customer = Customer.get_by_id(job.customer_id).name
    applies = rules.guarantee_applies(job.fault)
    if tier == 0 or not applies:
        if reward is None:
            return []
        if reward.status == "void":
            if settle:
                _settle_complaint_of_void(reward, job, tier, actor, now)
            return _note_minutes(reward, minutes, actor, now) if settle else []
        reason = ("the customer caused the delay" if tier and not applies
                  else "the crew was on time after all")
        events = _void(reward, actor, now, reason, customer)
        if tier == 0:
            complaints_auto.withdraw_if_untouched(reward.id, by=actor.name, reason=reason,
                                                  now=now)
        return events
    wording, value, earned = reward_terms(job, tier, policy)
    if reward is None:
        return _create(job, tier, minutes, wording, value, earned, policy, actor, now, customer)
    if reward.voided_by_person:
        return _note_minutes(reward, minutes, actor, now) if settle else []
    return _update(reward, job, tier, minutes, wording, value, earned, policy, actor, now,
                   customer, settle)


def owed_price(job: Job) -> Decimal:
    """What the customer would otherwise pay for the job: nothing for a job already free."""
    return Decimal("0.00") if job.free else job.price


def complaint_opened_at(job: Job, policy) -> dt.datetime:
    """An automatic lateness complaint counts from the moment tier 1 was crossed, however
    late the program learned of it."""
    return rules.earned_at(job.window_end_utc, 1, policy)


def reward_terms(job, tier: int, policy) -> tuple[str, Decimal, dt.datetime]:
    """(wording, value, earned_at) the rules give a lateness reward of ``tier`` on ``job``.

    Pure: shared by this service and the bulk arrivals import (models/arrivals_bulk.py), so
    both paths owe exactly the same."""
    wording, value = rules.reward_for(tier, policy, owed_price(job))
    return wording, value, rules.earned_at(job.window_end_utc, tier, policy)


def opening_words(job, minutes: int | None) -> str:
    """The automatic complaint's first words when a lateness reward is created."""
    return f"The crew was {minutes} minutes late for the {job.local_start} window."


def _settle_complaint_of_void(reward: Reward, job: Job, tier: int, actor: Actor, now) -> None:
    """A void reward's complaint still follows the facts: no lateness withdraws it (if
    untouched); lateness the customer caused keeps it open (look after her anyway)."""
    if tier == 0:
        complaints_auto.withdraw_if_untouched(reward.id, by=actor.name,
                                              reason="the crew was on time after all", now=now)
    else:
        complaints_auto.ensure_for_reward(reward, fault=job.fault, by=actor.name, now=now,
                                          words="", opened_at=complaint_opened_at(
                                              job, policy_at(job.window_end_utc)))


def _note_minutes(reward: Reward, minutes: int | None, actor: Actor, now) -> list:
    if minutes is not None and reward.minutes_late != minutes:
        Reward.update(minutes_late=minutes).where(Reward.id == reward.id).execute()
    return []


def _create(job, tier, minutes, wording, value, earned, policy, actor, now, customer):
    reward = Reward.create(job=job.id, customer=job.customer_id, kind="lateness", tier=tier,
                           minutes_late=minutes, wording=wording, value=value,
                           earned_at=earned, created_at=now)
    if tier == 3:
        _give_certificate(reward, policy, earned, job.tz)
    audit.record(actor.name, "create", "reward", reward.id, at=now, new=_snapshot(reward))
    complaints_auto.ensure_for_reward(
        reward, fault=job.fault, by=actor.name, now=now,
        words=opening_words(job, minutes),
        opened_at=complaint_opened_at(job, policy))
    return [GuaranteeEvent(job.id, customer, "created", tier, str(value), wording)]


def _update(reward, job, tier, minutes, wording, value, earned, policy, actor, now, customer,
            settle):
    before = _snapshot(reward)
    events: list[GuaranteeEvent] = []
    kind = None
    if reward.status == "void":
        reward.status, reward.void_reason, kind = "proposed", "", "reactivated"
    if tier != reward.tier:
        lowering = tier < (reward.tier or 0)
        if lowering and tier < told_tier(reward):
            _require_owner_to_lower(actor, reward)
            reward.issued_tier = tier  # an owner decided what she is owed now
        if reward.status == "issued" and not lowering:
            reward.status = "proposed"  # the customer must be told of the bigger reward
        elif reward.status == "proposed" and tier == told_tier(reward):
            reward.status = "issued"  # back to exactly what she was told
        kind = kind or ("lowered" if lowering else "upgraded")
        reward.tier, reward.wording, reward.value, reward.earned_at = tier, wording, value, earned
    if settle or kind:
        reward.minutes_late = minutes
    if tier == 3 and reward.certificate_code is None:
        _give_certificate(reward, policy, earned, job.tz)
    elif tier == 3 and reward.certificate_status == "void":
        reward.certificate_status = "unused"
    elif tier < 3 and reward.certificate_status == "unused":
        reward.certificate_status = "void"
    elif tier < 3 and reward.certificate_status == "redeemed":
        events.append(GuaranteeEvent(job.id, customer, "certificate_kept", tier,
                                     f"{reward.value:.2f}", reward.wording))
    after = _snapshot(reward)
    if after == before:
        return events
    reward.save()
    audit.record(actor.name, kind or "update", "reward", reward.id, at=now, old=before,
                 new=after)
    if reward.status != "void":
        complaints_auto.ensure_for_reward(reward, fault=job.fault, by=actor.name, now=now,
                                          words="", opened_at=complaint_opened_at(job, policy))
    if kind:
        events.append(GuaranteeEvent(job.id, customer, kind, tier, str(value), wording))
    return events


def _void(reward, actor, now, reason, customer) -> list[GuaranteeEvent]:
    if was_told(reward):
        _require_owner_to_lower(actor, reward)
    before = _snapshot(reward)
    reward.status, reward.void_reason = "void", reason
    events = [GuaranteeEvent(reward.job_id, customer, "voided", reward.tier,
                             f"{reward.value:.2f}", reward.wording)]
    if reward.certificate_status == "unused":
        reward.certificate_status = "void"
    elif reward.certificate_status == "redeemed":
        events.append(GuaranteeEvent(reward.job_id, customer, "certificate_kept", reward.tier,
                                     f"{reward.value:.2f}", reward.wording))
    reward.save()
    audit.record(actor.name, "void", "reward", reward.id, at=now, old=before,
                 new=_snapshot(reward), reason=reason)
    return events


def told_tier(reward: Reward) -> int:
    """The highest tier the customer was told of (0 if none)."""
    told = reward.issued_tier or 0
    if reward.status in ("issued", "redeemed"):
        told = max(told, reward.tier or 0)
    return told


def was_told(reward: Reward) -> bool:
    """True once the reward was issued or redeemed, even if it was raised (proposed) since."""
    return (reward.status in ("issued", "redeemed") or reward.issued_tier is not None
            or reward.issued_value is not None)


def _require_owner_to_lower(actor: Actor, reward: Reward) -> None:
    if not actor.is_owner:
        told = f" (tier {reward.issued_tier})" if reward.issued_tier else ""
        raise PermissionDenied(
            f"The customer was already told of reward {reward.id}{told}; only an owner may "
            "lower or void it. Nothing was changed.")


def _give_certificate(reward: Reward, policy, earned: dt.datetime, tz: str) -> None:
    reward.certificate_code = certificates.new_code()
    reward.certificate_value = policy.certificate_value
    reward.certificate_expires_at = rules.add_months(earned, policy.certificate_months, tz)
    reward.certificate_status = "unused"
    reward.save()


def _snapshot(reward: Reward) -> dict:
    return {"tier": reward.tier, "minutes_late": reward.minutes_late,
            "value": str(reward.value), "status": reward.status,
            "earned_at": reward.earned_at, "certificate_code": reward.certificate_code,
            "certificate_status": reward.certificate_status}


SWEPT_KEY = "live_swept_until"
# A job's local day ends at most 24 elapsed hours after its window does (25 on a fall-back
# day); after that its live reward is capped. A job whose day ended before a completed
# sweep therefore has nothing left for later sweeps to do.
DAY_SPAN = dt.timedelta(hours=25)
REMEMBER_EVERY = dt.timedelta(hours=1)


def _live_candidates(now: dt.datetime, floor: dt.datetime | None):
    """Open jobs whose window closed at least a minute ago and that were booked in time."""
    # NOT EXISTS probes each candidate's stamps; NOT IN would first list every arrival ever.
    arrived = Stamp.select(Stamp.id).where((Stamp.job == Job.id) & (Stamp.kind == "arrival")
                                           & (Stamp.active == True))  # noqa: E712
    query = (Job.select()
             .where(Job.status.in_(OPEN_STATES)
                    & (Job.window_end_utc <= now - rules.ONE_MINUTE)
                    & (Job.booked_at <= Job.window_end_utc)
                    & ~fn.EXISTS(arrived)))
    if floor is not None:
        query = query.where(Job.window_end_utc > floor - DAY_SPAN)
    # In the order the windows closed: rewards and audit rows come out the same on every
    # backend and every run.
    return query.order_by(Job.window_end_utc, Job.id)


def _swept_until() -> dt.datetime | None:
    from models.company import get_setting

    text = get_setting(SWEPT_KEY)
    return dt.datetime.fromisoformat(text) if text else None


def _due(now: dt.datetime, floor: dt.datetime | None, versions):
    """(jobs the sweep must act on, their lateness rewards by job id)."""
    jobs = list(_live_candidates(now, floor))
    rewards = {r.job_id: r for r in Reward.select().where(
        (Reward.kind == "lateness") & Reward.job.in_([j.id for j in jobs]))} if jobs else {}
    return [j for j in jobs if not _is_current(j, rewards.get(j.id), now, versions)], rewards


def evaluate(now: dt.datetime) -> list[GuaranteeEvent]:
    """Bring every live job's reward up to date at ``now``; safe to run anywhere, any time.

    The check reads without locking; only when something is due does it take the write lock
    and look again, so two desktops sweeping at once still act once.
    """
    swept = _swept_until()
    floor = min(swept, now) if swept is not None else None
    due, _ = _due(now, floor, policy_versions())
    stale = swept is None or now - swept > REMEMBER_EVERY
    if not due and not stale:
        return []
    with write_tx():
        versions = policy_versions()
        events: list[GuaranteeEvent] = []
        due, rewards = _due(now, floor, versions)
        for job in due:
            events += sync_lateness(job, now, SYSTEM, settle=False, versions=versions,
                                    existing=rewards.get(job.id))
        if stale and (swept is None or now > swept):
            from models.company import set_setting

            set_setting(SWEPT_KEY, now.isoformat())
        return events


def _is_current(job: Job, reward: Reward | None, now, versions) -> bool:
    """True when the live sweep has nothing to do for this job."""
    if not rules.guarantee_applies(job.fault):
        return True  # a fault change settles such a job itself
    minutes = measured_minutes(job, None, now)
    tier = rules.tier_for(minutes or 0, policy_at(job.window_end_utc, versions))
    if reward is None:
        return tier == 0
    if reward.status == "void":
        return True  # voided by a correction or a person: only a settling change revives it
    return tier <= (reward.tier or 0)

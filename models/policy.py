"""The guarantee policy: thresholds, rewards and allowances the owner can edit."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal

from models.errors import DomainError


@dataclass(frozen=True)
class Tier:
    threshold_minutes: int
    wording: str
    value: Decimal


def _default_tiers() -> tuple[Tier, ...]:
    return (
        Tier(30, "One room of protector treatment at no charge", Decimal("25.00")),
        Tier(60, "Protector for several rooms, or extra cleaning, at no charge",
             Decimal("75.00")),
        Tier(121, "Today's job at no charge, plus a certificate for a future cleaning",
             Decimal("0.00")),
    )


@dataclass(frozen=True)
class Policy:
    """Every number and text of the guarantee. Tier 3's value is the job price plus the
    certificate value; its own ``value`` is added on top (0 by default)."""

    window_minutes: int = 60
    tiers: tuple[Tier, ...] = field(default_factory=_default_tiers)
    certificate_value: Decimal = Decimal("100.00")
    certificate_months: int = 12
    at_risk_minutes: int = 15
    travel_minutes: int = 20
    default_duration_minutes: int = 90
    reschedule_wording: str = "The rescheduled job at no charge"

    def validate(self) -> None:
        if len(self.tiers) != 3:
            raise DomainError("The guarantee needs exactly three lateness tiers.")
        thresholds = [t.threshold_minutes for t in self.tiers]
        if thresholds[0] < 1 or any(b <= a for a, b in zip(thresholds, thresholds[1:])):
            raise DomainError(
                "Tier thresholds must be whole minutes, at least 1, in increasing order "
                f"(got {', '.join(map(str, thresholds))})."
            )
        for t in self.tiers:
            if t.value < 0:
                raise DomainError("A reward value cannot be negative.")
            if not t.wording.strip():
                raise DomainError("Every tier needs a wording the customer will read.")
        if self.certificate_value < 0:
            raise DomainError("The certificate value cannot be negative.")
        for name in ("window_minutes", "certificate_months", "default_duration_minutes"):
            if getattr(self, name) < 1:
                raise DomainError(f"{name.replace('_', ' ')} must be at least 1.")
        for name in ("at_risk_minutes", "travel_minutes"):
            if getattr(self, name) < 0:
                raise DomainError(f"{name.replace('_', ' ')} cannot be negative.")

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(data, default=str, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Policy:
        data = json.loads(text)
        tiers = tuple(
            Tier(int(t["threshold_minutes"]), t["wording"], Decimal(str(t["value"])))
            for t in data.pop("tiers")
        )
        data["certificate_value"] = Decimal(str(data["certificate_value"]))
        return cls(tiers=tiers, **data)

    def with_changes(self, **changes) -> Policy:
        return replace(self, **changes)


DEFAULT_POLICY = Policy()

"""From a sample of arrivals to lateness probabilities and the expected reward cost, and
the at-risk rule. Lateness as DOMAIN.md counts it: whole minutes after the window end."""

from __future__ import annotations

import numpy as np

from models.policy import Policy

P_LATE_THRESHOLD = 0.5  # policy default: at risk when a late arrival is more likely than not


def tier_probabilities(arrivals: np.ndarray, window_end: float, policy: Policy
                       ) -> tuple[float, tuple[float, ...]]:
    late = np.floor(arrivals - window_end + 1e-9)
    p_late = float(np.mean(late >= 1))
    return p_late, tuple(float(np.mean(late >= t.threshold_minutes)) for t in policy.tiers)


def expected_cost(p_tiers: tuple[float, ...], price: float, policy: Policy) -> float:
    """Each tier's reward times the chance the lateness ends in exactly that tier."""
    values = [float(t.value) for t in policy.tiers]
    values[-1] += price + float(policy.certificate_value)
    exact = [a - b for a, b in zip(p_tiers, (*p_tiers[1:], 0.0))]
    return sum(p * v for p, v in zip(exact, values))


def at_risk(now: float, window_end: float, arrived: bool, p_late: float,
            policy: Policy, threshold: float = P_LATE_THRESHOLD) -> bool:
    """Not arrived and not late yet, and either a late arrival is likely or the window
    closes within the policy's minutes (times in minutes on the same clock)."""
    if arrived or np.floor(now - window_end + 1e-9) >= 1:
        return False  # arrived, or already late: that is not "at risk" any more
    return p_late >= threshold or now >= window_end - policy.at_risk_minutes

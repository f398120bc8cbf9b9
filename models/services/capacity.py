"""How long a truck's working day is, for the week view's free capacity (owner's setting)."""

from __future__ import annotations

import datetime as dt

from models import audit
from models.company import set_setting
from models.db import write_tx
from models.queries.week import DAY_MINUTES_KEY, check_day_minutes, day_minutes
from models.services.actor import Actor


def set_day_minutes(value, actor: Actor, now: dt.datetime) -> int:
    """Set the day length (30–1440 minutes); audited. Returns the minutes saved."""
    actor.require_owner("change a truck's day length")
    minutes = check_day_minutes(value)
    with write_tx():
        before = day_minutes()
        if before != minutes:
            set_setting(DAY_MINUTES_KEY, str(minutes))
            audit.record(actor.name, "setting", "setting", DAY_MINUTES_KEY,
                         old={"minutes": before}, new={"minutes": minutes}, at=now)
    return minutes

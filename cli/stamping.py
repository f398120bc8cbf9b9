"""How stamp commands report what happened."""

from __future__ import annotations


def report(result, what: str, ctx) -> int:
    from models.company import company

    if not result.changed:
        print(result.message or f"{what} already recorded for job {result.job_id}; "
              "nothing changed.")
        return 0
    print(f"{what} recorded for job {result.job_id}.")
    currency = company().currency
    for event in result.events:
        print(event.message(currency))
    return 0

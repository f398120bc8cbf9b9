"""service-duration: a service's default booking duration for new jobs (owner only)."""

from __future__ import annotations

HELP = "set the booking duration new jobs of a service get when none is given (owner only)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("service", help="the service, as jobs name it")
    parser.add_argument("--minutes", required=True, help="whole minutes, 1 to 720")


def run(args, ctx) -> int:
    from models.services import service_durations

    change = service_durations.set_default(args.service, args.minutes, ctx.actor(), ctx.now)
    before = f"{change.old} min" if change.old is not None else "the policy's default"
    if change.old == change.new:
        print(f"{change.service} is already booked for {change.new} min; nothing changed.")
    else:
        print(f"New jobs of {change.service} will be booked for {change.new} min instead of "
              f"{before}; jobs already booked keep theirs.")
    return 0

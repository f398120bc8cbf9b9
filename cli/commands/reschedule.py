"""reschedule: move a job to another window; prints the new job's id."""

from __future__ import annotations

HELP = "move a job to another window; prints the new job's id"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("job")
    parser.add_argument("--to", required=True, help="new window start, YYYY-MM-DD HH:MM")
    parser.add_argument("--by", required=True, choices=["company", "customer"])
    parser.add_argument("--truck", default=None)
    parser.add_argument("--reason", default="")


def run(args, ctx) -> int:
    from models.services import jobs
    from models.timefmt import parse_window_start

    day, start, fold = parse_window_start(args.to, ctx.tz)
    booked = jobs.reschedule(args.job, day, start, fold, args.by, ctx.actor(), ctx.now,
                             truck_name=args.truck, reason=args.reason)
    print(booked.job_id)
    return 0

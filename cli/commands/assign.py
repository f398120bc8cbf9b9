"""assign: move a job to another truck at the same window."""

from __future__ import annotations

HELP = "move a job to another truck at the same window (not a reschedule)"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("job")
    parser.add_argument("--truck", required=True)


def run(args, ctx) -> int:
    from models.services import jobs

    jobs.assign(args.job, args.truck, ctx.actor(), ctx.now)
    print(f"Job {args.job} is on {args.truck}.")
    return 0

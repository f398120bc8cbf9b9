"""cancel: cancel a job, with a reason."""

from __future__ import annotations

HELP = "cancel a job"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("job")
    parser.add_argument("--reason", required=True)


def run(args, ctx) -> int:
    from models.services import jobs

    jobs.cancel(args.job, args.reason, ctx.actor(), ctx.now)
    print(f"Job {args.job} is cancelled.")
    return 0

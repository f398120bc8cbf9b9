"""complete: stamp the end of the job."""

from __future__ import annotations

HELP = "stamp the end of the job; needs an arrival at or before it"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("job")
    parser.add_argument("--at", default=None)
    parser.add_argument("--reason", default="")


def run(args, ctx) -> int:
    from cli.stamping import report
    from models.services import stamps

    result = stamps.complete(args.job, ctx.instant(args.at), ctx.actor(), ctx.now, args.reason)
    return report(result, "Completion", ctx)

"""unstamp: remove an arrival put on the wrong job."""

from __future__ import annotations

HELP = "remove a stamp put on the wrong job"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("job")
    parser.add_argument("--reason", required=True)


def run(args, ctx) -> int:
    from cli.stamping import report
    from models.services import stamps

    result = stamps.unstamp(args.job, args.reason, ctx.actor(), ctx.now)
    return report(result, "Stamp removal", ctx)

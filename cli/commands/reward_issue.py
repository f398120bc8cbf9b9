"""reward-issue: the customer was told of (or given) the reward."""

from __future__ import annotations

HELP = "mark a reward issued"
WRITES = True


def add_arguments(parser) -> None:
    parser.add_argument("reward")


def run(args, ctx) -> int:
    from models.services import rewards

    changed = rewards.issue(args.reward, ctx.actor(), ctx.now)
    print(f"Reward {args.reward} is issued." if changed
          else f"Reward {args.reward} was already issued; nothing changed.")
    return 0

"""check: database integrity, foreign keys, the audit chain and its head."""

from __future__ import annotations

HELP = "check the database and the audit trail; exit 3 if anything is wrong"
WRITES = False
EVALUATES = False  # look at the file exactly as it is
OPENS_DATABASE = False  # an unknown schema version is reported here, not refused


def add_arguments(parser) -> None:
    pass


def run(args, ctx) -> int:
    from models.integrity import check
    from models.schema_check import open_for_check

    open_for_check(ctx.target)
    findings = check()
    for line in findings:
        print(line)
    if findings:
        print(f"{len(findings)} problem(s) found.")
        return 3
    from models.audit import head_line

    print("All checks passed.")
    print(f"The {head_line()}: compare it with the line the last backup printed.")
    return 0

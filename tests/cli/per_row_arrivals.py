"""``import-arrivals`` with every row through the per-row services, run as the CLI runs it.

The reference the bulk path is compared with (test_import_arrivals_bulk.py):
``python -m tests.cli.per_row_arrivals --db DB import-arrivals FILE --reason TEXT [--log F]``.
"""

from __future__ import annotations

import sys
import types

from cli.app import _parser, execute, split_globals
from cli.commands import import_arrivals


def main(argv: list[str]) -> int:
    options, rest = split_globals(argv)
    assert rest[0] == "import-arrivals", rest
    args = _parser(rest[0], import_arrivals).parse_args(rest[1:])
    per_row = types.SimpleNamespace(
        WRITES=True, run=lambda a, ctx: import_arrivals.run(a, ctx, bulk=False))
    return execute(per_row, args, options)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

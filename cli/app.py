"""Parse the command line and run a headless command, or hand over to the desktop app."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sqlite3
import sys
import traceback

import cli.commands
from models.errors import DomainError

GLOBAL_WITH_VALUE = ("--db", "--user")
GLOBAL_FLAGS = ("--demo",)


def command_names() -> list[str]:
    return sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(cli.commands.__path__))


def split_globals(argv: list[str]) -> tuple[dict, list[str]]:
    """Pull --db/--user/--demo out of the arguments wherever they stand."""
    found: dict = {"db": None, "user": None, "demo": False}
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if name in GLOBAL_WITH_VALUE:
            if "=" in arg:
                found[name[2:]] = arg.split("=", 1)[1]
            elif i + 1 < len(argv):
                found[name[2:]] = argv[i + 1]
                i += 1
            else:
                raise DomainError(f"{name} needs a value.")
        elif arg in GLOBAL_FLAGS:
            found["demo"] = True
        else:
            rest.append(arg)
        i += 1
    return found, rest


def _skip_server_driver(argv: list[str], options: dict) -> None:
    """Keep peewee from loading the PostgreSQL driver when no server is involved.

    peewee imports psycopg eagerly; that alone is about half of a headless command's start-up
    (~70 of ~150 ms). A command that names no postgresql:// target cannot need it.
    """
    import os

    named = [options["db"] or "", os.environ.get("ONTIME_DB", ""), *argv]
    if not any(text.startswith(("postgresql://", "postgres://")) for text in named):
        for driver in ("psycopg", "psycopg2"):
            sys.modules.setdefault(driver, None)  # None: "import psycopg" raises ImportError


def _usage() -> str:
    return ("usage: main.py [--db TARGET] [--user NAME] [--demo] [COMMAND ...]\n"
            "commands: " + ", ".join(command_names()))


def _parser(name: str, module) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"main.py {name}", description=module.HELP)
    module.add_arguments(parser)
    return parser


class _ArgError(Exception):
    pass


class PrintableStream:
    """A text stream that lets no control character but newline and tab reach the terminal.

    Names come from customers and users: an ESC or OSC sequence in one would clear the
    screen, retitle the window or fill the clipboard when a command prints it.
    """

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        from models.text import for_terminal

        self._stream.write(for_terminal(text, keep="\n\t"))
        return len(text)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out, err = sys.stdout, sys.stderr
    if rest_is_command(argv):
        sys.stdout, sys.stderr = PrintableStream(out), PrintableStream(err)
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def rest_is_command(argv: list[str]) -> bool:
    """True unless the arguments open the desktop app (which prints nothing of ours)."""
    try:
        return bool(split_globals(argv)[1])
    except DomainError:
        return True


def _run(argv: list[str]) -> int:
    try:
        options, rest = split_globals(argv)
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not rest:
        from desktop.app import start_app  # only the window needs Qt

        return start_app(db=options["db"], demo=options["demo"])
    if rest[0] in ("-h", "--help", "help"):
        print(_usage())
        return 0
    name = rest[0]
    if name not in command_names():
        print(f"error: unknown command '{name}'.\n{_usage()}", file=sys.stderr)
        return 2
    _skip_server_driver(argv, options)
    module = importlib.import_module(f"cli.commands.{name.replace('-', '_')}")
    parser = _parser(name, module)
    try:
        args = parser.parse_args(rest[1:])
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    return execute(module, args, options)


def execute(module, args, options) -> int:
    import peewee

    from cli.context import Context, clock_now
    from models import store
    from models.db import resolve_target

    try:
        ctx = Context(resolve_target(options["db"]), options["user"], clock_now(),
                      getattr(module, "WRITES", False))
        swept = False
        opens = getattr(module, "OPENS_DATABASE", True)
        if opens:
            store.open_db(ctx.target)
            if ctx.writes:
                ctx.actor()  # a wrong or missing password changes nothing, not even the sweep
            if getattr(module, "EVALUATES", True):
                swept = _bring_up_to_date(ctx)
        code = module.run(args, ctx) or 0
        if opens and code == 0 and (ctx.writes or swept):
            _refresh_summary()
        if opens and code == 0 and ctx.writes:
            from models.forecast_db.learned import learn_new

            learn_new()  # the forecasts learn the jobs this command completed, if any
        return code
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (peewee.OperationalError, peewee.DatabaseError, sqlite3.Error, OSError) as exc:
        print(f"error: the database cannot be used: {_explain(exc)}. Nothing was changed.",
              file=sys.stderr)
        return 2
    except Exception:  # a bug: say so, with the traceback for the report
        traceback.print_exc()
        print("error: an unexpected problem (a bug); nothing more was done.", file=sys.stderr)
        return 1
    finally:
        store.close()


def _bring_up_to_date(ctx) -> bool:
    """The live guarantee brought up to date; True when it changed something."""
    from models.services.guarantee import evaluate

    return bool(evaluate(ctx.now))


def _refresh_summary() -> None:
    """A command that changed data leaves the owner's statistics summary current for the
    days it touched (the triggers marked them), so the next report reads cells, not facts.
    A summary that cannot be refreshed now stays marked: reports are slower, never wrong."""
    from models.reports import cells

    cells.refresh()


def _explain(exc: Exception) -> str:
    text = str(exc)
    lowered = text.lower()
    # SQLite: "database is locked"; PostgreSQL: "canceling statement due to lock timeout"
    if "locked" in lowered or "busy" in lowered or "lock timeout" in lowered:
        return "it is locked by another program; try again in a moment"
    if "readonly" in lowered or "read-only" in lowered:
        return "it is read-only"
    if "full" in lowered:
        return "the disk is full"
    if "disk i/o" in lowered or "cannot rollback" in lowered:
        return "the disk refused the write (full or failing); nothing was saved"
    if "unable to open" in lowered:
        return "it cannot be opened (a read-only or missing folder, or no permission)"
    if "malformed" in lowered or "not a database" in lowered:
        return "the file is damaged or is not a database"
    return text

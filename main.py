"""OnTime Dispatch: start the desktop app, or run a headless command."""

from __future__ import annotations

import sys

from cli.app import run

if __name__ == "__main__":
    sys.exit(run())

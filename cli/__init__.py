"""Headless commands: same database, same rules as the app, no window (and no Qt import)."""

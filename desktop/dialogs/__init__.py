"""Dialogs of the board: sign-in, first-run setup, stamping, jobs, faults."""

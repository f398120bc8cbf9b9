"""End-to-end tests of the headless commands: main.py in a subprocess on real SQLite files."""

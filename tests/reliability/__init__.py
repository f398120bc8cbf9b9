"""Reliability tests: crashes, I/O faults, contention, fuzzed input, time, backups, audit."""

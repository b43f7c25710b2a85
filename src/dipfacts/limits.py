"""Limits on what dipfacts reads, in one place (cheap to import: the cache keys files by them at start-up)."""

from __future__ import annotations

MAX_FILE_BYTES = 64 * 1024 * 1024  # one fact file (150,000 facts or so; a file is parsed whole)
MAX_TOTAL_BYTES = 512 * 1024 * 1024  # all fact files of one run together (about 1.5 million facts)
MAX_PROBLEMS = 200  # problems listed for one file; the rest are counted
MAX_USD = 10**15  # a money value is below this (a quadrillion dollars)
MAX_COUNT = 10**12  # any other value (visitors, flights...) is below this
MAX_PERCENT = 10**6  # a change in percent is within this, either way
MAX_PARAGRAPH = 100_000
MAX_DIGITS = 15  # significant digits a value may state: what a double holds exactly

"""`dipfacts verify` benchmark: the time to check a 5,000-word draft, the base's import floor excluded.

Usage: python bench/verify.py [--runs N] [--words N]

The draft is the five source articles, repeated until it has --words words (a realistic mix of figures,
dates, levels and prose). Two figures are reported, medians of --runs:
  in-process: verify() on an index already open (what the command adds to the base's import floor);
  command:    `dipfacts verify FILE --json` as a process, minus `dipfacts --version` (its start-up floor).
Target (issue 13): under 0.5 s for 5,000 words.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO.parent / "shared" / "sources"
SCRIPT = str(Path(sys.executable).with_name("dipfacts"))
TARGET_SECONDS = 0.5


def draft(words: int) -> str:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SOURCES.glob("*.txt"))]
    if not texts:
        texts = ["En 2024, les échanges entre le Vietnam et le Kazakhstan ont dépassé 800 millions de dollars."]
    parts: list[str] = []
    count = 0
    while count < words:
        for text in texts:
            parts.append(text)
            count += len(text.split())
            if count >= words:
                break
    return "\n\n".join(parts)


def median_seconds(run: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--words", type=int, default=5000)
    args = parser.parse_args()
    text = draft(args.words)

    from dipfacts.cache import open_index
    from dipfacts.verify import verify

    index = open_index((), packaged=True, cache_dir=tempfile.mkdtemp(prefix="dipfacts-bench-"))
    verify(index, text)  # warm: the names' table and the first facts read
    result = verify(index, text)
    in_process = median_seconds(lambda: verify(index, text), args.runs)

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    command = median_seconds(
        lambda: subprocess.run([SCRIPT, "verify", handle.name, "--json"], capture_output=True, check=False), args.runs
    )
    floor = median_seconds(lambda: subprocess.run([SCRIPT, "--version"], capture_output=True, check=False), args.runs)
    Path(handle.name).unlink()

    counts = ", ".join(f"{n} {verdict}" for verdict, n in result.counts.items())
    print(f"draft: {len(text.split())} words, {len(text)} characters; {len(result.checks)} claims ({counts})")
    print(f"in-process verify():            {in_process:.3f} s")
    above = command - floor
    print(f"dipfacts verify --json:         {command:.3f} s (start-up floor {floor:.3f} s: {above:.3f} s above it)")
    verdict = "within" if in_process < TARGET_SECONDS else "ABOVE"
    print(f"target: under {TARGET_SECONDS} s -> {verdict}")


if __name__ == "__main__":
    main()

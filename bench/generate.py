"""Generate a synthetic fact pack in the real schema, valid under `dipfacts check`, for scale benchmarks.

Usage: python bench/generate.py COUNT [--out PREFIX] [--per-file N] [--seed N]

Large packs are split into files of --per-file facts (10,000 by default; a fact file may not exceed 64 MiB),
the first holding the sources and countries; give them all with --data, or join them with ':' in
DIPFACTS_DATA.

The facts are spread over the world's countries (the packaged ones included, so a lookup of Kazakhstan
meets synthetic facts too), cite 50 synthetic sources, and draw their words from a vocabulary of a few
thousand made-up words plus some real ones, so that searches have something to find.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from dipfacts.model import TOPICS  # every topic the real schema has

PACKAGED = {"VN", "KZ", "AZ", "RU", "BY"}
REAL_WORDS = ("trade", "rice", "coffee", "textiles", "oil", "gas", "rail", "port", "visa", "students", "energy",
              "nouilles", "investissement", "coopération", "tourisme", "échanges")  # fmt: skip


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = ["ka", "lo", "mi", "ra", "to", "ne", "su", "vi", "da", "ze", "po", "gu", "an", "el", "or", "is"]
    words = set(REAL_WORDS)
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def generate(count: int, seed: int = 2025, per_file: int = 10_000) -> list[str]:
    import pycountry

    rng = random.Random(seed)
    words = _vocabulary(rng, 4000)
    codes = sorted(c.alpha_2 for c in pycountry.countries)
    new_countries = [c for c in pycountry.countries if c.alpha_2 not in PACKAGED]
    parts: list[list[str]] = []
    lines = ["# Synthetic facts for benchmarks: not claims about the world.", "format = 1", ""]
    for number in range(50):
        lines += [
            "[[sources]]", f'id = "synthetic-{number}"', f'title = "Synthetic article {number}"',
            'publisher = "Benchmark Wire"', 'date = "2025-05"', 'language = "en"', "",
        ]  # fmt: skip
    for country in new_countries:
        name = getattr(country, "common_name", None) or country.name
        lines += [
            "[[countries]]", f'id = "{country.alpha_2}"', f'alpha3 = "{country.alpha_3}"', f"name = {_string(name)}",
            f"aliases = [{_string(country.name)}]", "",
        ]  # fmt: skip
    for number in range(count):
        if number and number % per_file == 0:
            parts.append(lines)
            lines = ["# Synthetic facts for benchmarks: not claims about the world.", "format = 1", ""]
        code = codes[number % len(codes)]
        topic = TOPICS[number % len(TOPICS)]
        text = " ".join(rng.choice(words) for _ in range(10))
        lines += [
            "[[facts]]", f'id = "{code.lower()}-syn-{number}"', f'country = "{code}"', f'topic = "{topic}"',
            f"statement = {_string('Synthetic fact ' + str(number) + ': ' + text + '.')}",
        ]  # fmt: skip
        if topic in ("trade", "investment", "tourism"):
            year = 1990 + number % 36
            lines += [f"value = {rng.randint(1, 900) * 1_000_000}", 'unit = "USD"', f'period = "{year}"']
            if number % 5 == 0:
                lines.append('qualifier = "about"')
        elif number % 3 == 0:
            lines.append(f'date = "{1990 + number % 36}-{1 + number % 12:02d}"')
        citations = []
        for cited in range(1 + number % 3):
            excerpt = " ".join(rng.choice(words) for _ in range(6))
            source = f"synthetic-{(number + cited) % 50}"
            citations.append(f'{{ source = "{source}", paragraph = {1 + cited}, excerpt = {_string(excerpt)} }}')
        lines += ["citations = [" + ", ".join(citations) + "]", ""]
    parts.append(lines)
    return ["\n".join(part) for part in parts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("--out", type=Path, help="path prefix of the files (default: synthetic-COUNT)")
    parser.add_argument("--per-file", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    for path in write_pack(args.count, args.out or Path(f"synthetic-{args.count}"), args.per_file, args.seed):
        print(f"{path}: {path.stat().st_size:,} bytes")


def write_pack(count: int, prefix: Path, per_file: int = 10_000, seed: int = 2025) -> list[Path]:
    """Write the pack as PREFIX-01.toml, PREFIX-02.toml, ...; return their paths."""
    paths = []
    for number, text in enumerate(generate(count, seed, per_file), 1):
        path = prefix.with_name(f"{prefix.name}-{number:02d}.toml")
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    main()

"""The speed and scale benchmark: each dipfacts command against its floor, run alternately; medians and ratios.

Usage: python bench/run.py [--runs N] [--facts N] [--skip-scale]

Run it with the interpreter of the environment dipfacts is installed in. It uses a cache directory of its
own (so your cache is untouched), warms it, then compares:

  dipfacts trade kazakhstan --json          vs  python -c "import click"                       (target 1.25x)
  dipfacts trade kazakhstan | (a pipe)      vs  python -c "import click, rich.console, rich.table" (1.25x)
  dipfacts --help                           vs  python -c "import click"                       (target 1.25x)
  Tab after "dipfacts trade kaz"            vs  python -c "import click"                       (target 1.25x)
  trade kazakhstan --json, 100,000 extra facts   vs  the same on the shipped base               (target 2x)
  search WORD --json, 100,000 extra facts        median under 0.3 s once warm
  the first run after the data changed: its time, what it says on stderr, its peak memory (under 300 MiB)
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = str(Path(sys.executable).with_name("dipfacts"))
PY = sys.executable
COMPLETION = {"_DIPFACTS_COMPLETE": "bash_complete", "COMP_WORDS": "dipfacts trade kaz", "COMP_CWORD": "2"}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall time in seconds, peak memory in KiB and stderr of one run (stdout goes to a pipe, read whole)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _out, err = process.communicate()
    elapsed = time.perf_counter() - start
    peak = 0
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the highest child so far
    except ImportError:  # pragma: no cover - Windows
        pass
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err.decode(errors='replace')}")
    return elapsed, peak, err.decode(errors="replace")


def alternate(pairs: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands run in turn so that machine noise hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in pairs}
    for _ in range(runs):
        for name, (command, env) in pairs.items():
            samples[name].append(timed(command, env)[0])
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()

    import dipfacts

    compileall.compile_dir(str(Path(dipfacts.__file__).parent), quiet=1)  # as pip does when it installs
    work = Path(tempfile.mkdtemp(prefix="dipfacts-bench-"))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("DIPFACTS")}
    base_env.update({"DIPFACTS_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"})
    for warm in (["trade", "kazakhstan", "--json"], ["trade", "kazakhstan"]):
        timed([SCRIPT, *warm], base_env)

    rows: list[tuple[str, str, float, float, str]] = []
    click_floor = ([PY, "-c", "import click"], base_env)
    rich_floor = ([PY, "-c", "import click, rich.console, rich.table"], base_env)
    comparisons = [
        ("trade kazakhstan --json", ([SCRIPT, "trade", "kazakhstan", "--json"], base_env), "import click", click_floor),
        ("trade kazakhstan (piped)", ([SCRIPT, "trade", "kazakhstan"], base_env), "import click, rich", rich_floor),
        ("--help", ([SCRIPT, "--help"], base_env), "import click", click_floor),
        ("Tab: trade kaz", ([SCRIPT], {**base_env, **COMPLETION}), "import click", click_floor),
    ]
    for name, command, floor_name, floor in comparisons:
        # Each command alternates with its own floor only, so both meet the same moment of machine noise.
        medians = alternate({"command": command, "floor": floor}, args.runs)
        rows.append((name, floor_name, medians["command"], medians["floor"], "<= 1.25x"))

    extra: list[str] = []
    if not args.skip_scale:
        sys.path.insert(0, str(HERE))
        from generate import write_pack

        paths = write_pack(args.facts, work / "synthetic", per_file=10_000)
        scale_env = {**base_env, "DIPFACTS_DATA": os.pathsep.join(str(path) for path in paths)}
        first, peak, said = timed([SCRIPT, "trade", "kazakhstan", "--json"], scale_env)
        extra.append(f"first run after the data changed ({args.facts:,} extra facts): {first:.1f} s, "
                     f"peak memory {peak / 1024:.0f} MiB; it said: {said.strip() or '(nothing)'}")  # fmt: skip
        trade = ([SCRIPT, "trade", "kazakhstan", "--json"], scale_env)
        scale = alternate({"scale trade": trade, "shipped trade": (trade[0], base_env)}, args.runs)
        searches = {
            "scale search": ([SCRIPT, "search", "rice", "--json"], scale_env),
            "scale search typo": ([SCRIPT, "search", "cofee", "--json"], scale_env),
        }
        scale.update(alternate(searches, args.runs))
        rows.append((f"trade --json, +{args.facts:,} facts", "trade --json, shipped", scale["scale trade"],
                     scale["shipped trade"], "<= 2x"))  # fmt: skip
        extra.append(
            f"search rice --json, +{args.facts:,} facts: median {scale['scale search']:.3f} s (target < 0.3 s)"
        )
        extra.append(f"search cofee --json (a typo), +{args.facts:,} facts: median {scale['scale search typo']:.3f} s")
        _elapsed, warm_peak, _said = timed([SCRIPT, "search", "rice", "--json"], scale_env)
        extra.append(f"peak memory of any run so far: {warm_peak / 1024:.0f} MiB (target < 300 MiB)")

    print(f"{'command':36} {'floor':24} {'median ms':>10} {'floor ms':>9} {'ratio':>6}  target")
    for name, floor_name, median, floor, target in rows:
        print(f"{name:36} {floor_name:24} {median * 1000:10.1f} {floor * 1000:9.1f} {median / floor:6.2f}  {target}")
    for line in extra:
        print(line)


if __name__ == "__main__":
    main()

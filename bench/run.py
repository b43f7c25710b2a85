"""The speed and scale benchmark: each dipfacts command against its floor, run alternately; medians and ratios.

Usage: python bench/run.py [--runs N] [--first-runs N] [--facts N] [--skip-scale] [--million]

Run it with the interpreter of the environment dipfacts is installed in (a normal install, not an editable
one). It uses a cache directory of its own (so your cache is untouched), warms it, then compares, each
command alternating with its floor so that both meet the same machine noise:

  trade kazakhstan --json              vs  python -c "import click"                               <= 1.10x
  trade kazakhstan, on a terminal      vs  python -c "import click, rich.console, rich.table"     <= 1.10x
  trade kazahkstan --json (misspelt)   vs  python -c "import click"                               <= 1.5x
  Tab after "dipfacts trade kaz"       vs  python -c "import click"                               <= 1.0x
  dipfacts --help                      vs  python -c "import click"                               (shown)
  with --facts N extra facts (100,000 by default), in files of 10,000:
  the first run after the data changed vs  tomli parsing the same files alone                     <= 3x
      (in turn, --first-runs times, 3 by default: the median ratio, and the range)
      and its peak memory                                                                          <= 300 MiB
  trade kazakhstan --json, warm        vs  the same on the shipped base                            <= 1.5x
  search rice --json, warm             median                                                      < 0.2 s
  --million: the same at 1,000,000 extra facts (10 files of 100,000): the first run completes, peak <= 1 GiB.
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
Command = tuple[list[str], dict[str, str], bool]  # argv, environment, on a pseudo-terminal


def timed(command: list[str], env: dict[str, str], terminal: bool = False) -> tuple[float, int, str]:
    """Wall time in seconds, peak memory in KiB (of this process alone) and stderr of one run (stdout read
    whole, from a pseudo-terminal, or written to a file)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        if terminal:
            import pty

            leader, follower = pty.openpty()
            process = subprocess.Popen(command, stdout=follower, stderr=errors, env=env)
            os.close(follower)
            while True:
                try:
                    if not os.read(leader, 65536):
                        break
                except OSError:  # the other end closed
                    break
            os.close(leader)
        else:
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        peak = 0
        if hasattr(os, "wait4"):  # the process's own peak, where RUSAGE_CHILDREN would give the highest so far
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            peak = usage.ru_maxrss
        else:  # pragma: no cover - Windows
            process.wait()
        elapsed = time.perf_counter() - start
        errors.seek(0)
        err = errors.read()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err.decode(errors='replace')}")
    return elapsed, peak, err.decode(errors="replace")


def alternate(pairs: dict[str, Command], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands run in turn so that machine noise hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in pairs}
    for _ in range(runs):
        for name, (command, env, terminal) in pairs.items():
            samples[name].append(timed(command, env, terminal)[0])
    return {name: statistics.median(values) for name, values in samples.items()}


def parse_floor(paths: list[Path], env: dict[str, str]) -> tuple[float, int, str]:
    """How long tomli (else the stdlib's tomllib) takes to parse the files alone, in a process of its own,
    its peak memory (KiB) and its name."""
    code = (
        "import sys\n"
        "try:\n    import tomli as toml; name = 'tomli'\n"
        "except ImportError:\n    import tomllib as toml; name = 'tomllib'\n"
        "for path in sys.argv[1:]:\n    toml.loads(open(path, encoding='utf-8').read())\n"
        "print(name, file=sys.stderr)\n"
    )
    elapsed, peak, name = timed([PY, "-c", code, *map(str, paths)], env)
    return elapsed, peak, name.strip()


def scale(
    label: str, count: int, per_file: int, work: Path, base_env: dict[str, str], runs: int, first_runs: int
) -> list[str]:
    """The first run after the data changed, then warm lookups, with ``count`` extra facts."""
    # In a process of its own: a parent grown by generating a million facts would lend its size to the
    # peak memory measured of each child it starts.
    prefix = work / f"synthetic-{count}"
    generator = [PY, str(HERE / "generate.py"), str(count), "--out", str(prefix), "--per-file", str(per_file)]
    subprocess.run(generator, check=True, stdout=subprocess.DEVNULL)
    paths = sorted(prefix.parent.glob(f"{prefix.name}-*.toml"))
    env = {**base_env, "DIPFACTS_DATA": os.pathsep.join(str(path) for path in paths)}
    # The first run and the parse alone, in turn, `first_runs` times (each first run into a cache of its
    # own): one pair can land on a busy moment of a shared machine, so the ratio reported is the median.
    pairs: list[tuple[float, float]] = []
    peak = parse_peak = 0
    for round_number in range(first_runs):
        parse, parse_peak_now, parser = parse_floor(paths, base_env)
        cache = str(work / f"cache-{count}-{round_number}")
        first, peak_now, said = timed([SCRIPT, "trade", "kazakhstan", "--json"], {**env, "DIPFACTS_CACHE_DIR": cache})
        pairs.append((first, parse))
        peak, parse_peak = max(peak, peak_now), max(parse_peak, parse_peak_now)
    env["DIPFACTS_CACHE_DIR"] = cache  # the warm runs below read the last one
    ratios = sorted(first / parse for first, parse in pairs)
    each = ", ".join(f"{first:.1f} s / {parse:.1f} s" for first, parse in pairs)
    lines = [
        f"{label}: first run after the data changed against {parser} alone parsing the files, {len(pairs)}"
        f" pair(s) in turn: {each}; median {statistics.median(ratios):.2f}x ({ratios[0]:.2f}x-{ratios[-1]:.2f}x;"
        f" target <= 3x); peak memory {peak / 1024:.0f} MiB ({parser} alone: {parse_peak / 1024:.0f} MiB);"
        f" it said: {said.strip() or '-'}"
    ]
    trade = [SCRIPT, "trade", "kazakhstan", "--json"]
    medians = alternate({"scale": (trade, env, False), "shipped": (trade, base_env, False)}, runs)
    warm, shipped = medians["scale"], medians["shipped"]
    lines.append(
        f"{label}: trade kazakhstan --json, warm: {warm * 1000:.0f} ms against {shipped * 1000:.0f} ms on the"
        f" shipped base: {warm / shipped:.2f}x (target <= 1.5x)"
    )
    searches = alternate(
        {
            "rice": ([SCRIPT, "search", "rice", "--json"], env, False),
            "cofee": ([SCRIPT, "search", "cofee", "--json"], env, False),
        },
        runs,
    )
    lines.append(f"{label}: search rice --json, warm: median {searches['rice']:.3f} s (target < 0.2 s)")
    lines.append(f"{label}: search cofee --json (a typo), warm: median {searches['cofee']:.3f} s")
    _elapsed, peak, _said = timed([SCRIPT, "search", "rice", "--json"], env)
    lines.append(f"{label}: peak memory of a warm search: {peak / 1024:.0f} MiB")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument(
        "--first-runs", type=int, default=3, help="first runs at --facts, each against the parse alone (median)"
    )
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--million", action="store_true", help="also 1,000,000 extra facts (slow)")
    args = parser.parse_args()

    import dipfacts

    compileall.compile_dir(str(Path(dipfacts.__file__).parent), quiet=1)  # as pip does when it installs
    work = Path(tempfile.mkdtemp(prefix="dipfacts-bench-"))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("DIPFACTS")}
    base_env.update({"DIPFACTS_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1", "DIPFACTS_PAGER": "cat"})
    for warm in (["trade", "kazakhstan", "--json"], ["trade", "kazakhstan"]):
        timed([SCRIPT, *warm], base_env)

    click_floor: Command = ([PY, "-c", "import click"], base_env, False)
    rich_floor: Command = ([PY, "-c", "import click, rich.console, rich.table"], base_env, True)
    comparisons: list[tuple[str, Command, str, Command, str]] = [
        ("trade kazakhstan --json", ([SCRIPT, "trade", "kazakhstan", "--json"], base_env, False), "import click",
         click_floor, "<= 1.10x"),
        ("trade kazakhstan (terminal)", ([SCRIPT, "trade", "kazakhstan"], base_env, True), "import click, rich",
         rich_floor, "<= 1.10x"),
        ("trade kazahkstan --json (typo)", ([SCRIPT, "trade", "kazahkstan", "--json"], base_env, False),
         "import click", click_floor, "<= 1.5x"),
        ("Tab: trade kaz", ([SCRIPT], {**base_env, **COMPLETION}, False), "import click", click_floor, "<= 1.0x"),
        ("--help", ([SCRIPT, "--help"], base_env, False), "import click", click_floor, "(shown)"),
    ]  # fmt: skip
    rows = []
    for name, command, floor_name, floor, target in comparisons:
        medians = alternate({"command": command, "floor": floor}, args.runs)
        rows.append((name, floor_name, medians["command"], medians["floor"], target))

    extra: list[str] = []
    if not args.skip_scale:
        extra += scale(f"+{args.facts:,} facts", args.facts, 10_000, work, base_env, args.runs, args.first_runs)
    if args.million:
        extra += scale("+1,000,000 facts", 1_000_000, 100_000, work, base_env, max(3, args.runs // 3), 1)

    print(f"{'command':32} {'floor':20} {'median ms':>10} {'floor ms':>9} {'ratio':>6}  target")
    for name, floor_name, median, floor_time, target in rows:
        ratio = median / floor_time
        print(f"{name:32} {floor_name:20} {median * 1000:10.1f} {floor_time * 1000:9.1f} {ratio:6.2f}  {target}")
    for line in extra:
        print(line)


if __name__ == "__main__":
    main()

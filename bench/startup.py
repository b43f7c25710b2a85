"""Start-up benchmark: wall time of short-lived dipfacts runs, as ratios against baselines run alongside.

Usage: python bench/startup.py [--runs N]
Baselines: a bare interpreter, and `import click` (a lookup should cost little more than its CLI library).
Runs are interleaved so that machine noise hits every command alike; medians are reported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("dipfacts"))
# Tab completion runs the script with these variables set (Click's completion protocol).
COMPLETION_ENV = {"_DIPFACTS_COMPLETE": "bash_complete", "COMP_WORDS": "dipfacts trade kaz", "COMP_CWORD": "2"}
COMMANDS: dict[str, list[str]] = {
    "python -c pass (baseline)": [sys.executable, "-c", "pass"],
    "python -c 'import click' (baseline)": [sys.executable, "-c", "import click"],
    "dipfacts --version": [SCRIPT, "--version"],
    "dipfacts trade kazakhstan": [SCRIPT, "trade", "kazakhstan"],
    "dipfacts trade kazakhstan --json": [SCRIPT, "trade", "kazakhstan", "--json"],
    "dipfacts trade kazakstan (typo)": [SCRIPT, "trade", "kazakstan"],
    "dipfacts show austria (pycountry)": [SCRIPT, "show", "austria"],
    "dipfacts search noodles": [SCRIPT, "search", "noodles"],
    "dipfacts conflicts kazakhstan --json": [SCRIPT, "conflicts", "kazakhstan", "--json"],
    "dipfacts timeline": [SCRIPT, "timeline"],
    "dipfacts trade --csv": [SCRIPT, "trade", "kazakhstan", "--csv"],
    "Tab: dipfacts trade kaz<Tab>": [SCRIPT],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1"}
    # pip byte-compiles an installed package; an editable install under PYTHONDONTWRITEBYTECODE=1 would
    # otherwise recompile dipfacts on every run and the benchmark would time the compiler.
    import compileall

    import dipfacts

    compileall.compile_dir(str(Path(dipfacts.__file__).parent), quiet=1)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            start = time.perf_counter()
            extra = COMPLETION_ENV if name.startswith("Tab:") else {}
            subprocess.run(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**env, **extra}, check=False
            )
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in times.items()}
    click_base = medians["python -c 'import click' (baseline)"]
    print(f"{'command':40} {'median ms':>10} {'x import click':>15}")
    for name, median in medians.items():
        print(f"{name:40} {median * 1000:10.1f} {median / click_base:15.2f}")


if __name__ == "__main__":
    main()

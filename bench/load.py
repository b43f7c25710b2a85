"""The load benchmark: parse + validate of a large pack against the TOML parser alone, in one process.

Usage: python bench/load.py [--facts N] [--runs K] [--keep DIR]

Generates N synthetic facts (bench/generate.py, 10,000 a file) into a temporary directory once, then runs,
in turn and K times, on the same text (the packaged base plus the pack):

  tomli.loads          the compiled TOML parser alone (the floor), file by file
  tomli, no gc         the same with the cycle collector off, as the loader runs it
  tomllib.loads        the standard library's parser (Python 3.11 onward)
  load_factbase        dipfacts' parse + validate + build, as `--data FILE...` does (target <= 2x tomli)

and prints each median with its ratio to tomli. Peak memory is measured in fresh processes (one load, or
one set of tomli parses, each alone), since a process's peak only ever grows.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _texts(paths: list[str]) -> list[str]:
    from dipfacts.load import packaged_text

    return [packaged_text()[1].decode("utf-8-sig")] + [Path(path).read_text(encoding="utf-8") for path in paths]


def _peak_child(what: str, paths: list[str]) -> int:
    """Peak resident memory in KiB of a fresh process that does ``what`` once (Linux reports KiB)."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", what, *paths], capture_output=True, text=True, check=True
    )
    return int(json.loads(done.stdout)["peak"])


def _child(what: str, paths: list[str]) -> None:
    if what == "tomli":
        import tomli

        for text in _texts(paths):
            tomli.loads(text)  # dropped before the next, as the loader drops each file's document
    elif what == "load":
        from dipfacts.build import load_factbase

        base = load_factbase(paths, packaged=True)
        del base
    print(json.dumps({"peak": _peak_self()}))


def _peak_self() -> int:
    """This process's peak resident memory in KiB.

    Linux keeps ru_maxrss across exec, so a child started by a big parent reports the parent's peak; the
    high-water mark of /proc/self/status belongs to the new program alone. Elsewhere, getrusage.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # KiB on Linux, bytes on macOS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="write the pack here (and reuse it if it is there)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], args.child[1:])
        return

    import tomli

    from dipfacts.build import load_factbase

    sys.path.insert(0, str(HERE))
    from generate import write_pack

    folder = args.keep or Path(tempfile.mkdtemp(prefix="dipfacts-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob(f"synthetic-{args.facts}-*.toml"))
    files = existing or write_pack(args.facts, folder / f"synthetic-{args.facts}", per_file=10_000)
    paths = [str(path) for path in files]
    texts = _texts(paths)
    size = sum(len(text.encode()) for text in texts)

    def parse_each(parse: Callable[[str], object], collect: bool = True) -> None:
        # One file at a time, each document dropped before the next, as the loader does; keeping them all
        # would make the cycle collector walk them over and over and flatter the loader's ratio.
        if not collect:
            gc.disable()
        try:
            for text in texts:
                parse(text)
        finally:
            gc.enable()

    contenders: dict[str, Callable[[], object]] = {
        "tomli.loads": lambda: parse_each(tomli.loads),
        "tomli, no gc": lambda: parse_each(tomli.loads, collect=False),  # as the loader runs it
    }
    if sys.version_info >= (3, 11):
        import tomllib

        contenders["tomllib.loads"] = lambda: parse_each(tomllib.loads)
    contenders["load_factbase"] = lambda: load_factbase(paths, packaged=True)
    wall: dict[str, list[float]] = {name: [] for name in contenders}
    cpu: dict[str, list[float]] = {name: [] for name in contenders}
    facts = len(load_factbase(paths, packaged=True).facts)  # a warm-up, and a check that the pack loads
    for _ in range(args.runs):
        for name, run in contenders.items():
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = run()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)  # less moved by other processes on the machine
            del result

    parser_file = Path(getattr(sys.modules.get("tomli._parser"), "__file__", "") or "?").name
    print(f"{facts:,} facts in {len(texts)} files ({size / 1048576:.1f} MiB), {args.runs} runs alternating, "
          f"Python {sys.version.split()[0]}, tomli {getattr(tomli, '__version__', '?')} ({parser_file})")  # fmt: skip
    floor, floor_cpu = statistics.median(wall["tomli.loads"]), statistics.median(cpu["tomli.loads"])
    print(f"{'':16} {'wall s':>8} {'/ tomli':>8} {'min s':>7}  {'CPU s':>7} {'/ tomli':>8}  (medians)")
    for name in contenders:
        median, median_cpu = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:16} {median:8.2f} {median / floor:8.2f} {min(wall[name]):7.2f}  {median_cpu:7.2f}"
              f" {median_cpu / floor_cpu:8.2f}")  # fmt: skip
    print(f"peak RSS of a fresh process: tomli.loads alone {_peak_child('tomli', paths) / 1024:.0f} MiB, "
          f"load_factbase {_peak_child('load', paths) / 1024:.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()

"""Shared helpers: the fixture fact file, a CliRunner wrapper and the installed console script."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from dipfacts.build import load_factbase
from dipfacts.cli.group import cli
from dipfacts.index import FactIndex

TESTS = Path(__file__).resolve().parent
# Tests never touch the user's cache. Each test gets a cache directory of its own (the fixture below); this
# one serves only what runs outside a test, such as collection.
os.environ["DIPFACTS_CACHE_DIR"] = tempfile.mkdtemp(prefix="dipfacts-test-cache-")
# The slow-rebuild notice depends on how fast the machine is, so no test sees it unless it asks for it.
os.environ["DIPFACTS_NOTICE_AFTER"] = "off"
# Variables a test's subprocess keeps from this environment (the others are the user's, not the test's).
KEPT_ENV = ("DIPFACTS_CACHE_DIR", "DIPFACTS_NOTICE_AFTER")

# Property tests are reproducible: the same examples on every run, from no stored database, unless a
# developer asks for a longer random exploration with HYPOTHESIS_PROFILE=explore (see CONTRIBUTING in README).
# Nor do they depend on the machine's speed: no deadline per example, no health check that times generation.
settings.register_profile(
    "default", derandomize=True, database=None, print_blob=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
EXPLORING = os.environ.get("HYPOTHESIS_PROFILE") == "explore"


def examples(count: int) -> int:
    """How many examples a property test runs: ``count``, or twenty times as many when exploring."""
    return count * 20 if EXPLORING else count


@pytest.fixture(scope="session")
def packaged_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache location holding the entry of the packaged base alone, made once by dipfacts itself."""
    from dipfacts.cache import open_index

    location = tmp_path_factory.mktemp("packaged-cache")
    open_index((), packaged=True, cache_dir=str(location))
    return location


@pytest.fixture(autouse=True)
def own_cache_directory(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, packaged_cache: Path
) -> Path:
    """A cache directory of each test's own, so that no test sees what another one cached.

    It starts as a copy of ``packaged_cache``: the packaged base is read from its TOML once a session, not
    once a test. Reading the fact files, writing the cache and answering from it as against without it are
    test_cache's subject, on cache locations of its own; other tests that need an empty cache make one.
    """
    directory = tmp_path_factory.mktemp("cache")
    shutil.copytree(packaged_cache / "dipfacts", directory / "dipfacts")
    monkeypatch.setenv("DIPFACTS_CACHE_DIR", str(directory))
    return directory


MINI = TESTS / "data" / "mini.toml"
REPO = TESTS.parent
SOURCES_DIR = REPO.parent / "shared" / "sources"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def invoke(*args: str, fixture: bool = True, env: dict[str, str] | None = None) -> Run:
    """Run the CLI in-process on the fixture file (or the real base), colour off, streams apart."""
    prefix = ["--no-packaged", "--data", str(MINI)] if fixture else []
    runner = CliRunner()
    environment = {"NO_COLOR": "1", "COLUMNS": "100", "DIPFACTS_DATA": ""}
    environment.update(env or {})
    result = runner.invoke(cli, [*prefix, *args], env=environment, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@contextlib.contextmanager
def script_environment(changes: dict[str, str]) -> Iterator[None]:
    """os.environ as run_script gives it to the script (the user's DIPFACTS_* settings gone), for one run."""
    saved = dict(os.environ)
    for key in [key for key in os.environ if key.startswith("DIPFACTS") and key not in KEPT_ENV]:
        del os.environ[key]
    os.environ.update(changes)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_main(*args: str, env: dict[str, str] | None = None) -> Run:
    """What the console script does with ``args``, run in-process: its entry point main(), not just the group.

    main() is where options given after the command are moved, Click's usage errors are shaped into one line
    and every ending becomes an exit code, so this sees what run_script sees, less the cost of a process.
    stdout and stderr are bytes underneath, like a pipe's; the environment is run_script's. Tests whose point
    is the process itself (a terminal, a closed stdout, signals, the interpreter's start-up) use run_script.
    """
    from dipfacts.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    saved = sys.stdout, sys.stderr
    code = 0
    with script_environment({"NO_COLOR": "1", "COLUMNS": "120", **(env or {})}):
        sys.stdout, sys.stderr = stdout, stderr
        try:
            main(list(args))
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        finally:
            sys.stdout, sys.stderr = saved
            stdout.flush()
            stderr.flush()
            stdout.detach()
            stderr.detach()
    return Run(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))


def installed_script() -> str:
    """The console script of the installed package, next to this interpreter."""
    candidate = Path(sys.executable).with_name("dipfacts")
    found = str(candidate) if candidate.exists() else shutil.which("dipfacts")
    if not found:
        pytest.fail("the dipfacts console script is not installed next to the test interpreter")
    return found


def run_script(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key in KEPT_ENV or not key.startswith("DIPFACTS")}
    environment.update({"NO_COLOR": "1", "COLUMNS": "120", "PYTHONIOENCODING": "utf-8"})
    environment.update(env or {})
    return subprocess.run(
        [installed_script(), *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        encoding="utf-8",
    )


@pytest.fixture(scope="session")
def mini_index() -> FactIndex:
    return FactIndex(load_factbase([str(MINI)], packaged=False))


@pytest.fixture(scope="session")
def real_index() -> FactIndex:
    return FactIndex(load_factbase())


def build_readme_module() -> Any:
    """docs/build_readme.py, which makes the README's outputs (tests reuse its terminal runner)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_readme", REPO / "docs" / "build_readme.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_configure(config: pytest.Config) -> None:
    """Compile dipfacts' modules once, before any test runs the installed script in a process of its own.

    From an editable install (the README's test command) and under PYTHONDONTWRITEBYTECODE, every such
    process would otherwise compile them from source again: about 0.1 s each, hundreds of times.
    py_compile writes each file atomically, so workers compiling at once do no harm.
    """
    import compileall  # lazy: only here

    import dipfacts

    compileall.compile_dir(str(Path(dipfacts.__file__).parent), quiet=1)


@pytest.hookimpl(hookwrapper=True)
def pytest_collection() -> Iterator[None]:
    """Let pytest keep the test modules it rewrote for their asserts, even under PYTHONDONTWRITEBYTECODE.

    Without that, every run and each xdist worker rewrites and compiles all of them again: about 3 s of
    each worker's start. Only collection writes bytecode (into tests/__pycache__, which git ignores); the
    tests themselves run under the setting as it was.
    """
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = False
    try:
        yield
    finally:
        sys.dont_write_bytecode = saved

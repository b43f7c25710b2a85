"""The layers import downwards only; Click stays in cli, Rich stays in render."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dipfacts.model import Fact
from tests.conftest import REPO

PACKAGE = REPO / "src" / "dipfacts"
LAYER: dict[str, float] = {
    "__init__": 0, "records": 0, "model": 0.5, "errors": 0, "dates": 0, "safe": 0, "files": 0, "limits": 0, "text": 0,
    "facts": 0.7, "articles": 1.5, "world": 1.6, "store": 1.8, "build": 1.9,
    "load": 1, "index": 2, "cache": 2.5, "claims": 2.7, "results": 2.8, "trust_results": 2.9,
    "query": 3, "trust": 4, "verify": 4.2, "schema": 4.5, "contract": 4.4,
    "render": 5, "output": 5, "cli": 6,
    "__main__": 7,
}  # fmt: skip


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            if node.module == "dipfacts":
                found.update(f"dipfacts.{alias.name}" for alias in node.names if alias.name in LAYER)
    return found


def layer_of(path: Path) -> str:
    """A module's layer name: its stem, or the package it sits in (cli/trade.py -> cli)."""
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else path.stem


MODULES: dict[str, set[str]] = {}
for _path in sorted(PACKAGE.rglob("*.py")):
    MODULES.setdefault(layer_of(_path), set()).update(imports_of(_path))


def test_every_module_has_a_layer() -> None:
    assert set(MODULES) == set(LAYER)


@pytest.mark.parametrize("module", sorted(LAYER))
def test_imports_point_down(module: str) -> None:
    for imported in MODULES[module]:
        if imported.startswith("dipfacts."):
            target = imported.split(".")[1]
            assert LAYER[target] < LAYER[module] or target in ("__init__", module), f"{module} imports {target}"
        top = imported.split(".")[0]
        if top == "rich":
            assert module == "render", f"{module} imports rich"
        if top == "click":
            assert module == "cli", f"{module} imports click"
    assert not ({"dipfacts.render", "dipfacts.output"} <= MODULES[module] and module in ("render", "output"))


def test_views_read_results_and_never_query() -> None:
    # A result holds everything any view shows, worked out once (query.evidence): render and output read it.
    for module in ("render", "output"):
        computing = {"dipfacts.query", "dipfacts.index", "dipfacts.trust", "dipfacts.verify"} & MODULES[module]
        assert not computing, f"{module} imports {', '.join(sorted(computing))}"


def result_types() -> set[type]:
    """Every result record a command hands to emit."""
    from dipfacts import results, trust_results

    return {
        value
        for module in (results, trust_results)
        for name, value in vars(module).items()
        if isinstance(value, type) and name.endswith("Result") and value.__module__ == module.__name__
    }


def test_every_result_type_has_a_table_and_a_json_form() -> None:
    from dipfacts import output, render
    from dipfacts.trust_results import CiteResult

    found = result_types()
    assert len(found) == 15
    assert found <= set(output.json_forms())
    # A citation is printed as text in the format asked for (output.citation_text), never as a table.
    assert found - {CiteResult} <= set(render.table_views())


def test_a_result_of_no_known_type_is_a_clear_error() -> None:
    from dipfacts import output, render

    catalogue: Any = object()  # never read: the type is refused first
    with pytest.raises(TypeError, match="no JSON form for a Fact"):
        output.results_of(catalogue, Fact("kz-x", "KZ", "trade", "A fact, not a result.", ()))
    # Dispatch is by the type itself: a class that only bears a result type's name is not that type.
    impostor = type("TradeResult", (), {})()
    with pytest.raises(TypeError, match="no JSON form for a TradeResult"):
        output.results_of(catalogue, impostor)
    with pytest.raises(TypeError, match="no table view for a TradeResult"):
        render.view_of(catalogue, impostor)


def test_start_up_imports_stay_small() -> None:
    # Rich, rapidfuzz, pycountry and the TOML parser load only on the paths that need them.
    code = "import sys, dipfacts.cli.group; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    for heavy in ("rich", "rapidfuzz", "pycountry", "tomllib", "tomli"):
        assert heavy not in loaded, f"{heavy} is imported at start-up"


def test_every_command_is_in_the_readme() -> None:
    from dipfacts.cli.group import all_commands

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, _command in all_commands():
        assert f"dipfacts {name}" in readme, f"command {name!r} is not documented in README.md"


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r"^(python3 -m venv .*pytest.*)$", readme, re.MULTILINE)
    assert match, "README.md has no test command line"
    assert match.group(1) in ci


def test_a_lookup_does_not_load_the_trust_records(tmp_path: Path) -> None:
    # The trust commands' records and queries cost start-up time; trade, show and the rest never need them.
    # An empty cache: the first lookup reads the fact files and writes the cache, the second reads it.
    code = (
        "import sys, io, contextlib\n"
        "from dipfacts.cli.group import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['trade', 'kazakhstan', '--json'], standalone_mode=False)\n"
        "    cli.main(['trade', 'kazakhstan'], standalone_mode=False)\n"
        "print('dipfacts.trust' in sys.modules, 'dipfacts.trust_results' in sys.modules)"
    )
    environment = {**os.environ, "DIPFACTS_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment)
    assert done.stdout.split() == ["False", "False"]


def test_a_cached_lookup_reads_no_toml(tmp_path: Path) -> None:
    # The second run of a lookup answers from the cache: no TOML parser, no loader, no Rich, no rapidfuzz.
    code = (
        "import sys, io, contextlib\n"
        "from dipfacts.cli.group import cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    cli.main(['trade', 'kazakhstan', '--json'], standalone_mode=False)\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    loaded = _second_run(code, tmp_path).split()
    for module in ("dipfacts.load", "tomllib", "tomli", "rich", "rapidfuzz", "pycountry", "dataclasses"):
        assert module not in loaded, f"{module} is loaded by a cached lookup"


def test_a_misspelt_or_unknown_country_does_not_import_pycountry(tmp_path: Path) -> None:
    # The world's names are in the database: a typo, a real country without facts and a historic state are
    # all told apart without pycountry, whose import costs more than click's.
    code = (
        "import sys, io, contextlib\n"
        "from dipfacts.cli.group import cli\n"
        "for args in (['trade', 'kazahkstan', '--json'], ['trade', 'Autriche', '--json'], ['trade', 'Prussia']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "        code = cli.main(args, standalone_mode=False)\n"
        "    print(code or 0)\n"
        "print('pycountry' in sys.modules)"
    )
    # The first, a typo, answers; the others are told apart (exit 1 and 2: no facts, and a historic state).
    assert _second_run(code, tmp_path).split() == ["0", "1", "2", "False"]


def _second_run(code: str, cache: Path) -> str:
    """What ``code`` prints when run a second time with one cache (the first run builds it)."""
    environment = {**os.environ, "DIPFACTS_CACHE_DIR": str(cache)}
    for _time in range(2):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=environment)
    return done.stdout


def test_the_lowest_versions_ci_installs_are_the_declared_floors() -> None:
    # .ci/lowest runs the suite with these; a floor raised or lowered in one place alone would test nothing.
    import tomli

    project = tomli.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in project["dependencies"]:
        name, _sep, version = requirement.split(";")[0].partition(">=")
        assert version, f"{requirement!r} has no lower bound"
        floors[name.strip().lower()] = version.split(",")[0].strip()
    pins = {}
    for line in (REPO / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _sep, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    assert pins == floors
    # Rich's private Table API is used (render.py): its next major release must be tried before it is allowed.
    (rich,) = [requirement for requirement in project["dependencies"] if requirement.startswith("rich")]
    assert ",<" in rich


def test_every_import_inside_a_function_says_why() -> None:
    """An import inside a function (not under TYPE_CHECKING) is there to keep it off the start-up path:
    its line, or a comment just above it, says why (what it costs, or which path alone needs it)."""
    unexplained = []
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            ancestors = []
            parent = parents.get(node)
            while parent is not None:
                ancestors.append(parent)
                parent = parents.get(parent)
            in_function = any(isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef)) for a in ancestors)
            typing_only = any(isinstance(a, ast.If) and "TYPE_CHECKING" in ast.unparse(a.test) for a in ancestors)
            if not in_function or typing_only:
                continue
            above = [line.strip() for line in lines[max(node.lineno - 3, 0) : node.lineno - 1]]
            if "#" not in lines[node.lineno - 1] and not any(line.startswith("#") for line in above):
                where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
                unexplained.append(f"{where}: {lines[node.lineno - 1].strip()}")
    assert not unexplained, unexplained

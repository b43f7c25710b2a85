"""bash's Tab on a command's argument, answered before Click is imported (dipfacts.cli.tab): the very answer
Click gives for the same command line, and Click's answer wherever this path does not answer."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dipfacts.cli import tab
from dipfacts.cli.group import cli
from tests.conftest import MINI, installed_script
from tests.hostile import big_file

# (the command line as bash passes it, the index of the word being completed, what else the environment says)
LINES: list[tuple[str, int, dict[str, str]]] = [
    ("dipfacts trade kaz", 2, {}),
    ("dipfacts trade ", 2, {}),
    ("dipfacts trade Rus", 2, {}),
    ("dipfacts trade 'Russian F", 2, {}),
    ('dipfacts trade "Russian F', 2, {}),
    ("dipfacts trade Russian\\ F", 2, {}),
    ("dipfacts trade zzz", 2, {}),
    ("dipfacts trade É", 2, {}),
    ("dipfacts visits biel", 2, {}),
    ("dipfacts show ho", 2, {}),
    ("dipfacts show Каз", 2, {}),
    ("dipfacts timeline k", 2, {}),
    ("dipfacts conflicts a", 2, {}),
    ("dipfacts compare russia ka", 3, {}),
    ("dipfacts compare russia kazakhstan b", 4, {}),
    ("dipfacts cite kz-t", 2, {}),
    ("dipfacts cite kz-trade-2024 kz-", 3, {}),
    ("dipfacts sources t", 2, {}),
    ("dipfacts sources ", 2, {}),
    ("dipfacts trade ", 2, {"DIPFACTS_DATA": str(MINI)}),
    ("dipfacts trade z", 2, {"DIPFACTS_NO_CACHE": "1", "DIPFACTS_DATA": str(MINI)}),
    ("dipfacts trade ", 2, {"DIPFACTS_DATA": "/nonexistent/facts.toml"}),
    # Click's: an option, a value, a command's name, a second argument, a word after `--` or an option
    ("dipfacts trade kazakhstan ", 3, {}),
    ("dipfacts trade kazakhstan --j", 3, {}),
    ("dipfacts trade --json k", 3, {}),
    ("dipfacts trade --year ", 3, {}),
    ("dipfacts --no-cache trade kaz", 3, {}),
    ("dipfacts --data x.toml trade kaz", 4, {}),
    ("dipfacts trade -- k", 3, {}),
    ("dipfacts search rice --country ka", 4, {}),
    ("dipfacts tr", 1, {}),
    ("dipfacts ", 1, {}),
    ("dipfacts trade kaz", 7, {}),
    ("dipfacts trade kaz", 0, {}),
]
# The lines this path answers itself: a command's own argument, with nothing but arguments before it.
ANSWERED = {index for index, (line, _cword, _env) in enumerate(LINES) if index < 22}


def protocol(line: str, cword: int, extra: dict[str, str]) -> dict[str, str]:
    return {"_DIPFACTS_COMPLETE": "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(cword), **extra}


def click_answer(environment: dict[str, str]) -> bytes:
    """What Click sends bash for this Tab: the group run through Click's own completion."""
    result = CliRunner().invoke(cli, [], env=environment, prog_name="dipfacts", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("number", range(len(LINES)), ids=lambda number: LINES[number][0] + f" [{LINES[number][1]}]")
def test_bash_gets_clicks_answer_from_either_path(number: int) -> None:
    line, cword, extra = LINES[number]
    environment = protocol(line, cword, extra)
    quick = tab.bash_answer({**os.environ, **environment})
    if number in ANSWERED:
        assert quick is not None, "this Tab is for the path without Click"
        assert quick == click_answer(environment)
    else:
        assert quick is None, "Click decides this one"


def test_the_answers_are_candidates_not_nothing() -> None:
    # The comparison above would pass if both paths found nothing: they do find the names.
    environment = protocol("dipfacts trade 'Russian F", 2, {})
    assert tab.bash_answer({**os.environ, **environment}) == b"plain,Russian Federation\n"
    environment = protocol("dipfacts trade Russian\\ F", 2, {})
    assert tab.bash_answer({**os.environ, **environment}) == b"plain,Russian\\\\ Federation\n"


def test_the_fact_files_are_those_the_environment_names(tmp_path: Path) -> None:
    pack = big_file(tmp_path, 3)  # a base of its own, with a country the packaged base lacks
    environment = protocol("dipfacts trade zed", 2, {"DIPFACTS_DATA": str(pack)})
    assert tab.bash_answer({**os.environ, **environment}) == b"plain,Zedland\n"
    environment = protocol("dipfacts trade ", 2, {"DIPFACTS_DATA": str(tmp_path / "missing.toml")})
    assert tab.bash_answer({**os.environ, **environment}) == b"\n"  # a base that does not load: nothing


def test_the_installed_script_answers_tab_without_importing_click() -> None:
    environment = {
        **os.environ, **protocol("dipfacts visits biel", 2, {}), "PYTHONPROFILEIMPORTTIME": "1",
    }  # fmt: skip
    environment.pop("DIPFACTS_DATA", None)
    done = subprocess.run([installed_script()], capture_output=True, env=environment, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "plain,Biélorussie\n".encode()
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.decode().splitlines() if "|" in line}
    assert "dipfacts.cli.tab" in imported  # the profile is there to read
    assert "click" not in imported
    # An option's Tab goes through Click, in the same script.
    environment.update(protocol("dipfacts trade kazakhstan --js", 3, {}))
    done = subprocess.run([installed_script()], capture_output=True, env=environment, timeout=60)
    assert done.stdout == b"plain,--json\n"
    assert "click" in {line.rsplit("|", 1)[-1].strip() for line in done.stderr.decode().splitlines()}


def test_a_lookup_does_not_load_the_tab_path() -> None:
    environment = {**os.environ, "PYTHONPROFILEIMPORTTIME": "1", "NO_COLOR": "1"}
    environment.pop("DIPFACTS_DATA", None)
    lookup = [installed_script(), "trade", "kz", "--json"]
    done = subprocess.run(lookup, capture_output=True, env=environment, timeout=60)
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.decode().splitlines() if "|" in line}
    assert "dipfacts.cli.group" in imported  # the profile is there to read
    assert "dipfacts.cli.tab" not in imported

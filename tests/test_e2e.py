"""The installed console script, run as a user would: another directory, real pipes, the packaged base."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, run_script

PIP_WHEEL = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]


def test_trade_kazakhstan_from_another_directory(tmp_path: Path) -> None:
    done = run_script("trade", "kazakhstan", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # The 2024 figure the articles give, and the footer naming the sources.
    assert "USD 800 M" in done.stdout
    # Piped: lines of tab-separated cells, the sources' block last.
    assert "\nSrc\tSource\tTitle\tPublisher\tDate\tOrigin\n" in done.stdout
    assert "\tVNA" in done.stdout
    assert "\x1b" not in done.stdout
    table = run_script("trade", "kazakhstan", "--table", cwd=tmp_path)
    assert "Sources: [1] tour-preview" in table.stdout
    assert "Vietnam - Kazakhstan trade" in table.stdout


def test_visits_2025_lists_the_four_legs_of_the_tour(tmp_path: Path) -> None:
    done = run_script("visits", "--year", "2025", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    assert [r["country"] for r in results] == ["KZ", "AZ", "RU", "BY"]
    assert [r["type"] for r in results] == ["state", "state", "official", "state"]


def test_errors_from_the_script_are_one_line_without_traceback(tmp_path: Path) -> None:
    done = run_script("trade", "atlantis", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "unknown country 'atlantis'" in done.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("[[facts]\n", encoding="utf-8")
    done = run_script("--data", str(broken), "countries", cwd=tmp_path)
    assert done.returncode == 3
    assert f"{broken}:1:" in done.stderr
    assert "Traceback" not in done.stderr


def test_python_dash_m_and_version(tmp_path: Path) -> None:
    from dipfacts import __version__

    done = subprocess.run(
        [sys.executable, "-m", "dipfacts", "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"dipfacts {__version__}"


def test_piped_output_into_head_ends_quietly(tmp_path: Path) -> None:
    from tests.conftest import installed_script

    pipeline = f"'{installed_script()}' show kazakhstan | head -n 2"
    done = subprocess.run(["bash", "-c", pipeline], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == 2
    assert done.stderr == ""


def test_wheel_ships_the_fact_base(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    done = subprocess.run(
        [*PIP_WHEEL, "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("dipfacts-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("dipfacts/data/facts.toml")
        assert "dipfacts/py.typed" in archive.namelist()
        assert {"dipfacts/cli/__init__.py", "dipfacts/cli/conflicts.py", "dipfacts/cli/cite.py"} <= set(
            archive.namelist()
        )
    assert shipped == (REPO / "data" / "facts.toml").read_bytes()


def test_trust_commands_from_the_installed_script(tmp_path: Path) -> None:
    conflicts = run_script("conflicts", "kazakhstan", "--kind", "hedge", "--json", cwd=tmp_path)
    assert conflicts.returncode == 0, conflicts.stderr
    records = {r["fact"]: r for r in json.loads(conflicts.stdout)["results"]}
    sources = {v["source"] for v in records["kz-trade-2024"]["versions"]}
    assert sources == {"tour-preview", "son-kazakhstan-interview", "kazakhstan-ties-background"}
    cite = run_script("cite", "kz-trade-2024", "--format", "csl-json", cwd=tmp_path)
    assert cite.returncode == 0
    assert len(json.loads(cite.stdout)) == 3
    about = run_script("about", "--json", cwd=tmp_path)
    (record,) = json.loads(about.stdout)["results"]
    (packaged,) = record["files"]
    # The packaged base is found wherever the package is installed, not in the working directory.
    assert packaged["packaged"] is True
    assert Path(packaged["path"]).name == "facts.toml"
    assert not Path(packaged["path"]).is_relative_to(tmp_path)
    assert Path(packaged["path"]).is_file()

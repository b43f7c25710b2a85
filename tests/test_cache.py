"""The cache of the indexed base: never a wrong answer, never an error, whatever state it is in."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from dipfacts.store import FORMAT
from tests.conftest import KEPT_ENV, Run, installed_script, invoke, run_main
from tests.hostile import big_file

COMMANDS = [
    ["trade", "kazakhstan"], ["show", "zedland"], ["search", "trade"], ["search", "nodles"],
    ["timeline", "--to", "1992"], ["conflicts"], ["countries"], ["visits"], ["cite", "kz-trade-2024"],
    ["coverage"], ["sources", "tour-results"], ["show", "kazakhstan", "--min-sources", "2"],
    ["search", "trade", "--min-sources", "3"], ["about"],
]  # fmt: skip


def run(cache: Path | None, *args: str, data: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DIPFACTS")}
    environment.update({"NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "DIPFACTS_NOTICE_AFTER": "off"})
    if cache is None:
        environment["DIPFACTS_NO_CACHE"] = "1"
    else:
        environment["DIPFACTS_CACHE_DIR"] = str(cache)
    prefix = ["--data", str(data)] if data else []
    return subprocess.run(
        [installed_script(), *prefix, *args], capture_output=True, text=True, env=environment, timeout=120
    )


def entries(cache: Path) -> list[Path]:
    own = cache / "dipfacts"  # the cache location holds one directory of dipfacts' own
    return sorted(path for path in own.iterdir() if path.name.startswith("v")) if own.exists() else []


def ask(cache: Path | None, *args: str, data: Path | None = None) -> Run:
    """What the console script answers, run in-process (conftest.run_main): with the cache at ``cache``, or
    none at all. Each call opens the cache afresh from disk, as a new process does; nothing of a run is kept."""
    setting = {"DIPFACTS_NO_CACHE": "1"} if cache is None else {"DIPFACTS_CACHE_DIR": str(cache)}
    return run_main(*(["--data", str(data)] if data else []), *args, env=setting)


@pytest.fixture(scope="module")
def pack_of_30(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fact file of 30 facts about a new country, merged with the packaged base; made once per module."""
    return big_file(tmp_path_factory.mktemp("pack"), 30)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args))
def test_cached_answers_equal_uncached_ones(tmp_path: Path, pack_of_30: Path, args: list[str]) -> None:
    cache = tmp_path / "cache"
    uncached = ask(None, *args, "--json", data=pack_of_30)
    first = ask(cache, *args, "--json", data=pack_of_30)  # builds the cache
    assert len(entries(cache)) == 1
    warm = ask(cache, *args, "--json", data=pack_of_30)  # reads it
    assert uncached.code == first.code == warm.code
    assert uncached.err == first.err == warm.err
    assert uncached.json() == first.json() == warm.json()
    assert len(entries(cache)) == 1
    table = ask(cache, *args, data=pack_of_30)
    assert table.out == ask(None, *args, data=pack_of_30).out


def test_an_edited_data_file_is_read_again(tmp_path: Path) -> None:
    pack = big_file(tmp_path, 3)
    cache = tmp_path / "cache"
    assert "USD 1" in run(cache, "trade", "zedland", data=pack).stdout
    edited = pack.read_text(encoding="utf-8").replace("value = 1\n", "value = 777000000\n")
    pack.write_text(edited, encoding="utf-8")
    os.utime(pack, ns=(pack.stat().st_atime_ns, pack.stat().st_mtime_ns + 5_000_000_000))
    assert "USD 777 M" in run(cache, "trade", "zedland", data=pack).stdout
    assert len(entries(cache)) == 2  # the old combination stays cached for when it comes back


def test_a_changed_packaged_file_is_read_again_even_with_the_same_size_and_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dipfacts import cache as cache_module
    from dipfacts.files import packaged_location

    copy = tmp_path / "facts.toml"
    shutil.copy2(packaged_location(), copy)
    monkeypatch.setattr(cache_module, "packaged_location", lambda: str(copy))
    monkeypatch.setattr("dipfacts.load.packaged_location", lambda: str(copy))
    store = tmp_path / "cache"
    first = cache_module.open_index((), packaged=True, cache_dir=str(store))
    assert first.facts_of("KZ", "trade")[0].value == 349200000
    stat = copy.stat()
    text = copy.read_text(encoding="utf-8").replace("value = 349200000", "value = 349300000")
    copy.write_text(text, encoding="utf-8")
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert copy.stat().st_size == stat.st_size
    assert copy.stat().st_mtime_ns == stat.st_mtime_ns
    again = cache_module.open_index((), packaged=True, cache_dir=str(store))
    assert again.facts_of("KZ", "trade")[0].value == 349300000


def _sql(entry: Path, statement: str) -> None:
    import sqlite3

    connection = sqlite3.connect(entry)
    with connection:
        connection.execute(statement)
    connection.close()


@pytest.fixture(scope="module")
def uncached_answers() -> tuple[str, str]:
    """What `trade kazakhstan --json` and `search noodles --json` answer without any cache (asked once)."""
    return ask(None, "trade", "kazakhstan", "--json").out, ask(None, "search", "noodles", "--json").out


def ask_the_script(cache: Path | None, *args: str, data: Path | None = None) -> Run:
    """As ``ask``, through the installed console script in a process of its own."""
    done = run(cache, *args, data=data)
    return Run(done.returncode, done.stdout, done.stderr)


DAMAGES = ["truncate", "zero-pages", "not-sqlite", "wrong-key", "older-format", "foreign-file", "lost-words", "empty"]


# In-process; and once through the installed script, with the damage that breaks a lookup only after the entry
# passed its checks (the run answers again without the cache, which a fresh process must also get right).
@pytest.mark.parametrize(("damage", "answer"), [*((d, ask) for d in DAMAGES), ("lost-words", ask_the_script)],
                         ids=[*DAMAGES, "lost-words-script"])  # fmt: skip
def test_a_damaged_cache_gives_the_right_answer_and_is_rebuilt(
    tmp_path: Path, damage: str, answer: Callable[..., Run], uncached_answers: tuple[str, str]
) -> None:
    cache = tmp_path / "cache"
    expected_trade, expected_search = uncached_answers
    assert answer(cache, "trade", "kazakhstan").code == 0
    (entry,) = entries(cache)
    data = entry.read_bytes()
    if damage == "truncate":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "zero-pages":  # every page after the first (16 KiB: the header and the schema)
        entry.write_bytes(data[:16384] + bytes(len(data) - 16384))
    elif damage == "not-sqlite":
        entry.write_bytes(b"garbage" + data[7:])
    elif damage == "wrong-key":  # another combination of files that happens to share the name
        _sql(entry, "UPDATE meta SET value = 'something else' WHERE name = 'key'")
    elif damage == "older-format":  # the format before this one, whose records held origins as "file:line"
        _sql(entry, f"PRAGMA user_version = {FORMAT - 1}")
    elif damage == "foreign-file":  # an SQLite file that is not dipfacts': never read, never trusted
        _sql(entry, "PRAGMA application_id = 1")
    elif damage == "lost-words":
        _sql(entry, "DROP TABLE words")
    else:
        entry.write_bytes(b"")
    trade = answer(cache, "trade", "kazakhstan", "--json")
    search = answer(cache, "search", "noodles", "--json")
    assert trade.code == 0, trade.err
    assert search.code == 0, search.err
    assert trade.err == ""
    assert search.err == ""
    assert trade.json() == json.loads(expected_trade)
    assert search.json() == json.loads(expected_search)
    assert answer(cache, "search", "noodles", "--json").json() == json.loads(expected_search)
    # Rebuilt: the entry is whole again, with dipfacts' header and this format.
    (rebuilt,) = entries(cache)
    header = rebuilt.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert header[68:72] == (0x64697066).to_bytes(4, "big")
    assert int.from_bytes(header[60:64], "big") == FORMAT  # PRAGMA user_version


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    expected = run(None, "trade", "kazakhstan", "--json").stdout
    a_file = tmp_path / "not-a-directory"
    a_file.write_text("", encoding="utf-8")
    done = run(a_file, "trade", "kazakhstan", "--json")
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout == expected
    if os.name == "posix" and os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        done = run(locked, "trade", "kazakhstan", "--json")
        assert done.returncode == 0
        assert done.stderr == ""
        assert done.stdout == expected
        locked.chmod(0o700)


def test_processes_building_at_once_all_answer_right(tmp_path: Path) -> None:
    pack = big_file(tmp_path, 2000)
    cache = tmp_path / "cache"
    expected = ask(None, "search", "fact", "--json", "--limit", "5", data=pack).out
    environment = {key: value for key, value in os.environ.items() if key in KEPT_ENV or not key.startswith("DIPFACTS")}
    environment["DIPFACTS_CACHE_DIR"] = str(cache)
    command = [installed_script(), "--data", str(pack), "search", "fact", "--json", "--limit", "5"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        for _ in range(4)
    ]
    results = [process.communicate(timeout=180) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _out, err in results]
    assert all(out == expected for out, _err in results), [out for out, _err in results if out != expected]
    assert len(entries(cache)) == 1
    assert not [path for path in (cache / "dipfacts").iterdir() if path.name.startswith(".building")]


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    environment = {"DIPFACTS_CACHE_DIR": str(cache)}
    assert invoke("--no-cache", "trade", "kazakhstan", fixture=False, env=environment).code == 0
    assert invoke("trade", "kazakhstan", fixture=False, env={**environment, "DIPFACTS_NO_CACHE": "1"}).code == 0
    assert not cache.exists()
    assert invoke("trade", "kazakhstan", fixture=False, env=environment).code == 0
    assert len(entries(cache)) == 1


def test_a_slow_rebuild_says_what_it_is_doing(tmp_path: Path) -> None:
    pack = big_file(tmp_path, 10)
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DIPFACTS")}
    # Any rebuild counts as slow at 0 seconds, so the notice is certain however fast the machine is.
    environment.update({"DIPFACTS_CACHE_DIR": str(tmp_path / "cache"), "DIPFACTS_NOTICE_AFTER": "0"})
    command = [installed_script(), "--data", str(pack), "trade", "zedland", "--json"]
    done = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
    assert done.returncode == 0
    assert "dipfacts: reading big-10.toml into the cache; this happens once after each change..." in done.stderr
    warm = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=120)
    assert warm.stderr == ""  # nothing to say when the cache answers
    quiet = subprocess.run(
        [installed_script(), "--no-cache", "--data", str(pack), "trade", "zedland", "--json"],
        capture_output=True, text=True, env={**environment, "DIPFACTS_NOTICE_AFTER": "off"}, timeout=120,
    )  # fmt: skip
    assert quiet.returncode == 0
    assert quiet.stderr == ""


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "inf"])
def test_a_bad_notice_setting_is_a_usage_error(value: str) -> None:
    run = invoke("trade", "kazakhstan", env={"DIPFACTS_NOTICE_AFTER": value})
    assert run.code == 2
    assert "DIPFACTS_NOTICE_AFTER" in run.err
    assert repr(value) in run.err


def test_check_builds_the_base_a_lookup_then_reads(tmp_path: Path) -> None:
    """`check FILE` builds the base as a lookup does, into the cache: the lookup after it reads the entry."""
    pack = big_file(tmp_path, 5)
    cache = tmp_path / "cache"
    checked = run(cache, "check", str(pack))
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: ")
    (entry,) = entries(cache)
    built = entry.stat().st_mtime_ns
    assert "zedland" in run(cache, "trade", "zedland", "--json", data=pack).stdout.lower()
    assert entries(cache) == [entry]
    assert entry.stat().st_mtime_ns == built  # read, not written again


def test_check_of_a_broken_file_leaves_no_entry(tmp_path: Path) -> None:
    pack = big_file(tmp_path, 5)
    pack.write_text(pack.read_text(encoding="utf-8").replace('topic = "trade"', 'topic = "gossip"', 1), "utf-8")
    cache = tmp_path / "cache"
    checked = run(cache, "check", str(pack))
    assert checked.returncode == 3
    assert "'topic' is 'gossip'" in checked.stderr
    assert entries(cache) == []
    assert [path.name for path in (cache / "dipfacts").iterdir() if path.name.startswith(".building")] == []

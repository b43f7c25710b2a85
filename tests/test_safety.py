"""Safety round two (issue 14): the cache touches only its own, and no fact file, cell or link turns on the user.

Each test reproduces one finding of the red-team pass and fails if the defect comes back.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest

from tests.conftest import KEPT_ENV, MINI, installed_script, invoke, run_main
from tests.hostile import big_file

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def snapshot(root: Path, *, skip: str = "dipfacts") -> dict[str, object]:
    """Every path under ``root`` (not following links) with its kind and bytes, but dipfacts' own directory."""
    found: dict[str, object] = {}
    for directory, dirs, files in os.walk(root, followlinks=False):
        relative = Path(directory).relative_to(root)
        if relative.parts[:1] == (skip,):
            continue
        for name in dirs + files:
            path = Path(directory) / name
            key = str(relative / name)
            if key == skip:
                continue
            if path.is_symlink():
                found[key] = ("link", os.readlink(path))
            elif path.is_dir():
                found[key] = ("dir", stat.S_IMODE(path.lstat().st_mode))
            else:
                found[key] = ("file", path.read_bytes())
    return found


def small_pack(directory: Path, number: int) -> Path:
    """A valid fact file of one fact, different for each ``number``."""
    path = directory / f"pack-{number}.toml"
    path.write_text(
        textwrap.dedent(f"""\
            format = 1
            [[sources]]
            id = "own-{number}"
            title = "Own {number}"
            publisher = "Me"
            date = "2025-06"
            language = "en"
            [[countries]]
            id = "ZZ"
            alpha3 = "ZZZ"
            name = "Zedland"
            [[facts]]
            id = "zz-trade-{number}"
            country = "ZZ"
            topic = "trade"
            statement = "Trade number {number}."
            value = {number + 1}000000
            unit = "USD"
            period = "2024"
            citations = [{{ source = "own-{number}", paragraph = 1, excerpt = "trade {number}" }}]
            """),
        encoding="utf-8",
    )
    return path


def sql(entry: Path, statement: str, *args: object) -> None:
    """Change a cache entry behind dipfacts' back."""
    import sqlite3

    connection = sqlite3.connect(entry)
    with connection:
        connection.execute(statement, args)
    connection.close()


def entries_in(location: Path) -> list[Path]:
    own = location / "dipfacts"
    return sorted(path for path in own.iterdir() if path.name.startswith("v")) if own.is_dir() else []


# ----------------------------------------------------------------------------- the cache deletes only its own


def test_a_cache_in_the_home_directory_deletes_nothing_of_the_users(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for name in ("venv", "vault", "videos-2019", "vm-images", "v3-0123456789abcdef", "v4-0123456789abcdef"):
        (home / name / "inner").mkdir(parents=True)
        (home / name / "inner" / "precious.txt").write_text(f"{name} data\n", encoding="utf-8")
    (home / "v3-0123456789abcdef" / "meta.json").write_text("{}", encoding="utf-8")  # looks like an old entry
    (home / "vnotes.txt").write_text("notes\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret\n", encoding="utf-8")
    (home / "vlink").symlink_to(outside)
    before = snapshot(home)
    packs = tmp_path / "packs"
    packs.mkdir()
    for number in range(12):  # more combinations than the cache keeps, so it prunes
        run = invoke("--data", str(small_pack(packs, number)), "trade", "zedland", "--json", fixture=False,
                     env={"DIPFACTS_CACHE_DIR": str(home)})  # fmt: skip
        assert run.code == 0, run.err
        assert run.json()["results"][0]["value"] == (number + 1) * 1_000_000
    assert snapshot(home) == before
    assert (outside / "secret.txt").read_text(encoding="utf-8") == "secret\n"
    assert len(entries_in(home)) == 8  # its own entries were pruned to the newest eight


def test_a_symlinked_cache_directory_is_not_used(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    (victim / "v4-0123456789abcdef").mkdir(parents=True)
    (victim / "v4-0123456789abcdef" / "file").write_text("mine\n", encoding="utf-8")
    location = tmp_path / "location"
    location.mkdir()
    (location / "dipfacts").symlink_to(victim)
    before = snapshot(victim)
    packs = tmp_path / "packs"
    packs.mkdir()
    for number in range(10):
        run = invoke("--data", str(small_pack(packs, number)), "trade", "zedland", fixture=False,
                     env={"DIPFACTS_CACHE_DIR": str(location)})  # fmt: skip
        assert run.code == 0
        assert f"USD {number + 1} M" in run.out
    assert snapshot(victim) == before
    debug = invoke("--debug", "trade", "kazakhstan", fixture=False, env={"DIPFACTS_CACHE_DIR": str(location)})
    assert debug.code == 0
    assert "cache not used" in debug.err
    assert "symlink" in debug.err


def test_the_cache_directory_is_private_and_refused_when_others_can_write(tmp_path: Path) -> None:
    location = tmp_path / "location"
    assert invoke("trade", "kazakhstan", fixture=False, env={"DIPFACTS_CACHE_DIR": str(location)}).code == 0
    own = location / "dipfacts"
    assert stat.S_IMODE(own.stat().st_mode) == 0o700
    assert len(entries_in(location)) == 1
    # Made writable by the group: not used any more (nothing new written), and --debug says why.
    own.chmod(0o770)
    packs = tmp_path / "packs"
    packs.mkdir()
    run = invoke("--debug", "--data", str(small_pack(packs, 1)), "trade", "zedland", fixture=False,
                 env={"DIPFACTS_CACHE_DIR": str(location)})  # fmt: skip
    assert run.code == 0
    assert "USD 2 M" in run.out
    assert "cache not used" in run.err
    assert "writable by group or others" in run.err
    assert len(entries_in(location)) == 1
    # A location anyone may write to, without the sticky bit: the directory could be swapped, so no cache.
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    assert invoke("trade", "kazakhstan", fixture=False, env={"DIPFACTS_CACHE_DIR": str(shared)}).code == 0
    assert not (shared / "dipfacts").exists()
    # With the sticky bit, as /tmp has it, nobody else can rename what is ours: the cache is used.
    shared.chmod(0o1777)
    assert invoke("trade", "kazakhstan", fixture=False, env={"DIPFACTS_CACHE_DIR": str(shared)}).code == 0
    assert len(entries_in(shared)) == 1


@pytest.mark.skipif(not IS_ROOT, reason="needs root to give the directory to another user")
def test_a_cache_directory_of_another_user_is_neither_read_nor_written(tmp_path: Path) -> None:
    location = tmp_path / "location"
    assert invoke("trade", "kazakhstan", fixture=False, env={"DIPFACTS_CACHE_DIR": str(location)}).code == 0
    (entry,) = entries_in(location)
    sql(entry, "UPDATE facts SET record = replace(record, '800000000', '9000000000000')")
    for path in [location / "dipfacts", *(location / "dipfacts").rglob("*")]:
        os.lchown(path, 65534, 65534)  # as if user nobody had planted it
    run = invoke("trade", "kazakhstan", "--json", fixture=False, env={"DIPFACTS_CACHE_DIR": str(location)})
    values = [record["value"] for record in run.json()["results"]]
    assert run.code == 0
    assert 800_000_000 in values
    assert 9_000_000_000_000 not in values


def test_an_entry_not_marked_as_dipfacts_or_for_other_files_is_not_read(tmp_path: Path) -> None:
    location = tmp_path / "location"
    environment = {"DIPFACTS_CACHE_DIR": str(location)}
    expected = invoke("trade", "kazakhstan", "--json", fixture=False, env={"DIPFACTS_NO_CACHE": "1"}).json()
    assert invoke("trade", "kazakhstan", fixture=False, env=environment).code == 0
    (entry,) = entries_in(location)
    planted = "UPDATE facts SET record = replace(record, '800000000', '9000000000000')"
    for mark in ("PRAGMA application_id = 0", "UPDATE meta SET value = 'other files' WHERE name = 'key'"):
        sql(entry, planted)
        sql(entry, mark)  # no longer dipfacts' own, or no longer for these files
        run = invoke("trade", "kazakhstan", "--json", fixture=False, env=environment)
        assert run.code == 0
        assert run.json()["results"] == expected["results"]
        (entry,) = entries_in(location)  # rewritten from the fact files


def test_an_entry_that_passes_its_checks_but_breaks_a_lookup_is_dropped(tmp_path: Path) -> None:
    """Type-confused content in a sound database: the run still answers right, and the entry is gone."""
    import sqlite3

    from dipfacts.model import Fact

    location = tmp_path / "location"
    environment = {"DIPFACTS_CACHE_DIR": str(location)}
    expected = invoke("trade", "kazakhstan", "--json", fixture=False, env={"DIPFACTS_NO_CACHE": "1"}).json()
    assert invoke("trade", "kazakhstan", fixture=False, env=environment).code == 0
    (entry,) = entries_in(location)
    connection = sqlite3.connect(entry)
    value = Fact._fields.index("value")
    with connection:
        for position, record in connection.execute("SELECT position, record FROM facts WHERE topic = 'trade'"):
            row = json.loads(record)
            row[value] = "x"  # every value a string: the database is sound, the types are not
            connection.execute("UPDATE facts SET record = ? WHERE position = ?", (json.dumps(row), position))
    connection.close()
    command = [installed_script(), "trade", "kazakhstan", "--json"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60, env=script_environment(**environment))
    assert run.returncode == 0
    assert run.stderr == ""
    assert json.loads(run.stdout)["results"] == expected["results"]
    assert entries_in(location) == []  # removed at once, and the answer came from the fact files
    again = subprocess.run(command, capture_output=True, text=True, timeout=60, env=script_environment(**environment))
    assert again.returncode == 0
    assert json.loads(again.stdout)["results"] == expected["results"]
    assert len(entries_in(location)) == 1  # a new, sound entry


def test_a_remembered_checksum_is_used_only_while_the_file_is_unchanged(tmp_path: Path) -> None:
    """Checksums are remembered to save reading a large pack on every lookup, never at the cost of a stale answer."""
    location = tmp_path / "location"
    pack = small_pack(tmp_path, 1)
    settled = time.time() - 60
    os.utime(pack, (settled, settled))  # the ctime stays "now", so it is not remembered yet
    environment = {"DIPFACTS_CACHE_DIR": str(location)}
    assert invoke("--data", str(pack), "trade", "zedland", fixture=False, env=environment).code == 0
    remembered = json.loads((location / "dipfacts" / "checksums.json").read_text(encoding="utf-8"))
    assert str(pack) not in remembered  # changed too recently to be trusted by its status
    from dipfacts import cache

    # As if it had been written long ago: remembered, and used while its status is the same.
    original = cache._SETTLED_SECONDS
    try:
        cache._SETTLED_SECONDS = -1e9
        assert invoke("--data", str(pack), "trade", "zedland", fixture=False, env=environment).code == 0
    finally:
        cache._SETTLED_SECONDS = original
    remembered = json.loads((location / "dipfacts" / "checksums.json").read_text(encoding="utf-8"))
    assert str(pack) in remembered
    # A same-size edit with the old mtime put back changes the ctime: read again, the new figure shown.
    pack.write_text(pack.read_text(encoding="utf-8").replace("value = 2000000", "value = 7000000"), "utf-8")
    os.utime(pack, (settled, settled))
    run = invoke("--data", str(pack), "trade", "zedland", "--json", fixture=False, env=environment)
    assert run.json()["results"][0]["value"] == 7_000_000


def test_edits_that_keep_size_and_time_are_seen(tmp_path: Path) -> None:
    pack = tmp_path / "pack.toml"
    location = tmp_path / "location"
    template = small_pack(tmp_path, 1).read_text(encoding="utf-8")
    fixed = os.stat(small_pack(tmp_path, 1)).st_mtime_ns
    for digit in range(1, 10):  # the same size each time: "value = N000000"
        pack.write_text(template.replace("value = 2000000", f"value = {digit}000000"), encoding="utf-8")
        os.utime(pack, ns=(fixed, fixed))  # as `touch -r` leaves it, or a file system with coarse times
        run = invoke("--data", str(pack), "trade", "zedland", "--json", fixture=False,
                     env={"DIPFACTS_CACHE_DIR": str(location)})  # fmt: skip
        assert run.json()["results"][0]["value"] == digit * 1_000_000


def test_an_interrupted_build_leaves_nothing_behind(tmp_path: Path) -> None:
    location = tmp_path / "location"
    pack = big_file(tmp_path, 50)
    # The build stops itself half-way, as a Ctrl-C or a `kill` would stop it.
    for how in ("os.kill(os.getpid(), signal.SIGTERM)", "raise KeyboardInterrupt"):
        code = textwrap.dedent(f"""\
            import os, signal, sys
            from dipfacts import store
            original = store.Writer.finish
            def interrupted(writer, **options):
                original(writer, **options)
                {how}
            store.Writer.finish = interrupted
            from dipfacts.cli import main
            main(sys.argv[1:])
            """)
        environment = {key: value for key, value in os.environ.items() if not key.startswith("DIPFACTS")}
        environment.update({"DIPFACTS_CACHE_DIR": str(location), "DIPFACTS_NOTICE_AFTER": "off"})
        done = subprocess.run(
            [sys.executable, "-c", code, "--data", str(pack), "trade", "zedland"],
            capture_output=True, text=True, env=environment, timeout=120,
        )  # fmt: skip
        assert done.returncode in (130, 128 + signal.SIGTERM, -signal.SIGTERM), done.stderr
        assert "Traceback" not in done.stderr
        # Nothing of the build; only the remembered checksums of the (settled) packaged file may be there.
        assert [path.name for path in (location / "dipfacts").iterdir() if path.name != "checksums.json"] == []


def test_a_build_killed_outright_is_cleared_later_and_nothing_else(tmp_path: Path) -> None:
    location = tmp_path / "location"
    own = location / "dipfacts"
    own.mkdir(parents=True, mode=0o700)
    abandoned = own / ".building-abandoned"
    abandoned.mkdir()
    (abandoned / "dipfacts-cache-entry").write_text("dipfacts cache entry; meta.json crc32 unfinished\n")
    fresh = own / ".building-fresh"  # another process building right now
    fresh.mkdir()
    (fresh / "dipfacts-cache-entry").write_text("dipfacts cache entry; meta.json crc32 unfinished\n")
    unmarked = own / ".building-not-ours"
    unmarked.mkdir()
    old = time.time() - 3600
    os.utime(abandoned, (old, old))
    os.utime(unmarked, (old, old))
    assert invoke("trade", "kazakhstan", fixture=False, env={"DIPFACTS_CACHE_DIR": str(location)}).code == 0
    assert not abandoned.exists()
    assert fresh.exists()
    assert unmarked.exists()


def test_an_entry_has_a_bounded_number_of_files(tmp_path: Path) -> None:
    """A fact file whose words start with thousands of different letters made a 63,811-file entry."""
    lines = ['format = 1\n[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\ndate = "2025"\nlanguage = "en"',
             '[[countries]]\nid = "ZZ"\nalpha3 = "ZZZ"\nname = "Zedland"']  # fmt: skip
    for number in range(3000):
        word = "".join(chr(0x4E00 + (number * 7 + k) % 20000) for k in range(3))
        lines.append(f'[[facts]]\nid = "zz-{number}"\ncountry = "ZZ"\ntopic = "policy"\nstatement = "{word} {number}"\n'
                     f'citations = [{{ source = "s", paragraph = 1, excerpt = "x" }}]')  # fmt: skip
    pack = tmp_path / "letters.toml"
    pack.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    location = tmp_path / "location"
    run = invoke("--no-packaged", "--data", str(pack), "search", chr(0x4E00), fixture=False,
                 env={"DIPFACTS_CACHE_DIR": str(location)})  # fmt: skip
    assert run.code in (0, 1), run.err
    (entry,) = entries_in(location)
    assert entry.is_file()  # one database, whatever the words
    assert {path.name for path in (location / "dipfacts").iterdir()} <= {entry.name, "checksums.json"}


# ----------------------------------------------------------------------------- validation is linear and bounded


def unknown_keys_file(directory: Path, count: int) -> Path:
    """A fact whose record goes on with ``count`` keys that no fact has."""
    keys = "\n".join(f"unknown_key_number_{n} = {n}" for n in range(count))
    path = directory / f"keys-{count}.toml"
    path.write_text(f'[[facts]]\nid = "zz-a"\ncountry = "ZZ"\ntopic = "trade"\nstatement = "S"\n{keys}\n', "utf-8")
    return path


def executed_lines(action: Callable[[], object]) -> int:
    """How many lines of dipfacts' own code ``action`` runs: the work itself, the same on any machine."""
    import dipfacts

    own = str(Path(dipfacts.__file__).parent)
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        count += event == "line"
        return local

    def calls(frame: FrameType, event: str, arg: object) -> Callable[..., object] | None:
        return local if frame.f_code.co_filename.startswith(own) else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        action()
    finally:
        sys.settrace(previous)
    return count


def test_validation_work_grows_linearly_with_unknown_keys(tmp_path: Path) -> None:
    """Quadratic validation took 88 s for 8,000 unknown keys. Counted, not timed: no machine is too slow for it."""

    def work(count: int) -> int:
        path = unknown_keys_file(tmp_path, count)
        return executed_lines(lambda: run_main("--no-cache", "--no-packaged", "--data", str(path), "check"))

    small, large = work(1_000), work(4_000)
    # Linear: each key costs a few lines (about 15 today), whatever the number of keys. Quadratic: thousands.
    assert (large - small) / 3_000 < 50, (small, large)
    assert large < 6 * small, (small, large)  # four times the keys, about four times the work


def test_a_megabyte_of_unknown_keys_is_checked_with_the_problems_capped(tmp_path: Path) -> None:
    hostile = unknown_keys_file(tmp_path, 40_000)
    assert hostile.stat().st_size > 1_000_000
    # The work is bounded by the test above; the timeout only ends a run that hangs.
    done = subprocess.run(
        [installed_script(), "--no-cache", "--no-packaged", "--data", str(hostile), "check"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    assert "unknown key 'unknown_key_number_0'" in lines[0]
    assert f"{hostile}:6:" in lines[0]
    assert any("more problems not listed" in line for line in lines)
    assert len(lines) < 250


def test_the_total_input_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dipfacts import load
    from dipfacts.build import load_factbase
    from dipfacts.errors import DataFileError

    monkeypatch.setattr(load, "MAX_TOTAL_BYTES", 1500)
    files = [small_pack(tmp_path, number) for number in range(8)]  # about 450 bytes each
    with pytest.raises(DataFileError) as raised:
        load_factbase([str(path) for path in files], packaged=False)
    assert "together, the limit for one run" in str(raised.value.problems)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("value = " + "9" * 400, "'value' is a number of 400 digits; expected a number below 1e+15"),
        ("value = " + "1" * 16, "expected a number below 1e+15"),
        ("value = 123456789012345.6", "at most 15 significant digits"),
        ('value = 1e308\nqualifier = "over"', "'value' is 1e+308; expected a number below 1e+15"),
        ("value = 5\nchange_pct = 1e7", "'change_pct' is 10000000.0; expected a number below 1e+06"),
        ('value = 1e12\nunit = "visitors"', "expected a number below 1e+12"),
        ("value = " + "9" * 5000, "a value cannot be read (a number of over 4,300 digits)"),
    ],
)
def test_numbers_beyond_range_are_refused_by_check(tmp_path: Path, lines: str, expected: str) -> None:
    text = small_pack(tmp_path, 1).read_text(encoding="utf-8").replace("value = 2000000\n", lines + "\n")
    if 'unit = "visitors"' in lines:
        text = text.replace('unit = "USD"\n', "")
    path = tmp_path / "numbers.toml"
    path.write_text(text, encoding="utf-8")
    done = invoke("--no-packaged", "--data", str(path), "check", fixture=False)
    assert done.code == 3, done.err
    assert expected in done.err, done.err
    assert "Traceback" not in done.err
    assert "internal error" not in done.err


def test_the_largest_allowed_numbers_show_in_every_view(tmp_path: Path) -> None:
    text = small_pack(tmp_path, 1).read_text(encoding="utf-8").replace("value = 2000000", "value = 999999999999999")
    path = tmp_path / "large.toml"
    path.write_text(text.replace('period = "2024"', 'period = "2024"\nchange_pct = 999999.5'), encoding="utf-8")
    for args in (["trade", "zedland"], ["countries"], ["compare", "zedland", "kazakhstan"], ["timeline"]):
        run = invoke("--data", str(path), *args, fixture=False)
        assert run.code == 0, (args, run.err)


# ----------------------------------------------------------------------------- spreadsheets and citations


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "=1+1"]  # fmt: skip


def formula_pack(directory: Path) -> Path:
    path = directory / "formulas.toml"
    facts = "\n".join(
        f'[[facts]]\nid = "zz-f{n}"\ncountry = "ZZ"\ntopic = "policy"\nstatement = {json.dumps(text)}\n'
        f'citations = [{{ source = "s", paragraph = 1, excerpt = {json.dumps(text)} }}]\n'
        for n, text in enumerate(FORMULAS)
    )
    path.write_text(
        'format = 1\n[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\ndate = "2025"\nlanguage = "en"\n'
        '[[countries]]\nid = "ZZ"\nalpha3 = "ZZZ"\nname = "Zedland"\n' + facts,
        encoding="utf-8",
    )
    return path


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    pack = formula_pack(tmp_path)
    run = invoke("--no-packaged", "--data", str(pack), "show", "zedland", "--csv", fixture=False)
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    statements = [row["statement"] for row in rows]
    assert len(statements) == len(FORMULAS)
    for cell in statements + [row["excerpts"] for row in rows]:
        assert cell.startswith("'"), cell
    # Numbers stay numbers: a negative value is not a formula.
    assert [row["value"] for row in rows] == [""] * len(FORMULAS)
    from dipfacts.output import spreadsheet_safe

    assert spreadsheet_safe("-12.5") == "-12.5"
    assert spreadsheet_safe("-2+3") == "'-2+3"
    # JSON and JSON lines keep the exact text.
    document = invoke("--no-packaged", "--data", str(pack), "show", "zedland", "--json", fixture=False).json()
    assert sorted(r["statement"] for r in document["results"]) == sorted(text.strip() for text in FORMULAS)
    lines = invoke("--no-packaged", "--data", str(pack), "show", "zedland", "--nl", fixture=False).out.splitlines()
    assert sorted(json.loads(line)["statement"] for line in lines) == sorted(text.strip() for text in FORMULAS)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<b>x</b>", "http://x.example/<img src=x onerror=alert(1)>",
     "https://x.example/}, note = {\\input{/etc/passwd}}", "http://x.example/a b", "ftp://x.example/f",
     'https://x.example/"quoted"', "http:///nohost"],
)  # fmt: skip
def test_check_accepts_only_web_addresses(tmp_path: Path, url: str) -> None:
    text = (
        small_pack(tmp_path, 1)
        .read_text(encoding="utf-8")
        .replace('language = "en"', f'language = "en"\nurl = {json.dumps(url)}')
    )
    path = tmp_path / "url.toml"
    path.write_text(text, encoding="utf-8")
    done = invoke("--no-packaged", "--data", str(path), "check", fixture=False)
    assert done.code == 3
    assert "expected a web address" in done.err
    good = path.read_text(encoding="utf-8").replace(json.dumps(url), '"https://x.example/a_(b)*c"')
    path.write_text(good, encoding="utf-8")
    assert invoke("--no-packaged", "--data", str(path), "check", fixture=False).code == 0


def test_citations_escape_urls_for_their_format() -> None:
    """Whatever URL reaches a citation (here one made in code, past check), it cannot close its field."""
    from dipfacts.build import load_factbase
    from dipfacts.index import FactIndex
    from dipfacts.output import citation_text
    from dipfacts.records import replace

    base = load_factbase([str(MINI)], packaged=False)
    hostile = "http://x.example/a)<img src=x onerror=alert(1)>}, note = {\\input{/etc/passwd}}"
    base = replace(base, sources=tuple(replace(source, url=hostile) for source in base.sources))
    index = FactIndex(base)
    fact = base.facts[0]
    markdown = citation_text(index, (fact,), "markdown")
    bibtex = citation_text(index, (fact,), "bibtex")
    assert "<img" not in markdown
    assert "\\input" not in bibtex
    assert "<http://x.example/a)%3Cimg" in markdown
    for entry in bibtex.split("\n\n"):
        depth = 0
        for char in entry.replace("\\{", "").replace("\\}", ""):
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0
        assert depth == 0
    assert "%7D,%20note%20=%20%7B%5Cinput%7B" in bibtex


# ----------------------------------------------------------------------------- provenance


def user_pack(directory: Path, body: str) -> Path:
    path = directory / "user.toml"
    path.write_text("format = 1\n" + textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_user_file_may_not_rename_a_packaged_country(tmp_path: Path) -> None:
    for country in ('id = "AT"\nalpha3 = "AUT"\nname = "Kazakhstan"', 'id = "AT"\nalpha3 = "AUT"\nname = "Austria"\n'
                    'aliases = ["Россия"]', 'id = "AT"\nalpha3 = "KAZ"\nname = "Austria"'):  # fmt: skip
        pack = user_pack(tmp_path, f"[[countries]]\n{country}\n")
        run = invoke("--data", str(pack), "trade", "kazakhstan", fixture=False)
        assert run.code == 3, run.err
        assert "a fact file may not rename or re-code a packaged country" in run.err, run.err


def test_a_user_file_may_not_put_new_words_in_a_packaged_article(tmp_path: Path) -> None:
    pack = user_pack(
        tmp_path,
        """\
        [[facts]]
        id = "kz-trade-2026"
        country = "KZ"
        topic = "trade"
        statement = "Trade reached USD 99 bn."
        value = 99000000000
        unit = "USD"
        period = "2026"
        citations = [{ source = "tour-preview", paragraph = 22, excerpt = "99 milliards USD" }]
        """,
    )
    run = invoke("--data", str(pack), "trade", "kazakhstan", fixture=False)
    assert run.code == 3
    assert "'tour-preview' ¶22 with words the packaged base does not quote" in run.err
    # Words the packaged base already quotes from that paragraph are fine, and the fact is marked as the user's.
    real = invoke("cite", "kz-trade-2024", "--json", fixture=False).json()["results"][0]["sources"][0]
    quoted = f"paragraph = {real['paragraph']}, excerpt = {json.dumps(real['excerpt'])}"
    text = pack.read_text(encoding="utf-8").replace('paragraph = 22, excerpt = "99 milliards USD"', quoted)
    pack.write_text(text.replace("tour-preview", real["id"]), encoding="utf-8")
    table = invoke("--data", str(pack), "trade", "kazakhstan", "--table", fixture=False)
    assert table.code == 0, table.err
    (row,) = [line for line in table.out.splitlines() if line.startswith("2026")]
    assert row.rstrip().endswith("user")
    assert "from a fact file given with --data" in table.out
    # Piped, each record a line: the user's row ends with the mark; the article it cites stays the packaged one.
    piped = invoke("--data", str(pack), "trade", "kazakhstan", fixture=False).out.splitlines()
    assert next(line for line in piped if line.startswith("2026\t")).split("\t")[-1] == "[1] user"
    assert next(line for line in piped if line.startswith("[1]\t")).split("\t")[-1] == "packaged"
    records = invoke("--data", str(pack), "trade", "kazakhstan", "--json", fixture=False).json()["results"]
    origins = {record["id"]: (record["origin"], record["defined_at"]) for record in records}
    assert origins["kz-trade-2026"] == ("user", f"{pack}:2")
    assert origins["kz-trade-2024"] == ("packaged", None)


def test_a_head_of_state_must_be_backed_by_a_fact_naming_them(tmp_path: Path) -> None:
    pack = user_pack(
        tmp_path,
        """\
        [[sources]]
        id = "mine"
        title = "Mine"
        publisher = "Me"
        date = "2025"
        language = "en"
        [[countries]]
        id = "ZZ"
        alpha3 = "ZZZ"
        name = "Zedland"
        head_of_state = "Queen Zed"
        head_of_state_fact = "kz-trade-2024"
        [[facts]]
        id = "zz-queen"
        country = "ZZ"
        topic = "official"
        statement = "Zedland is ruled by Queen Zed."
        citations = [{ source = "mine", paragraph = 1, excerpt = "Queen Zed" }]
        """,
    )
    run = invoke("--data", str(pack), "show", "zedland", fixture=False)
    assert run.code == 3
    assert "does not back 'Queen Zed'" in run.err
    pack.write_text(pack.read_text(encoding="utf-8").replace('= "kz-trade-2024"', '= "zz-queen"'), encoding="utf-8")
    good = invoke("--data", str(pack), "show", "zedland", "--json", fixture=False)
    assert good.code == 0, good.err
    assert {record["origin"] for record in good.json()["results"]} == {"user"}


# ----------------------------------------------------------------------------- output and environment


def script_environment(**extra: str) -> dict[str, str]:
    environment = {key: value for key, value in os.environ.items() if key in KEPT_ENV or not key.startswith("DIPFACTS")}
    environment.update(extra)
    return environment


@pytest.mark.parametrize("args", [["trade", "kazakhstan"], ["trade", "kazakhstan", "--json"], ["--help"]])
def test_output_that_cannot_be_written_is_one_line_and_exit_5(args: list[str]) -> None:
    closed = subprocess.run(
        [installed_script(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60,
        env=script_environment(), pass_fds=(), close_fds=True,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert closed.returncode == 5, closed.stderr
    assert closed.stderr.count("\n") == 1, closed.stderr
    assert closed.stderr.startswith("dipfacts: cannot write the output")
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            done = subprocess.run([installed_script(), *args], stdout=full, stderr=subprocess.PIPE, text=True,
                                  timeout=60, env=script_environment())  # fmt: skip
        assert done.returncode == 5
        assert done.stderr == "dipfacts: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("value", ["²", "-5", "0", "abc", "99999999999999999999", "١٢٠", " 80 ", ""])
def test_any_columns_or_lines_value_is_survived(value: str) -> None:
    # main() reads them from the environment when it starts: in-process, as the script would.
    done = run_main("trade", "kazakhstan", env={"COLUMNS": value, "LINES": value})
    assert done.code == 0
    assert done.err == ""
    assert "2024" in done.out


def test_a_relative_xdg_cache_home_and_a_missing_home_write_nothing_here(tmp_path: Path) -> None:
    work = tmp_path / "work"
    home = tmp_path / "home"
    work.mkdir()
    home.mkdir()
    base = {key: value for key, value in os.environ.items() if not key.startswith("DIPFACTS") and key != "HOME"}
    relative = subprocess.run(
        [installed_script(), "trade", "kazakhstan"], cwd=work, capture_output=True, text=True, timeout=60,
        env={**base, "HOME": str(home), "XDG_CACHE_HOME": "relative/cache", "DIPFACTS_NOTICE_AFTER": "off"},
    )  # fmt: skip
    assert relative.returncode == 0
    assert list(work.iterdir()) == []
    assert (home / ".cache" / "dipfacts").is_dir()  # the spec's default, as if XDG_CACHE_HOME were unset
    code = (
        "import pwd, sys\n"
        "def missing(uid): raise KeyError(uid)\n"
        "pwd.getpwuid = missing  # no password entry, and no HOME: '~' cannot be expanded\n"
        "from dipfacts.cli import main\nmain(sys.argv[1:])\n"
    )
    homeless = subprocess.run(
        [sys.executable, "-c", code, "trade", "kazakhstan"], cwd=work, capture_output=True, text=True, timeout=60,
        env={**{k: v for k, v in base.items() if k != "XDG_CACHE_HOME"}, "DIPFACTS_NOTICE_AFTER": "off"},
    )  # fmt: skip
    assert homeless.returncode == 0, homeless.stderr
    assert list(work.iterdir()) == []  # no ./~/.cache


@pytest.mark.parametrize("how", ["--data", "DIPFACTS_DATA", "check"])
def test_a_file_that_cannot_be_read_exits_3_however_it_is_named(tmp_path: Path, how: str) -> None:
    for path in (tmp_path / "missing.toml", tmp_path, tmp_path / "nul\x00name.toml"):
        if how == "--data":
            run = invoke("--data", str(path), "trade", "kazakhstan", fixture=False)
        elif how == "check":
            run = invoke("check", str(path), fixture=False)
        else:
            if "\x00" in str(path):
                continue  # an environment variable cannot hold a NUL
            run = invoke("trade", "kazakhstan", fixture=False, env={"DIPFACTS_DATA": str(path)})
        assert run.code == 3, (how, path, run.err)
        assert "Traceback" not in run.err, (how, path, run.err)
        assert run.err.startswith("dipfacts: ")
    if not IS_ROOT:  # root reads anything
        locked = tmp_path / "locked.toml"
        locked.write_text("format = 1\n", encoding="utf-8")
        locked.chmod(0)
        assert invoke("--data", str(locked), "trade", "kazakhstan", fixture=False).code == 3


def test_the_same_file_named_twice_is_read_once(tmp_path: Path) -> None:
    pack = small_pack(tmp_path, 3)
    alias = tmp_path / "alias.toml"
    alias.symlink_to(pack)
    run = invoke("--data", str(pack), "--data", str(alias), "trade", "zedland", fixture=False,
                 env={"DIPFACTS_DATA": str(pack)})  # fmt: skip
    assert run.code == 0, run.err
    assert "USD 4 M" in run.out, run.err
    about = invoke("--data", str(pack), "--data", str(pack), "about", "--json", fixture=False).json()
    assert [f["path"] for f in about["results"][0]["files"]][1:] == [str(pack)]


# ----------------------------------------------------------------------------- every hidden character, by category

HIDDEN = {
    "Cc": "\x07", "Cf zero-width space": "\u200b", "Cf zero-width joiner": "\u200d", "Cf soft hyphen": "\u00ad",
    "Cf word joiner": "\u2060", "Cf tag": "\U000e0041", "Cf bidi": "\u202e", "Co": "\ue000",
    "Co plane 15": "\U000f0000", "Zl": "\u2028", "Zp": "\u2029",
}  # fmt: skip


@pytest.mark.parametrize("name", list(HIDDEN))
def test_every_hidden_category_is_shown_visibly(tmp_path: Path, name: str) -> None:
    char = HIDDEN[name]
    from dipfacts.safe import visible

    assert char not in visible(f"a{char}b")
    assert "\\" in visible(f"a{char}b")
    pack = tmp_path / "hidden.toml"
    code = ord(char)
    escaped = f'"Hidden \\u{code:04x} here"' if code < 0x10000 else f'"Hidden \\U{code:08x} here"'  # TOML escapes
    pack.write_text(
        'format = 1\n[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\ndate = "2025"\nlanguage = "en"\n'
        '[[countries]]\nid = "ZZ"\nalpha3 = "ZZZ"\nname = "Zedland"\n'
        f'[[facts]]\nid = "zz-h"\ncountry = "ZZ"\ntopic = "policy"\nstatement = {escaped}\n'
        'citations = [{ source = "s", paragraph = 1, excerpt = "x" }]\n',
        encoding="utf-8",
    )
    table = invoke("--no-packaged", "--data", str(pack), "show", "zedland", fixture=False)
    assert table.code == 0
    assert char not in table.out
    assert "Hidden" in table.out
    document = invoke("--no-packaged", "--data", str(pack), "show", "zedland", "--json", fixture=False)
    assert char not in document.out
    assert document.json()["results"][0]["statement"] == f"Hidden {char} here"
    # French typography stays as it is: no-break and narrow no-break spaces are not hidden characters.
    assert visible("62\u202f500\u00a0touristes") == "62\u202f500\u00a0touristes"


def test_a_user_file_may_not_take_a_packaged_persons_name(tmp_path: Path) -> None:
    pack = user_pack(
        tmp_path,
        """\
        [[people]]
        id = "impostor"
        name = "Someone Else"
        aliases = ["Poutine"]
        """,
    )
    run = invoke("--data", str(pack), "show", "putin", fixture=False)
    assert run.code == 3
    assert "'Poutine' already names 'vladimir-putin'" in run.err

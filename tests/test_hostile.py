"""Hostile input and terminal safety: nothing a user or a fact file does makes dipfacts crash, lie or misbehave."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, REPO, build_readme_module, installed_script, invoke, run_main, run_script
from tests.hostile import UNSAFE_CHARS, big_file, nasty_file

TABLE_COMMANDS = [
    ["countries"], ["show", "zedland"], ["trade", "zedland"], ["visits"], ["compare", "zedland", "vietnam"],
    ["search", "trade"], ["timeline"], ["conflicts"], ["coverage"], ["sources"], ["sources", "evil-source"],
    ["about"], ["cite", "zz-trade"], ["cite", "zz-trade", "--format", "markdown"],
    ["cite", "zz-trade", "--format", "bibtex"], ["cite", "zz-trade", "--format", "csl-json"],
]  # fmt: skip


# ----------------------------------------------------------------------------- text from fact files


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=lambda args: " ".join(args))
def test_text_from_a_fact_file_never_drives_the_terminal(tmp_path: Path, args: list[str]) -> None:
    nasty = nasty_file(tmp_path)
    run = invoke("--no-packaged", "--data", str(nasty), *args, fixture=False, env={"FORCE_COLOR": ""})
    assert run.code == 0, run.err
    for char in UNSAFE_CHARS:
        assert char not in run.out, f"{char!r} reached the terminal raw"
        assert char not in run.err
    if args[-1] != "csl-json":
        # Shown literally: markup stays characters, escapes become visible text.
        assert "[red]x[/red]" in run.out.replace("\\[", "[").replace("\\]", "]")
        assert "\\x1b[2J" in run.out.replace("\\[", "[")


@pytest.mark.parametrize("args", [["show", "zedland"], ["conflicts"], ["timeline"], ["search", "trade"]])
def test_json_keeps_the_stored_text_exactly_and_nothing_raw(tmp_path: Path, args: list[str]) -> None:
    nasty = nasty_file(tmp_path)
    run = invoke("--no-packaged", "--data", str(nasty), *args, "--json", fixture=False)
    assert run.code == 0, run.err
    for char in UNSAFE_CHARS:
        assert char not in run.out
    strings = list(_strings(json.loads(run.out)))
    for stored in ("\x1b[2J", "\u202eevil", "\x9b31m", "\x1b]0;pwned\x07"):
        assert any(stored in text for text in strings), stored  # the stored characters, exactly


def _strings(value: object):  # type: ignore[no-untyped-def]
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_stored_text_reaches_json_unchanged(tmp_path: Path) -> None:
    from dipfacts.build import load_factbase

    nasty = nasty_file(tmp_path)
    stored = {fact.id: fact for fact in load_factbase([str(nasty)], packaged=False).facts}["zz-trade"].statement
    run = invoke("--no-packaged", "--data", str(nasty), "show", "zedland", "--topic", "trade", "--json", fixture=False)
    (record,) = [r for r in run.json()["results"] if r["id"] == "zz-trade"]
    assert record["statement"] == stored


# ----------------------------------------------------------------------------- pipes


@pytest.fixture(scope="session")
def big_pack_and_cache(tmp_path_factory: pytest.TempPathFactory, packaged_cache: Path) -> tuple[Path, Path]:
    """3,000 facts, far more output than a pipe holds, and a cache location with their entry, made once."""
    from dipfacts.cache import open_index

    directory = tmp_path_factory.mktemp("big-pack")
    pack = big_file(directory, 3000)
    location = directory / "cache"
    shutil.copytree(packaged_cache, location)
    open_index((str(pack),), packaged=False, cache_dir=str(location))
    return pack, location


@pytest.fixture
def big(big_pack_and_cache: tuple[Path, Path], own_cache_directory: Path) -> Path:
    """The session's pack of 3,000 facts; this test's own cache directory starts with its entry."""
    pack, location = big_pack_and_cache
    shutil.rmtree(own_cache_directory / "dipfacts")
    shutil.copytree(location / "dipfacts", own_cache_directory / "dipfacts")
    return pack


@pytest.mark.parametrize("unbuffered", ["1", ""])
@pytest.mark.parametrize("as_json", [False, True])
def test_a_reader_that_stops_early_ends_quietly(tmp_path: Path, big: Path, unbuffered: str, as_json: bool) -> None:
    args = [installed_script(), "--no-packaged", "--data", str(big), "timeline", *(["--json"] if as_json else [])]
    environment = {**os.environ, "PYTHONUNBUFFERED": unbuffered, "NO_COLOR": "1"}
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, cwd=tmp_path)
    assert process.stdout is not None
    assert process.stderr is not None
    head = process.stdout.read(200)  # like `head -c 200`, then the reader goes away
    process.stdout.close()
    error = process.stderr.read()
    code = process.wait(timeout=120)
    assert head
    assert code == 0
    assert error == b"", error.decode(errors="replace")


@pytest.mark.parametrize("unbuffered", ["1", ""])
def test_large_output_arrives_whole_through_a_pipe(tmp_path: Path, big: Path, unbuffered: str) -> None:
    environment = {"PYTHONUNBUFFERED": unbuffered}
    done = run_script("--no-packaged", "--data", str(big), "timeline", "--json", cwd=tmp_path, env=environment)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 1_000_000  # far beyond a pipe's 64 KiB buffer
    records = json.loads(done.stdout)["results"]
    assert len(records) == 3000
    assert {r["id"] for r in records} == {f"zz-fact-{n}" for n in range(3000)}
    shell = f"'{installed_script()}' --no-packaged --data '{big}' timeline | head -n 3"
    piped = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env={**os.environ, **environment})
    assert piped.returncode == 0
    assert len(piped.stdout.splitlines()) == 3
    assert piped.stderr == ""


class _Trickle(io.RawIOBase):
    """A raw stream that takes at most 7 bytes a call, as a raw unbuffered stdout may."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:  # type: ignore[no-untyped-def,override]
        taken = bytes(chunk[:7])
        self.data += taken
        return len(taken)


def test_short_writes_do_not_lose_output(monkeypatch: pytest.MonkeyPatch) -> None:
    from dipfacts.cli.terminal import write_out

    raw = _Trickle()
    stdout = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)  # type: ignore[arg-type]
    monkeypatch.setattr(sys, "stdout", stdout)
    text = "Tô Lâm " * 1000 + "\n"
    write_out(text, "utf-8")
    assert raw.data.decode("utf-8") == text


# ----------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "environment",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": ""},
    ],
    ids=["ascii", "latin-1", "C-locale"],
)
def test_non_utf8_terminals_get_degraded_text_not_a_crash(tmp_path: Path, environment: dict[str, str]) -> None:
    done = subprocess.run(
        [installed_script(), "show", "belarus"], capture_output=True, cwd=tmp_path, timeout=60,
        env={**os.environ, "NO_COLOR": "1", "PYTHONUTF8": "", **environment},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    encoding = environment.get("PYTHONIOENCODING") or "utf-8"
    text = done.stdout.decode(encoding)
    assert "To Lam" in text or "Tô Lâm" in text
    assert b"Traceback" not in done.stderr
    as_json = subprocess.run(
        [installed_script(), "show", "belarus", "--json"], capture_output=True, cwd=tmp_path, timeout=60,
        env={**os.environ, "PYTHONUTF8": "", **environment},
    )  # fmt: skip
    assert as_json.returncode == 0
    document = json.loads(as_json.stdout.decode(encoding))
    assert "Tô Lâm" in json.dumps(document, ensure_ascii=False)  # escaped on the wire, exact once parsed


def test_ascii_output_falls_back_to_the_nearest_letters() -> None:
    from dipfacts.safe import fit_encoding

    assert fit_encoding("Tô Lâm, Kassym-Jomart Tokaïev – “¶22”", "ascii") == b'To Lam, Kassym-Jomart Tokaiev - "P22"'
    assert fit_encoding("Казахстан", "ascii") == b"?????????"
    assert fit_encoding("Tô", "no-such-codec") == b"To"


# ----------------------------------------------------------------------------- colour


@pytest.mark.parametrize(
    ("flag", "environ", "terminal", "wanted"),
    [
        (True, {"FORCE_COLOR": "1"}, True, False),  # the flag beats everything
        (False, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, True, False),  # NO_COLOR beats FORCE_COLOR
        (False, {"NO_COLOR": ""}, True, True),  # set but empty: not a request
        (False, {"FORCE_COLOR": "1"}, False, True),  # forced into a pipe
        (False, {"FORCE_COLOR": "1", "TERM": "dumb"}, True, True),  # forced on a dumb terminal
        (False, {"FORCE_COLOR": "0"}, False, False),
        (False, {}, False, False),  # a pipe
        (False, {}, True, True),  # a terminal
        (False, {"TERM": "dumb"}, True, False),
    ],
)
def test_colour_is_decided_in_one_place(flag: bool, environ: dict[str, str], terminal: bool, wanted: bool) -> None:
    from dipfacts.cli.terminal import color_wanted

    assert color_wanted(no_color_flag=flag, environ=environ, is_terminal=terminal) is wanted


def _run_on_a_terminal(args: list[str], environ: dict[str, str]) -> bytes:
    """Run the installed script with a pseudo-terminal as stdout; return what it printed."""
    pytest.importorskip("pty")
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS")}
    return build_readme_module().run_on_terminal(installed_script(), args, {**clean, **environ})  # type: ignore[no-any-return]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_colour_on_a_terminal_and_none_without_it(tmp_path: Path) -> None:
    coloured = _run_on_a_terminal(["show", "belarus"], {"TERM": "xterm-256color", "COLUMNS": "100"})
    assert b"\x1b[" in coloured
    for environ, args in (
        ({"TERM": "dumb"}, ["show", "belarus"]),
        ({"TERM": "xterm", "NO_COLOR": "1"}, ["show", "belarus"]),
        ({"TERM": "xterm", "FORCE_COLOR": "1"}, ["--no-color", "show", "belarus"]),
        ({"TERM": "xterm", "FORCE_COLOR": "1"}, ["show", "belarus", "--json"]),
    ):
        output = _run_on_a_terminal(args, environ)
        assert b"Belarus" in output, (environ, args)
        assert b"\x1b" not in output, (environ, args)


def test_forced_colour_into_a_pipe_and_none_in_json(tmp_path: Path) -> None:
    forced = run_script("show", "belarus", cwd=tmp_path, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    json_output = run_script("show", "belarus", "--json", cwd=tmp_path, env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b" not in json_output.stdout
    plain = run_script("show", "belarus", cwd=tmp_path, env={"NO_COLOR": ""})
    assert "\x1b" not in plain.stdout  # a pipe gets no escape at all: no colour, no bold, no links


# ----------------------------------------------------------------------------- widths


# Output that is not a terminal's is decided in main() from the environment alone (COLUMNS, at least 80 wide):
# the grid runs in-process; test_piped_figures_and_names_are_never_cut sends the script's output through pipes.
@pytest.mark.parametrize("columns", ["1", "10", "40", "", "not-a-number"])
@pytest.mark.parametrize("args", [["show", "kazakhstan"], ["timeline"], ["conflicts"], ["search", "trade"]])
def test_piped_output_is_never_cut(columns: str, args: list[str]) -> None:
    done = run_main(*args, "--json")
    records = done.json()["results"]
    table = run_main(*args, env={"COLUMNS": columns})
    assert table.code == 0
    assert "…" not in table.out
    for record in records:
        for key in ("id", "fact"):
            if isinstance(record.get(key), str):
                assert record[key] in table.out, f"{record[key]} is not whole at COLUMNS={columns!r}"


@pytest.mark.parametrize("columns", ["1", "30"])
def test_piped_figures_and_names_are_never_cut(tmp_path: Path, columns: str) -> None:
    trade = run_script("trade", "kazakhstan", cwd=tmp_path, env={"COLUMNS": columns})
    for figure in ("USD 349.2 M", "USD 800 M", "USD 146.3 M", "USD 5 bn", "+99% [1] vs 2023"):
        assert figure in trade.stdout, figure
    visits = run_script("visits", cwd=tmp_path, env={"COLUMNS": columns})
    for name in ("Kassym-Jomart Tokayev", "Ilham Aliyev", "Vladimir Putin", "Alexander Lukashenko"):
        assert name in visits.stdout, name


# ----------------------------------------------------------------------------- arguments


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["trade", ""], "is empty"),
        (["trade", "   "], "is empty"),
        (["trade", "k" * 100_000], "characters long"),
        (["search", "trade " * 50_000], "characters long"),
        (["cite", "x" * 100_000], "characters long"),
        (["trade", "\x1b[2Jkaz"], "control character"),
        (["trade", "\u202ekazakhstan"], "control character"),
        (["search", "visa\x00"], "control character"),
        (["cite", "kz-trade-2024\x9b"], "control character"),
        (["trade", "🇰🇿"], "has no letters or digits"),
        (["trade", "قازاقستان"], "unknown country"),
        (["trade", "kazakhstan", "--year", "99999999999"], "--year"),
        (["trade", "kazakhstan", "--year", "-1"], "--year"),
        (["show", "kazakhstan", "--topic", "gossip"], "--topic"),
        (["visits", "--type", "secret"], "--type"),
        (["timeline", "--from", ""], "--from '' is not a date"),
        (["timeline", "--to", "x" * 10_000], "is not a date"),
        (["conflicts", "--kind", "mood"], "--kind"),
        (["search", ""], "no words"),
        (["trade", "kazakhstan", "extra\x1b[2J"], "unexpected extra argument"),
    ],
)
def test_bad_arguments_are_a_usage_error(args: list[str], message: str) -> None:
    run = invoke(*args, fixture=False)
    assert run.code == 2, (run.code, run.err)
    assert message in run.err
    assert "Traceback" not in run.err
    assert run.out == ""
    for char in UNSAFE_CHARS:
        assert char not in run.err
    assert len(run.err) < 2000  # a long argument is not echoed back whole


# ----------------------------------------------------------------------------- fact files


def _packaged_digest() -> str:
    from dipfacts.load import packaged_text

    return hashlib.sha256(packaged_text()[1]).hexdigest()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[[facts]\n", "TOML syntax error"),
        (b'format = 1\n[[facts]]\nid = "kz-x"\ncountry = "KZ"\ntopic = "trades"\nstatement = "S"\n', "'topic'"),
        (b"\x00\x01\x02binary", "is a binary file"),
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"a = " + b"[" * 5000 + b"]" * 5000, "nested too deeply"),
        (
            b'format = 1\n[[facts]]\nid = "kz-x"\ncountry = "KZ"\ntopic = "trade"\nstatement = "S"\nvalue = nan\n'
            b'unit = "USD"\ncitations = [{ source = "tour-preview", paragraph = 1, excerpt = "x" }]\n',
            "finite",
        ),
        (
            b'format = 1\n[[facts]]\nid = "kz-x"\ncountry = "XX"\ntopic = "trade"\nstatement = "S"\n'
            b'citations = [{ source = "nope", paragraph = 1, excerpt = "x" }]\n',
            "unknown source 'nope'",
        ),
        (
            b'format = 1\n[[facts]]\nid = "kz-trade-2024"\ncountry = "KZ"\ntopic = "trade"\nstatement = "S"\n'
            b'citations = [{ source = "tour-preview", paragraph = 1, excerpt = "x" }]\n',
            "duplicate id",
        ),
        (
            b'format = 1\n[[facts]]\nid = "kz-x"\ncountry = "KZ"\ntopic = "trade"\nstatement = 2024-05-01\n'
            b'citations = [{ source = "tour-preview", paragraph = 1, excerpt = "x" }]\n',
            "TOML date 2024-05-01",
        ),
    ],
    ids=["syntax", "schema", "binary", "not-utf8", "deep", "nan", "unknown-source", "duplicate", "date-as-text"],
)
def test_bad_fact_files_exit_3_with_their_own_message(tmp_path: Path, content: bytes, expected: str) -> None:
    # Through main(), in-process; test_e2e runs the installed script on a broken file.
    before = _packaged_digest()
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    done = run_main("--data", str(path), "countries")
    assert done.code == 3, done.err
    assert expected in done.err
    assert str(path) in done.err
    assert "Traceback" not in done.err
    assert done.out == ""
    assert _packaged_digest() == before  # the packaged base is never altered


def test_missing_directory_and_pipe_paths(tmp_path: Path) -> None:
    missing = run_script("--data", str(tmp_path / "nope.toml"), "countries", cwd=tmp_path)
    assert missing.returncode == 3
    assert "no such fact file" in missing.stderr
    directory = run_script("--data", str(tmp_path), "countries", cwd=tmp_path)
    assert directory.returncode == 3
    assert "is a directory" in directory.stderr
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo.toml"
        os.mkfifo(fifo)
        piped = run_script("--data", str(fifo), "countries", cwd=tmp_path)  # would block forever if read
        assert piped.returncode == 3
        assert "is not a regular file" in piped.stderr


def test_size_limit_is_stated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dipfacts import load

    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * 2000 + "\n", encoding="utf-8")
    run = invoke("--data", str(path), "countries", fixture=False)
    assert run.code == 3
    assert "over the 0 MiB limit" not in run.err
    assert "limit" in run.err


def test_non_nfc_text_is_normalised_and_bom_accepted(tmp_path: Path) -> None:
    path = tmp_path / "nfd.toml"
    decomposed = "Tho\u0302ng tin"  # "Thông" with a combining circumflex
    path.write_bytes("\ufeff".encode() + MINI.read_bytes().replace(b"Trade was USD 349.2 million", decomposed.encode()))
    run = invoke("--no-packaged", "--data", str(path), "trade", "kazakhstan", "--json", fixture=False)
    assert run.code == 0, run.err
    statements = [r["statement"] for r in run.json()["results"]]
    assert any(s.startswith("Th\u00f4ng tin") for s in statements)


# ----------------------------------------------------------------------------- no network, no code, no writes


FORBIDDEN_MODULES = {"socket", "urllib", "http", "ftplib", "smtplib", "subprocess", "pickle", "marshal", "shelve",
                     "ctypes", "requests"}  # fmt: skip
# The one program dipfacts starts is the reader's pager ($DIPFACTS_PAGER, $PAGER or less), on a terminal only.
ALLOWED_MODULES = {"pager.py": {"subprocess"}}


def test_the_code_has_no_network_no_eval_and_no_pickle() -> None:
    import ast

    for path in (REPO / "src" / "dipfacts").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {(node.module or "").split(".")[0]}
            else:
                names = set()
            forbidden = names & FORBIDDEN_MODULES - ALLOWED_MODULES.get(path.name, set())
            assert not forbidden, f"{path.name} imports {forbidden}"
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("eval", "exec", "compile", "__import__"), (
                    f"{path.name} calls {node.func.id}"
                )


def test_running_writes_nothing_and_opens_no_socket(tmp_path: Path) -> None:
    home = tmp_path / "home"
    work = tmp_path / "work"
    home.mkdir()
    work.mkdir()
    nasty = nasty_file(tmp_path)
    guard = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise SystemExit('dipfacts opened a socket')\n"
        "socket.socket = refuse; socket.create_connection = refuse\n"
        "from dipfacts.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    environment = {key: value for key, value in os.environ.items() if key != "DIPFACTS_CACHE_DIR"}
    environment.update({"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")})
    for args in (["show", "kazakhstan"], ["--no-packaged", "--data", str(nasty), "conflicts", "--json"], ["check"]):
        done = subprocess.run(
            [sys.executable, "-c", guard, *args], cwd=work, capture_output=True, text=True, timeout=60, env=environment
        )
        assert done.returncode in (0, 1), done.stderr
        assert "socket" not in done.stderr
    # The only writes: the cache, in the user's cache directory.
    assert list(work.iterdir()) == []
    assert [path.name for path in home.iterdir()] == ["cache"]
    assert [path.name for path in (home / "cache").iterdir()] == ["dipfacts"]

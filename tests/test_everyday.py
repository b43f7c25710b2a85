"""Everyday use: completion, CSV / JSON lines / fields, the JSON schema, charts, help that teaches."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, build_readme_module, installed_script, invoke, run_main, run_script

# ----------------------------------------------------------------------------- completion


def complete(shell: str, words: str, env: dict[str, str] | None = None, *, process: bool = False) -> list[str]:
    """Ask for completions through Click's protocol, as the shell scripts do: from main() in-process, or
    from the installed script itself (``process``), which is what the shells' scripts run."""
    parts = shlex.split(words)
    # bash and zsh pass the index of the word being completed; fish passes the word itself.
    cword = parts[-1] if shell == "fish" else str(len(parts) - (0 if words.endswith(" ") else 1))
    protocol = {"_DIPFACTS_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, "COMP_CWORD": cword, **(env or {})}
    if process:
        environment = {**os.environ, **protocol}
        environment.pop("DIPFACTS_DATA", None)
        done = subprocess.run([installed_script()], capture_output=True, text=True, env=environment, timeout=60)
        assert done.returncode == 0, done.stderr
        out = done.stdout
    else:
        run = run_main(env=protocol)
        assert run.code == 0, run.err
        out = run.out
    if shell == "zsh":  # type, value, help: three lines an item
        lines = out.splitlines()
        return [lines[i + 1] for i in range(0, len(lines), 3)]
    return [line.split(",", 1)[1].split("\t")[0] for line in out.splitlines() if line]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_of_countries_in_every_language(shell: str) -> None:
    assert complete(shell, "dipfacts trade kaz") == ["Kazakhstan"]  # one country, once: Tab completes it
    assert complete(shell, "dipfacts show Каз") == ["Казахстан"]  # in the alphabet being typed
    assert complete(shell, "dipfacts visits biel") == ["Biélorussie"]  # accents optional
    assert complete(shell, "dipfacts compare kazakhstan rus") == ["Russia"]
    if shell != "fish":  # this helper cannot hand fish an empty word
        everything = complete(shell, "dipfacts trade ")
        assert everything == ["Vietnam", "Kazakhstan", "Azerbaijan", "Russia", "Belarus"]  # not 46 aliases


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_of_commands_options_topics_and_ids(shell: str) -> None:
    assert {"timeline"} <= set(complete(shell, "dipfacts ti"))
    assert "--min-sources" in complete(shell, "dipfacts show kazakhstan --mi")
    assert set(complete(shell, "dipfacts show kz --topic tr")) == {"trade", "transport"}
    assert {"kz-trade-2024", "kz-trade-2020"} <= set(complete(shell, "dipfacts cite kz-trade-20"))
    assert complete(shell, "dipfacts sources tour-r") == ["tour-results"]


def test_completion_follows_extra_data_and_never_fails(tmp_path: Path) -> None:
    from tests.hostile import big_file

    extra = big_file(tmp_path, 3)
    assert "Zedland" in complete("bash", f"dipfacts --no-packaged --data {extra} trade zed")
    broken = tmp_path / "broken.toml"
    broken.write_text("[[facts]\n", encoding="utf-8")
    assert complete("bash", f"dipfacts --data {broken} trade zed") == []  # a bad file: no suggestions, no error


def bash_completes(words: list[str]) -> list[str]:
    """What bash itself puts in COMPREPLY when Click's script (from `dipfacts completion bash`) completes the
    last of ``words``, each given as typed (quotes and backslashes included)."""
    script = invoke("completion", "bash").out
    driver = "\n".join([
        script,
        "COMP_WORDS=(" + " ".join(shlex.quote(word) for word in words) + ")",
        f"COMP_CWORD={len(words) - 1}",
        "_dipfacts_completion dipfacts",
        'printf "%s\\0" "${COMPREPLY[@]}"',
    ])  # fmt: skip
    environment = {**os.environ, "PATH": f"{Path(installed_script()).parent}{os.pathsep}{os.environ['PATH']}"}
    environment.pop("DIPFACTS_DATA", None)
    done = subprocess.run(["bash", "--norc", "-c", driver], capture_output=True, text=True, env=environment, timeout=60)
    assert done.returncode == 0, done.stderr
    return [reply for reply in done.stdout.split("\0") if reply]


def bash_words(line: str) -> list[str]:
    """The arguments bash makes of a command line."""
    done = subprocess.run(["bash", "--norc", "-c", f'set -- {line}; printf "%s\\0" "$@"'], capture_output=True,
                          text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\0")[:-1]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_a_name_with_spaces_into_one_word() -> None:
    # The base's own names: Russia is also the "Russian Federation", Kazakhstan the "Republic of Kazakhstan".
    (reply,) = bash_completes(["dipfacts", "trade", "Russian"])
    assert bash_words(f"dipfacts trade {reply}") == ["dipfacts", "trade", "Russian Federation"]
    (reply,) = bash_completes(["dipfacts", "trade", "Republic\\ of\\ K"])  # typed with its spaces escaped
    assert bash_words(f"dipfacts trade {reply}") == ["dipfacts", "trade", "Republic of Kazakhstan"]
    (reply,) = bash_completes(["dipfacts", "show", "people"])  # an apostrophe too
    assert bash_words(f"dipfacts show {reply}") == ["dipfacts", "show", "People's Party of Kazakhstan"]
    # After an opening quote bash adds the closing one itself: the name goes as it is.
    assert bash_completes(["dipfacts", "trade", "'Republic of B"]) == ["Republic of Belarus"]
    assert bash_completes(["dipfacts", "trade", '"Russian F']) == ["Russian Federation"]
    # What worked before still does: one country for kaz, each country once for nothing typed.
    assert bash_completes(["dipfacts", "trade", "kaz"]) == ["Kazakhstan"]
    assert bash_completes(["dipfacts", "trade", ""]) == ["Vietnam", "Kazakhstan", "Azerbaijan", "Russia", "Belarus"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_names_as_they_are_and_escape_them_themselves(shell: str) -> None:
    # zsh's compadd and fish quote a completion when they insert it; an escaped value would be escaped twice.
    # From the installed script, as the shells' scripts ask it (bash's own is run in bash above).
    assert complete(shell, "dipfacts trade Russian", process=True) == ["Russian Federation"]
    assert complete(shell, "dipfacts show people", process=True) == ["People's Party of Kazakhstan"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_command_prints_the_script(shell: str) -> None:
    run = invoke("completion", shell)
    assert run.code == 0
    assert "_DIPFACTS_COMPLETE" in run.out
    if shell == "bash":
        syntax = subprocess.run(["bash", "-n"], input=run.out, capture_output=True, text=True)
        assert syntax.returncode == 0, syntax.stderr
    assert invoke("completion", "powershell").code == 2


# ----------------------------------------------------------------------------- CSV, JSON lines, fields


def test_csv_is_quoted_as_rfc_4180_says_with_lf_line_ends() -> None:
    done = subprocess.run([installed_script(), "trade", "kazakhstan", "--csv"], capture_output=True, timeout=60)
    assert done.returncode == 0
    raw = done.stdout.decode("utf-8")  # UTF-8, with LF line ends (not RFC 4180's CRLF) for awk, cut and read
    assert "\r" not in raw
    assert raw.endswith("\n")
    records = invoke("trade", "kazakhstan", "--json", fixture=False).json()["results"]
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert [row["id"] for row in rows] == [record["id"] for record in records]
    trade = next(row for row in rows if row["id"] == "kz-trade-2024")
    assert trade["value"] == "800000000"
    assert trade["change_pct"] == "99"
    assert trade["derived"] == "false"
    assert trade["sources"] == (
        "tour-preview ¶22; tour-preview ¶22; son-kazakhstan-interview ¶14; kazakhstan-ties-background ¶8"
    )
    assert "soit le double de 2023" in trade["excerpts"]
    assert trade["bounds.basis"] == "stated"  # "le double" is words, not a +100 %
    assert trade["conflicts"] == "hedge"
    derived = next(row for row in rows if row["id"] == "kz-trade-2023-derived")
    assert derived["derivation.from"] == "kz-trade-2024"
    assert derived["bounds.low"] == "381900000"


def test_csv_columns_are_stable_and_fields_pick_them() -> None:
    first = invoke("show", "kazakhstan", "--csv", fixture=False).out.splitlines()[0]
    again = invoke("show", "kazakhstan", "--csv", fixture=False).out.splitlines()[0]
    assert first == again
    assert first.startswith("id,country,topic,statement,value,unit,period")
    picked = invoke("trade", "kazakhstan", "--csv", "--fields", "period,id,qualifier", fixture=False)
    rows = list(csv.reader(io.StringIO(picked.out, newline="")))
    assert rows[0] == ["period", "id", "qualifier"]
    assert ["2023", "kz-trade-2023-derived", "about"] in rows


def test_json_lines_one_record_a_line() -> None:
    run = invoke("visits", "--nl", "--fields", "country,type,start", fixture=False)
    lines = run.out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"country": "KZ", "type": "state", "start": "2025-05-05"},
        {"country": "AZ", "type": "state", "start": None},
        {"country": "RU", "type": "official", "start": None},
        {"country": "BY", "type": "state", "start": None},
    ]
    fields = invoke("trade", "kazakhstan", "--json", "--fields", "id,value", fixture=False).json()
    assert all(set(record) == {"id", "value"} for record in fields["results"]), fields["results"]


def test_wrong_fields_name_the_valid_ones() -> None:
    run = invoke("trade", "kazakhstan", "--csv", "--fields", "id,colour", fixture=False)
    assert run.code == 2
    assert "unknown field 'colour'" in run.err
    assert "valid fields: id, country, topic" in run.err
    table = invoke("trade", "kazakhstan", "--fields", "id", fixture=False)
    assert table.code == 2
    assert "--fields picks fields for --json, --nl, --csv and --tsv" in table.err
    assert invoke("trade", "kazakhstan", "--csv", "--fields", " , ", fixture=False).code == 2


def test_empty_results_in_every_format() -> None:
    from dipfacts.schema import CSV_COLUMNS

    for flag, out in (("--nl", ""), ("--csv", ",".join(CSV_COLUMNS["trade"]) + "\n")):
        run = invoke("trade", "belarus", flag, fixture=False)
        # No record; CSV still has its header, the same as with records.
        assert run.code == 1
        assert run.out == out
        assert "no trade figures for Belarus" in run.err


# ----------------------------------------------------------------------------- the JSON schema

EVERY_COMMAND = [
    ["countries"], ["show", "kazakhstan"], ["trade", "kazakhstan"], ["visits"], ["compare", "kz", "ru", "az"],
    ["search", "trade"], ["timeline"], ["conflicts"], ["coverage"], ["cite", "kz-trade-2024", "vn-tour-2025-05"],
    ["sources"], ["sources", "tour-results"], ["about"], ["check"], ["show", "vietnam"],
]  # fmt: skip


@pytest.fixture(scope="module")
def validator():  # type: ignore[no-untyped-def]
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(invoke("schema").out)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda args: " ".join(args))
def test_every_json_output_follows_the_schema(validator, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    document = invoke(*args, "--json", fixture=False).json()
    errors = [error.message for error in validator.iter_errors(document)]
    assert not errors, errors[:3]


@pytest.mark.parametrize("args", [["trade", "kazakhstan"], ["conflicts"], ["coverage"], ["countries"]])
def test_every_json_line_follows_the_schema(validator, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    from dipfacts.schema import RECORD_OF_COMMAND

    schema = validator.schema
    record_schema = {**schema["$defs"][RECORD_OF_COMMAND[args[0]]], "$defs": schema["$defs"]}
    check = type(validator)(record_schema)
    for line in invoke(*args, "--nl", fixture=False).out.splitlines():
        assert not list(check.iter_errors(json.loads(line)))


def test_the_schema_catches_a_broken_record(validator) -> None:  # type: ignore[no-untyped-def]
    document = invoke("trade", "kazakhstan", "--json", fixture=False).json()
    del document["results"][0]["sources"]
    document["results"][1]["status"] = "rumoured"
    assert len(list(validator.iter_errors(document))) == 2


def test_the_schema_and_the_records_describe_the_same_fields(validator) -> None:  # type: ignore[no-untyped-def]
    from dipfacts.schema import RECORD_OF_COMMAND

    # One way: a field the code adds without the schema fails validation (every record is closed).
    document = invoke("trade", "kazakhstan", "--json", fixture=False).json()
    document["results"][0]["undocumented"] = 1
    document["results"][0]["sources"][0]["also_undocumented"] = 2
    assert len(list(validator.iter_errors(document))) == 2
    # The other way: every field the schema gives a command's records is emitted by some run of it.
    defs = validator.schema["$defs"]
    emitted: dict[str, set[str]] = {}
    for args in EVERY_COMMAND:
        record = RECORD_OF_COMMAND[args[0]]
        for result in invoke(*args, "--json", fixture=False).json()["results"]:
            emitted.setdefault(record, set()).update(result)
    for record, keys in emitted.items():
        assert set(defs[record]["properties"]) == keys, record


def test_schema_version_is_pinned_and_documented() -> None:
    from dipfacts.output import envelope
    from dipfacts.schema import SCHEMA_VERSION, output_schema

    assert SCHEMA_VERSION == 1 == envelope("x", {}, [])["schema_version"]
    assert output_schema()["properties"]["schema_version"] == {"const": 1}
    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    assert "`schema_version` changes only when a field is removed or changes" in guide


# ----------------------------------------------------------------------------- charts


def test_trade_chart_at_fixed_widths(real_index) -> None:  # type: ignore[no-untyped-def]
    from dipfacts import query, render

    with_chart = render.ViewOptions(chart=True)
    result = query.trade(real_index, real_index.countries["KZ"])
    for width in (60, 100, 140):
        text = render.to_text(render.view_of(real_index, result, with_chart), width=width)
        chart = text[text.index("Yearly trade with Kazakhstan, USD") :].split("\n\n")[0].splitlines()
        assert all(len(line) <= width for line in chart), [line for line in chart if len(line) > width]
        bars = {line.split()[0]: line for line in chart[1:]}
        # Years only: the quarters are another granularity, left to the table.
        assert set(bars) == {"2020", "2023", "2024", "2030"}
        low, high = bars["2020"].count("█"), bars["2024"].count("█")
        assert high > low > 0
        assert abs(high / low - 800 / 349.2) < 0.25  # one scale for the results
        assert bars["2023"].count("▒") > 0  # derived shaded and marked
        assert "(derived)" in bars["2023"]
        # The 2030 target is named under the bars, with no bar: a plan is never drawn on the results' scale.
        assert "TARGET" in bars["2030"]
        assert not {"█", "▒", "░"} & set(bars["2030"])
        assert "USD 5 bn" in bars["2030"]
    ascii_text = render.render_text(render.view_of(real_index, result, with_chart), width=100, color_system=None,
                                    ascii_only=True)  # fmt: skip
    assert "2024  ####" in ascii_text
    assert "2023  ++++" in ascii_text
    # Too narrow for bars that mean anything: no chart at all, not a title over empty rows.
    narrow = render.to_text(render.view_of(real_index, result, with_chart), width=40)
    assert "Yearly trade" not in narrow
    assert "█" not in narrow


def test_compare_chart_puts_countries_on_one_scale(real_index) -> None:  # type: ignore[no-untyped-def]
    from dipfacts import query, render

    countries = [real_index.countries[code] for code in ("KZ", "RU", "AZ")]
    with_chart = render.ViewOptions(chart=True)
    text = render.to_text(render.view_of(real_index, query.compare(real_index, countries), with_chart), width=100)
    chart = text[text.index("Latest yearly trade") :].splitlines()[1:4]
    bars = {line.split()[0]: line.count("█") for line in chart}
    assert bars["Russia"] > bars["Kazakhstan"] > bars["Azerbaijan"] >= 1
    assert "nearly USD 52 M (2024)" in chart[2]
    narrow = render.to_text(render.view_of(real_index, query.compare(real_index, countries), with_chart), width=40)
    assert "Latest yearly trade" not in narrow
    assert "█" not in narrow


def test_no_chart_when_piped_or_json_or_asked(tmp_path: Path) -> None:
    piped = run_script("trade", "kazakhstan", cwd=tmp_path)
    assert "Yearly trade with Kazakhstan" not in piped.stdout
    assert "█" not in piped.stdout
    from tests.test_hostile import _run_on_a_terminal

    on_terminal = _run_on_a_terminal(["trade", "kazakhstan"], {"TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "100"})
    assert b"Yearly trade with Kazakhstan, USD" in on_terminal
    assert "█".encode() in on_terminal
    asked = _run_on_a_terminal(["trade", "kazakhstan", "--no-chart"], {"TERM": "xterm", "NO_COLOR": "1"})
    assert b"Yearly trade with Kazakhstan" not in asked
    as_json = _run_on_a_terminal(["trade", "kazakhstan", "--json"], {"TERM": "xterm", "NO_COLOR": "1"})
    assert "█".encode() not in as_json


# ----------------------------------------------------------------------------- help that teaches


def _examples(help_text: str) -> list[str]:
    return [line.strip() for line in help_text.splitlines() if line.strip().startswith("dipfacts ")]


def test_every_command_has_a_short_description_and_two_examples_that_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dipfacts.cli.group import all_commands
    from tests.hostile import big_file

    (tmp_path / "my-facts.toml").write_text(big_file(tmp_path, 2).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # where the examples' my-facts.toml is
    for name, command in all_commands():
        assert command.short_help, name
        assert len(command.short_help) <= 60, name
        examples = _examples(command.help or "")
        assert len(examples) >= 2, f"{name} has {len(examples)} example(s)"
        for example in examples:
            words = shlex.split(example.split(" | ")[0].split(" > ")[0])[1:]
            done = run_main(*words)  # the script's entry point, in-process: some thirty processes saved
            assert done.code == 0, f"{example!r}: {done.err}"


def test_readme_command_reference_is_current() -> None:
    reference = (REPO / "docs" / "reference.md").read_text(encoding="utf-8")
    assert build_readme_module().reference() == reference, "docs/reference.md is stale: run docs/build_readme.py"


def test_readme_first_screen_contents_and_length() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = readme.splitlines()
    assert len(lines) < 400
    # The first screen: what it answers and the two set-up commands; then two answers drawn at 80 columns.
    first = "\n".join(lines[:24])
    assert "Sourced facts about Vietnam" in first
    assert first.count("python3 -m venv .venv") == 2
    examples = re.findall(r"```\n\$ dipfacts (.*?)\n(.*?)```", readme, re.DOTALL)
    assert [args for args, _text in examples[:2]] == ["trade russia", "visits --year 2025"]
    assert all(len(line) <= 80 for _args, text in examples[:2] for line in text.splitlines())
    assert "## Contents" in readme
    for anchor in re.findall(r"\]\(#([a-z-]+)\)", readme):  # every link of the table of contents has its heading
        assert any(heading.lower().replace(" ", "-") == anchor for heading in re.findall(r"^## (.*)$", readme, re.M))
    for page in re.findall(r"\]\((docs/[a-z-]+\.md)", readme):
        assert (REPO / page).is_file(), page


def test_streamed_json_is_the_same_document() -> None:
    from dipfacts.output import dumps, envelope, stream_json

    records = [{"id": "a", "value": 1, "text": "Tô Lâm \u202e"}, {"id": "b", "value": None}]
    streamed = "".join(stream_json("trade", {"country": "KZ"}, iter(records)))
    whole = dumps(envelope("trade", {"country": "KZ"}, records), pretty=False)
    assert json.loads(streamed) == json.loads(whole)
    assert streamed.strip() == whole
    assert "\u202e" not in streamed  # escaped, as in the whole document
    assert json.loads("".join(stream_json("trade", {}, iter([]))))["results"] == []


def test_show_completes_people_and_organisations_too() -> None:
    assert "Putin" in complete("bash", "dipfacts show Pu")
    assert "Poutine" in complete("bash", "dipfacts show Pou")
    assert "Путин" in complete("bash", "dipfacts show Пут")
    assert "UEEA" in complete("bash", "dipfacts show UEE")
    assert "Poutine" not in complete("bash", "dipfacts trade Po")  # a person is no country to trade with

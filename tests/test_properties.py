"""Property-based: generated arguments and generated fact files never crash dipfacts or break its output."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, examples
from tests.hostile import UNSAFE_CHARS

COMMANDS = ["countries", "show", "trade", "visits", "compare", "search", "timeline", "conflicts", "coverage",
            "cite", "sources", "about", "check"]  # fmt: skip
NAMES = ["kazakhstan", "KZ", "Россия", "Biélorussie", "vietnam", "austria", "", " ", "zz", "kz-trade-2024"]
NASTY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc", "Cf")), max_size=40
)
WORD = st.one_of(st.sampled_from(NAMES), NASTY_TEXT)
OPTION = st.one_of(
    st.tuples(st.just("--year"), st.integers(-(10**12), 10**12).map(str)),
    st.tuples(st.just("--topic"), st.one_of(st.sampled_from(["trade", "visit", "policy"]), NASTY_TEXT)),
    st.tuples(st.just("--type"), st.sampled_from(["state", "official", "secret"])),
    st.tuples(st.just("--min-sources"), st.integers(-5, 2000).map(str)),
    st.tuples(st.just("--from"), st.one_of(st.sampled_from(["1992", "2025-05", "2024-Q1"]), NASTY_TEXT)),
    st.tuples(st.just("--to"), st.one_of(st.sampled_from(["2025", "1950-01-30"]), NASTY_TEXT)),
    st.tuples(st.just("--kind"), st.sampled_from(["hedge", "value", "mood"])),
    st.tuples(st.just("--format"), st.sampled_from(["text", "markdown", "bibtex", "csl-json", "apa"])),
    st.tuples(st.just("--limit"), st.integers(-3, 5000).map(str)),
    st.tuples(st.just("--json")),
    st.tuples(st.just("--no-color")),
)


@contextlib.contextmanager
def environment_without_data() -> Iterator[None]:
    saved = os.environ.get("DIPFACTS_DATA")
    os.environ["DIPFACTS_DATA"] = ""
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("DIPFACTS_DATA", None)
        else:
            os.environ["DIPFACTS_DATA"] = saved


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """The real entry point in-process, streams captured as bytes: exit code, stdout and stderr."""
    from dipfacts.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    code = 0
    try:
        with environment_without_data():
            main(argv)
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else 0
    finally:
        sys.stdout, sys.stderr = saved
        stdout.flush()
        stderr.flush()
        written = out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
        stdout.detach()
        stderr.detach()
    return code, *written


def check_run(argv: list[str]) -> None:
    code, out, err = run_main(argv)
    assert code in (0, 1, 2, 3), (argv, code, err)
    assert "Traceback" not in err, (argv, err)
    assert "internal error" not in err, (argv, err)
    for char in UNSAFE_CHARS:
        assert char not in out, (argv, char)
        assert char not in err, (argv, char)
    if "--json" in argv and code in (0, 1) and "--help" not in argv and "-h" not in argv:
        document = json.loads(out)
        assert document["schema_version"] == 1
        assert isinstance(document["results"], list)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), words=st.lists(WORD, max_size=3), options=st.lists(OPTION, max_size=3))
# Found by HYPOTHESIS_PROFILE=explore (issue 16): a file name with a NUL was an internal error (exit 4).
@example(command="check", words=["\x00"], options=[])
def test_generated_arguments(command: str, words: list[str], options: list[tuple[str, ...]]) -> None:
    argv = ["--no-packaged", "--data", str(MINI), command, *words, *(part for option in options for part in option)]
    check_run(argv)


# ----------------------------------------------------------------------------- generated fact files

SCALAR = st.one_of(
    NASTY_TEXT,
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(["2024", "2025-Q1", "1992-06-29", "--02-07", "2023/2025", "2025-13", "USD", "KZ", "trade"]),
)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    # A JSON string is a TOML basic string, once DEL is escaped too.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def mostly(valid: st.SearchStrategy[object], odd: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Valid values seven times in eight, so that many files load and reach the commands."""
    return st.one_of(*([valid] * 7), odd)


TEXT = st.text(min_size=1, max_size=30).filter(str.strip)
FACT = st.fixed_dictionaries(
    {
        "id": mostly(st.sampled_from(["zz-a", "zz-b", "zz-c"]), st.one_of(NASTY_TEXT, st.just("kz-trade-2024"))),
        "country": mostly(st.sampled_from(["ZZ", "VN"]), st.sampled_from(["XX", "zz"])),
        "topic": mostly(st.sampled_from(["trade", "visit", "policy", "tourism"]), NASTY_TEXT),
        "statement": mostly(st.one_of(TEXT, NASTY_TEXT.map(lambda t: "S" + t)), NASTY_TEXT),
    },
    optional={
        "value": mostly(st.integers(0, 10**12), SCALAR), "unit": mostly(st.sampled_from(["USD", "visitors"]), SCALAR),
        "period": mostly(st.sampled_from(["2024", "2025-Q1", "2023/2025"]), SCALAR),
        "qualifier": st.sampled_from(["over", "about", "nearly", "roughly"]),
        "change_pct": mostly(st.floats(-100, 1000), SCALAR),
        "kind": st.sampled_from(["actual", "target", "derived", "ranking", "guess"]),
        "status": st.sampled_from(["reported", "target", "signed", "rumoured"]),
        "note": NASTY_TEXT, "level": TEXT,
    },
)  # fmt: skip
CITATION = st.fixed_dictionaries(
    {
        "source": mostly(st.just("src"), st.just("nope")),
        "paragraph": mostly(st.integers(1, 50), st.integers(-2, 0)),
        "excerpt": mostly(TEXT, NASTY_TEXT),
    },
    optional={"qualifier": st.sampled_from(["", "over"]), "value": mostly(st.integers(0, 10**9), SCALAR),
              "name": TEXT, "wording": TEXT, "acronym": TEXT,
              "date": mostly(st.sampled_from(["1992", "2024-05"]), SCALAR), "omits": st.just(["change_pct"])},
)  # fmt: skip


def fact_file(facts: list[dict[str, object]], citations: list[list[dict[str, object]]]) -> str:
    parts = [
        'format = 1\n[[sources]]\nid = "src"\ntitle = "T"\npublisher = "P"\ndate = "2025-05"\nlanguage = "fr"',
        '[[countries]]\nid = "ZZ"\nalpha3 = "ZZZ"\nname = "Zedland"\naliases = ["zedland"]',
        '[[countries]]\nid = "VN"\nalpha3 = "VNM"\nname = "Vietnam"',
    ]
    for fact, cites in zip(facts, citations, strict=False):
        lines = ["[[facts]]", *(f"{key} = {toml_value(value)}" for key, value in fact.items())]
        rendered = []
        for citation in cites:
            fields = []
            for key, value in citation.items():
                text = (
                    "[" + ", ".join(toml_value(v) for v in value) + "]"
                    if isinstance(value, list)
                    else toml_value(value)
                )
                fields.append(f"{key} = {text}")
            rendered.append("{ " + ", ".join(fields) + " }")
        lines.append("citations = [" + ", ".join(rendered) + "]")
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=st.lists(FACT, min_size=1, max_size=3),
    citations=st.lists(st.lists(CITATION, min_size=1, max_size=3), min_size=4, max_size=4),
    command=st.sampled_from([["check"], ["show", "zedland"], ["trade", "zedland"], ["timeline"], ["conflicts"],
                             ["search", "trade"], ["coverage"], ["cite", "zz-a"], ["visits"], ["countries"]]),
    as_json=st.booleans(),
)  # fmt: skip
def test_generated_fact_files(
    facts: list[dict[str, object]], citations: list[list[dict[str, object]]], command: list[str], as_json: bool
) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "generated.toml"
        path.write_text(fact_file(facts, citations), encoding="utf-8")
        check_run(["--no-packaged", "--data", str(path), *command, *(["--json"] if as_json else [])])


@settings(max_examples=examples(40), deadline=None)
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_as_a_fact_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "junk.toml"
        path.write_bytes(data)
        code, _out, err = run_main(["--no-packaged", "--data", str(path), "check"])
        assert code in (0, 3)
        assert "Traceback" not in err

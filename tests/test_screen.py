"""The views as a person sees them: the installed script in a real pseudo-terminal, read by pyte.

pyte is a VT100 emulator: it gives the exact screen a terminal of 80x24 (or 120x40) shows, after the
pager (less, if the output is taller than the screen) has drawn its first page. The answer must be on it.
"""

from __future__ import annotations

import fcntl
import itertools
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

import pyte
import pytest

from tests.conftest import KEPT_ENV, installed_script

LESS = shutil.which("less")


def screen(
    args: Sequence[str],
    *,
    columns: int = 80,
    lines: int = 24,
    env: dict[str, str] | None = None,
    stdin_terminal: bool = True,
) -> list[str]:
    """What a terminal of ``columns`` x ``lines`` shows once ``dipfacts args`` has drawn (and waits, in a pager).

    ``stdin_terminal=False``: stdout is the terminal but stdin is not (a script's input redirected)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    environment = {key: value for key, value in os.environ.items() if key in KEPT_ENV or not key.startswith("DIPFACTS")}
    for key in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "PAGER", "LESS"):
        environment.pop(key, None)
    environment.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **(env or {})})
    process = subprocess.Popen(
        [installed_script(), *args], stdin=slave if stdin_terminal else subprocess.DEVNULL, stdout=slave,
        stderr=slave, env=environment, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    display = pyte.Screen(columns, lines)
    stream = pyte.ByteStream(display)
    # Done when the process has ended, or when the pager has drawn its first page and waits for the reader.
    # Not "when nothing came for a while": a loaded machine can be quiet for longer than any such pause.
    deadline = time.monotonic() + 60  # only against a hang
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # the process ended and closed the terminal
                    break
                if not data:
                    break
                stream.feed(data)
                if _pager_waits(display):
                    break
            elif process.poll() is not None:
                break
        shown = list(display.display)
    finally:
        if process.poll() is None:
            os.write(master, b"q")
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        os.close(master)
    return [line.rstrip() for line in shown]


def _pager_waits(display: pyte.Screen) -> bool:
    """less has drawn its page: its prompt, which it writes last, is on the bottom line."""
    return display.display[-1].rstrip() in (":", "(END)")


# Every amount the way render writes it: a hedge, "USD", the number and its scale.
AMOUNT = re.compile(r"(?:(?:about|over|nearly|under|more than|less than) )?USD \d[\d,.]*(?: (?:M|bn))?")


def _joined(rows: list[str]) -> str:
    return "\n".join(rows)


def _no_amount_split(rows: list[str]) -> None:
    """No line ends inside an amount: 'USD' or a hedge at a line's end, or a scale alone at the next's start."""
    for first, second in itertools.pairwise(rows):
        end = first.rstrip()
        assert not re.search(r"(?:USD|USD \d[\d,.]*|about|over|nearly)$", end), f"split amount: {end!r} / {second!r}"
        assert not re.match(r"\s*(?:M|bn)\b", second), f"split amount: {end!r} / {second!r}"


pytestmark = pytest.mark.skipif(not LESS, reason="less is not installed: the long views cannot be paged here")


def test_trade_kazakhstan_first_screen_has_every_period_and_figure() -> None:
    rows = screen(["trade", "kazakhstan"])
    text = _joined(rows)
    for period, figure in [
        ("2020", "USD 349.2 M"), ("2023", "about USD 402 M"), ("2024", "USD 800 M [1,4]"),
        ("2024-Q1", "about USD 123.6 M"), ("2025-Q1", "USD 146.3 M"), ("2030", "USD 5 bn"),
    ]:  # fmt: skip
        assert any(row.startswith(period) and figure in row for row in rows), (period, figure, text)
    assert "over USD 800 M [2]" in text  # the other source's version of 2024, with its hedge
    assert "TARGET" in text  # the 2030 figure is a plan, said on the screen
    _no_amount_split(rows)
    assert all(len(row) <= 80 for row in rows), [row for row in rows if len(row) > 80]


def test_trade_russia_fits_the_screen_with_its_sources() -> None:
    rows = screen(["trade", "russia"])
    text = _joined(rows)
    assert re.search(r"^2024\s+USD 4\.58 bn\s+\+26\.1% vs 2023", text, re.MULTILINE), text
    assert re.search(r"^2023\s+about USD 3\.63 bn\s+derived", text, re.MULTILINE), text
    assert "Sources: [1] tour-preview" in text  # short enough that the footer is on the screen too
    _no_amount_split(rows)


def test_visits_2025_show_each_leg_with_dates_and_host() -> None:
    rows = screen(["visits", "--year", "2025"])
    text = _joined(rows)
    for country, host in [
        ("Kazakhstan", "Kassym-Jomart"), ("Azerbaijan", "Ilham Aliyev"), ("Russia", "Vladimir Putin"),
        ("Belarus", "Alexander"),
    ]:  # fmt: skip
        row = next((row for row in rows if row.startswith(country)), None)
        assert row is not None, (country, text)
        assert host in row, (country, text)
        assert "2025-05" in row, (country, text)
    assert "2025-05-05" in text
    assert "2025-05-07" in text


def test_compare_russia_kazakhstan_first_screen() -> None:
    text = _joined(screen(["compare", "russia", "kazakhstan"]))
    assert re.search(r"Russia\s+Kazakhstan", text)
    assert "USD 4.58 bn" in text
    assert "USD 800 M [1,4]" in text
    assert "over USD 800 M [2]" in text
    assert "comprehensive strategic partnership" in text
    assert "1950-01-30" in text
    assert "1992-06-29" in text


def test_countries_shows_every_country_row() -> None:
    rows = screen(["countries"])
    names = [("VN", "Vietnam"), ("AZ", "Azerbaijan"), ("BY", "Belarus"), ("KZ", "Kazakhstan"), ("RU", "Russia")]
    for code, name in names:
        assert any(re.match(rf"{code}\s+{name}\b", row) for row in rows), (code, rows)
    text = _joined(rows)
    assert "USD 4.58 bn" in text
    assert "nearly USD 52 M" in text
    assert "USD 800 M" in text
    _no_amount_split(rows)


def test_show_belarus_first_screen_has_its_facts() -> None:
    rows = screen(["show", "belarus"])
    assert rows[0] == "Belarus (BY)"
    assert "Alexander Lukashenko" in rows[1]
    # Each of its three facts, by the topic that opens its row, with its date and sources.
    for topic, rest in [("partnership", r"2025-05\s+1\s+\[3\]"), ("visit", r"2025-05\s+2\s+\[1,3\]"), ("official", "")]:
        assert any(re.match(rf"{topic}\s+\S.*{rest}", row) for row in rows), (topic, rows)


@pytest.mark.parametrize(
    "args",
    [["trade", "kazakhstan"], ["trade", "russia"], ["visits", "--year", "2025"], ["compare", "russia", "kazakhstan"],
     ["countries"], ["show", "belarus"]],
)  # fmt: skip
def test_at_120x40_the_whole_answer_and_no_split_amount(args: list[str]) -> None:
    rows = screen(args, columns=120, lines=40)
    assert all(len(row) <= 120 for row in rows), [row for row in rows if len(row) > 120]
    _no_amount_split(rows)
    assert any(row.strip() for row in rows[:3]), rows  # the answer starts at the top, not scrolled off


def test_a_long_view_is_paged_from_its_first_line_and_no_pager_is_used_when_it_fits() -> None:
    # The trade table's title is the first line of the output: the pager shows it at the top.
    paged = screen(["trade", "kazakhstan"])
    assert paged[0] == "Vietnam - Kazakhstan trade"
    unpaged = screen(["trade", "kazakhstan", "--no-pager"])
    assert "Vietnam - Kazakhstan trade" not in unpaged  # scrolled off: what the pager is for
    # A view that fits is printed as it is: the shell's screen keeps the output and no pager waits.
    fitting = screen(["trade", "russia"], env={"DIPFACTS_PAGER": "false"})
    assert fitting[0] == "Vietnam - Russia trade"


def test_no_pager_without_a_reader_at_a_terminal() -> None:
    # stdin redirected, or a terminal that cannot page (TERM=dumb): the whole text is written and nothing waits,
    # so the last screen holds the end of the output, the footer.
    for rows in (
        screen(["trade", "kazakhstan"], stdin_terminal=False),
        screen(["trade", "kazakhstan"], env={"TERM": "dumb"}),
    ):
        text = _joined(rows)
        assert "--notes shows them" in text, rows
        assert ":" not in rows[-1:], rows


def test_notes_give_the_full_footer() -> None:
    compact = _joined(screen(["trade", "russia"]))
    assert "* 1 fact has a note; --notes shows them, what Backed means, the full titles." in compact
    assert "Le Vietnam et ses pays amis" not in compact
    full = _joined(screen(["trade", "russia", "--notes"], columns=120, lines=40))
    assert "Backed: how many distinct articles state the fact" in full
    assert "Le Vietnam et ses pays amis traditionnels" in full  # the title of tour-preview
    assert "ru-trade-2023-derived: derived from ru-trade-2024" in full  # the derivation, in words

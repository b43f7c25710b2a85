"""Fact files that try to misbehave: escape sequences, markup, bidi text, and thousands of rows."""

from __future__ import annotations

from pathlib import Path

# Each is a TOML basic-string body: \u001b is ESC, \u009b the C1 CSI, \u202e RIGHT-TO-LEFT OVERRIDE.
NASTY = (
    r"[red]x[/red] [link=http://evil.example]y[/link] :smile:"
    r" \u001b[2J\u001b[H \u001b]0;pwned\u0007 \u001b]8;;http://evil.example\u001b\\click\u001b]8;;\u001b\\"
    r" \u009b31m \u0085 \u202eevil\u202c \u2066iso\u2069 \u0000 \u0008 \r caf\u00e9 \u041a\u0438\u0435\u0432"
)
# The characters that must never reach a terminal raw.
UNSAFE_CHARS = ("\x1b", "\x9b", "\x85", "\u202e", "\u2066", "\x00", "\x08", "\x07", "\r")


def nasty_file(directory: Path) -> Path:
    """Every string field a table can show carries the nasty text (ids, which are validated, excepted)."""
    path = directory / "nasty.toml"
    text = f"""format = 1
data_version = "v {NASTY}"
[[sources]]
id = "evil-source"
title = "T {NASTY}"
publisher = "P {NASTY}"
date = "2025-05"
date_note = "N {NASTY}"
language = "fr"
url = "http://evil.example/a%1B(b)_[c]*d#e~f"  # check refuses a URL with controls, quotes or markup

[[countries]]
id = "VN"
alpha3 = "VNM"
name = "Vietnam"

[[countries]]
id = "ZZ"
alpha3 = "ZZZ"
name = "Zedland {NASTY}"
aliases = ["zedland"]
head_of_state = "H {NASTY}"
head_of_state_fact = "zz-head"

[[facts]]
id = "zz-head"
country = "ZZ"
topic = "official"
statement = "S {NASTY}"
citations = [{{ source = "evil-source", paragraph = 1, excerpt = "E {NASTY}", name = "H {NASTY}" }}]

[[facts]]
id = "zz-trade"
country = "ZZ"
topic = "trade"
statement = "Trade {NASTY}"
value = 1000000
unit = "USD"
period = "2024"
change_pct = 5
note = "Note {NASTY}"
citations = [
  {{ source = "evil-source", paragraph = 2, excerpt = "E1 {NASTY}", wording = "W1 {NASTY}" }},
  {{ source = "evil-source", paragraph = 3, excerpt = "E2 {NASTY}", wording = "W2 {NASTY}", qualifier = "over" }},
]

[[facts]]
id = "zz-visit"
country = "ZZ"
topic = "visit"
statement = "Visit {NASTY}"
date = "2025-05"
level = "L {NASTY}"
visit = {{ type = "state", host = "Host {NASTY}", firsts = [{{ text = "First {NASTY}", source = "evil-source" }}] }}
citations = [{{ source = "evil-source", paragraph = 4, excerpt = "E {NASTY}" }}]

[[facts]]
id = "zz-derived"
country = "ZZ"
topic = "trade"
statement = "Derived {NASTY}"
value = 900000
unit = "USD"
period = "2023"
kind = "derived"
derived = {{ from = ["zz-trade"], formula = "F {NASTY}" }}
differs_from = [{{ fact = "zz-trade", kind = "value", note = "D {NASTY}" }}]
citations = [{{ source = "evil-source", paragraph = 2, excerpt = "E1 {NASTY}" }}]
"""
    path.write_text(text, encoding="utf-8")
    return path


def big_file(directory: Path, count: int) -> Path:
    """A valid fact file with ``count`` facts about one new country (it merges with the packaged base too)."""
    path = directory / f"big-{count}.toml"
    lines = [
        "format = 1",
        '[[sources]]\nid = "bulk"\ntitle = "Bulk"\npublisher = "Test"\ndate = "2025-05"\nlanguage = "en"',
        '[[countries]]\nid = "ZZ"\nalpha3 = "ZZZ"\nname = "Zedland"\naliases = ["zedland"]',
    ]
    for number in range(count):
        year = 1000 + number % 9000
        lines.append(
            f'[[facts]]\nid = "zz-fact-{number}"\ncountry = "ZZ"\ntopic = "trade"\n'
            f'statement = "Fact number {number} about trade with Zedland, café Tô Lâm."\n'
            f'value = {number + 1}\nunit = "USD"\nperiod = "{year}"\n'
            f'citations = [{{ source = "bulk", paragraph = 1, excerpt = "fact {number}" }}]'
        )
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path

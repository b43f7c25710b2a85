"""Regenerate README.md from docs/README.template.md, running each {{example: ...}} for real output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(sys.executable).with_name("dipfacts"))


def example(match: re.Match[str]) -> str:
    args = match.group(1).split()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "110"}
    env.pop("DIPFACTS_DATA", None)
    done = subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, check=True)
    return f"```\n$ dipfacts {' '.join(args)}\n{done.stdout.rstrip()}\n```"


template = (ROOT / "docs" / "README.template.md").read_text(encoding="utf-8")
(ROOT / "README.md").write_text(re.sub(r"\{\{example: (.*?)\}\}", example, template), encoding="utf-8")
print("README.md written")

"""The pager: output taller than the terminal is shown a screen at a time, as git and gh do.

Only on a terminal, only when the text would not fit, and never when piped. The pager is
$DIPFACTS_PAGER, else $PAGER, else `less` if there is one; an empty value or `cat` means none.
`less` is started as git starts it (LESS=FRX unless LESS is set): it quits by itself if the text
fits after all (F), passes colours through (R) and leaves the text on the screen when it quits (X),
so the first screen, where the answer is, is what stays in view.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

PAGER_ENV = "DIPFACTS_PAGER"


def pager_command(environ: Mapping[str, str]) -> str | None:
    """The pager to start, as a shell command line; None for none."""
    for name in (PAGER_ENV, "PAGER"):
        if name in environ:
            command = environ[name].strip()
            return None if command in ("", "cat") else command
    import shutil  # lazy, as the others here: a text that fits, or a pager turned off, needs none of them

    return "less" if shutil.which("less") else None


def runnable(command: str) -> bool:
    """Whether the pager's program can be found (a missing one would swallow the output)."""
    import shlex  # lazy: as said in pager_command
    import shutil  # lazy: as said in pager_command

    try:
        words = shlex.split(command)
    except ValueError:
        return False
    return bool(words) and shutil.which(words[0]) is not None


def page(data: bytes, command: str, environ: Mapping[str, str]) -> int:
    """Show ``data`` through the pager and wait until the reader quits it; the pager's exit status.

    Ctrl-C belongs to the pager meanwhile (as in git): dipfacts ignores it and waits for the pager.
    """
    import signal  # lazy: as said in pager_command
    import subprocess  # lazy: as said in pager_command

    env = dict(environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)  # a shell, as git runs $PAGER
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(data)
            process.stdin.close()
        except BrokenPipeError:  # the reader quit before the end: that is reading, not an error
            pass
        return process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)


def terminal_height(environ: Mapping[str, str]) -> int:
    """The terminal's height in lines ($LINES first), or 0 when it cannot be told."""
    lines = environ.get("LINES", "").strip()
    if lines.isascii() and lines.isdigit() and 0 < len(lines) < 6:
        return int(lines)
    try:
        return os.get_terminal_size(1).lines
    except (OSError, ValueError):
        return 0

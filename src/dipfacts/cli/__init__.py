"""The dipfacts command line: the only package that prints, reads the environment or exits.

One module per command; dipfacts.cli.group holds the group and its global options. This module is the entry
point, and imports no more than a Tab needs: bash's Tab on a command's argument is answered before Click is
imported (dipfacts.cli.tab), since a Tab is a process of its own at every key press.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from dipfacts.cli.environment import COMPLETE_VAR


def main(argv: list[str] | None = None, prog_name: str = "dipfacts") -> NoReturn:
    """Entry point: `dipfacts ...` and `python -m dipfacts ...`."""
    if argv is None and sys.stdout is not None and os.environ.get(COMPLETE_VAR) == "bash_complete":
        from dipfacts.cli.tab import bash_answer  # lazy: only a Tab needs it (it comes in the environment)

        answer = bash_answer(os.environ)
        if answer is not None:
            try:
                sys.stdout.buffer.write(answer)
                sys.stdout.flush()
            except OSError:  # the shell went away: a Tab never fails
                pass
            sys.exit(0)
    from dipfacts.cli.group import main as run_group  # Click, the group and every option

    run_group(argv, prog_name)

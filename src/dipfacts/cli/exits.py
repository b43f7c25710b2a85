"""How a run ends: the one place where domain errors, usage errors, a reader gone away and bugs become one
stderr line and an exit code. No traceback reaches a user unless --debug asks for one."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from dipfacts.cli.emit import Request, write_json
from dipfacts.cli.options import OutputChoice
from dipfacts.cli.terminal import Terminal, output_started, say, silence_stdout
from dipfacts.errors import (
    EXIT_INTERNAL,
    EXIT_NO_RESULTS,
    EXIT_OUTPUT,
    EXIT_USAGE,
    CacheDiscarded,
    DataFileError,
    DipfactsError,
    UsageProblem,
)


def report(error: DipfactsError) -> int:
    """Say a domain error on stderr (a data file's problems one a line) and give its exit code."""
    if isinstance(error, DataFileError):
        for problem in error.problems:
            say(problem)
        say(f"the fact data has {len(error.problems)} problem(s); fix them and run 'dipfacts check'")
    else:
        say(str(error))
    return error.exit_code


@contextmanager
def command_errors(
    request: Request, choice: OutputChoice, terminal: Terminal, *, forget_cached: Callable[[], bool]
) -> Iterator[None]:
    """Around a command's work: a domain error is reported and exits with its code (under --json, a
    result-less error still prints its JSON, an empty list); an unexpected error from a cached base
    (``forget_cached`` drops the entry) becomes CacheDiscarded, so that run() answers again without it."""
    try:
        if choice.fields and choice.format == "table":
            raise UsageProblem("--fields picks fields for --json, --nl, --csv and --tsv, not for the table")
        yield
    except CacheDiscarded:
        raise
    except DipfactsError as error:
        if choice.format == "json" and error.exit_code == EXIT_NO_RESULTS:
            write_json(request, [], terminal)
        raise click.exceptions.Exit(report(error)) from None
    except (click.exceptions.Exit, click.ClickException, BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as error:
        # A cache entry that passed its checks and still breaks a lookup is never left to do it again:
        # it is removed, and run() runs the command once more without the cache.
        if forget_cached():
            raise CacheDiscarded(error) from error
        raise


def run(group: click.Group, args: list[str], prog_name: str, *, retry: bool = True) -> int:
    """Run the command line and turn every way it can end into an exit code."""
    try:
        # Without standalone mode Click returns the code of ctx.exit() (e.g. after --help).
        returned = group.main(args=args, prog_name=prog_name, standalone_mode=False)
        code = returned if isinstance(returned, int) else 0
    except click.exceptions.Exit as done:
        code = done.exit_code
    except click.ClickException as error:
        _show(error)
        code = error.exit_code if error.exit_code else EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("dipfacts: aborted", err=True)
        code = 130
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        silence_stdout()
        code = 0
    except CacheDiscarded as discarded:
        if retry and not output_started():
            # The broken entry is gone: answer from the fact files themselves, as if it never existed.
            return run(group, ["--no-cache", *args], prog_name, retry=False)
        if "--debug" in args:
            raise discarded.error from None
        code = report(discarded)
    except DipfactsError as error:  # raised outside a command's own handling, e.g. writing the output
        code = report(error)
    except OSError as error:
        if error.errno not in _OUTPUT_ERRNOS:
            code = _internal_error(error, args)
        else:  # Click's own printing (--help, --version) into a full disk or a closed descriptor
            silence_stdout()
            say(f"cannot write the output: {error.strerror or error}")
            code = EXIT_OUTPUT
    except Exception as error:  # the last line of defence: a bug must not print a traceback
        code = _internal_error(error, args)
    return code


# Failures to write stdout that are no bug of dipfacts': disk full, quota, closed descriptor, I/O error.
_OUTPUT_ERRNOS = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EBADF, errno.EIO, errno.EFBIG))


def _internal_error(error: Exception, args: list[str]) -> int:
    if "--debug" in args:
        raise error
    say(f"internal error: {type(error).__name__}: {error}; please report it (run again with --debug for the traceback)")
    return EXIT_INTERNAL


def _show(error: click.ClickException) -> None:
    """A usage error as every other error: one `dipfacts: ...` line, then one hint line at most."""
    message = error.format_message()
    say(message[:1].lower() + message[1:] if message[:2].istitle() else message)
    if isinstance(error, click.UsageError) and error.ctx is not None:
        context = error.ctx
        click.echo(f"dipfacts: try '{context.command_path} --help'", err=True)

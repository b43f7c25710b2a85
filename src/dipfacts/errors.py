"""Domain errors, each carrying the exit code the CLI turns it into."""

from __future__ import annotations

EXIT_NO_RESULTS = 1
EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_INTERNAL = 4
EXIT_OUTPUT = 5


class DipfactsError(Exception):
    """Base of every error dipfacts reports to a user as one line."""

    exit_code = EXIT_NO_RESULTS


class DataFileError(DipfactsError):
    """A fact file cannot be read or does not validate; ``problems`` holds one line each."""

    exit_code = EXIT_DATA

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = self.problems[0] if self.problems else "invalid fact file"
        suffix = f" (and {count - 1} more problem{'s' if count > 2 else ''})" if count > 1 else ""
        super().__init__(head + suffix)


class UsageProblem(DipfactsError):
    """The user named something that does not exist (exit 2)."""

    exit_code = EXIT_USAGE


class UnknownCountry(UsageProblem):
    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {_or_list(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown country {name!r}{hint} (run 'dipfacts countries' for the countries with facts)")


class HistoricState(UsageProblem):
    """A state that no longer exists (the USSR, Prussia): named as such, never answered as a country."""

    def __init__(self, name: str, display: str, hints: tuple[str, ...] = ()) -> None:
        self.name = name
        hint = f"; did you mean {_or_list(hints)}?" if hints else ""
        what = "" if display.casefold() == name.strip().casefold() else f" {display},"
        super().__init__(f"{name!r} is{what} a historic state, not a country in the base{hint}")


class UnknownSource(UsageProblem):
    def __init__(self, source_id: str, known: tuple[str, ...]) -> None:
        super().__init__(f"unknown source {source_id!r}; known sources: {', '.join(known)}")


class OutputError(DipfactsError):
    """Standard output cannot be written: closed (``>&-``), or the disk is full (exit 5)."""

    exit_code = EXIT_OUTPUT


class CacheDiscarded(DipfactsError):
    """A cache entry passed its checks and still broke this run; it has been removed (exit 4 if not retried)."""

    exit_code = EXIT_INTERNAL

    def __init__(self, error: Exception) -> None:
        self.error = error
        super().__init__(
            f"a cache entry broke this run ({type(error).__name__}: {error}); it was removed, so run the command again"
        )


class NoFacts(DipfactsError):
    """A valid query that the fact base has nothing for (exit 1)."""

    exit_code = EXIT_NO_RESULTS


class CountryWithoutFacts(NoFacts):
    """A real country (ISO 3166) that the fact base has no facts about yet."""

    def __init__(self, name: str, alpha2: str) -> None:
        self.name = name
        self.alpha2 = alpha2
        super().__init__(f"no facts about {name} ({alpha2}) yet")


def _or_list(items: tuple[str, ...]) -> str:
    quoted = [repr(item) for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]

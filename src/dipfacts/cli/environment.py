"""The environment variables that say where the fact files and the cache are, and that a Tab is asked for:
read without Click, since Tab (dipfacts.cli.tab) reads them before Click is imported."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

DATA_ENV = "DIPFACTS_DATA"
CACHE_ENV = "DIPFACTS_CACHE_DIR"
NO_CACHE_ENV = "DIPFACTS_NO_CACHE"
COMPLETE_VAR = "_DIPFACTS_COMPLETE"  # what the completion scripts set (dipfacts.cli.completion prints them)


def data_paths_from_env(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The fact files $DIPFACTS_DATA names (separated by os.pathsep), in order; empty entries skipped."""
    return tuple(path for path in environ.get(DATA_ENV, "").split(os.pathsep) if path.strip())


def cache_directory(environ: Mapping[str, str], *, no_cache_flag: bool = False) -> str | None:
    """The cache location: $DIPFACTS_CACHE_DIR, else the platform's; None to go without.

    The cache itself is the ``dipfacts`` directory inside it (see dipfacts.cache), so a location shared
    with other programs, even $HOME, is never written to or pruned except there.
    """
    if no_cache_flag or environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    if environ.get(CACHE_ENV, "").strip():
        return os.path.abspath(environ[CACHE_ENV])
    home = os.path.expanduser("~")
    if not os.path.isabs(home):  # no HOME and no password entry: nowhere that is the user's own
        return None
    if sys.platform == "win32":
        local = environ.get("LOCALAPPDATA", "")
        return local if os.path.isabs(local) else os.path.join(home, "AppData", "Local")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches")
    # The XDG spec: a relative $XDG_CACHE_HOME is invalid and is to be ignored.
    xdg = environ.get("XDG_CACHE_HOME", "")
    return xdg if os.path.isabs(xdg) else os.path.join(home, ".cache")

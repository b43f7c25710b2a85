"""Where the packaged fact base is, found with os.path alone (pathlib and importlib.resources cost start-up)."""

from __future__ import annotations

import os


def packaged_location() -> str:
    """The packaged facts.toml: inside the installed package, or at the root of a source checkout."""
    here = os.path.dirname(os.path.abspath(__file__))
    inside = os.path.join(here, "data", "facts.toml")
    if os.path.isfile(inside):
        return inside
    # A source checkout or an editable install has no copy inside the package.
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "facts.toml")

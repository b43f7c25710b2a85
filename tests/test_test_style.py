"""The tests' own style: each assert checks one thing, so a failure says which part failed (issue 15)."""

from __future__ import annotations

import ast

from tests.conftest import TESTS


def _combined_asserts(source: str) -> list[int]:
    """Lines of the asserts whose test is a top-level `a and b` (not an `and` in a comprehension, call or string)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Assert) and isinstance(node.test, ast.BoolOp) and isinstance(node.test.op, ast.And)
    ]


def test_no_assert_combines_its_conditions_with_and() -> None:
    sample = 'assert a and b\nassert (a\n        and b), "m"\n'
    sample += 'assert all(a and b for a in c)\nassert f(a and b)\nassert "a and b"\nassert a or (b and c)\n'
    assert _combined_asserts(sample) == [1, 2]  # the check itself finds what it should, and only that
    found = [
        f"{path.relative_to(TESTS.parent)}:{line}"
        for path in sorted(TESTS.glob("*.py"))
        for line in _combined_asserts(path.read_text(encoding="utf-8"))
    ]
    assert not found, "split into one assert per condition, so a failure says which part failed: " + ", ".join(found)

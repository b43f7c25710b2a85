"""@record behaves as a frozen dataclass would."""

from __future__ import annotations

import pytest

from dipfacts.records import record, replace


@record
class Point:
    x: int
    y: int = 0
    label: str | None = None


def test_construction_defaults_and_repr() -> None:
    assert Point(1).y == 0
    assert Point(1, 2, "a").label == "a"
    assert Point(x=3, label="b").x == 3
    assert repr(Point(1, 2)) == "Point(x=1, y=2, label=None)"
    with pytest.raises(TypeError, match="missing 'x'"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="unexpected argument 'z'"):
        Point(1, z=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="'x' twice"):
        Point(1, x=2)  # type: ignore[misc]
    with pytest.raises(TypeError, match="takes 3 arguments"):
        Point(1, 2, "a", 4)  # type: ignore[call-arg]


def test_frozen_slotted_equal_and_hashable() -> None:
    point = Point(1, 2)
    with pytest.raises(AttributeError, match="frozen"):
        point.x = 5  # type: ignore[misc]
    with pytest.raises(AttributeError):
        point.extra = 1  # type: ignore[attr-defined]
    assert point == Point(1, 2)
    assert point != Point(2, 1)
    assert point != object()
    assert len({Point(1, 2), Point(1, 2), Point(1, 3)}) == 2
    assert not hasattr(point, "__dict__")


def test_replace_and_inheritance() -> None:
    moved = replace(Point(1, 2, "a"), y=5)
    assert moved == Point(1, 5, "a")

    @record
    class Labelled(Point):
        colour: str = "red"

    item = Labelled(1, colour="blue")
    assert (item.x, item.y, item.colour) == (1, 0, "blue")
    assert isinstance(item, Point)


def test_records_match_by_position_as_dataclasses_do() -> None:
    from dipfacts.model import Citation

    match Citation("alpha", 3, "words"):
        case Citation(source, paragraph, excerpt):
            assert (source, paragraph, excerpt) == ("alpha", 3, "words")
        case _:
            raise AssertionError("a record did not match its own fields by position")

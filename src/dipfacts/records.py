"""Frozen records: what ``@dataclass(frozen=True)`` gives, without its start-up cost.

dipfacts is a short-lived process, and defining a frozen dataclass costs about a millisecond (it compiles
five methods per class from source); forty of them doubled the time of a lookup. ``@record``
builds the same kind of class (keyword or positional construction, defaults, equality, hashing, a
readable repr, no assignment after construction) from generic methods, as a tuple with a property a
field; type checkers read it as a dataclass (PEP 681).
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: Any) -> Any:
        return lambda function: function


T = TypeVar("T")
_MISSING = object()


class Record(tuple):  # type: ignore[type-arg]
    """The methods every record shares; ``_fields`` and ``_defaults`` are set by ``@record``.

    A record is a tuple of its fields underneath, each read through a property: made in one C call, and
    written by json's C encoder as the list of its fields with no Python call a record (the cache stores
    every fact so). It still compares and hashes as its own type, never as a plain tuple.
    """

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _defaults: dict[str, Any] = {}  # noqa: RUF012 - replaced per class, never mutated

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        fields = cls._fields
        if not kwargs and len(args) == len(fields):  # every field given in order: the cache's way
            return tuple.__new__(cls, args)
        if len(args) > len(fields):
            raise TypeError(f"{cls.__name__}() takes {len(fields)} arguments, {len(args)} given")
        values = dict(zip(fields, args, strict=False))
        for name, value in kwargs.items():
            if name not in fields:
                raise TypeError(f"{cls.__name__}() got an unexpected argument {name!r}")
            if name in values:
                raise TypeError(f"{cls.__name__}() got {name!r} twice")
            values[name] = value
        ordered = []
        for name in fields:
            value = values.get(name, cls._defaults.get(name, _MISSING))
            if value is _MISSING:
                raise TypeError(f"{cls.__name__}() is missing {name!r}")
            ordered.append(value)
        return tuple.__new__(cls, ordered)

    def __getnewargs__(self) -> tuple[Any, ...]:  # copy and pickle: every field, in order
        return tuple(self)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot assign {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")

    def _values(self) -> tuple[Any, ...]:
        return tuple(self)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return tuple.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return tuple.__ne__(self, other)

    def __hash__(self) -> int:
        return hash((type(self).__name__, tuple(self)))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True))
        return f"{type(self).__name__}({inner})"


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` (annotated fields, optional defaults) a frozen record."""
    own = list(_own_annotations(cls))
    inherited = [name for base in cls.__mro__[1:] for name in getattr(base, "_fields", ())]
    fields = tuple(dict.fromkeys([*inherited, *own]))
    defaults = {name: cls.__dict__[name] for name in own if name in cls.__dict__}
    for base in cls.__mro__[1:]:
        defaults = {**getattr(base, "_defaults", {}), **defaults}
    namespace = {
        key: value for key, value in cls.__dict__.items() if key not in own and key not in ("__dict__", "__weakref__")
    }
    namespace.update({name: property(itemgetter(fields.index(name)), doc=name) for name in own})
    namespace.update(__slots__=(), _fields=fields, _defaults=defaults, __match_args__=fields)
    bases = cls.__bases__ if issubclass(cls, Record) else (Record, *[b for b in cls.__bases__ if b is not object])
    return type(cls.__name__, bases, namespace)


def _own_annotations(cls: type) -> dict[str, Any]:
    # Read from the class itself: no inspect or typing machinery at start-up.
    found = cls.__dict__.get("__annotations__")  # noqa: RUF063
    if found is None and "__annotate__" in cls.__dict__:  # Python 3.14's deferred annotations
        import annotationlib  # type: ignore[import-not-found,unused-ignore]

        found = annotationlib.get_annotations(cls, format=annotationlib.Format.STRING)
    return dict(found or {})


def replace(instance: T, **changes: Any) -> T:
    """A copy of a record with some fields changed, like dataclasses.replace."""
    values = {name: getattr(instance, name) for name in instance._fields}  # type: ignore[attr-defined]
    values.update(changes)
    return type(instance)(**values)

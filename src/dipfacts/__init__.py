"""dipfacts: sourced facts about Vietnam's diplomatic relations, offline."""

__version__ = "1.3.0"

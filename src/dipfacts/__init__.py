"""dipfacts: sourced facts about Vietnam's diplomatic relations, offline."""

__version__ = "1.3.0"
SCHEMA_VERSION = 1  # of the --json output: raised only when a field is removed or changes meaning

"""Run dipfacts as ``python -m dipfacts``."""

from dipfacts.cli import main

if __name__ == "__main__":
    main(prog_name="dipfacts")

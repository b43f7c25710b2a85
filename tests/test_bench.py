"""The benchmark's synthetic fact packs are valid fact files, and lookups on them behave."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.conftest import REPO, invoke


def test_generated_packs_pass_check_and_merge_with_the_packaged_base(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", REPO / "bench" / "generate.py")
    assert spec
    assert spec.loader
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    paths = generate.write_pack(450, tmp_path / "synthetic", per_file=200)
    assert [path.name for path in paths] == ["synthetic-01.toml", "synthetic-02.toml", "synthetic-03.toml"]
    data = [arg for path in paths for arg in ("--data", str(path))]
    run = invoke(*data, "check", fixture=False)
    assert run.code == 0, run.err
    about = invoke(*data, "about", "--json", fixture=False).json()["results"][0]
    assert [file["facts"] for file in about["files"][1:]] == [200, 200, 50]
    shown = invoke(*data, "show", "kazakhstan", "--json", fixture=False).json()["results"]
    assert {record["id"] for record in shown} >= {"kz-syn-124", "kz-syn-373"}  # they reach packaged countries too

"""Every example script runs to the end in its short mode."""

import os
import pathlib
import runpy

import pytest

EXAMPLES = sorted((pathlib.Path(__file__).parent.parent / "examples").glob("[0-9]*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_runs(path, monkeypatch, capsys):
    monkeypatch.setenv("WEYLMAG_SHORT", "1")
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    assert "speed" in out or path.stem != "01_domain_wall"
    if path.stem == "09_valley_sweep":
        assert "4 of 4 points computed now" in out
        assert pathlib.Path("valley_sweep.png").is_file()

"""Every example script runs to the end in its short mode."""

import os
import pathlib
import re
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


def test_skyrmion_pumping_spin_transfer_options(monkeypatch, capsys):
    """Example 12's Zhang-Li run of the pumped spin current and its amplitude sweep."""
    path = next(p for p in EXAMPLES if p.stem == "12_skyrmion_pumping")
    monkeypatch.setenv("WEYLMAG_SHORT", "1")
    monkeypatch.setattr("sys.argv", [path.name, "--spin-transfer", "--amplitudes", "0.4"])
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    assert "V = 0.4, phi = +pi/2, frozen skyrmion" in out
    assert out.count("spin-transfer yardstick") == 3
    assert out.count("R moved by") == 2


def test_skyrmion_pumping_floquet_option(monkeypatch, capsys):
    """Example 12's exact (Floquet) period average of the frozen skyrmion's pumped density."""
    path = next(p for p in EXAMPLES if p.stem == "12_skyrmion_pumping")
    monkeypatch.setenv("WEYLMAG_SHORT", "1")
    monkeypatch.setattr("sys.argv", [path.name, "--floquet", "1", "--periods", "0"])
    runpy.run_path(str(path), run_name="__main__")
    out = capsys.readouterr().out
    assert out.count("Floquet (1 sidebands)") == 2


def test_skyrmion_pumping_lag_option(monkeypatch, capsys):
    """Example 12's adiabatic limit: the resonance lag's force and the LLG equation's
    quick response to it reverse with phi."""
    path = next(p for p in EXAMPLES if p.stem == "12_skyrmion_pumping")
    monkeypatch.setenv("WEYLMAG_SHORT", "1")
    monkeypatch.setattr("sys.argv", [path.name, "--lag", "16", "--periods", "0"])
    runpy.run_path(str(path), run_name="__main__")
    lines = [line for line in capsys.readouterr().out.splitlines() if "adiabatic limit" in line]
    assert len(lines) == 2
    pair = r"\(([^,]+), ([^)]+)\)"
    drifts, quick = (
        [[float(x) for x in re.search(pattern, line).groups()] for line in lines]
        for pattern in (rf"Thiele drift {pair}", rf"R moves by {pair} sites within")
    )
    # phi -> -phi runs the same loop of the gates backwards
    assert drifts[1] == pytest.approx([-x for x in drifts[0]], rel=1e-3)
    assert max(abs(x) for x in drifts[0]) > 0
    assert quick[1] == pytest.approx([-x for x in quick[0]], rel=0.05)
    assert max(abs(x) for x in quick[0]) > 1e-3

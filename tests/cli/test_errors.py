"""A broken preset file gives one line naming the file, the line and the field,
and exit status 2; nothing runs."""

import pytest

import weylmag.meshes
from weylmag.cli import main

from .test_run import TINY


def broken(old, new):
    assert old in TINY
    return TINY.replace(old, new, 1)


def line_of(text, fragment):
    """The last line that is ``fragment`` (1-based)."""
    return max(i for i, line in enumerate(text.splitlines(), 1) if line == fragment)


BROKEN = {
    "syntax": (broken("Ms = 8e5", "Ms = 8e5 8"), "Ms = 8e5 8",
               "TOML syntax: "),
    "unknown key": (broken("A = 1.3e-11", "A = 1.3e-11\nMss = 3"), "Mss = 3",
                    "unknown key material.Mss; material takes "),
    "negative Ms": (broken("Ms = 8e5", "Ms = -8e5"), "Ms = -8e5",
                    "material.Ms must be a positive number (A/m); got -800000"),
    "unknown term": (broken("exchange = {}", "exchange = {}\nanisotropy = {}"),
                     "anisotropy = {}", "unknown energy term energy.anisotropy; the "
                     "energy terms are exchange, dmi,"),
    "inline table": (broken("damping = {}", "damping = { alpha = -1 }"),
                     "damping = { alpha = -1 }", "dynamics.damping.alpha must be a "
                     "non-negative number; got -1"),
    "wrong type": (broken("n = 3", "n = 2.5"), "n = 2.5",
                   "drive[0].n must be a positive integer; got 2.5"),
    "missing field": (broken("kind = \"wall\"\n", "kind = \"wall\"\nwidth = 5e-9\n"
                             ).replace("axis = \"x\"\n", "", 1), "[initial]",
                      "initial.axis is missing"),
    "cell does not divide": (broken("cell = [5e-9", "cell = [3e-9"),
                             "cell = [3e-9, 5e-9, 5e-9]",
                             "mesh.cell must divide the mesh"),
    "bad short value": (TINY + "\n[short]\nmaterial.Ms = 0\n", "material.Ms = 0",
                        "material.Ms must be a positive number (A/m); got 0"),
    "short drive": (TINY + '\n[short]\n[[short.drive]]\nkind = "time"\nt = 0\nn = 1\n',
                    "t = 0", "drive[0].t must be a positive number (s); got 0"),
}


@pytest.mark.parametrize("text, fragment, message", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_gives_one_line_and_exit_2(tmp_path, capsys, text, fragment,
                                                 message):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    assert main(["run", "bad.toml", "--short"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    line = line_of(text, fragment)
    assert lines[0].startswith(f"weylmag run: error: bad.toml, line {line}: "), lines[0]
    assert message in lines[0]
    assert "Traceback" not in captured.err
    assert not any(tmp_path.glob("*/drive-*"))


def test_the_short_values_are_checked_in_either_mode(tmp_path, capsys):
    (tmp_path / "bad.toml").write_text(TINY + "\n[short]\nmaterial.Ms = 0\n",
                                       encoding="utf-8")
    assert main(["run", "bad.toml"]) == 2
    assert "line 34: material.Ms must be a positive" in capsys.readouterr().err
    assert not any(tmp_path.glob("*/drive-*"))


def test_unknown_preset_and_missing_file(capsys):
    assert main(["run", "no_such_preset"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("weylmag run: error: no_such_preset: no preset "
                          "'no_such_preset'; the presets are disk_skyrmion, ")
    assert main(["run", "missing.toml"]) == 2
    assert "missing.toml: cannot read the file: No such file" in capsys.readouterr().err


def test_short_merges_tables_and_replaces_values(tmp_path):
    text = TINY + "\n[short]\nmesh.cell = [10e-9, 10e-9, 5e-9]\n[[short.drive]]\n" \
        "kind = \"min\"\n"
    preset = weylmag.meshes.Preset(text, "tiny", "tiny.toml")
    assert tuple(preset.system().m.mesh.n) == (8, 4, 1)
    short = preset.system(short=True)
    assert tuple(short.m.mesh.n) == (4, 2, 1)
    assert short.m.mesh.region.pmax == pytest.approx((40e-9, 20e-9, 5e-9))
    assert [type(d).__name__ for d, _ in preset.driver_calls(short=True)] == [
        "MinDriver"]
    assert [k for _, k in preset.driver_calls()] == [{"t": 5e-12, "n": 3}]
    # each call builds a new system
    assert preset.system() is not preset.system()

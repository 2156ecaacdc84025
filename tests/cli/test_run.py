"""``weylmag run``: every preset runs in short mode and leaves a readable drive
and a picture; ``weylmag show`` draws a saved drive."""

import micromagneticdata as md
import numpy as np
import pytest

import weylmag.meshes
from weylmag.cli import main

from .conftest import has_content


def centre_mz(field):
    """m_z at the cell nearest the middle of the mesh."""
    return float(field.orientation(field.mesh.region.center)[2])


#: What the final state of each preset must show.
CHECKS = {
    # the current pushes the wall along +x: the +x domain at the left grows
    "nanowire_wall": lambda drives: (drives[1][-1].orientation.mean()[0]
                                     > drives[0][-1].orientation.mean()[0] + 0.02),
    # a skyrmion core (m_z < 0) in an m_z > 0 background
    "disk_skyrmion": lambda drives: centre_mz(drives[-1][-1]) < -0.5
    and drives[-1][-1].orientation.mean()[2] > 0.3,
    "slab_bloch_tube": lambda drives: centre_mz(drives[-1][-1]) < -0.5,
    "negf_lattice": lambda drives: centre_mz(drives[-1][-1]) < -0.5,
    # valley density pumped by j_c.B > 0
    "weyl_slab": lambda drives: (drives[-1].table.data["rho_v"] > 0).all(),
}


def test_every_preset_is_checked():
    assert sorted(CHECKS) == weylmag.meshes.names()


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_each_preset_runs_short(tmp_path, capsys, name):
    assert main(["run", name, "--short", "--out", "out"]) == 0
    err = capsys.readouterr().err
    assert f"wrote {'out'}/{name}/drive-" in err
    assert "pyvista could not render" not in err

    calls = weylmag.meshes.load(name).driver_calls(short=True)
    data = md.Data(name, dirname=str(tmp_path / "out"))
    assert data.n == len(calls)
    drives = [data[i] for i in range(data.n)]
    for drive, (driver, keywords) in zip(drives, calls):
        assert drive.info["success"] is True
        assert drive.info["driver"] == type(driver).__name__
        if "n" in keywords:
            assert drive.n == keywords["n"]
            assert len(drive.table.data) == keywords["n"]
            assert np.isclose(drive.table.data["t"].iloc[-1], keywords["t"])
        else:
            assert drive.n == 1
    assert CHECKS[name](drives)
    assert has_content(tmp_path / "out" / f"{name}.png")


TINY = """
[mesh]
p1 = [0, 0, 0]
p2 = [40e-9, 20e-9, 5e-9]
cell = [5e-9, 5e-9, 5e-9]

[material]
Ms = 8e5
A = 1.3e-11
K = 5e5
u = [1, 0, 0]
alpha = 0.5

[initial]
kind = "wall"
axis = "x"
direction = [1, 0, 0]
centre = [0, 0, 1]

[energy]
exchange = {}
uniaxial_anisotropy = {}

[dynamics]
precession = {}
damping = {}

[[drive]]
kind = "time"
t = 5e-12
n = 3
"""


def test_a_file_runs_and_show_draws_its_drive(tmp_path, capsys):
    (tmp_path / "tiny.toml").write_text(TINY, encoding="utf-8")
    assert main(["run", "tiny.toml", "--png", "final.png"]) == 0
    assert has_content(tmp_path / "final.png")
    assert md.Data("tiny")[0].n == 3
    capsys.readouterr()

    assert main(["show", "tiny/drive-0", "--png", "shown.png"]) == 0
    assert "snapshot 3 of tiny/drive-0" in capsys.readouterr().err
    assert has_content(tmp_path / "shown.png")
    # a system directory shows its latest drive; the default name says which
    assert main(["run", "tiny.toml", "--png", "again.png"]) == 0
    assert main(["show", "tiny"]) == 0
    assert has_content(tmp_path / "tiny-drive-1.png")


def test_show_rejects_what_is_not_a_drive(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    for path in ("empty", "missing/drive-3"):
        assert main(["show", path]) == 2
        lines = capsys.readouterr().err.splitlines()
        assert len(lines) == 1
        assert lines[0].startswith(f"weylmag show: error: {path} is not a drive")


def test_without_pyvista_rendering_a_matplotlib_slice_is_drawn(tmp_path, capsys,
                                                                monkeypatch):
    import weylmag.cli

    def broken(*args, **kwargs):
        raise RuntimeError("no OpenGL context")

    monkeypatch.setattr(weylmag.cli, "_pyvista_picture", broken)
    (tmp_path / "tiny.toml").write_text(TINY, encoding="utf-8")
    assert main(["run", "tiny.toml", "--png", "slice.png"]) == 0
    err = capsys.readouterr().err
    assert ("pyvista could not render (RuntimeError: no OpenGL context); drew a "
            "matplotlib slice into slice.png instead") in err
    assert has_content(tmp_path / "slice.png")


def test_info_lists_the_optional_parts(capsys):
    assert main(["info"]) == 0
    lines = capsys.readouterr().out.splitlines()
    parts = lines[lines.index("optional parts:") + 1:]
    assert parts[0].startswith("  numba threads: ")
    assert parts[1].startswith("  pyvista off-screen rendering: works (pyvista ")
    assert parts[2].startswith("  kwant: ")
    assert parts[2].split(": ", 1)[1].split()[0] in ("importable", "not")
    assert parts[3].startswith("  dask.distributed: importable (")

"""Spins on a square lattice, rendered off-screen: -z spins on the left
half, +z on the right, seen from above."""

import discretisedfield as df
import numpy as np
import pytest

import weylmag.viz as wv


def square(nx=12, ny=6):
    x, y = np.meshgrid(np.arange(nx), np.arange(ny), indexing="ij")
    positions = np.column_stack([x.ravel(), y.ravel()]).astype(float)
    spins = np.zeros((len(positions), 3))
    spins[:, 2] = np.where(positions[:, 0] < nx / 2, -1.0, 1.0)
    return positions, spins


def test_lattice_colours_match_colormap_ends(plotter, pictures, tmp_path):
    positions, spins = square()
    path = tmp_path / "lattice.png"
    p = wv.lattice(
        positions, spins, plotter=plotter, view="xy", filename=path, lighting=False
    )
    assert len(p.meshes) == 2  # spheres and arrows
    image = pictures.load(path)
    assert pictures.has_content(image)
    rows = (0.35, 0.65)
    assert pictures.close(pictures.colour(image, (0.1, 0.35), rows), pictures.BLUE_END)
    assert pictures.close(pictures.colour(image, (0.65, 0.9), rows), pictures.RED_END)


def test_lattice_leaves_zero_spins_out(plotter):
    positions, spins = square()
    spins[positions[:, 0] >= 6] = 0.0  # the right half carries no spin
    p = wv.lattice(positions, spins, arrows=False, plotter=plotter)
    assert p.meshes[0].bounds[1] < 6  # spheres only on the left half


def test_lattice_on_mesh_cells(plotter, pictures, tmp_path):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(60e-9, 30e-9, 5e-9), cell=(5e-9, 5e-9, 5e-9))
    spins = np.zeros((*mesh.n, 3))
    spins[..., 0] = 1.0
    path = tmp_path / "mesh.png"
    p = wv.lattice(mesh, spins, color="x", plotter=plotter, view="xy", filename=path)
    centres = p.meshes[0].center
    assert np.allclose(centres[:2], (30, 15), atol=1e-9)  # in nm
    assert pictures.has_content(pictures.load(path))
    with pytest.raises(ValueError, match="spins"):
        wv.lattice(mesh, spins[:3], plotter=plotter)

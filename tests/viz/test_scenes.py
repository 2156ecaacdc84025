"""Scenes of fields on a mesh, rendered off-screen and checked pixel by pixel.

The textures are m_z = -1 on the left half (x < 30 nm) and +1 on the right;
with the camera looking down an axis, x runs left to right across the
image, so the left and right quarters of the picture must show the two ends
of the colormap (lighting off, so the colours are the colormap's own).
"""

import discretisedfield as df
import numpy as np
import pytest

import weylmag.viz as wv

L = 60e-9


def halves(mesh, left=(0, 0, -1), right=(0, 0, 1)):
    return df.Field(
        mesh, nvdim=3, norm=8e5, value=lambda p: left if p[0] < L / 2 else right
    )


@pytest.fixture
def film():
    return df.Mesh(p1=(0, 0, 0), p2=(L, 30e-9, 10e-9), cell=(5e-9, 5e-9, 5e-9))


def check_halves(pictures, image, left, right, rows=(0.35, 0.65)):
    assert pictures.has_content(image)
    assert pictures.close(pictures.colour(image, (0.1, 0.35), rows), left)
    assert pictures.close(pictures.colour(image, (0.65, 0.9), rows), right)


def test_slices_colours_match_colormap_ends(film, plotter, pictures, tmp_path):
    path = tmp_path / "slice.png"
    p = wv.slices(
        halves(film), plotter=plotter, view="xy", filename=path, lighting=False
    )
    assert p is plotter
    check_halves(pictures, pictures.load(path), pictures.BLUE_END, pictures.RED_END)


def test_slices_leave_empty_cells_out(film, plotter, pictures, tmp_path):
    path = tmp_path / "slice.png"
    m = halves(film, right=(0, 0, 0))  # the right half is empty
    wv.slices(m, plotter=plotter, view="xy", filename=path, lighting=False)
    image = pictures.load(path)
    assert pictures.close(
        pictures.colour(image, (0.1, 0.35), (0.35, 0.65)), pictures.BLUE_END
    )
    assert pictures.colour(image, (0.65, 0.9), (0.35, 0.65)) is None


def test_slices_through_three_axes(film, plotter, tmp_path):
    p = wv.slices(halves(film), normal="xyz", plotter=plotter)
    assert len(p.meshes) == 3
    with pytest.raises(ValueError, match="normal"):
        wv.slices(halves(film), normal="q", plotter=plotter)


def test_arrows_colours_match_colormap_ends(film, plotter, pictures, tmp_path):
    # Seen from the side (looking along y, z up) the arrows along -z and +z
    # are full-length glyphs.
    path = tmp_path / "arrows.png"
    p = wv.arrows(
        halves(film), plotter=plotter, view="xz", filename=path, lighting=False
    )
    image = pictures.load(path)
    check_halves(pictures, image, pictures.BLUE_END, pictures.RED_END, rows=(0.3, 0.7))
    assert p.meshes[0].n_cells > 0


def test_arrows_every_and_empty_cells(film, plotter):
    m = halves(film, right=(0, 0, 0))
    p = wv.arrows(m, every=2, plotter=plotter, color="black")
    one_arrow = wv.arrows(
        df.Field(
            df.Mesh(p1=(0, 0, 0), p2=(5e-9, 5e-9, 5e-9), n=(1, 1, 1)),
            nvdim=3,
            value=(0, 0, 1),
        ),
        plotter=None,
    )
    # 12 x 6 x 2 cells, the left 6 x 6 x 2 filled, every second: 3 x 3 x 1.
    assert p.meshes[0].n_cells == 9 * one_arrow.meshes[0].n_cells
    one_arrow.close()


def test_isosurface_of_a_wall(plotter, pictures, tmp_path):
    # Up (x < 25 nm), in-plane (25 < x < 35 nm), down: the m_z = 0 surface
    # is the plane x = 30 nm; its in-plane magnetisation is +x for y < 20 nm
    # and -x above, which the camera looking down x shows left and right.
    mesh = df.Mesh(p1=(0, 0, 0), p2=(L, 40e-9, 20e-9), cell=(5e-9, 5e-9, 5e-9))

    def wall(p):
        if p[0] < 25e-9:
            return (0, 0, 1)
        if p[0] > 35e-9:
            return (0, 0, -1)
        return (1, 0, 0) if p[1] < 20e-9 else (-1, 0, 0)

    m = df.Field(mesh, nvdim=3, norm=8e5, value=wall)
    path = tmp_path / "wall.png"
    p = wv.isosurface(
        m,
        color="x",
        outline=False,
        plotter=plotter,
        view="yz",
        filename=path,
        lighting=False,
    )
    surface = p.meshes[0]
    assert np.allclose(surface.points[:, 0], 30.0)  # nm
    image = pictures.load(path)
    check_halves(pictures, image, pictures.RED_END, pictures.BLUE_END)


def test_isosurface_default_colouring_and_levels(film, plotter, pictures, tmp_path):
    path = tmp_path / "iso.png"
    m = df.Field(
        film,
        nvdim=3,
        norm=8e5,
        value=lambda p: (np.cos(p[1] / 5e-9), np.sin(p[1] / 5e-9), (L / 2 - p[0]) / L),
    )
    p = wv.isosurface(m, value=[-0.2, 0.0, 0.2], plotter=plotter, filename=path)
    assert len(p.meshes) == 2  # the surfaces and the outline
    assert pictures.has_content(pictures.load(path))
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        wv.isosurface(m, value=2.0, plotter=plotter)


def test_scalar_slice_with_magnetisation(film, plotter, pictures, tmp_path):
    rho = df.Field(film, nvdim=1, value=lambda p: -3.0 if p[0] < L / 2 else 3.0)
    path = tmp_path / "rho.png"
    wv.scalar(rho, plotter=plotter, view="xy", filename=path, lighting=False)
    check_halves(pictures, pictures.load(path), pictures.BLUE_END, pictures.RED_END)

    # The magnetisation's arrows (black, in-plane) over the same picture.
    m = df.Field(film, nvdim=3, norm=8e5, value=(1, 0, 0))
    path = tmp_path / "rho_m.png"
    wv.scalar(
        rho, m=m, every=2, plotter=plotter, view="xy", filename=path, lighting=False
    )
    image = pictures.load(path).reshape(-1, 3)
    assert np.sum(np.all(image < 30, axis=1)) > 100


def test_scalar_volume(film, plotter, pictures, tmp_path):
    rho = df.Field(film, nvdim=1, value=lambda p: -3.0 if p[0] < L / 2 else 3.0)
    path = tmp_path / "volume.png"
    wv.scalar(rho, kind="volume", plotter=plotter, view="xy", filename=path)
    image = pictures.load(path)
    assert pictures.has_content(image)
    left = pictures.colour(image, (0.1, 0.35), (0.4, 0.6))
    right = pictures.colour(image, (0.65, 0.9), (0.4, 0.6))
    assert left[2] > left[0] + 30  # blue
    assert right[0] > right[2] + 30  # red


def test_wrong_field_kind_names_the_right_function(film):
    rho = df.Field(film, nvdim=1, value=1.0)
    with pytest.raises(ValueError, match="weylmag.viz.scalar"):
        wv.arrows(rho)
    with pytest.raises(ValueError, match="weylmag.viz.arrows"):
        wv.scalar(halves(film))


def test_new_plotter_renders_off_screen_to_file(film, pictures, tmp_path, monkeypatch):
    import pyvista

    monkeypatch.setattr(pyvista.global_theme, "window_size", [300, 300])
    path = tmp_path / "new.png"
    p = wv.slices(halves(film), view="xy", filename=path)
    try:
        assert p.off_screen
        assert pictures.has_content(pictures.load(path))
    finally:
        p.close()

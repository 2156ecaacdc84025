"""matplotlib plots saved to PNG and checked for their content."""

import discretisedfield as df
import matplotlib
import numpy as np
import pandas as pd
import pytest

import weylmag.viz as wv

#: matplotlib's first colours, RGB 0-255.
C0, C1 = (np.array(matplotlib.colors.to_rgb(c)) * 255 for c in ("C0", "C1"))


def count(image, rgb, tol=20):
    return int(np.sum(np.all(np.abs(image.astype(float) - rgb) <= tol, axis=-1)))


def test_table(tmp_path, pictures):
    t = np.linspace(0, 1e-9, 50)
    data = pd.DataFrame(
        {"t": t, "mx": np.cos(1e10 * t), "my": np.sin(1e10 * t), "mz": 0 * t}
    )
    path = tmp_path / "table.png"
    ax = wv.plots.table(data, filename=path)
    assert ax.get_xlabel() == "t (ns)"
    assert np.isclose(ax.get_lines()[0].get_xdata()[-1], 1.0)
    image = pictures.load(path)
    assert pictures.has_content(image)
    assert count(image, C0) > 50 and count(image, C1) > 50
    with pytest.raises(ValueError, match="E_zeeman"):
        wv.plots.table(data, y="E_zeeman")


def test_wall_position(tmp_path, pictures):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(100e-9, 10e-9, 5e-9), cell=(2e-9, 5e-9, 5e-9))
    walls = [
        df.Field(
            mesh, nvdim=3, value=lambda p, c=c: (np.tanh((c - p[0]) / 5e-9), 0.3, 0)
        )
        for c in (31e-9, 45e-9, 59e-9)
    ]
    path = tmp_path / "wall.png"
    ax = wv.plots.wall_position(walls, times=[0, 1e-10, 2e-10], filename=path)
    assert np.allclose(ax.get_lines()[0].get_ydata(), [31, 45, 59], atol=0.1)
    assert np.allclose(ax.get_lines()[0].get_xdata(), [0, 0.1, 0.2])
    image = pictures.load(path)
    assert pictures.has_content(image) and count(image, C0) > 50


def test_skyrmion_centre(tmp_path, pictures):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(60e-9, 60e-9, 2e-9), cell=(2e-9, 2e-9, 2e-9))

    def bubble(cx):
        return df.Field(
            mesh,
            nvdim=3,
            value=lambda p: (
                (0, 0, -1)
                if (p[0] - cx) ** 2 + (p[1] - 31e-9) ** 2 < 60e-18
                else (0, 0, 1)
            ),
        )

    path = tmp_path / "centre.png"
    ax = wv.plots.skyrmion_centre(
        [bubble(x) for x in (21e-9, 25e-9, 29e-9)], filename=path
    )
    centres = ax.collections[0].get_offsets()
    assert np.allclose(centres, [[21, 31], [25, 31], [29, 31]], atol=1e-6)
    assert pictures.has_content(pictures.load(path))


def test_transmission(tmp_path, pictures):
    E = np.linspace(-1, 1, 201)
    T = np.column_stack([np.floor(2 + 2 * E), 0.5 * (1 + np.tanh(5 * E))])
    path = tmp_path / "transmission.png"
    ax = wv.plots.transmission(E, T, labels=["up", "down"], filename=path)
    assert [line.get_label() for line in ax.get_lines()] == ["up", "down"]
    assert ax.get_ylim()[0] == 0
    image = pictures.load(path)
    assert count(image, C0) > 50 and count(image, C1) > 50
    with pytest.raises(ValueError, match="shape"):
        wv.plots.transmission(E, T[:10])


def test_instability_map(tmp_path, pictures):
    nu = np.linspace(0, 2, 40)
    k = np.linspace(-1, 1, 30)
    growth = nu[None, :] - 1 - k[:, None] ** 2
    path = tmp_path / "map.png"
    ax = wv.plots.instability_map(
        nu, k, growth, threshold=0.0, xlabel="nu", ylabel="k", filename=path
    )
    assert len(ax.collections) == 2  # the map and the threshold contour
    image = pictures.load(path).astype(int)
    red = np.sum((image[..., 0] > 150) & (image[..., 2] < 100))
    blue = np.sum((image[..., 2] > 150) & (image[..., 0] < 100))
    black = np.sum(np.all(image < 40, axis=-1))
    assert red > 1000 and blue > 1000 and black > 100
    # Without a crossing there is no contour (and no warning).
    ax = wv.plots.instability_map(nu, k, growth + 10, threshold=0.0)
    assert len(ax.collections) == 1

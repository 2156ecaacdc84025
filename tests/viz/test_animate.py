"""Animations written off-screen and read back frame by frame."""

import importlib.util
import itertools

import discretisedfield as df
import micromagneticdata as md
import micromagneticmodel as mm
import numpy as np
import pytest
from PIL import Image

import weylmag as wm
import weylmag.viz as wv

MESH = df.Mesh(p1=(0, 0, 0), p2=(60e-9, 20e-9, 5e-9), cell=(5e-9, 5e-9, 5e-9))


def wall_at(x0):
    return df.Field(
        MESH,
        nvdim=3,
        norm=8e5,
        value=lambda p: (0, 0.2, 1) if p[0] < x0 else (0, 0.2, -1),
    )


def frames(path):
    with Image.open(path) as gif:
        out = []
        for i in range(gif.n_frames):
            gif.seek(i)
            out.append(np.asarray(gif.convert("RGB")))
    return out


def test_animate_fields_to_gif(tmp_path):
    path = wv.animate(
        [wall_at(x) for x in (15e-9, 30e-9, 45e-9)],
        tmp_path / "wall.gif",
        kind="slices",
        view="xy",
        window_size=(200, 120),
        times=[0, 1e-10, 2e-10],
    )
    images = frames(path)
    assert len(images) == 3
    # The wall moves right: the red (m_z = +1) part grows from frame to frame.
    red = [
        np.sum(im[..., 0].astype(int) > im[..., 2].astype(int) + 60) for im in images
    ]
    assert red[0] < red[1] < red[2]


def test_animate_a_drive(tmp_path):
    system = mm.System(name="anim")
    system.energy = mm.Exchange(A=1.3e-11) + mm.UniaxialAnisotropy(K=5e5, u=(0, 0, 1))
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.5)
    system.m = df.Field(MESH, nvdim=3, norm=8e5, value=lambda p: (1, 0.3, 0.2))
    wm.TimeDriver().drive(system, t=0.05e-9, n=3)
    drive = md.Data("anim")[0]
    path = wv.animate(
        drive, tmp_path / "drive.gif", kind="arrows", every=2, window_size=(160, 160)
    )
    images = frames(path)
    assert len(images) == 3
    assert any(np.any(a != b) for a, b in itertools.pairwise(images))


def test_animate_scalar_keeps_one_colour_range(tmp_path, pictures):
    def density(amplitude):
        return df.Field(
            MESH, nvdim=1, value=lambda p: amplitude if p[0] > 30e-9 else -amplitude
        )

    path = wv.animate(
        [density(1.0), density(2.0)],
        tmp_path / "rho.gif",
        kind="scalar",
        view="xy",
        window_size=(200, 120),
        label=False,
        lighting=False,
    )
    images = frames(path)
    assert len(images) == 2
    # On the range [-2, 2] of both frames only the second reaches the red end.
    right = [pictures.colour(im, (0.65, 0.9), (0.3, 0.55)) for im in images]
    assert pictures.close(right[1], pictures.RED_END, tol=12)
    assert not pictures.close(right[0], pictures.RED_END, tol=40)


def test_animate_refuses_unknown_kinds_and_formats(tmp_path):
    with pytest.raises(ValueError, match="kind"):
        wv.animate([wall_at(30e-9)], tmp_path / "a.gif", kind="hologram")
    with pytest.raises(ValueError, match=".gif"):
        wv.animate([wall_at(30e-9)], tmp_path / "a.png")


@pytest.mark.skipif(
    importlib.util.find_spec("imageio_ffmpeg") is not None,
    reason="imageio-ffmpeg is installed",
)
def test_movie_needs_imageio_ffmpeg(tmp_path):
    with pytest.raises(ImportError, match="imageio-ffmpeg"):
        wv.animate([wall_at(30e-9)], tmp_path / "a.mp4")


@pytest.mark.skipif(
    importlib.util.find_spec("imageio_ffmpeg") is None,
    reason="imageio-ffmpeg is not installed",
)
def test_movie_with_imageio_ffmpeg(tmp_path):
    path = wv.animate(
        [wall_at(x) for x in (15e-9, 45e-9)], tmp_path / "a.mp4", window_size=(160, 160)
    )
    assert path.stat().st_size > 1000

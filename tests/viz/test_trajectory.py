"""Wall positions and skyrmion centres from known textures and a drive."""

import discretisedfield as df
import micromagneticdata as md
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
import weylmag.viz as wv


def tanh_wall(mesh, centre, width=8e-9, component="x"):
    def value(p):
        s = np.tanh((centre - p[0]) / width)
        c = np.sqrt(1 - s**2)
        return (s, c, 0) if component == "x" else (0, c, s)

    return df.Field(mesh, nvdim=3, norm=8e5, value=value)


@pytest.fixture
def wire():
    return df.Mesh(p1=(0, 0, 0), p2=(200e-9, 10e-9, 5e-9), cell=(2e-9, 5e-9, 5e-9))


@pytest.mark.parametrize("component", ["x", "z"])
def test_wall_positions_of_tanh_walls(wire, component):
    centres = [50e-9, 81e-9, 123e-9]
    walls = [tanh_wall(wire, c, component=component) for c in centres]
    t, x = wv.wall_positions(walls, times=[0, 1e-10, 2e-10])
    assert np.allclose(t, [0, 1e-10, 2e-10])
    # Linear interpolation of tanh between cell centres 2 nm apart.
    assert np.allclose(x, centres, atol=0.05e-9)
    _, x_given = wv.wall_positions(walls, component=component)
    assert np.allclose(x_given, x)


def test_wall_positions_track_the_nearest_zero_and_skip_uniform(wire):
    # Two walls: the tracked one is the one nearest the previous position.
    def two_walls(shift):
        return df.Field(
            wire,
            nvdim=3,
            norm=1,
            value=lambda p: (np.cos(2 * np.pi * (p[0] - shift) / 200e-9), 0.1, 0),
        )

    uniform = df.Field(wire, nvdim=3, value=(1, 0, 0))
    _, x = wv.wall_positions([two_walls(0), two_walls(4e-9), uniform], component="x")
    assert np.isclose(x[1] - x[0], 4e-9, atol=0.1e-9)
    assert np.isnan(x[2])


def test_skyrmion_centres_follow_a_bubble():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(80e-9, 60e-9, 4e-9), cell=(2e-9, 2e-9, 2e-9))

    def bubble(cx, cy):
        def value(p):
            inside = (p[0] - cx) ** 2 + (p[1] - cy) ** 2 < (9.3e-9) ** 2
            return (0, 0, -1) if inside else (0, 0, 1)

        return df.Field(mesh, nvdim=3, norm=5.8e5, value=value)

    path = [(31e-9, 29e-9), (41e-9, 31e-9), (51e-9, 35e-9)]  # cell centres
    t, c = wv.skyrmion_centres([bubble(*xy) for xy in path])
    assert np.allclose(t, [0, 1, 2])
    assert np.allclose(c, path, atol=1e-12)
    _, none = wv.skyrmion_centres([df.Field(mesh, nvdim=3, value=(0, 0, 1))])
    assert np.all(np.isnan(none))


def test_trajectory_of_a_drive(wire):
    # A current moves a wall along +u; the drive's table gives the times.
    system = mm.System(name="wall")
    system.energy = mm.Exchange(A=1.3e-11) + mm.UniaxialAnisotropy(K=5e5, u=(1, 0, 0))
    system.dynamics = (
        mm.Precession(gamma0=2.211e5)
        + mm.Damping(alpha=0.5)
        + mm.ZhangLi(u=200, beta=0.5)
    )
    system.m = tanh_wall(wire, 100e-9, width=5e-9)
    wm.TimeDriver().drive(system, t=0.1e-9, n=4)
    drive = md.Data("wall")[0]
    t, x = wv.wall_positions(drive)
    assert np.allclose(t, [0.025e-9, 0.05e-9, 0.075e-9, 0.1e-9])
    assert np.all(np.diff(x) > 0)
    assert 100e-9 < x[-1] < 130e-9

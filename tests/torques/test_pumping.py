"""The probe voltage of SpinMotiveForce: a line integral between two planes."""

import discretisedfield as df
import numpy as np
import pytest

from weylmag.torques.pumping import probe_weights


@pytest.mark.parametrize("axis", ["x", "y", "z"])
def test_uniform_field_gives_field_times_distance(axis):
    """For a uniform E along the axis, V = E (p2 - p1), planes inside cells or not,
    in either order (V is the potential at p2 minus that at p1).

    Two cells of one layer are empty (Ms = 0): the cross-section average is
    over the magnetic cells, so V stays E times the distance.
    """
    n = {"x": (10, 3, 2), "y": (3, 10, 2), "z": (3, 2, 10)}[axis]
    cell = (2e-9, 3e-9, 4e-9)
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(c * k for c, k in zip(cell, n)), n=n)
    a = "xyz".index(axis)
    active = np.ones(n, dtype=bool)
    index = [0, 0, 0]
    index[a] = 4
    active[tuple(index)] = False
    index[(a + 1) % 3] = 1
    active[tuple(index)] = False
    d = cell[a]
    for p1, p2 in [(1.3 * d, 7.6 * d), (2 * d, 5 * d), (0.0, 10 * d), (6.2 * d, 0.5 * d)]:
        w = probe_weights(mesh, active.reshape(-1), (p1, p2), axis)
        E = 3.7e2  # V/m
        assert w @ np.full(w.size, E) == pytest.approx(E * (p2 - p1), rel=1e-12, abs=0)
        assert np.all(w[~active.reshape(-1)] == 0)


def test_probes_outside_the_mesh_are_refused():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 1e-9, 1e-9), n=(10, 1, 1))
    with pytest.raises(ValueError, match="inside the mesh"):
        probe_weights(mesh, np.ones(10, dtype=bool), (2e-9, 12e-9), "x")
    with pytest.raises(ValueError, match="two different planes"):
        probe_weights(mesh, np.ones(10, dtype=bool), (2e-9, 2e-9), "x")

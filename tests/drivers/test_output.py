"""Drive directories are read back by micromagneticdata and the table by ubermagtable."""

import discretisedfield as df
import micromagneticdata as mdata
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm


@pytest.fixture
def system():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(4e-9, 2e-9, 2e-9), n=(4, 2, 1))
    system = mm.System(name="out")
    system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(H=(0, 0, 2e5))
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.3)
    system.m = df.Field(mesh, nvdim=3, value=(1, 0, 0.2), norm=8e5)
    return system


def test_time_drive_is_readable(system):
    """Snapshots at t k/n, table times exact, last snapshot equals system.m."""
    wm.TimeDriver().drive(system, t=20e-12, n=4, verbose=0)
    drive = mdata.Data("out")[0]
    assert drive.n == 4
    np.testing.assert_allclose(drive.table.data["t"], [5e-12, 10e-12, 15e-12, 20e-12],
                               rtol=0, atol=0)
    np.testing.assert_allclose(drive[-1].array, system.m.array, rtol=1e-12)
    assert system.table.data["mz"].iloc[-1] == pytest.approx(
        system.m.orientation.z.mean(), abs=1e-12)


def test_table_energy_matches_compute(system):
    """The E column equals the energy that compute() returns for the final state."""
    wm.TimeDriver().drive(system, t=5e-12, n=1, verbose=0)
    assert system.table.data["E"].iloc[-1] == pytest.approx(
        wm.compute(system.energy.energy, system), rel=1e-10)
    assert system.table.data["E_zeeman"].iloc[-1] == pytest.approx(
        wm.compute(system.energy.zeeman.energy, system), rel=1e-10)


def test_threads_do_not_change_results(system):
    """A run with one numba thread and one with two give the same numbers."""
    other = mm.System(name="out2")
    other.energy, other.dynamics = system.energy, system.dynamics
    other.m = df.Field(system.m.mesh, nvdim=3, value=system.m.array.copy())
    wm.TimeDriver().drive(system, t=5e-12, n=1, n_threads=1, verbose=0)
    wm.TimeDriver().drive(other, t=5e-12, n=1, n_threads=2, verbose=0)
    np.testing.assert_array_equal(system.m.array, other.m.array)

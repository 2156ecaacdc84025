"""muMAG standard problem 4 against OOMMF, and the energy law of its dynamics.

The reference (``../shared/reference/sp4_field1_oommf.txt`` beside the
repository) is OOMMF's <m>(t), one row per picosecond, on 2.5 nm cells from
a conjugate-gradient S-state relaxed to max |m x H x m| < 1e-6 A/m.

- On the same mesh (``long``): the largest deviation of any component of
  <m> over the whole nanosecond stays below 1e-3.
- On 5 nm cells (every run): the discretisation itself moves the curve by
  about 1e-2 (measured: 9.4e-3 in <my>), so the bound there is 2e-2, with
  the published zero crossing of <mx> (0.139 ns) and the final <m>.
- With a constant field and damping the energy can only decrease,
  dE/dt = -alpha gamma0 mu0 Ms / (1 + alpha^2) int |m x H|^2 dV <= 0; checked
  for field 2, which has no reference curve here.
"""

import pathlib

import numpy as np
import pytest

import weylmag as wm

REFERENCE = (
    pathlib.Path(__file__).resolve().parents[3]
    / "shared"
    / "reference"
    / "sp4_field1_oommf.txt"
)


def run(cell, field, t=1e-9, n=1000):
    system = wm.standard.standard_problem_4(cell=cell, name=f"sp4_{field}")
    wm.MinDriver(stopping_mxHxm=1e-6).drive(system, verbose=0)
    system.energy += wm.standard.standard_problem_4_field(field)
    wm.TimeDriver().drive(system, t=t, n=n, verbose=0)
    return system.table.data


def reference():
    if not REFERENCE.exists():
        pytest.skip(f"reference data not found at {REFERENCE}")
    return np.loadtxt(REFERENCE)


def deviation(data, ref):
    np.testing.assert_allclose(data["t"].to_numpy(), ref[:, 0], rtol=1e-9)
    return np.abs(data[["mx", "my", "mz"]].to_numpy() - ref[:, 1:4]).max()


@pytest.mark.long
def test_field1_matches_oommf_on_the_same_mesh():
    ref = reference()
    assert deviation(run((2.5e-9, 2.5e-9, 3e-9), 1), ref) < 1e-3


def test_field1_on_5nm_cells():
    ref = reference()
    data = run((5e-9, 5e-9, 3e-9), 1)
    assert deviation(data, ref) < 2e-2
    mx = data["mx"].to_numpy()
    crossing = data["t"].to_numpy()[np.argmax(mx < 0)]
    assert 0.135e-9 < crossing < 0.145e-9
    final = data[["mx", "my", "mz"]].to_numpy()[-1]
    np.testing.assert_allclose(final, [-0.985, 0.127, 0.043], atol=1e-2)


def test_field2_energy_never_increases():
    data = run((5e-9, 5e-9, 3e-9), 2, t=0.5e-9, n=500)
    E = data["E"].to_numpy()
    assert E[-1] < E[0]
    # Between outputs the energy falls; the integrator's local error (1e-5 of
    # m per step) may shift it by a few parts in 1e6 of its range at most.
    rises = np.diff(E)
    assert rises.max() <= 1e-6 * (E.max() - E.min()), rises.max()

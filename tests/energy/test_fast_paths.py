"""The fast paths (uniform exchange, uniform LLG) equal the general kernels.

With one A and one Ms the exchange field is computed from index arithmetic
instead of the neighbour table, and with one gamma0 and alpha and no torque
terms the LLG skips the per-cell arrays. Both must agree with the general
kernels to round-off on open and periodic meshes.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

from weylmag import Problem
from weylmag._kernels import fields as kf
from weylmag._kernels import llg as kl


def problem(n, bc):
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(k * 1e-9 for k in n), n=n, bc=bc)
    system = mm.System(name="fast")
    system.energy = mm.Zeeman(H=(1e5, 0, 2e5)) + mm.Exchange(A=1.3e-11)
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.3)
    rng = np.random.default_rng(1)
    system.m = df.Field(mesh, nvdim=3, value=rng.normal(size=(*n, 3)), norm=8e5)
    return Problem(system)


@pytest.mark.parametrize("bc", ["", "x", "yz", "xyz"])
@pytest.mark.parametrize("n", [(7, 5, 3), (9, 1, 1), (1, 6, 4), (4, 4, 1)], ids=str)
def test_uniform_exchange_equals_table_kernel(n, bc):
    p = problem(n, bc)
    exchange = p.energy_terms[1]
    assert exchange.sets_field
    m = p.m0
    fast = np.full_like(m, np.nan)  # set_field must overwrite everything
    exchange.set_field(m, 0.0, fast)
    general = np.zeros_like(m)
    kf.add_exchange(m, p.grid.ngb, exchange.coef, general)
    assert np.abs(general).max() > 0
    np.testing.assert_allclose(fast, general, rtol=0, atol=1e-12 * np.abs(general).max())


@pytest.mark.parametrize("bc", ["", "xy"])
def test_uniform_llg_equals_general(bc):
    p = problem((6, 5, 2), bc)
    assert p._uniform_llg is not None
    m = p.m0
    fast = np.zeros_like(m)
    p.rhs(0.0, m, fast)
    H = p.effective_field(m, 0.0, np.zeros_like(m))
    general = np.zeros_like(m)
    kl.set_llg(m, H, np.zeros_like(m), p.gamma, p.alpha, p.precess, p.free, general)
    np.testing.assert_allclose(fast, general, rtol=0, atol=1e-12 * np.abs(general).max())


def test_varying_Ms_takes_the_general_path():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(4e-9, 2e-9, 1e-9), n=(4, 2, 1))
    system = mm.System(name="slow")
    system.energy = mm.Exchange(A=1e-11)
    system.m = df.Field(
        mesh, nvdim=3, value=(0, 0, 1), norm=lambda p: 8e5 if p[0] < 2e-9 else 4e5
    )
    assert not Problem(system).energy_terms[0].sets_field

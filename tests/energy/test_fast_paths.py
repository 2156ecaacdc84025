"""The fast paths (uniform exchange, uniform LLG) equal the general kernels.

With one A and one Ms the exchange field is computed from index arithmetic
instead of the neighbour table, and with one gamma0 and alpha and no torque
terms the LLG skips the per-cell arrays; a field that is one vector in every
cell is added as that vector, and with all of these the exchange field, the
uniform fields and dm/dt are computed in one pass. All must agree with the
general kernels to round-off on open and periodic meshes.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

from weylmag import Problem
from weylmag._kernels import fields as kf
from weylmag._kernels import llg as kl
from weylmag.energy import Zeeman


def problem(n, bc):
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(k * 1e-9 for k in n), n=n, bc=bc)
    system = mm.System(name="fast")
    system.energy = mm.Zeeman(H=(1e5, 0, 2e5)) + mm.Exchange(A=1.3e-11)
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.3)
    rng = np.random.default_rng(1)
    system.m = df.Field(mesh, nvdim=3, value=rng.normal(size=(*n, 3)), norm=8e5)
    return Problem(system)


@pytest.mark.parametrize("bc", ["", "x", "yz", "xyz"])
@pytest.mark.parametrize(
    "n", [(7, 5, 3), (9, 1, 1), (1, 6, 4), (4, 4, 1), (5, 1, 6), (3, 2, 2), (1, 1, 3)],
    ids=str,
)
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
    # The parallel compilation (used on large meshes) gives the same.
    parallel = np.full_like(m, np.nan)
    args = exchange._shape, exchange._axis_coef, exchange._periodic
    kf.set_exchange_uniform.parallel(m, *args, parallel)
    np.testing.assert_array_equal(parallel, fast)


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


def general_rhs(p, m, t, H_extra=None):
    """H and dm/dt from the table kernels and the per-cell Zeeman and LLG."""
    H = np.zeros_like(m)
    for term in p.energy_terms:
        if term.name == "exchange":
            kf.add_exchange(m, p.grid.ngb, term.coef, H)
        elif isinstance(term, Zeeman) and term.tf.kind == "vector":
            H += np.asarray(term.tf(t)) * term._scale[:, None]
        elif isinstance(term, Zeeman):
            kf.add_transformed(term.H0, term.matrix(t), term._scale, H)
        else:
            term.add_field(m, t, H)
    if H_extra is not None:
        H += H_extra
    dmdt = np.zeros_like(m)
    kl.set_llg(m, H, np.zeros_like(m), p.gamma, p.alpha, p.precess, p.free, dmdt)
    return H, dmdt


def film_problem(n, bc, extra=None):
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(k * 2e-9 for k in n), n=n, bc=bc)
    system = mm.System(name="fused")
    system.energy = mm.Exchange(A=1.3e-11) + mm.Zeeman(H=(-2e4, 3e3, 5e4))
    if extra is not None:
        system.energy += extra(mesh)
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.1)
    rng = np.random.default_rng(2)
    system.m = df.Field(mesh, nvdim=3, value=rng.normal(size=(*n, 3)), norm=8e5)
    return Problem(system)


def assert_rhs_matches(p, t=0.0, H_extra=None):
    m = p.m0
    fast = np.full_like(m, np.nan)  # rhs must overwrite everything
    p.H[:] = np.nan
    assert p._fused_rhs(t, m, fast, H_extra)  # the fused path is taken
    H, general = general_rhs(p, m, t, H_extra)
    assert np.abs(general).max() > 0
    np.testing.assert_allclose(p.H, H, rtol=0, atol=1e-12 * np.abs(H).max())
    np.testing.assert_allclose(fast, general, rtol=0, atol=1e-12 * np.abs(general).max())
    # The public entry point gives the same.
    again = np.full_like(m, np.nan)
    p.rhs(t, m, again, H_extra)
    np.testing.assert_array_equal(again, fast)


@pytest.mark.parametrize("bc", ["", "x", "xy", "xyz"])
@pytest.mark.parametrize("n", [(8, 6, 1), (5, 4, 3), (1, 7, 5), (6, 1, 1)], ids=str)
def test_fused_rhs_equals_general_path(n, bc):
    assert_rhs_matches(film_problem(n, bc))


@pytest.mark.parametrize("n", [(8, 6, 1), (4, 3, 5)], ids=str)
def test_fused_rhs_adds_the_other_fields(n):
    # Anisotropy and a non-uniform Zeeman field go into H before the fused pass.
    def extra(mesh):
        ramp = df.Field(mesh, nvdim=3, value=lambda p: (p[0] * 1e12, 0, 1e4))
        return mm.UniaxialAnisotropy(K=4e5, u=(0, 1, 1)) + mm.Zeeman(H=ramp, name="ramp")

    p = film_problem(n, "y", extra)
    assert p.energy_terms[3].uniform_field(0.0) is None
    assert_rhs_matches(p)
    rng = np.random.default_rng(3)
    assert_rhs_matches(p, H_extra=rng.normal(scale=1e4, size=p.m0.shape))


def test_fused_rhs_with_thermal_field_alone():
    p = film_problem((5, 4, 2), "x")
    rng = np.random.default_rng(4)
    assert_rhs_matches(p, H_extra=rng.normal(scale=1e4, size=p.m0.shape))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"func": "sin", "f": 1e9, "t0": 1e-11},
        {"func": lambda t: [[1, 0, 2 * t * 1e9], [0, 3, 0], [0.5, 0, -1]], "dt": 1e-13},
        {
            "tcl_strings": {
                "script": "proc f {t} {return [list 1e4 [expr {-2e13 * $t}] 3e3 0 0 0]}",
                "script_name": "f",
                "energy": "Oxs_ScriptUZeeman",
            }
        },
    ],
    ids=["sin", "matrix", "vector"],
)
def test_fused_rhs_with_time_dependent_zeeman(kwargs):
    if "tcl_strings" in kwargs:
        pytest.importorskip("tkinter")
    pulse = mm.Zeeman(H=(1e4, 2e4, -3e4), name="pulse", **kwargs)
    p = film_problem((6, 5, 1), "xy", lambda mesh: pulse)
    assert p.energy_terms[2].uniform_field(0.3e-9) is not None
    assert_rhs_matches(p, t=0.3e-9)


def test_fused_rhs_damping_only():
    p = film_problem((6, 5, 2), "")
    p.damping_only()
    assert_rhs_matches(p)


@pytest.mark.parametrize("compiled", ["serial", "parallel"])
@pytest.mark.parametrize("n", [(9, 7, 1), (3, 4, 6)], ids=str)
def test_fused_kernel_serial_and_parallel(n, compiled):
    p = film_problem(n, "xz")
    exchange = p.energy_terms[0]
    m = p.m0
    h = p.energy_terms[1].uniform_field(0.0)
    H = np.full_like(m, np.nan)
    fast = np.full_like(m, np.nan)
    getattr(kf.set_exchange_llg_uniform, compiled)(
        m, exchange._shape, exchange._axis_coef, exchange._periodic, h, False,
        *p._uniform_llg, p.precess, H, fast,
    )
    Href, general = general_rhs(p, m, 0.0)
    np.testing.assert_allclose(H, Href, rtol=0, atol=1e-12 * np.abs(Href).max())
    np.testing.assert_allclose(fast, general, rtol=0, atol=1e-12 * np.abs(general).max())


def test_uniform_zeeman_equals_per_cell_kernel():
    p = film_problem((4, 3, 2), "")
    zeeman = p.energy_terms[1]
    assert zeeman.uniform
    fast = np.ones_like(p.m0)
    zeeman.add_field(p.m0, 0.0, fast)
    general = np.ones_like(p.m0)
    kf.add_transformed(zeeman.H0, zeeman.matrix(0.0), zeeman._scale, general)
    np.testing.assert_array_equal(fast, general)
    parallel = np.ones_like(p.m0)
    kf.add_uniform.parallel(parallel, zeeman.uniform_field(0.0), parallel)
    np.testing.assert_array_equal(parallel, general)


def test_general_path_where_nothing_fuses():
    # Empty cells: no uniform exchange, no uniform Zeeman, no uniform LLG.
    mesh = df.Mesh(p1=(0, 0, 0), p2=(8e-9, 4e-9, 2e-9), n=(4, 2, 1))
    system = mm.System(name="holes")
    system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(H=(0, 0, 1e5))
    system.m = df.Field(
        mesh, nvdim=3, value=(0, 1, 1), norm=lambda p: 0 if p[0] < 2e-9 else 8e5
    )
    p = Problem(system)
    assert not p.energy_terms[0].fuses_llg
    assert p.energy_terms[1].uniform_field(0.0) is None
    m = p.m0
    assert not p._fused_rhs(0.0, m, np.zeros_like(m), None)
    fast = np.zeros_like(m)
    p.rhs(0.0, m, fast)
    _, general = general_rhs(p, m, 0.0)
    np.testing.assert_allclose(fast, general, rtol=0, atol=1e-12 * np.abs(general).max())

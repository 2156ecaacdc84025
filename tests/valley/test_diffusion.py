"""ValleyDiffusionSolver against closed-form solutions and conservation laws.

Units throughout: D = 1e-4 m^2/s and tau_v = 1e-12 s give lambda_v = 10 nm;
a source S = 1e36 1/(m^3 s) gives the bulk density S tau_v = 1e24 1/m^3.
"""

import discretisedfield as df
import numpy as np
import pytest

from weylmag.parameters import ParameterError
from weylmag.valley import diffusion
from weylmag.valley.diffusion import ValleyDiffusionSolver

D, TAU, S = 1e-4, 1e-12, 1e36
LAM = np.sqrt(D * TAU)  # 10 nm


def chain(n, length, bc=""):
    """A chain of n cells along x, length in m."""
    return df.Mesh(p1=(0, 0, 0), p2=(length, 2e-9, 2e-9), n=(n, 1, 1), bc=bc)


def centres(n, length):
    return (np.arange(n) + 0.5) * length / n


def slab_error(cells_per_lambda):
    """Largest error of the slab on a mixing face, relative to S tau."""
    length = 12 * LAM
    n = 12 * cells_per_lambda
    solver = ValleyDiffusionSolver(chain(n, length), D=D, tau_v=TAU, mixing="x-")
    rho = solver.solve(S)
    x = centres(n, length)
    exact = S * TAU * (1 - np.cosh((length - x) / LAM) / np.cosh(length / LAM))
    return np.abs(rho - exact).max() / (S * TAU), rho, x


def test_slab_on_a_mixing_interface_matches_eq_31():
    """rho = S tau (1 - cosh((L-x)/lambda)/cosh(L/lambda)) ~ S tau (1 - e^(-x/lambda)).

    Measured with 10 cells per lambda_v: 1.17e-3 of S tau against either form
    (they differ by at most e^(-12) = 6e-6 on L = 12 lambda_v), so 1 % has
    a margin of 8 and still fails if the mixing face were put at the cell
    centre (rho_0 = 0, an error of about h/(2 lambda) = 5 %).
    """
    error, rho, x = slab_error(10)
    assert error < 0.01
    eq31 = S * TAU * (1 - np.exp(-x / LAM))
    assert np.abs(rho - eq31).max() < 0.01 * S * TAU


def test_slab_error_is_second_order_in_the_cell_size():
    """Measured errors 1.17e-3, 3.02e-4, 7.68e-5 for 10, 20, 40 cells per
    lambda_v: observed orders 1.95 and 1.98 (the boundary flux rho_0/(h/2) is
    only first-order accurate, but the error of the solution is second order,
    the supraconvergence of cell-centred finite volumes)."""
    errors = [slab_error(k)[0] for k in (10, 20, 40)]
    orders = np.log2(np.array(errors[:-1]) / np.array(errors[1:]))
    assert np.all(np.abs(orders - 2) < 0.2), orders


def test_integrated_gradient_is_the_bulk_density():
    """Sum of g_x h over the column telescopes to rho_face(x+) - rho_face(x-)
    = rho_last - 0: to rounding (measured 0 to 2e-16 relative). On L = 40
    lambda_v the last cell is bulk to e^(-40), so the integrated valley field of
    Eq. 30 is S tau / N to 1e-12 as well (on L = 12 lambda_v it would be off by
    1/cosh(12) = 1.2e-5)."""
    n, length = 400, 40 * LAM
    solver = ValleyDiffusionSolver(chain(n, length), D=D, tau_v=TAU, mixing="x-")
    rho = solver.solve(S)
    g = solver.gradient(rho)
    integral = g[:, 0].sum() * length / n
    assert integral == pytest.approx(rho[-1], rel=1e-12, abs=0)
    assert integral == pytest.approx(S * TAU, rel=1e-12, abs=0)
    assert np.all(g[:, 1:] == 0)


def test_no_relaxation_between_two_mixing_faces_is_a_parabola_by_hand():
    """tau_v = inf, rho = 0 on both ends: -D rho'' = S. Interior rows are exact
    for a parabola; the boundary rows then shift it by exactly S h^2 / (8 D)
    (solve the balance of the first cell by hand), so the discrete solution is
    S x (L - x) / (2D) + S h^2 / (8D) to rounding."""
    n, length = 16, 32e-9
    h = length / n
    solver = ValleyDiffusionSolver(
        chain(n, length), D=D, tau_v=np.inf, mixing=["x-", "x+"]
    )
    rho = solver.solve(S)
    x = centres(n, length)
    expected = S * x * (length - x) / (2 * D) + S * h**2 / (8 * D)
    np.testing.assert_allclose(rho, expected, rtol=1e-12)
    assert np.isinf(solver.lambda_v).all()


def box(bc=""):
    """A 6 x 5 x 4 mesh of unequal cell sides (2, 3, 4 nm)."""
    return df.Mesh(p1=(0, 0, 0), p2=(12e-9, 15e-9, 16e-9), n=(6, 5, 4), bc=bc)


def test_conservation_with_mixing_faces_flux_and_random_parameters():
    """Sum_i V (rho_i/tau_i - S_i) + outflow through the mixing faces = 0.

    The outflow is computed here from the face rule
    A (D_i rho_i/(h/2) + F_i.n), on the x- and z+ faces picked by index; y is
    periodic and an inner block of cells is inactive with closed faces.
    Measured residual: 4e-17 of sum V |S|; 1e-10 leaves room for any
    solver rounding and fails if any flux through a mixing face is dropped.
    """
    rng = np.random.default_rng(1)
    mesh = box(bc="y")
    nx, ny, nz = 6, 5, 4
    hx, hy, hz = 2e-9, 3e-9, 4e-9
    active = np.ones((nx, ny, nz), dtype=bool)
    active[2:4, 1:3, 1:3] = False
    active = active.reshape(-1)
    n = active.size
    tau = TAU * rng.uniform(0.3, 3, n)
    Dc = D * rng.uniform(0.5, 2, n)
    source = S * rng.uniform(-1, 1, n)
    flux = 1e26 * rng.uniform(-1, 1, (n, 3))
    solver = ValleyDiffusionSolver(
        mesh, D=Dc, tau_v=tau, active=active, mixing=["x-", "z+"]
    )
    rho = solver.solve(source, flux)
    assert np.all(rho[~active] == 0)

    idx = np.arange(n).reshape(nx, ny, nz)
    xm = idx[0, :, :].reshape(-1)
    zp = idx[:, :, -1].reshape(-1)
    outflow = (hy * hz * (Dc[xm] * rho[xm] / (hx / 2) - flux[xm, 0])).sum()
    outflow += (hx * hy * (Dc[zp] * rho[zp] / (hz / 2) + flux[zp, 2])).sum()
    V = hx * hy * hz
    balance = (V * (rho / tau - source))[active].sum() + outflow
    scale = (V * np.abs(source))[active].sum()
    assert abs(balance) < 1e-10 * scale
    assert solver.mixing_faces == xm.size + zp.size


def test_periodic_uniform_source_gives_the_bulk_density():
    """No boundary at all: rho = S tau in every cell (measured to 2e-16); a
    uniform F has no divergence and changes nothing, and the current is F. The
    rounding of rho, eps S tau, becomes a diffusive current of about
    D eps S tau / h = 5e12 1/(m^2 s), 2e-13 of F (measured 3.6e-13): hence
    1e-11 of F for the current."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(8e-9, 6e-9, 4e-9), n=(4, 3, 2), bc="xyz")
    solver = ValleyDiffusionSolver(mesh, D=D, tau_v=TAU)
    assert solver.mixing_faces == 0
    np.testing.assert_allclose(solver.solve(S), S * TAU, rtol=1e-13)
    flux = np.tile([3e25, -1e25, 2e25], (solver.n, 1))
    np.testing.assert_allclose(solver.solve(S, flux), S * TAU, rtol=1e-13)
    current = solver.current(solver.solve(S), flux)
    np.testing.assert_allclose(current, flux, rtol=0, atol=1e-11 * 3e25)


def test_step_in_tau_and_D_on_a_periodic_chain():
    """Two regions on a ring: rho_k = S tau_k + A_k cosh((x - c_k)/lambda_k)
    about each region's centre c_k, with rho and D drho/dx continuous at the
    steps. D drops a hundredfold and tau_v rises a hundredfold, so lambda_v is
    10 nm on both sides. Measured with 1 nm cells: 1.2e-3 of the jump
    S (tau_2 - tau_1); the arithmetic mean of D at the face instead of the
    harmonic one gives 4.6e-2, so 1 % tells them apart."""
    n, length = 200, 200e-9
    x = centres(n, length)
    left = x < length / 2
    t1, t2, D1, D2 = TAU, 100 * TAU, D, D / 100
    solver = ValleyDiffusionSolver(
        chain(n, length, bc="x"),
        D=np.where(left, D1, D2),
        tau_v=np.where(left, t1, t2),
    )
    rho = solver.solve(S)
    l1, l2 = np.sqrt(D1 * t1), np.sqrt(D2 * t2)
    a1, a2 = length / 4 / l1, length / 4 / l2
    match = [
        [np.cosh(a1), -np.cosh(a2)],
        [D1 * np.sinh(a1) / l1, D2 * np.sinh(a2) / l2],
    ]
    A1, A2 = np.linalg.solve(match, [S * (t2 - t1), 0])
    exact = np.where(
        left,
        S * t1 + A1 * np.cosh((x - length / 4) / l1),
        S * t2 + A2 * np.cosh((x - 3 * length / 4) / l2),
    )
    assert np.abs(rho - exact).max() < 0.01 * S * (t2 - t1)


def test_uniform_flux_between_closed_ends():
    """F = F0 x, no source, j = 0 at both ends: rho = (F0 tau/lambda)
    sinh((x - L/2)/lambda) / cosh(L/(2 lambda)) and
    j = F0 (1 - cosh((x - L/2)/lambda) / cosh(L/(2 lambda))).

    Measured with 10 cells per lambda_v: rho off by 1.6e-4 of its maximum,
    j by 1.2e-3 of F0; rho is antisymmetric to rounding (measured exactly).
    """
    n, length, F0 = 120, 12 * LAM, 1e20
    solver = ValleyDiffusionSolver(chain(n, length), D=D, tau_v=TAU)
    flux = np.zeros((n, 3))
    flux[:, 0] = F0
    rho = solver.solve(flux=flux)
    x = centres(n, length)
    c = np.cosh(length / (2 * LAM))
    exact = F0 * TAU / LAM * np.sinh((x - length / 2) / LAM) / c
    assert np.abs(rho + rho[::-1]).max() <= 1e-12 * np.abs(rho).max()
    assert np.abs(rho - exact).max() < 0.01 * np.abs(exact).max()
    j = solver.current(rho, flux)
    j_exact = F0 * (1 - np.cosh((x - length / 2) / LAM) / c)
    assert np.abs(j[:, 0] - j_exact).max() < 0.01 * F0
    assert np.all(j[:, 1:] == 0)
    # The divergence of F lives on the two end cells only.
    div = solver.divergence(flux)
    h = length / n
    np.testing.assert_allclose(div[[0, -1]], [F0 / h, -F0 / h], rtol=1e-14)
    assert np.all(div[1:-1] == 0)


def test_one_factorisation_many_linear_solves(monkeypatch):
    """splu runs once, in the constructor; solves are linear in (S, F)
    (measured to 1e-15)."""
    calls = []
    real = diffusion.splu

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(diffusion, "splu", counting)
    rng = np.random.default_rng(2)
    solver = ValleyDiffusionSolver(box(), D=D, tau_v=TAU, mixing="x-")
    n = solver.n
    S1, S2 = S * rng.random(n), S * rng.random(n)
    F1, F2 = 1e26 * rng.random((n, 3)), 1e26 * rng.random((n, 3))
    out = np.empty(n)
    r1 = solver.solve(S1, F1).copy()
    r2 = solver.solve(S2, F2).copy()
    r3 = solver.solve(2 * S1 - 3 * S2, 2 * F1 - 3 * F2, out=out)
    assert r3 is out
    scale = np.abs(r3).max()
    np.testing.assert_allclose(r3, 2 * r1 - 3 * r2, rtol=0, atol=1e-12 * scale)
    assert len(calls) == 1


def test_operator_is_symmetric_positive_definite():
    """Equal cell volumes, so the volume-weighted matrix is the matrix: it is
    symmetric to the bit, and its smallest eigenvalue is at least the smallest
    relaxation rate 1/tau_v (the Laplacian part is positive semidefinite)."""
    rng = np.random.default_rng(3)
    mesh = df.Mesh(p1=(0, 0, 0), p2=(8e-9, 9e-9, 8e-9), n=(4, 3, 2), bc="y")
    n = 24
    active = np.ones(n, dtype=bool)
    active[5] = False
    tau = TAU * rng.uniform(0.5, 2, n)
    solver = ValleyDiffusionSolver(
        mesh,
        D=D * rng.uniform(0.5, 2, n),
        tau_v=tau,
        active=active,
        mixing=["x-", "empty"],
    )
    A = solver.matrix.toarray()
    assert A.shape == (n - 1, n - 1)
    assert np.array_equal(A, A.T)
    eigenvalues = np.linalg.eigvalsh(A)
    assert eigenvalues.min() >= (1 / tau[active]).min() * (1 - 1e-12)


def test_errors_name_the_parameter():
    mesh = chain(10, 10e-9)
    with pytest.raises(ParameterError, match="'D'.*positive"):
        ValleyDiffusionSolver(mesh, D=0.0, tau_v=TAU, mixing="x-")
    with pytest.raises(ParameterError, match="'D'.*positive"):
        ValleyDiffusionSolver(mesh, D=np.full(10, -D), tau_v=TAU, mixing="x-")
    with pytest.raises(ParameterError, match="'D'.*one value per cell"):
        ValleyDiffusionSolver(mesh, D=np.full(9, D), tau_v=TAU, mixing="x-")
    with pytest.raises(ParameterError, match="'tau_v'.*positive"):
        ValleyDiffusionSolver(mesh, D=D, tau_v=-TAU, mixing="x-")
    with pytest.raises(ParameterError, match="'tau_v'"):
        ValleyDiffusionSolver(mesh, D=D, tau_v=np.nan, mixing="x-")
    with pytest.raises(ValueError, match="'mixing'.*'w\\+'.*'x-'.*'empty'"):
        ValleyDiffusionSolver(mesh, D=D, tau_v=TAU, mixing="w+")
    with pytest.raises(ValueError, match="'mixing'.*periodic along x"):
        ValleyDiffusionSolver(chain(10, 10e-9, bc="x"), D=D, tau_v=TAU, mixing="x-")
    with pytest.raises(ValueError, match="'mixing'.*one bool per boundary face"):
        ValleyDiffusionSolver(mesh, D=D, tau_v=TAU, mixing=lambda p, n: [True])
    with pytest.raises(ValueError, match="'active'"):
        ValleyDiffusionSolver(mesh, D=D, tau_v=TAU, active=np.ones(10))
    with pytest.raises(ValueError, match="singular.*'tau_v'.*'mixing'"):
        ValleyDiffusionSolver(mesh, D=D, tau_v=np.inf)
    # A second piece, cut off by an inactive cell, with no sink of its own.
    active = np.ones(10, dtype=bool)
    active[6] = False
    with pytest.raises(ValueError, match="singular: 3 connected"):
        ValleyDiffusionSolver(mesh, D=D, tau_v=np.inf, active=active, mixing="x-")
    solver = ValleyDiffusionSolver(mesh, D=D, tau_v=TAU, mixing="x-")
    with pytest.raises(ValueError, match="'flux'.*\\(10, 3\\)"):
        solver.solve(S, flux=np.zeros(10))


def test_parameters_in_every_form():
    """Subregion dicts (with inf for no relaxation) and fields give the same
    operator as per-cell arrays."""
    sub = {"a": df.Region(p1=(0, 0, 0), p2=(4e-9, 2e-9, 2e-9))}
    mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 2e-9, 2e-9), n=(10, 1, 1), subregions=sub)
    tau = np.where(np.arange(10) < 4, TAU, np.inf)
    reference = ValleyDiffusionSolver(mesh, D=np.full(10, D), tau_v=tau, mixing="x+")
    by_dict = ValleyDiffusionSolver(
        mesh, D=D, tau_v={"a": TAU, "default": np.inf}, mixing="x+"
    )
    field = df.Field(mesh, nvdim=1, value=tau.reshape(10, 1, 1, 1))
    by_field = ValleyDiffusionSolver(
        mesh, D=df.Field(mesh, nvdim=1, value=D), tau_v=field, mixing="x+"
    )
    for solver in (by_dict, by_field):
        assert np.array_equal(solver.tau_v, tau)
        assert (solver.matrix != reference.matrix).nnz == 0
    with pytest.raises(ParameterError, match="'tau_v'.*positive"):
        ValleyDiffusionSolver(mesh, D=D, tau_v={"a": TAU}, mixing="x+")
    assert "mixing_faces=1" in repr(reference)
    assert "lambda_v=[1e-08, inf] m" in repr(reference)


def test_mixing_selections_agree():
    """A callable (called once) picks the same faces as side names; lists are
    unions."""
    mesh = box()
    calls = []

    def ends(points, normals):
        calls.append(points.shape)
        return (np.abs(normals[:, 0]) == 1) & (
            np.isclose(points[:, 0], 0) | np.isclose(points[:, 0], 12e-9)
        )

    by_name = ValleyDiffusionSolver(mesh, D=D, tau_v=TAU, mixing=("x-", "x+"))
    by_call = ValleyDiffusionSolver(mesh, D=D, tau_v=TAU, mixing=ends)
    assert len(calls) == 1
    # Every boundary face of the 6 x 5 x 4 box: 2 (5*4 + 6*4 + 6*5).
    assert calls[0] == (148, 3)
    assert by_name.mixing_faces == by_call.mixing_faces == 40
    assert (by_name.matrix != by_call.matrix).nnz == 0


def test_empty_cells_with_mixing_faces_decay_like_the_slab():
    """Ten inactive x-layers in front of a 12 lambda_v slab (two cells wide in
    y), their faces mixing: rho is 0 there, independent of y, and follows the
    slab solution of the first test from the empty cells on (measured error
    1.17e-3 of S tau, as on the chain; identical to it to rounding)."""
    per, gap = 10, 10
    n = 12 * per + gap
    h = LAM / per
    mesh = df.Mesh(p1=(0, 0, 0), p2=(n * h, 2 * h, h), n=(n, 2, 1))
    active = np.ones((n, 2, 1), dtype=bool)
    active[:gap] = False
    solver = ValleyDiffusionSolver(
        mesh, D=D, tau_v=TAU, active=active.reshape(-1), mixing="empty"
    )
    assert solver.mixing_faces == 2
    rho = solver.solve(S).reshape(n, 2)
    assert np.all(rho[:gap] == 0)
    np.testing.assert_allclose(rho[:, 0], rho[:, 1], rtol=1e-12)
    error, slab, _ = slab_error(per)
    np.testing.assert_allclose(rho[gap:, 0], slab, rtol=1e-12)
    assert error < 0.01
    # The gradient sees rho = 0 on the mixing face, not the empty cell.
    g = solver.gradient(rho.reshape(-1)).reshape(n, 2, 3)
    assert g[gap, 0, 0] == pytest.approx((rho[gap, 0] + rho[gap + 1, 0]) / (2 * h))
    assert np.all(g[:gap] == 0)


def test_values_in_inactive_cells_are_ignored():
    """A D field that is zero or negative outside the semimetal (as a field
    copied from Ms would be) is accepted; lambda_v is nan there."""
    mesh = chain(10, 10e-9)
    active = np.arange(10) >= 3
    Dc = np.where(active, D, -1.0)
    solver = ValleyDiffusionSolver(mesh, D=Dc, tau_v=TAU, active=active, mixing="empty")
    assert np.isnan(solver.lambda_v[:3]).all()
    np.testing.assert_allclose(solver.lambda_v[3:], LAM, rtol=1e-15)
    rho = solver.solve(S)
    assert np.all(rho[:3] == 0) and np.all(rho[3:] > 0)
    assert np.all(solver.current(rho)[:3] == 0)

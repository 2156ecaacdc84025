r"""The time-dependent valley equation and the pumped electrochemical potential.

Transient: on a periodic chain a Gaussian valley density spreads and decays
as the Green function of Eq. 36 says,

.. math::

    \rho(x, t) = \frac{s_0}{s_t}\exp\left(-\frac{x^2}{2s_t^2}\right)
    e^{-t/\tau_v}, \qquad s_t^2 = s_0^2 + 2Dt .

Potential: in a chain with closed ends no current flows, so
:math:`\sigma\phi' = j_\mathrm{cme}`: the potential is the integral of the
chiral magnetic current over the conductivity.
"""

import math

import discretisedfield as df
import numpy as np
import pytest

from weylmag.constants import e, hbar
from weylmag.valley.diffusion import ValleyDiffusionSolver, pumped_potential

D = 1e-5  # m^2/s: s_t grows from 10 to 13 nm over 2 tau_v
TAU = 2e-12  # s
L = 400e-9
CELLS = 400
S0 = 10e-9


def chain(**kwargs):
    mesh = df.Mesh(p1=(-L / 2, 0, 0), p2=(L / 2, 1e-9, 1e-9), n=(CELLS, 1, 1), bc="x")
    return ValleyDiffusionSolver(mesh, D=D, tau_v=TAU, **kwargs)


X = -L / 2 + (np.arange(CELLS) + 0.5) * L / CELLS


def gaussian(t):
    s2 = S0**2 + 2 * D * t
    return S0 / math.sqrt(s2) * np.exp(-(X**2) / (2 * s2)) * math.exp(-t / TAU)


def evolve(solver, dt, t_end, theta):
    rho = gaussian(0.0)
    for _ in range(round(t_end / dt)):
        solver.step(rho, dt, theta=theta, out=rho)
    return rho


def test_spreading_and_decay_is_the_green_function_of_eq36():
    """Crank-Nicolson with dt = tau_v/80 over 2 tau_v: within 5e-4 of the peak
    (measured 2.7e-4, the error of the 1 nm cells: 5.4e-5 on 0.5 nm cells)."""
    rho = evolve(chain(), TAU / 80, 2 * TAU, 0.5)
    exact = gaussian(2 * TAU)
    assert np.abs(rho - exact).max() < 5e-4 * exact.max()


@pytest.mark.parametrize("theta, order", [(0.5, 2), (1.0, 1)])
def test_time_step_order(theta, order):
    """Against a step 64 times finer, halving dt divides the error by 2^order
    (observed 2.00 for Crank-Nicolson, 0.98-1.01 for backward Euler)."""
    solver = chain()
    t_end = TAU
    reference = evolve(solver, TAU / 1280, t_end, theta)
    errors = [np.abs(evolve(solver, TAU / k, t_end, theta) - reference).max() for k in (10, 20, 40)]
    observed = [math.log2(errors[i] / errors[i + 1]) for i in range(2)]
    assert observed == pytest.approx([order, order], abs=0.1)


def test_steps_settle_on_the_quasi_static_solution():
    """Backward Euler with a constant source and flux converges to solve()."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(60e-9, 20e-9, 1e-9), n=(30, 10, 1))
    solver = ValleyDiffusionSolver(mesh, D=D, tau_v=TAU, mixing=["x-", "y+"])
    rng = np.random.default_rng(3)
    source = rng.uniform(1e30, 2e30, solver.n)
    flux = rng.normal(0, 1e21, (solver.n, 3))
    rho = np.zeros(solver.n)
    for _ in range(200):
        solver.step(rho, TAU, source, flux, theta=1.0, out=rho)
    steady = solver.solve(source, flux)
    assert np.abs(rho - steady).max() < 1e-10 * np.abs(steady).max()


def test_step_rejects_bad_arguments():
    with pytest.raises(ValueError, match="dt > 0"):
        chain().step(gaussian(0.0), -1e-15)
    with pytest.raises(ValueError, match="theta"):
        chain().step(gaussian(0.0), 1e-15, theta=0.2)


def test_pumped_potential_of_a_closed_chain():
    """sigma phi' = j_cme with phi of zero mean, to second order in the cell
    (error 4.1e-5 of the range at 200 cells, 1.0e-5 at 400)."""
    sigma, B = 2e5, np.array([0.7, 0.0, 0.2])
    a = e**2 / (2 * math.pi**2 * hbar**2)

    def error(cells):
        mesh = df.Mesh(p1=(0, 0, 0), p2=(L, 2e-9, 2e-9), n=(cells, 1, 1))
        x = (np.arange(cells) + 0.5) * L / cells
        k = 2 * math.pi / L
        mu_v = 1e-22 * np.sin(k * x)  # J
        phi = pumped_potential(mesh, sigma=sigma, mu_v=mu_v, B=B)
        exact = -a * B[0] * 1e-22 * np.cos(k * x) / (k * sigma)  # zero mean
        return np.abs(phi - exact).max() / np.ptp(exact), abs(phi.mean()) / np.ptp(exact)

    (coarse, mean), (fine, _) = error(200), error(400)
    assert mean < 1e-12
    assert fine < 1e-4
    assert math.log2(coarse / fine) == pytest.approx(2.0, abs=0.1)


def test_pumped_potential_with_a_grounded_contact():
    """Grounding the x- face fixes the constant: phi(x) = (a B_x / sigma) int_0^x mu_v."""
    sigma, B = 2e5, (1.0, 0.0, 0.0)
    a = e**2 / (2 * math.pi**2 * hbar**2)
    cells = 400
    mesh = df.Mesh(p1=(0, 0, 0), p2=(L, 2e-9, 2e-9), n=(cells, 1, 1))
    x = (np.arange(cells) + 0.5) * L / cells
    mu_v = np.full(cells, 3e-23)
    phi = pumped_potential(mesh, sigma=sigma, mu_v=mu_v, B=B, contacts="x-")
    assert phi == pytest.approx(a * 3e-23 * x / sigma, rel=1e-9)


def test_zero_mean_is_needed_for_a_floating_piece():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(L, 2e-9, 2e-9), n=(10, 1, 1))
    with pytest.raises(ValueError, match="zero_mean"):
        ValleyDiffusionSolver(mesh, D=1.0, tau_v=np.inf)

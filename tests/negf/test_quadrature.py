"""The adaptive Gauss-Kronrod energy quadrature with square-root break points."""

import math

import numpy as np
import pytest

from weylmag.negf import QuadratureWarning, fermi_dirac, integrate_energy
from weylmag.negf import quadrature as q


def test_gauss_kronrod_rule():
    x = q.NODES
    for k in range(26):
        exact = 2 / (k + 1) if k % 2 == 0 else 0.0
        kronrod = np.sum(q.KRONROD_WEIGHTS * x**k)
        gauss = np.sum(q.GAUSS_WEIGHTS * x**k)
        assert (abs(kronrod - exact) < 1e-15) == (k <= 23 or k % 2 == 1)
        assert (abs(gauss - exact) < 1e-15) == (k <= 13 or k % 2 == 1)


def test_square_root_endpoints_and_break_points():
    # opening channels: sqrt at both ends of [0, 2]; an inverse square root at 1
    r = integrate_energy(lambda e: np.sqrt(np.abs(e * (2 - e))), 0.0, 2.0, rtol=1e-13)
    assert abs(r.value - math.pi / 2) < 1e-13 and r.converged
    r = integrate_energy(
        lambda e: 1 / np.sqrt(np.abs(e - 1)), 0.0, 2.0, [1.0], rtol=1e-12
    )
    assert abs(r.value - 4) < 1e-11 and r.breakpoints == (0.0, 1.0, 2.0)
    assert r.n_energies < 400


def test_vector_integrand_and_tail():
    def f(e):
        return np.stack([1 / (1 + e * e), np.exp(e)], axis=-1)

    r = integrate_energy(f, -np.inf, 0.0, rtol=1e-12, atol=1e-14)
    assert np.abs(r.value - [math.pi / 2, 1.0]).max() < 1e-11


def test_fermi_function_step():
    e = np.linspace(-1, 1, 11)
    value = integrate_energy(
        lambda x: fermi_dirac(x, 0.3, 0.0) * np.ones_like(x),
        -1.0,
        1.0,
        [0.3],
        rtol=1e-13,
    ).value
    assert abs(value - 1.3) < 1e-12
    assert np.allclose(fermi_dirac(e, 0.0, 0.1), 1 / (1 + np.exp(e / 0.1)), atol=1e-15)
    with pytest.raises(ValueError, match="kT"):
        fermi_dirac(e, 0.0, -1.0)


def test_failures_are_reported():
    with pytest.warns(QuadratureWarning, match="not converged"):
        r = integrate_energy(
            lambda e: np.sin(1 / np.abs(e - 0.5)),
            0.0,
            1.0,
            rtol=1e-12,
            max_intervals=20,
        )
    assert not r.converged and r.n_intervals == 20
    with pytest.raises(FloatingPointError, match="not finite"):
        integrate_energy(lambda e: np.where(e > 0.5, np.nan, 1.0), 0.0, 1.0)
    with pytest.raises(ValueError, match="lower < upper"):
        integrate_energy(np.ones_like, 1.0, 0.0)


def test_graded_splits_reach_poles_near_the_ends_with_fewer_points():
    # poles at distance 1e-3 from both ends of [0, 1], off the path, as the
    # resonances of a device near the real ends of the pumping arc
    p0, p1 = 1e-3 * np.exp(-0.25j * np.pi), 1 - 1e-3 * np.exp(0.25j * np.pi)
    exact = np.array([-1 / (1 - p0) - 1 / p0, 0.5 / p1**2 - 0.5 / (1 - p1) ** 2])

    def f(u):
        return np.stack([1 / (u - p0) ** 2, 1 / (u - p1) ** 3], axis=-1)

    def line(k, u):
        return u, np.ones_like(u)

    counts = {}
    for grading in (0.5, 0.25):
        for rtol in (1e-3, 1e-10):
            r = q.adaptive_gauss_kronrod(f, line, rtol=rtol, initial=4, grading=grading)
            assert r.converged
            assert np.abs(r.value - exact).max() < rtol * np.abs(exact).max()
            counts[grading, rtol] = r.n_energies
    assert counts[0.25, 1e-3] <= 0.7 * counts[0.5, 1e-3]
    with pytest.raises(ValueError, match="grading"):
        q.adaptive_gauss_kronrod(f, line, grading=0.6)

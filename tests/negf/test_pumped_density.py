r"""Adiabatic (first order in the gate rates) density against linear response at frequency ω.

For :math:`H = H_0 + \lambda(t)P` the density matrix responds as
:math:`\delta\rho(t) = \int dt'\chi(t - t')\lambda(t')`, and for a slowly
varying λ the part proportional to :math:`\dot\lambda` is
:math:`i\dot\lambda\,\partial_\omega\chi(\omega)|_{\omega=0}`. The reference
evaluates, with dense Green's functions and scipy's adaptive quadrature,

.. math::

    \chi(\omega) = \int\frac{dE}{2\pi}\bigl[G(E+\omega)PG(E)\Gamma_f(E)G^\dagger(E)
      + G(E+\omega)\Gamma_f(E+\omega)G^\dagger(E+\omega)PG^\dagger(E)\bigr]

(the Langreth rule for :math:`\delta G^<(E+\omega, E)`) at
:math:`\omega = \pm h` and takes the central difference: no energy
derivative of Σ and no mixed-time expansion enter. The library uses the
mixed-representation expansion :math:`G = G_f - iG_f(1 - \partial_E\Sigma)\dot G_f`;
seed Eq. C5 (without :math:`\partial_E\Sigma`) misses the reference with
tight-binding leads.
"""

import numpy as np
import pytest
from negf_reference import SIGMA, neel_skyrmion

from weylmag.negf import GatePump, SquareLattice, adiabatic_density, pumped_spin_density

MU = 2.4
COLUMN = 2
GATES = {1: 0.4, 2: -0.3}


def device():
    return (
        SquareLattice(4, 3, J=1.5, m=neel_skyrmion(4, 3, 1.0), t_so=0.2, gates=GATES)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


def dense_greens(dev, energies, h):
    """G(E) and Gamma(E) for a batch of energies by dense inversion, (nE, n, n)."""
    n = len(h)
    a = energies[:, None, None] * np.eye(n) - h
    gamma = np.zeros_like(a)
    for lead, sigma in zip(dev.leads, dev.self_energies(energies)):
        idx = np.ix_(lead.orbitals, lead.orbitals)
        a[(slice(None), *idx)] -= sigma
        gamma[(slice(None), *idx)] += 1j * (sigma - np.conj(np.swapaxes(sigma, 1, 2)))
    return np.linalg.inv(a), gamma


def chi(dev, omega, nodes=192):
    """Site-diagonal 2 x 2 blocks of chi(omega), zero temperature, shape (sites, 2, 2).

    Gauss-Legendre on pieces between all singular points (channel thresholds,
    shifted by 0 and +-omega), with E = e0 + (e1 - e0) sin^2(pi u / 2) so that
    the square-root edges become analytic.
    """
    h = dev.hamiltonian().toarray()
    n = len(h)
    nb = dev.block_size
    p = np.zeros((n, n))
    p[COLUMN * nb : (COLUMN + 1) * nb, COLUMN * nb : (COLUMN + 1) * nb] = np.eye(nb)
    lower = dev.band()[0]
    shifted = [x + c for x in dev.thresholds() for c in (0.0, omega, -omega)]
    points = [lower, *sorted({x for x in shifted if lower < x < MU}), MU]
    u, w = np.polynomial.legendre.leggauss(nodes)
    u, w = 0.5 * (u + 1), 0.5 * w
    total = np.zeros((n // 2, 2, 2), dtype=complex)
    for e0, e1 in zip(points[:-1], points[1:]):
        e = e0 + (e1 - e0) * np.sin(0.5 * np.pi * u) ** 2
        weight = w * (e1 - e0) * 0.5 * np.pi * np.sin(np.pi * u) / (2 * np.pi)
        g, gamma = dense_greens(dev, e, h)
        g_up, _ = dense_greens(dev, e + omega, h)
        g_down, _ = dense_greens(dev, e - omega, h)
        inj = g @ gamma @ np.conj(np.swapaxes(g, 1, 2))
        # G(E + w) P G Gamma G^+ at E, and G Gamma G^+ P G(E' - w)^+ at E' = E + w
        value = g_up @ p @ inj + inj @ p @ np.conj(np.swapaxes(g_down, 1, 2))
        sites = [slice(2 * r, 2 * r + 2) for r in range(n // 2)]
        diag = np.array([value[:, s, s] for s in sites])
        total += np.einsum("e,reab->rab", weight, diag)
    return total


def spin(rho):
    return 0.5 * np.einsum("iab,rba->ri", SIGMA, rho).real


@pytest.fixture(scope="module")
def reference():
    """i d chi/d omega by central differences and Richardson extrapolation (h^2 -> h^4).

    Returns the extrapolations from the steps (4, 2) and (2, 1) x 1e-3, and
    one with twice the quadrature nodes.
    """
    dev = device()

    def derivative(step, nodes=192):
        return 1j * (chi(dev, step, nodes) - chi(dev, -step, nodes)) / (2 * step)

    d = {h: derivative(h) for h in (4e-3, 2e-3, 1e-3)}
    finer = (4 * derivative(2e-3, 384) - derivative(4e-3, 384)) / 3
    return (4 * d[2e-3] - d[4e-3]) / 3, (4 * d[1e-3] - d[2e-3]) / 3, finer


def test_against_linear_response(reference):
    coarse, fine, more_nodes = reference
    dev = device()
    result = adiabatic_density(dev, MU, [COLUMN], rtol=1e-11, atol=1e-14)
    assert result.converged
    value = result.value[0].reshape(-1, 4)
    expected_s = spin(fine)
    expected_n = np.einsum("raa->r", fine).real
    scale = np.abs(expected_s).max()
    # the reference has converged in the step and in the quadrature
    assert np.abs(spin(coarse) - expected_s).max() < 1e-8 * scale
    assert np.abs(spin(more_nodes) - spin(coarse)).max() < 1e-11 * scale
    assert np.abs(value[:, 1:] - expected_s).max() < 1e-9 * scale
    assert np.abs(value[:, 0] - expected_n).max() < 1e-9 * np.abs(expected_n).max()
    # Hermitian: the reference's site blocks have no anti-Hermitian part
    assert np.abs(fine - np.conj(np.swapaxes(fine, 1, 2))).max() < 1e-8 * scale
    # seed Eq. C5 (no dSigma/dE in the expansion) does not reproduce it
    seed = adiabatic_density(dev, MU, [COLUMN], form="seed", rtol=1e-9).value[0]
    assert np.abs(seed.reshape(-1, 4)[:, 1:] - expected_s).max() > 0.5 * scale


def test_pumped_spin_density_is_rate_times_response():
    dev = device().with_gates({1: 0.4})
    pump = GatePump((COLUMN,), (0.7,), omega=0.3, phases=(0.4,))
    t = 2.1
    s = pumped_spin_density(dev, MU, pump, t, rtol=1e-10)
    frozen = pump.device_at(dev, t)
    assert frozen.gates == pytest.approx({1: 0.4, COLUMN: float(pump.values(t)[0, 0])})
    r = adiabatic_density(frozen, MU, [COLUMN], rtol=1e-10).value[0, ..., 1:]
    assert np.abs(s - pump.rates(t)[0, 0] * r).max() < 1e-12 * np.abs(s).max()
    # linear in omega at a fixed phase omega t
    fast = GatePump((COLUMN,), (0.7,), omega=0.6, phases=(0.4,))
    s_fast = pumped_spin_density(dev, MU, fast, t / 2, rtol=1e-10)
    assert np.abs(s_fast - 2 * s).max() < 1e-12 * np.abs(s).max()

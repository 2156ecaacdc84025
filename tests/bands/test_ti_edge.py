r"""The magnetised 2D topological-insulator edge, seed 001 Sec. 2.4 (Eqs. 2.38-2.42).

:math:`H = \hbar vk\sigma_y + J\mathbf{m}\cdot\boldsymbol\sigma`, T = 0,
chemical potential in the gap, polar angle from y:
:math:`\mathbf{m} = (\sin\theta\sin\phi, \cos\theta, \sin\theta\cos\phi)`.
The curvature decays as :math:`1/k^3`; on the cutoff interval
:math:`|k| < 200\,J/\hbar v` the missing part is below
:math:`(J\sin\theta/\hbar vk_c)^2/2 = 1.3\times10^{-5}`, so the checks are
to 1e-4 without extrapolation.
"""

import math

import numpy as np
import pytest

from weylmag.bands import (
    gyromagnetic_ratio,
    models,
    omega_mm,
    omega_theta_phi,
    renormalized_gyromagnetic_ratio,
    sot_field,
    work_density,
)
from weylmag.constants import e, hbar

V = 5e5  # m/s
J = 1.6e-21  # J (10 meV)
A = 1e-9  # m, lattice constant of the seed's alpha = J a / (hbar v)
K_J = J / (hbar * V)
Y = (0.0, 1.0, 0.0)
E = 1e5  # V/m along the edge


def direction(theta, phi):
    return np.array(
        [
            math.sin(theta) * math.sin(phi),
            math.cos(theta),
            math.sin(theta) * math.cos(phi),
        ]
    )


def edge(v=V, J=J):
    return models.ti_edge(v, J, half_width=200 * abs(J) / (hbar * abs(v)))


@pytest.mark.parametrize(
    "v, J_, theta, phi",
    [
        (V, J, 0.5, 0.3),
        (V, J, math.pi / 2, 2.0),
        (V, J, 2.6, -1.0),
        (V, -J, 1.2, 0.7),
        (-V, J, 1.2, 0.7),
    ],
)
def test_omega_theta_phi_eq_2_39(v, J_, theta, phi):
    m = direction(theta, phi)
    r = omega_mm(edge(v, J_), m, rtol=1e-7)
    value = omega_theta_phi(r, m, polar_axis=Y)
    closed = models.ti_edge_omega_theta_phi(v, J_, theta)
    assert value == pytest.approx(closed, rel=1e-4)
    if v > 0:  # the seed's form alpha sin(theta) / (2 pi a)
        alpha = J_ * A / (hbar * v)
        assert closed == pytest.approx(
            alpha * math.sin(theta) / (2 * math.pi * A), rel=1e-12
        )
    # the k grid converges: the last grids agree to the requested 1e-7
    assert r.converged and r.error <= 1e-7 * np.max(np.abs(r.value))


@pytest.mark.parametrize("theta", [0.4, 1.9])
def test_gyromagnetic_renormalisation_eq_2_40(theta):
    """gamma_s = 2 pi M a / (alpha hbar), uniform on the sphere; gamma = gamma_f/(1 + alpha/pi)."""
    m = direction(theta, 1.3)
    M = 2e-12  # A m, magnetic moment per unit length
    alpha = J * A / (hbar * V)
    gamma_s = gyromagnetic_ratio(omega_mm(edge(), m, rtol=1e-7), m, M)
    assert gamma_s == pytest.approx(2 * math.pi * M * A / (alpha * hbar), rel=1e-4)
    gamma_f = 2 * M * A / hbar  # the seed's choice for the 1D ferromagnet
    assert renormalized_gyromagnetic_ratio(gamma_f, gamma_s) == pytest.approx(
        gamma_f / (1 + alpha / math.pi), rel=1e-4
    )


@pytest.mark.parametrize(
    "theta, phi", [(0.35, 0.0), (1.0, 2.0), (math.pi / 2, -0.5), (2.7, 4.0)]
)
def test_sot_field_eq_2_41(theta, phi):
    r"""H^E = -(eE/2pi) e_phi / sin(theta) per unit m: tangent, along -e_phi, independent of J."""
    m = direction(theta, phi)
    h = sot_field(edge(), m, [E], rtol=1e-7).value
    e_phi = np.array([math.cos(phi), 0.0, -math.sin(phi)])  # d m / d phi / sin(theta)
    seed = -e * E / (2 * math.pi) * e_phi / math.sin(theta)
    assert np.allclose(h, seed, rtol=0, atol=1e-4 * np.linalg.norm(seed))
    assert np.allclose(models.ti_edge_sot_field(V, J, m, [E]), seed, rtol=1e-12, atol=0)
    # a ten times weaker exchange gives the same field (topological)
    weak = sot_field(edge(J=J / 10), m, [E], rtol=1e-7).value
    assert np.allclose(weak, seed, rtol=0, atol=1e-4 * np.linalg.norm(seed))


def loop(theta, phi):
    return np.stack(
        [
            np.sin(theta) * np.sin(phi),
            np.cos(theta) * np.ones_like(phi),
            np.sin(theta) * np.cos(phi),
        ],
        axis=-1,
    )


T16 = 2 * math.pi * np.arange(16) / 16


@pytest.mark.parametrize(
    "name, path, C",
    [
        ("circle about +y", loop(1.9, T16), -1),
        (
            "wobbly circle",
            loop(math.pi / 2 + 0.4 * np.sin(3 * T16), T16 + 0.2 * np.sin(T16)),
            -1,
        ),
        ("twice round", loop(1.2, 2 * T16), -2),
        ("reversed", loop(0.8, -T16), 1),
        (
            "about z, not enclosing +-y",
            np.stack(
                [
                    np.sin(0.5) * np.cos(T16),
                    np.sin(0.5) * np.sin(T16),
                    np.cos(0.5) * np.ones(16),
                ],
                -1,
            ),
            0,
        ),
    ],
)
def test_quantised_work_eq_2_42(name, path, C):
    r"""W = oint H^E . dm = eE C, C counting turns about y with angular velocity along -y."""
    w = work_density(edge(), path, [E], rtol=1e-7)
    assert w.value / (e * E) == pytest.approx(C, abs=1e-4), name

r"""Qi-Wu-Zhang Chern insulator: the Chern numbers of its three phases and sigma_xy = -C e^2/h.

:math:`H = t[\sin k_xa\,\sigma_x + \sin k_ya\,\sigma_y + (u + \cos k_xa + \cos k_ya)\sigma_z]`;
the lower band's Chern number is the degree of :math:`\hat{\mathbf{d}}`:
+1 for -2 < u < 0, -1 for 0 < u < 2, 0 for |u| > 2 in the curvature sign of
seed 001 (:func:`weylmag.bands.models.qi_wu_zhang_chern_number`).
"""

import math

import numpy as np
import pytest

from weylmag.bands import anomalous_hall_conductivity, chern_number, models
from weylmag.constants import e, hbar, kB

T_HOP = 1.6e-19  # J
A = 1e-9  # m


@pytest.mark.parametrize("u", [-3.0, -1.0, -0.5, 0.5, 1.0, 2.5])
def test_chern_number_of_each_phase_to_1e_6(u):
    c = chern_number(models.qi_wu_zhang(u, T_HOP, A), atol=1e-9)
    assert c.value == pytest.approx(models.qi_wu_zhang_chern_number(u), abs=1e-6)
    assert c.converged and c.error < 1e-9
    # the periodic grid converges exponentially: the coarsest grid is already close
    assert abs(c.history[0][1] - models.qi_wu_zhang_chern_number(u)) < 0.05


@pytest.mark.parametrize("u", [-1.0, 1.0])
def test_hall_conductivity_is_minus_c_e2_over_h(u):
    C = models.qi_wu_zhang_chern_number(u)
    sigma = anomalous_hall_conductivity(
        models.qi_wu_zhang(u, T_HOP, A), [0, 0, 1], rtol=1e-9
    )
    e2_h = e**2 / (2 * math.pi * hbar)
    assert sigma.value[0, 1] == pytest.approx(-C * e2_h, rel=1e-7)
    assert sigma.value[1, 0] == pytest.approx(C * e2_h, rel=1e-7)
    assert sigma.unit == "S"


def test_temperature_and_chemical_potential():
    """At kT << gap nothing changes; with mu in a band (T > 0 smooths the Fermi
    surface) the integral converges to a value that is not quantised."""
    model = models.qi_wu_zhang(1.0, T_HOP, A)
    cold = chern_number(model, T=300.0)
    assert cold.value == pytest.approx(-1.0, abs=1e-6)
    # the upper band spans [t, 3t] at u = 1; mu = 1.5 t fills part of it
    metal = chern_number(model, mu=1.5 * T_HOP, T=0.02 * T_HOP / kB, atol=1e-5)
    assert metal.converged and 0.01 < min(abs(metal.value), abs(abs(metal.value) - 1))
    # both bands filled: no Hall effect
    full = chern_number(model, mu=10 * T_HOP, atol=1e-9)
    assert full.value == pytest.approx(0.0, abs=1e-9)


def test_chern_number_needs_a_2d_lattice():
    with pytest.raises(ValueError, match="2D model on a BrillouinZone"):
        chern_number(models.ti_surface(5e5, 1e-21, 1e9))
    with pytest.raises(ValueError, match="d = 2 or 3"):
        anomalous_hall_conductivity(models.ti_edge(5e5, 1e-21, 1e9), [0, 0, 1])
    assert np.isfinite(T_HOP)

r"""The relaxation-time (extrinsic) term of Eq. 2.17 against a closed form.

For in-plane m the TI surface's exchange only shifts the Dirac cone, so
:math:`\partial_{m_x}\epsilon = -(J/\hbar v)\partial_{k_y}\epsilon` and the
Fermi-surface integral is a Drude weight:
:math:`\mathbf{H}^{E,\tau} = (e\tau J/4\pi\hbar^2v)\,2k_BT\ln(2\cosh(\mu/2k_BT))\,(-E_y, E_x, 0)`
(:func:`weylmag.bands.models.ti_surface_sot_field_extrinsic`), exact on the
plane. On a box centred on the Dirac point reaching :math:`|\mu| + 25k_BT`
the grid converges exponentially: measured 9e-10, 5e-9, 2.5e-8 relative at
64^2 and 1.7e-10, 3.7e-11, 5.4e-11 at 128^2 for :math:`\mu/k_BT = 0, 4, -6`.
"""

import numpy as np
import pytest

from weylmag.bands import models, sot_field_extrinsic
from weylmag.constants import hbar, kB

V = 5e5  # m/s
J = 3.2e-21  # J
T = 300.0  # K
KT = kB * T
E = np.array([1e4, -3e3])  # V/m
TAU = 1e-13  # s


def surface(mu, m):
    center = models.ti_surface_dirac_point(V, J, m)
    return models.ti_surface(V, J, (abs(mu) + 25 * KT) / (hbar * V), center=center)


@pytest.mark.parametrize("mu", [0.0, 4 * KT, -6 * KT])
def test_extrinsic_field_equals_the_drude_weight_closed_form(mu):
    m = np.array([0.6, 0.8, 0.0])
    h = sot_field_extrinsic(surface(mu, m), m, E, TAU, mu=mu, T=T, n_k=64, rtol=1e-6)
    exact = models.ti_surface_sot_field_extrinsic(V, J, m, E, TAU, mu, T)
    scale = np.abs(exact).max()
    assert h.n_k <= 256
    assert np.allclose(h.value, exact, rtol=0, atol=1e-8 * scale)
    errors = [np.abs(v - exact).max() / scale for _, v in h.history]
    assert errors[-1] < errors[0]


def test_extrinsic_field_is_even_in_m():
    m = np.array([0.6, 0.8, 0.0])
    mu = 4 * KT
    plus = sot_field_extrinsic(surface(mu, m), m, E, TAU, mu=mu, T=T, n_k=64, rtol=1e-6)
    minus = sot_field_extrinsic(
        surface(mu, -m), -m, E, TAU, mu=mu, T=T, n_k=64, rtol=1e-6
    )
    assert np.allclose(
        plus.value, minus.value, rtol=0, atol=1e-8 * np.abs(plus.value).max()
    )
    # the low-temperature limit of L = 2 kT ln(2 cosh(mu / 2kT)) is |mu|
    cold = models.ti_surface_sot_field_extrinsic(V, J, m, E, TAU, 40 * KT, T)
    drude = models.ti_surface_sot_field_extrinsic(V, J, m, E, TAU, 40 * KT, 1e-3 * T)
    assert cold[1] == pytest.approx(drude[1], rel=1e-12, abs=0)


def test_temperature_and_relaxation_time_are_required():
    model = models.ti_surface(V, J, 1e9)
    with pytest.raises(ValueError, match="needs T > 0"):
        sot_field_extrinsic(model, [1, 0, 0], E, TAU, T=0.0)
    with pytest.raises(ValueError, match="tau must be a positive"):
        sot_field_extrinsic(model, [1, 0, 0], E, -1.0, T=T)
    with pytest.raises(ValueError, match="in-plane"):
        models.ti_surface_sot_field_extrinsic(V, J, [0, 0, 1], E, TAU, 0.0, T)

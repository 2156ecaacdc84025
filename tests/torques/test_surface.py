r"""The TI-surface dynamics terms (seed 001, Eqs. 2.32-2.36) against their definitions.

- :class:`wm.FaradayField` is the Zeeman field H on the hemisphere
  :math:`\mathbf{m}\cdot\hat{\mathbf{n}} > 0` and -H on the other: its dm/dt
  equals that of ``mm.Zeeman(+-H)`` there, precession and damping, to round-off.
- ``FaradayField.ti_surface`` equals the band integral of Eq. 2.17
  (:func:`weylmag.bands.sot_field`, Richardson-extrapolated in the cutoff as
  in ``tests/bands/test_ti_surface.py``) divided by :math:`\mu_0M_sd`.
- ``AnisotropicGyromagneticRatio.ti_surface`` carries the angular momentum
  :math:`\hbar\,\mathbf{m}\cdot\bar{\boldsymbol\Omega}/d` of the band integral
  (:func:`weylmag.bands.omega_mm`), and the LLG with it is the LLG with
  :math:`r\gamma_0`, :math:`r\alpha` and r times every torque.
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.bands import KBox, models, omega_mm, omega_vector, sot_field
from weylmag.constants import hbar, mu0
from weylmag.problem import Problem

MS = 6e5
V = 5e5  # m/s
J = 3.2e-21  # J
D = 2e-9  # m, film thickness


def system_with(dynamics, m, n=(2, 1, 1), alpha=0.1):
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(2e-9 * k for k in n), n=n)
    system = mm.System(name="surface")
    system.energy = mm.Zeeman(H=(1e4, -2e4, 3e4))
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=alpha)
    for term in dynamics:
        system.dynamics += term
    system.m = df.Field(mesh, nvdim=3, value=m, norm=MS)
    return system


def rhs(system, t=0.0):
    problem = Problem(system)
    return problem.rhs(t, problem.m0, np.empty_like(problem.m0))


@pytest.mark.parametrize("m, sign", [((0.3, -0.2, 0.9), 1), ((0.5, 0.4, -0.2), -1)])
def test_faraday_field_is_a_zeeman_field_per_hemisphere(m, sign):
    H = np.array([-3e4, 1e4, 5e3])
    with_term = rhs(system_with([wm.FaradayField(H=tuple(H))], m))
    zeeman = system_with([], m)
    zeeman.energy += mm.Zeeman(H=tuple(sign * H), name="hemisphere")
    expected = rhs(zeeman)
    assert np.allclose(with_term, expected, rtol=0, atol=1e-12 * np.abs(expected).max())
    # and it does act: without it dm/dt differs
    assert np.abs(rhs(system_with([], m)) - expected).max() > 1e-3 * np.abs(expected).max()


def test_faraday_field_axis_width_and_time_function():
    H = (2e4, 0.0, 0.0)
    m = np.array([0.0, 0.6, 0.8])
    axis = (0.0, 1.0, 0.0)  # m . n = 0.6 > 0 with this axis
    width = 0.5
    term = wm.FaradayField(H=H, axis=axis, width=width, func=lambda t: 2.0 * t, dt=1e-12)
    got = rhs(system_with([term], tuple(m)), t=0.75)
    zeeman = system_with([], tuple(m))
    zeeman.energy += mm.Zeeman(H=tuple(1.5 * math.tanh(0.6 / width) * np.array(H)), name="z")
    expected = rhs(zeeman)
    assert np.allclose(got, expected, rtol=0, atol=1e-12 * np.abs(expected).max())


def richardson(fn, m):
    """2 X(2K) - X(K) on boxes centred at the Dirac point (cutoff error ~ 1/K)."""
    gap = abs(J * m[2]) / (hbar * V)
    node = models.ti_surface_dirac_point(V, J, m)
    small, large = (fn(KBox.centered(node, w * gap), n) for w, n in ((8, 32), (16, 64)))
    return 2 * large - small


@pytest.mark.parametrize("m", [(0.6, 0.0, 0.8), (0.0, -0.8, -0.6)])
def test_ti_surface_faraday_field_is_the_band_integral(m):
    m = np.array(m)
    E = np.array([2e5, -1e5, 0.0])
    model = models.ti_surface(V, J, half_width=20 * J / (hbar * V))

    def field(box, n):
        return sot_field(model, m, E[:2], kspace=box, n_k=n, rtol=1e-5).value

    bands = richardson(field, m) / (mu0 * MS * D)  # A/m
    term = wm.FaradayField.ti_surface(E=E, v=V, J=J, thickness=D, Ms=MS)
    along = np.sign(m[2]) * np.array(term.H)  # the hemisphere's field
    assert np.allclose(along, bands, rtol=0, atol=2e-3 * np.linalg.norm(bands))


@pytest.mark.parametrize("theta", [0.5, 2.4])
def test_ti_surface_angular_momentum_is_the_band_integral(theta):
    m = np.array([math.sin(theta), 0.0, math.cos(theta)])
    model = models.ti_surface(V, J, half_width=20 * J / (hbar * V))

    def tensor(box, n):
        return omega_mm(model, m, kspace=box, n_k=n, rtol=1e-5).value

    L_bands = hbar * m @ omega_vector(richardson(tensor, m)) / D
    term = wm.AnisotropicGyromagneticRatio.ti_surface(v=V, J=J, thickness=D)
    assert term.L(m[None, :])[0] == pytest.approx(L_bands, rel=2e-3, abs=0)


def test_gyromagnetic_ratio_rescales_gamma_alpha_and_torques():
    """One cell with L(m) set so r = 0.4 there: dm/dt equals the LLG with 0.4 gamma0,
    0.4 alpha and 0.4 times the Faraday torque (written as a Zeeman field)."""
    m = (0.3, -0.2, 0.9)
    r = 0.4
    L = (1 / r - 1) * mu0 * MS / 2.211e5
    gyro = wm.AnisotropicGyromagneticRatio(L=lambda mm_: np.full(mm_.shape[0], L))
    H = (-3e4, 1e4, 5e3)
    got = rhs(system_with([wm.FaradayField(H=H), gyro], m, alpha=0.1))

    reference = system_with([], m, alpha=0.1 * r)
    reference.dynamics.precession.gamma0 = 2.211e5 * r
    reference.energy += mm.Zeeman(H=H, name="hemisphere")
    expected = rhs(reference)
    assert np.allclose(got, expected, rtol=0, atol=1e-12 * np.abs(expected).max())


def test_gyromagnetic_ratio_errors():
    m = (0.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="needs L"):
        wm.AnisotropicGyromagneticRatio()
    wrong = wm.AnisotropicGyromagneticRatio(L=lambda mm_: np.zeros(3))
    with pytest.raises(ValueError, match="one value per cell"):
        Problem(system_with([wrong], m))
    cancelling = wm.AnisotropicGyromagneticRatio(L=-2 * mu0 * MS / 2.211e5)
    with pytest.raises(ValueError, match="not positive"):
        Problem(system_with([cancelling], m))
    twice = [wm.AnisotropicGyromagneticRatio(L=0.0, name=k) for k in ("a", "b")]
    with pytest.raises(ValueError, match="more than one"):
        Problem(system_with(twice, m))
    with pytest.raises(ValueError, match="needs H"):
        wm.FaradayField()
    with pytest.raises(ValueError, match="thickness"):
        wm.FaradayField.ti_surface(E=(1, 0, 0), v=V, J=J, thickness=0, Ms=MS)


def test_gyromagnetic_ratio_refuses_terms_that_use_dmdt():
    """Valley pumping computes dm/dt itself, with the bare gamma0 and alpha."""
    pumping = wm.ValleyDiffusion(eta=1e-25, sigma=1e5, N=1e46, tau_v=1e-12, B=(0, 0, 1),
                                 j_c=(1e10, 0, 0), theta=0.1, pumping=True)
    gyro = wm.AnisotropicGyromagneticRatio(L=0.0)
    with pytest.raises(ValueError, match="use dm/dt"):
        Problem(system_with([pumping, gyro], (0.0, 0.0, 1.0), alpha=0.5))

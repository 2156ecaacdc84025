r"""Ferromagnetic resonance with the electrons' angular momentum (seed 001, Eqs. 2.32-2.34, 2.40).

With :math:`1/\gamma = 1/\gamma_f + L(\mathbf{m})/M_s` and the ferromagnet's
Gilbert friction unchanged, a macrospin in :math:`H\hat{\mathbf{z}}` obeys the
Gilbert equation with :math:`\gamma_0' = r\gamma_0`, :math:`\alpha' = r\alpha`,
:math:`r = 1/(1 + \gamma_0L/\mu_0M_s)`. Where r is constant on the orbit,

.. math::

    \tan\frac{\theta}{2} = \tan\frac{\theta_0}{2}
    \exp\Big(-\frac{\alpha'\gamma_0'Ht}{1 + \alpha'^2}\Big), \qquad
    \phi = \phi_0 + \frac{\gamma_0'Ht}{1 + \alpha'^2}.

- TI surface (Eq. 2.32): :math:`L \propto |m_z|`, so without damping the
  precession at polar angle :math:`\theta` runs at
  :math:`\omega(\theta) = \gamma(\theta)\mu_0H` with
  :math:`\gamma = \gamma_f/(1 + \gamma_f/\gamma_s(\theta))` (Eq. 2.34):
  equal to :math:`\gamma_f` on the equator, slowest at the poles.
- 2D-TI edge (Eq. 2.40): L is the same in every direction,
  :math:`\gamma = \gamma_f/(1 + \gamma_f/\gamma_s)`, and the damped orbit
  follows the closed form with :math:`\alpha' = r\alpha`, not with
  :math:`\alpha` (the two differ by 25% in the relaxation rate here).
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.constants import hbar, mu0

MS = 4e5  # A/m
H = 8e4  # A/m
GAMMA0 = 2.211e5
V = 4e5  # m/s


def drive(theta0, gyro, alpha, t, n):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(2e-9, 2e-9, 2e-9), n=(1, 1, 1))
    system = mm.System(name="fmr")
    system.energy = mm.Zeeman(H=(0, 0, H))
    system.dynamics = mm.Precession(gamma0=GAMMA0) + mm.Damping(alpha=alpha) + gyro
    system.m = df.Field(
        mesh, nvdim=3, value=(math.sin(theta0), 0, math.cos(theta0)), norm=MS
    )
    wm.TimeDriver(evolver=wm.RungeKuttaEvolver(tolerance=1e-9)).drive(
        system, t=t, n=n, save=False
    )
    data = system.table.data
    return data["t"].to_numpy(), data[["mx", "my", "mz"]].to_numpy()


@pytest.mark.parametrize("theta0", [0.3, 1.2, 2.0])
def test_ti_surface_precession_frequency_follows_eq_2_34(theta0, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # J such that gamma_f / gamma_s = 1.5 |m_z| (Eq. 2.32 with d = 1 nm)
    d = 1e-9
    J = math.sqrt(1.5 * MS / GAMMA0 * mu0 * 4 * math.pi * hbar * V**2 * d)
    gyro = wm.AnisotropicGyromagneticRatio.ti_surface(v=V, J=J, thickness=d)
    t, m = drive(theta0, gyro, alpha=0.0, t=0.2e-9, n=50)
    phi = np.unwrap(np.arctan2(m[:, 1], m[:, 0]))
    omega = np.polyfit(t, phi, 1)[0]
    gamma_s = GAMMA0 / (1.5 * abs(math.cos(theta0)))  # m/(A s), Eq. 2.32
    gamma = GAMMA0 / (1 + GAMMA0 / gamma_s)  # Eq. 2.34
    assert omega == pytest.approx(gamma * H, rel=1e-6)
    assert np.allclose(m[:, 2], math.cos(theta0), rtol=0, atol=1e-8)
    # not the bare Larmor frequency
    assert abs(omega / (GAMMA0 * H) - 1) > 0.2


def test_ti_edge_damped_orbit_uses_the_renormalised_damping(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    area = 4e-18  # m^2, wire cross-section
    J = 1.0 * MS / GAMMA0 * mu0 * 2 * math.pi * V * area  # gamma_f / gamma_s = 1
    gyro = wm.AnisotropicGyromagneticRatio.ti_edge(v=V, J=J, area=area)
    r = 0.5  # Eq. 2.40 with gamma_f / gamma_s = alpha / pi = 1
    alpha = 0.2
    theta0 = 1.0
    t, m = drive(theta0, gyro, alpha=alpha, t=0.5e-9, n=40)

    def closed(a, g):
        rate = g * H / (1 + a * a)
        theta = 2 * np.arctan(math.tan(theta0 / 2) * np.exp(-a * rate * t))
        return np.cos(theta), rate * t

    mz, phi = closed(r * alpha, r * GAMMA0)
    assert np.allclose(m[:, 2], mz, rtol=0, atol=1e-7)
    assert np.allclose(np.unwrap(np.arctan2(m[:, 1], m[:, 0])), phi, rtol=0, atol=1e-6)
    # the other reading (alpha kept, only gamma rescaled) is far off
    mz_kept, _ = closed(alpha, r * GAMMA0)
    assert np.abs(m[:, 2] - mz_kept).max() > 1e-2

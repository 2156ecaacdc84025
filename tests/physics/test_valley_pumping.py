r"""Valley pumping by a precessing magnet (seed 000, Sec. IV C, Eq. 33).

A macrospin precesses without damping about a field H along +z at
:math:`\omega = \gamma_0H` and cone angle :math:`\theta`. With weylmag's m the
valley-motive force is :math:`\boldsymbol\varepsilon = \eta(1 +
\beta\mathbf{m}\times)\partial_t\mathbf{m}`; its oscillating part averages
out and :math:`\langle\mathbf{m}\times\partial_t\mathbf{m}\rangle =
\omega\sin^2\theta\,\hat{\mathbf{z}}` leaves
:math:`\langle\boldsymbol\varepsilon\rangle = \eta\beta\omega\sin^2\theta\,
\hat{\mathbf{z}}` (Eq. 33). The mesh is periodic, so the valley current
flows freely, the valley density stays zero and the precession is steady.
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.constants import gamma0, hbar
from weylmag.valley import coefficients as vc

MS = 3e5
H = 2e5  # A/m: omega = gamma0 H = 4.4e10 rad/s
ETA = hbar * 6e8
BETA = 0.3
PERIOD = 2 * math.pi / (gamma0 * H)


def precessing(theta):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(5e-9, 5e-9, 5e-9), n=(1, 1, 1), bc="xyz")
    system = mm.System(name="valley_pumping")
    system.energy = mm.Zeeman(H=(0, 0, H))
    system.dynamics = mm.Precession(gamma0=gamma0) + wm.ValleyDiffusion(
        eta=ETA, sigma=1e5, N=1e46, tau_v=1e-13, beta=BETA
    )
    system.m = df.Field(mesh, nvdim=3, value=(math.sin(theta), 0, math.cos(theta)), norm=MS)
    return system


@pytest.mark.parametrize("theta", [0.3, 1.0, 2.0])
def test_time_averaged_valley_motive_force_is_eq33(theta):
    """eps_z from the drive table, averaged over three periods (30 samples
    per period, trapezoidal over a closed cycle), is Eq. 33 to 1 %
    (measured: 2e-6 or better); the in-plane components average to zero."""
    system = precessing(theta)
    wm.TimeDriver().drive(system, t=3 * PERIOD, n=90, verbose=0)
    data = system.table.data
    expected = vc.pumped_valley_force(eta=ETA, beta=BETA, omega=gamma0 * H, theta=theta)
    # samples at k T/30, k = 1..90: with the cycle closed they are one
    # periodic trapezoid rule over three periods
    mean = {a: data[f"eps_{a}"].to_numpy().mean() for a in "xyz"}
    assert mean["z"] == pytest.approx(expected, rel=0.01)
    amplitude = ETA * gamma0 * H * math.sin(theta)  # of the eta dm/dt part
    assert abs(mean["x"]) < 1e-3 * amplitude and abs(mean["y"]) < 1e-3 * amplitude
    assert np.ptp(data["eps_x"]) > amplitude  # the oscillation is there
    # nothing accumulates: the pumped valley current flows round the periodic cell
    assert data["rho_v"].abs().max() == 0.0
    # and the cone angle stays put (steady precession)
    assert data["mz"].iloc[-1] == pytest.approx(math.cos(theta), abs=1e-6)

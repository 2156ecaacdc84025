r"""The occupation lag of a narrow resonance against the first-order pumped density.

A textured chain holds a well of three sites between two barriers of
height B; two gates on the well's outer sites, a quarter period apart, move
its middle level down across μ and back up once per cycle. The level's
width Γ falls as :math:`1/B^2`. The first-order spin density integrated
over the cycle (:class:`~weylmag.negf.AdiabaticPump` on a quadrature in
time) must approach the lag :math:`\sum_c -\Delta n_c\,\mathbf s_c/\Gamma_c`
of :func:`~weylmag.negf.resonance_lag`, which is of order 1/Γ, up to the
rest, of order 1: relative to the lag the difference must fall as Γ.
"""

import numpy as np
import pytest
import scipy.integrate

from weylmag.negf import AdiabaticPump, GatePump, SquareLattice, resonance_lag

MU = 4.1


def well(barrier):
    rng = np.random.default_rng(3)
    m = rng.normal(size=(9, 1, 3))
    m /= np.linalg.norm(m, axis=-1, keepdims=True)
    return (
        SquareLattice(9, 1, J=0.5, m=m, gates={2: barrier, 6: barrier})
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


PUMP = GatePump((3, 5), (0.3, 0.3), omega=1.0, phases=(0.0, np.pi / 2))


def cycle_integral(device):
    """The first-order spin density integrated over one period, by quadrature in time."""
    solver = AdiabaticPump(device, MU, PUMP, rtol=1e-7)
    value, _ = scipy.integrate.quad_vec(
        lambda t: solver.evaluate(t).spin, 0.0, PUMP.period, epsrel=1e-6, limit=2000
    )
    return value


@pytest.fixture(scope="module")
def comparisons():
    out = {}
    for barrier in (24.0, 48.0):
        device = well(barrier)
        lag = resonance_lag(device, MU, PUMP, n_angles=2048, n_poles=6)
        out[barrier] = lag, cycle_integral(device)
    return out


def test_the_level_fills_and_empties_once_per_cycle(comparisons):
    for lag, _ in comparisons.values():
        assert lag.dn[lag.dn > 0].sum() == pytest.approx(1.0, abs=0.01)
        assert lag.dn[lag.dn < 0].sum() == pytest.approx(-1.0, abs=0.01)
        assert np.all(-2 * lag.pole.imag < 0.005)


def test_the_lag_is_the_cycle_integral_up_to_order_gamma(comparisons):
    errors, widths = {}, {}
    for barrier, (lag, direct) in comparisons.items():
        scale = np.abs(lag.spin).max()
        # the term of order 1/Gamma, not a cancellation of the two crossings
        # (the state's spin in the well differs between them)
        widths[barrier] = -2 * lag.pole[np.argmax(np.abs(lag.dn))].imag
        assert scale * widths[barrier] > 0.02
        errors[barrier] = np.abs(direct - lag.spin).max() / scale
        # measured 2.8 Gamma at B = 24 (Gamma = 3.2e-3 t), 2.5 Gamma at B = 48
        assert errors[barrier] < 4 * widths[barrier]
    # and falling with Gamma, four times from B = 24 to 48
    assert errors[24.0] / errors[48.0] == pytest.approx(widths[24.0] / widths[48.0], rel=0.25)

r"""Poles of the open device against the Breit-Wigner line shape of the transmission.

A chain with two high barriers (a double-barrier well of three sites) has
narrow resonances of width Γ. Near each, with symmetric barriers,

.. math::

    T(E) \approx \frac{2\,(\Gamma/2)^2}{(E - E_r)^2 + (\Gamma/2)^2}

(two spins), so T reaches 2 at :math:`E_r` and falls to half of that
:math:`\Gamma/2` either side. The pole :math:`E_r - i\Gamma/2` of
:func:`weylmag.negf.resonances`, with Σ taken at the pole's own energy,
must give both. Σ varies on the scale of t, so the line shape deviates from
the Lorentzian by terms of relative order Γ/t, here below 0.5%.
"""

import numpy as np
import pytest

from weylmag.negf import SquareLattice, resonances, transmission

BARRIER = 12.0


def double_barrier():
    onsite = np.full((7, 1), 4.0)
    onsite[[1, 5], 0] += BARRIER
    return (
        SquareLattice(7, 1, onsite=onsite)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


def pole_near(device, guess):
    """The pole nearest ``guess``, with Σ taken at its own energy."""
    poles = resonances(device, guess)
    pole = poles[np.argmin(np.abs(poles.real - guess))]
    poles = resonances(device, pole.real)
    return poles[np.argmin(np.abs(poles - pole))]


@pytest.mark.parametrize("guess", [2.55, 3.91, 5.37])
def test_pole_gives_the_breit_wigner_peak_and_width(guess):
    dev = double_barrier()
    pole = pole_near(dev, guess)
    width = -2.0 * pole.imag
    assert 1e-3 < width < 2e-2
    energies = np.linspace(pole.real - 2 * width, pole.real + 2 * width, 4001)
    t = transmission(dev, energies)
    assert abs(t.max() - 2.0) < 1e-3
    assert abs(energies[t.argmax()] - pole.real) < 1e-2 * width
    above_half = energies[t >= 0.5 * t.max()]
    assert abs((above_half.max() - above_half.min()) / width - 1.0) < 1e-2


def test_closed_levels_of_a_magnet_split_by_the_exchange():
    """Without coupling to the leads' band the poles are real and split by J."""
    dev = (
        SquareLattice(1, 1, J=0.6, m=(0.0, 0.6, 0.8), onsite=20.0)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    poles = resonances(dev, 20.0)
    # far above the band Sigma is real, and the same for both spins
    assert np.abs(poles.imag).max() < 1e-12
    assert abs(poles[1].real - poles[0].real - 0.6) < 1e-12

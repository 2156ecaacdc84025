r"""FloquetPump: the period-averaged density and currents to all orders in ω.

Compared with the dense Floquet reference of :mod:`negf_reference`, which
integrates the scattering states injected at sideband 0 along the real
axis (no contour, no reduction to the gates, no shift of the injection
energy), and, for the current, with the Floquet scattering matrix in the
frame of the injection energy; in the adiabatic limit with Brouwer's
pumped charge.
"""

import numpy as np
import pytest
from negf_reference import floquet_current, floquet_density

from weylmag.negf import (
    FloquetPump,
    GatePump,
    SquareLattice,
    electron_density,
    pumped_charge,
    spin_density,
)

J, MU = 0.6, 2.4
COLUMNS, PHASES = (1, 3), (0.0, 0.5 * np.pi)
TIGHT = {"rtol": 1e-10, "atol": 1e-13}


def texture(x, y):
    v = np.array(
        [np.cos(1.1 * x + 0.7 * y), np.sin(1.1 * x + 0.7 * y), 0.5 + 0.3 * y - 0.2 * x]
    )
    return v / np.linalg.norm(v)


def device(nx=5, ny=2):
    """The device of test_floquet: its undriven H0 exceeds the clean strip, so binds no states."""
    return (
        SquareLattice(nx, ny, J=J, m=texture, onsite=4.0 + 0.5 * J + 0.2)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


@pytest.fixture(scope="module")
def strong():
    """ħω = t and gates of 0.5 t: far from the adiabatic limit, 8 sidebands."""
    pump = GatePump(COLUMNS, (0.5, 0.5), 1.0, PHASES)
    return pump, FloquetPump(device(), MU, pump, 8, **TIGHT).average()


def test_period_average_is_the_average_of_the_reference_density(strong):
    pump, avg = strong
    n_side = 8
    # rho(t) has harmonics |p| <= 2N: 4N + 3 equal steps average them out exactly
    times = np.arange(4 * n_side + 3) / (4 * n_side + 3) * pump.period
    reference = floquet_density(device(), MU, pump, times, n_side, nodes=12, max_len=0.02)
    expected = reference.mean(axis=0)
    assert np.abs(avg.density - expected).max() < 1e-9 * np.abs(expected).max()
    # the drive changes the density well beyond that
    still = spin_density(device(), MU, **TIGHT).value
    assert np.abs(avg.spin - still).max() > 1e-3 * np.abs(still).max()
    assert avg.error < 1e-9


def test_currents_against_the_floquet_scattering_matrix(strong):
    pump, avg = strong
    expected = floquet_current(device(), MU, pump, 8)
    assert np.abs(avg.current - expected).max() < 1e-8 * np.abs(expected).max()
    # particles are conserved: what leaves into the leads sums to zero
    assert abs(avg.current.sum()) < 1e-10 * np.abs(avg.current).max()
    # the non-collinear texture polarises the pumped electrons
    assert np.abs(avg.current[1, 0] - avg.current[1, 1]) > 0.1 * np.abs(avg.current[1]).max()


def test_adiabatic_limit_is_brouwers_charge_per_cycle():
    """Charge per cycle 2 pi I / w -> Brouwer's, the remainder O(w)."""
    dev = device()
    charges = {}
    for w in (0.02, 0.01):
        pump = GatePump(COLUMNS, (0.1, 0.1), w, PHASES)
        avg = FloquetPump(dev, MU, pump, 4, rtol=1e-10, atol=1e-14).average()
        charges[w] = avg.current.sum(axis=1) * pump.period
    brouwer = pumped_charge(dev, MU, GatePump(COLUMNS, (0.1, 0.1), 0.01, PHASES))
    err = {w: np.abs(q - brouwer).max() / np.abs(brouwer).max() for w, q in charges.items()}
    assert err[0.01] < 2e-3 and 1.8 < err[0.02] / err[0.01] < 2.2
    richardson = 2 * charges[0.01] - charges[0.02]
    assert np.abs(richardson - brouwer).max() < 0.2 * err[0.01] * np.abs(brouwer).max()


def test_one_gate_pumps_only_beyond_the_adiabatic_limit():
    """One parameter pumps no charge adiabatically (Brouwer); at finite w it does, O(w)."""
    dev = device()
    charges = []
    for w in (0.04, 0.02):
        pump = GatePump((1,), (0.2,), w, (0.0,))
        avg = FloquetPump(dev, MU, pump, 4, rtol=1e-10, atol=1e-14).average()
        charges.append(avg.current.sum(axis=1)[1] * pump.period)
    assert 1.9 < charges[0] / charges[1] < 2.1
    two_gates = pumped_charge(dev, MU, GatePump(COLUMNS, (0.2, 0.2), 0.02, PHASES))[1]
    assert abs(charges[1]) < 0.01 * abs(two_gates)


def test_more_sidebands_change_little(strong):
    pump, avg = strong
    fewer = FloquetPump(device(), MU, pump, 6, **TIGHT).average()
    scale = np.abs(avg.spin).max()
    assert np.abs(fewer.spin - avg.spin).max() < 1e-6 * scale
    # ... where one sideband is not enough
    one = FloquetPump(device(), MU, pump, 1, **TIGHT).average()
    assert np.abs(one.spin - avg.spin).max() > 1e-4 * scale


def test_errors():
    dev = device()
    pump = GatePump(COLUMNS, (0.1, 0.1), 0.5, PHASES)
    with pytest.raises(ValueError, match="n_side"):
        FloquetPump(dev, MU, pump, 0)
    with pytest.raises(ValueError, match="continuum"):
        FloquetPump(dev, -9.0, pump, 2)
    with pytest.raises(TypeError, match="GatePump"):
        FloquetPump(dev, MU, (1, 3), 2)
    with pytest.raises(ValueError, match="workers"):
        FloquetPump(dev, MU, pump, 2, workers=0)


def test_states_below_the_leads_band_filled_by_the_drive():
    """A device that binds states below the leads' band (on-site 3.9 < 4 + J/2).

    Undriven, the average counts them filled (the arc starts at E_c - N w),
    unlike the lead-injected equilibrium density; driven, they are
    resonances of the sidebands, and the average equals the scattering
    states injected at sideband 0 above E_c, which fill them through the
    drive alone.
    """
    dev = (
        SquareLattice(5, 2, J=J, m=texture, onsite=3.9)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    n_side = 6
    still = FloquetPump(dev, MU, GatePump(COLUMNS, (0.0, 0.0), 1.0, PHASES), n_side, **TIGHT)
    injected = electron_density(dev, MU, **TIGHT).value
    assert (still.average().density[..., 0] - injected).sum() > 1.0
    pump = GatePump(COLUMNS, (0.5, 0.5), 1.0, PHASES)
    avg = FloquetPump(dev, MU, pump, n_side, **TIGHT).average()
    times = np.arange(4 * n_side + 3) / (4 * n_side + 3) * pump.period
    reference = floquet_density(dev, MU, pump, times, n_side, nodes=12, max_len=0.005)
    expected = reference.mean(axis=0)
    assert np.abs(avg.density - expected).max() < 1e-8 * np.abs(expected).max()

r"""Adiabatic pumped density against the exact time-periodic density (Floquet NEGF).

Two harmonic gates :math:`V_k\cos(\omega t + \phi_k)` drive a small magnetic
device with a non-coplanar texture between square-lattice leads (energy
dependent self-energies). The reference :func:`negf_reference.floquet_density`
solves the driven problem exactly in the gate strength and ω (sidebands
:math:`|n| \le N`, converged), so that

.. math::

    \frac{\rho_{\rm Floquet}(t) - \rho_f(t)}{\omega} = \rho^{(1)}(t) + O(\omega),

with :math:`\rho_f` the frozen density of the device at the gates
:math:`V_k(t)` and :math:`\omega\rho^{(1)}` the library's first-order
(adiabatic) density, :func:`~weylmag.negf.pumped_spin_density`. The
remainder is the second-order adiabatic density: it halves with ω, and the
Richardson combination of two frequencies removes it.

The device is repulsive at every time: with on-site energies
:math:`4 + J/2 + 0.2` (the leads have 4) the site potential relative to the
leads, :math:`0.2 + (J/2)(1 \pm 1) + V_k(t)`, is never negative for
:math:`|V_k| \le 0.2`, so :math:`H(t)` exceeds the clean strip and binds no
states below the lead continuum. The library's Fermi-sea integrals and the
Floquet steady state both leave bound states out, and a bound state that the
gates pushed towards the band edge would be filled by photon absorption in
the Floquet steady state.
"""

import numpy as np
import pytest
from negf_reference import floquet_density, floquet_matrix, floquet_sidebands

from weylmag.negf import (
    GatePump,
    SquareLattice,
    adiabatic_density,
    electron_density,
    pumped_spin_density,
    spin_density,
)

NX, NY, J, MU = 5, 2, 0.6, 2.4
COLUMNS, AMPLITUDES, PHASES = (1, 3), (0.2, 0.2), (0.0, 0.5 * np.pi)
#: Phases ωt of the cycle at which the densities are compared.
CYCLE = np.array([0.4, 1.7, 3.0, 4.4, 5.6])
OMEGAS = (0.01, 0.005)
N_SIDE = 8


def texture(x, y):
    """A non-coplanar texture without mirror symmetry."""
    v = np.array(
        [np.cos(1.1 * x + 0.7 * y), np.sin(1.1 * x + 0.7 * y), 0.5 + 0.3 * y - 0.2 * x]
    )
    return v / np.linalg.norm(v)


def device():
    return (
        SquareLattice(NX, NY, J=J, m=texture, onsite=4.0 + 0.5 * J + 0.2)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


def pump(omega, amplitudes=AMPLITUDES):
    return GatePump(COLUMNS, amplitudes, omega, PHASES)


def relative_error(value, expected):
    """max |value - expected| / max |expected| at every time, (n_times,)."""
    axes = tuple(range(1, expected.ndim))
    return np.abs(value - expected).max(axis=axes) / np.abs(expected).max(axis=axes)


def test_sideband_recursion_is_the_inverse_floquet_matrix():
    dev = device()
    p = pump(0.15, amplitudes=(0.9, 0.6))
    interface = np.concatenate([lead.orbitals for lead in dev.leads])
    m, n_side = dev.n_orbitals, 3
    for energy in (1.37, 2.95):
        g = floquet_sidebands(dev, [energy], p, n_side)[:, 0]
        dense = np.linalg.inv(floquet_matrix(dev, energy, p, n_side))
        column = dense[:, n_side * m : (n_side + 1) * m][:, interface]
        expected = column.reshape(2 * n_side + 1, m, -1)
        assert np.abs(g - expected).max() < 1e-12 * np.abs(expected).max()
        # the gates mix the sidebands
        assert np.abs(expected[n_side + 2]).max() > 1e-3 * np.abs(expected).max()


def test_floquet_static_limit_is_the_frozen_density():
    dev = device().with_gates({1: 0.15, 3: -0.1})
    static = pump(0.01, amplitudes=(0.0, 0.0))
    rho = floquet_density(dev, MU, static, [0.0, 37.0], N_SIDE)
    s = spin_density(dev, MU, rtol=1e-11, atol=1e-14).value
    n = electron_density(dev, MU, rtol=1e-11, atol=1e-14).value
    for r in rho:
        assert np.abs(r[..., 1:] - s).max() < 1e-9 * np.abs(s).max()
        assert np.abs(r[..., 0] - n).max() < 1e-9 * np.abs(n).max()


@pytest.fixture(scope="module")
def adiabatic():
    """Frozen and first-order densities at the phases CYCLE, per unit ω.

    Returns (frozen (n, s), first-order spin, seed-form spin, first-order n),
    each stacked over CYCLE; with ω = 1 the times are the phases.
    """
    dev = device()
    unit = pump(1.0)
    options = {"rtol": 1e-10, "atol": 1e-14}
    frozen, spin, seed, charge = [], [], [], []
    for t in CYCLE:
        fixed = unit.device_at(dev, t)
        n = electron_density(fixed, MU, **options).value
        s = spin_density(fixed, MU, **options).value
        frozen.append(np.concatenate([n[..., None], s], axis=-1))
        spin.append(pumped_spin_density(dev, MU, unit, t, **options))
        seed.append(pumped_spin_density(dev, MU, unit, t, form="seed", **options))
        r = adiabatic_density(fixed, MU, COLUMNS, **options).value[..., 0]
        charge.append(np.einsum("k,kxy->xy", unit.rates(t)[0], r))
    return tuple(np.array(x) for x in (frozen, spin, seed, charge))


@pytest.fixture(scope="module")
def floquet(adiabatic):
    """(ρ_Floquet(t) - ρ_f(t)) / ω at the phases CYCLE, for each ω in OMEGAS."""
    frozen = adiabatic[0]
    dev = device()
    return {
        w: (floquet_density(dev, MU, pump(w), CYCLE / w, N_SIDE) - frozen) / w
        for w in OMEGAS
    }


def test_floquet_reference_has_converged(adiabatic, floquet):
    """More sidebands or quadrature nodes change the first-order density by < 1e-4.

    That is well below the 1e-3 to which the extrapolated Floquet density is
    compared with the library's.
    """
    frozen, spin = adiabatic[0], adiabatic[1]
    w = OMEGAS[0]
    dev = device()
    scale = np.abs(spin).max()
    more_sidebands = floquet_density(dev, MU, pump(w), CYCLE / w, N_SIDE + 4)
    more_nodes = floquet_density(dev, MU, pump(w), CYCLE / w, N_SIDE, nodes=12)
    for other in (more_sidebands, more_nodes):
        change = ((other - frozen) / w - floquet[w])[..., 1:]
        assert np.abs(change).max() < 1e-4 * scale


def test_pumped_spin_density_against_floquet(adiabatic, floquet):
    spin = adiabatic[1]
    small, large = (floquet[w][..., 1:] for w in sorted(OMEGAS))
    err_small, err_large = relative_error(small, spin), relative_error(large, spin)
    # first order in omega to 2% at every time of the cycle
    assert np.all(err_small < 0.02) and np.all(err_large < 0.02)
    # the remainder is the O(omega^2) density: it halves with omega ...
    assert np.all((1.9 < err_large / err_small) & (err_large / err_small < 2.1))
    # ... and the extrapolation to omega -> 0 removes it
    assert np.all(relative_error(2 * small - large, spin) < 1e-3)


def test_pumped_electron_density_against_floquet(adiabatic, floquet):
    charge = adiabatic[3]
    small, large = (floquet[w][..., 0] for w in sorted(OMEGAS))
    assert np.all(relative_error(small, charge) < 0.02)
    assert np.all(relative_error(large, charge) < 0.02)
    assert np.all(relative_error(2 * small - large, charge) < 1e-3)


def test_seed_form_misses_floquet(adiabatic, floquet):
    """Without the 1 - dSigma/dE factor (seed Eq. C5) the first order is wrong."""
    spin, seed = adiabatic[1], adiabatic[2]
    small, large = (floquet[w][..., 1:] for w in sorted(OMEGAS))
    extrapolated = 2 * small - large
    assert np.all(relative_error(seed, extrapolated) > 0.5)
    assert np.all(relative_error(small, seed) > 0.5)


def test_first_order_density_holds_only_for_w_below_the_resonance_width():
    """At a resonance of the device at E_F the expansion in ω needs ω ≪ Γ.

    Barriers of 1 t on the end columns of a 7 x 2 layer make a resonance at
    E = 3.538 (the DOS peak there is about 5 times its median). The exact
    time-periodic response per unit ω agrees with the first-order density
    to 5% at ω = 0.001, while at ω = 1 (the seed's Sec. V frequency,
    ħω = t) it is below a tenth of it: there the first-order density
    overestimates what the gates pump.
    """
    nx = 7
    onsite = np.full((nx, NY), 4.0 + 0.5 * J + 0.2)
    onsite[[0, -1]] += 1.0
    dev = (
        SquareLattice(nx, NY, J=J, m=texture, onsite=onsite)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    mu, columns, amplitudes = 3.538, (2, 4), (0.05, 0.05)
    unit = GatePump(columns, amplitudes, 1.0, PHASES)
    options = {"rtol": 1e-9, "atol": 1e-14}
    first = np.array([pumped_spin_density(dev, mu, unit, t, **options) for t in CYCLE])
    frozen = np.array(
        [spin_density(unit.device_at(dev, t), mu, **options).value for t in CYCLE]
    )
    scale = np.abs(first).max()
    response = {}
    for w in (0.001, 1.0):
        rho = floquet_density(
            dev, mu, GatePump(columns, amplitudes, w, PHASES), CYCLE / w, N_SIDE, max_len=0.01
        )
        response[w] = (rho[..., 1:] - frozen) / w
    assert np.abs(response[0.001] - first).max() < 0.05 * scale
    assert np.abs(response[1.0]).max() < 0.1 * scale

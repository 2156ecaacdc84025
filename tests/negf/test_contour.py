r"""The contour of :class:`weylmag.negf.AdiabaticPump` against the real axis.

The contour form rewrites the lead-injected first-order density as a
boundary term at :math:`E_c` and μ plus an arc integral of a retarded
function; :func:`weylmag.negf.adiabatic_density` integrates the same
quantity adaptively along the real axis with the channel thresholds as
break points (and is itself checked against dense linear response and an
exact Floquet calculation). Agreement to 1e-9 of the largest component, at
Fermi energies in the three regions of a J-split band, with Rashba
coupling and a non-coplanar texture, tests the algebra of the rewrite; the
Gauss-Legendre error on the arc falls spectrally with the number of points.
Near a narrow resonance at μ a fixed rule loses accuracy; the adaptive
rule then still meets its tolerance and its error estimate bounds the
error it makes. At finite temperature (Fermi window, thermal path and
Matsubara poles) the density equals the real-axis integral with the Fermi
function, the current the thermal average of Brouwer's formula, and the
change from zero temperature is Sommerfeld's
:math:`(\pi^2/6)(k_BT)^2\,\partial_\mu^2\rho`. The zeroth-order (frozen)
density on the same contour equals the real-axis integrals of
:func:`weylmag.negf.spin_density` and :func:`weylmag.negf.electron_density`
for the device with the gates at their values at that time.
"""

import numpy as np
import pytest
import scipy.integrate

from weylmag.negf import (
    AdiabaticPump,
    GatePump,
    NestedDissectionSolver,
    RGFSolver,
    SquareLattice,
    adiabatic_density,
    electron_density,
    fermi_dirac,
    pumped_current,
    spin_density,
)

PUMP = GatePump((1, 3), (0.3, 0.3), omega=0.1, phases=(0.0, np.pi / 2))


def textured_device(nx=5, ny=3, J=1.5, t_so=0.2, seed=1):
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(nx, ny, 3))
    m /= np.linalg.norm(m, axis=-1, keepdims=True)
    return (
        SquareLattice(nx, ny, J=J, m=m, t_so=t_so)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


def real_axis(device, mu, t, kT=0.0):
    """(nx, ny, 4) first-order density at time t from adiabatic_density."""
    frozen = PUMP.device_at(device, t)
    per_gate = adiabatic_density(frozen, mu, PUMP.columns, kT, rtol=1e-10).value
    return np.einsum("k,kxyi->xyi", PUMP.rates(t)[0], per_gate)


@pytest.mark.parametrize("mu", [1.3, 2.5, 4.1, 7.2])
def test_contour_equals_real_axis_integral(mu):
    device = textured_device()
    t = 4.0
    expected = real_axis(device, mu, t)
    scale = np.abs(expected).max()
    assert np.abs(expected[..., 1:]).max() > 1e-3 * scale  # spin is pumped
    for quadrature in ({"n_points": 80}, {"rtol": 1e-11}):
        for solver in (RGFSolver(), RGFSolver(sweep="right"), NestedDissectionSolver(leaf=2)):
            state = AdiabaticPump(device, mu, PUMP, solver=solver, **quadrature).evaluate(t)
            assert np.allclose(state.density, expected, rtol=0, atol=1e-9 * scale)
            assert np.allclose(state.spin, expected[..., 1:], rtol=0, atol=1e-9 * scale)


@pytest.mark.parametrize(
    "columns, sweep", [((1, 3), "right"), ((3, 1), "right"), ((4, 5), "left")]
)
def test_the_sweep_ends_at_the_gates(columns, sweep):
    """A gate's right-hand side costs a forward pass from its column to the end of the sweep."""
    device = textured_device(nx=7)
    pump = GatePump(columns, (0.3, 0.2), omega=0.1, phases=(0.0, np.pi / 2))
    fast = AdiabaticPump(device, 2.5, pump, n_points=16)
    assert fast.solver.sweep == sweep
    other = "left" if sweep == "right" else "right"
    slow = AdiabaticPump(device, 2.5, pump, n_points=16, solver=RGFSolver(sweep=other))
    a, b = fast.evaluate(3.0), slow.evaluate(3.0)
    scale = np.abs(b.density).max()
    assert np.abs(a.density - b.density).max() < 1e-11 * scale
    assert np.abs(a.current - b.current).max() < 1e-11 * np.abs(b.current).max()


def test_a_changed_magnetisation_is_a_changed_device():
    device = textured_device()
    other = textured_device(seed=7)
    pump = AdiabaticPump(device, 2.5, PUMP, n_points=64)
    via_m = pump.evaluate(2.0, other.m).density
    direct = AdiabaticPump(other, 2.5, PUMP, n_points=64).evaluate(2.0).density
    assert np.allclose(via_m, direct, rtol=0, atol=1e-13 * np.abs(direct).max())
    assert np.abs(via_m - pump.evaluate(2.0).density).max() > 1e-2 * np.abs(direct).max()


def test_arc_quadrature_converges_spectrally():
    device = textured_device()
    errors = []
    reference = AdiabaticPump(device, 2.5, PUMP, n_points=128).evaluate(4.0).spin
    for n in (12, 24, 48):
        spin = AdiabaticPump(device, 2.5, PUMP, n_points=n).evaluate(4.0).spin
        errors.append(np.abs(spin - reference).max() / np.abs(reference).max())
    # each doubling gains more than two orders of magnitude
    assert errors[0] > 1e-4
    assert errors[1] < 1e-2 * errors[0]
    assert errors[2] < 1e-2 * errors[1]
    assert errors[2] < 1e-8


def resonant_device():
    """Barriers of 40 t on columns 1 and 5 of a 7 x 3 layer: resonances of width 1e-3 t."""
    device = textured_device(nx=7, ny=3)
    return device.with_gates({1: 40.0, 5: 40.0})


def test_adaptive_arc_meets_its_estimate_near_a_resonance():
    device = resonant_device()
    mu, pump = 2.000003, GatePump((2, 4), (0.3, 0.3), omega=0.1, phases=(0.0, np.pi / 2))
    reference = AdiabaticPump(device, mu, pump, n_points=3000).evaluate(4.0).density
    scale = np.abs(reference).max()

    def error(state):
        return np.abs(state.density - reference).max()

    fixed = AdiabaticPump(device, mu, pump, n_points=48).evaluate(4.0)
    assert error(fixed) > 1e-4 * scale  # the 48-point rule misses the resonance
    assert np.isnan(fixed.error) and fixed.n_energies == 48
    for rtol in (1e-4, 1e-8):
        state = AdiabaticPump(device, mu, pump, rtol=rtol).evaluate(4.0)
        assert error(state) <= state.error
        assert state.n_energies > 60  # refined beyond the initial 4 intervals
    assert error(state) < 1e-8 * scale


@pytest.mark.parametrize("t", [0.0, 3.0, 11.0])
def test_pumped_current_equals_brouwer(t):
    device = textured_device()
    state = AdiabaticPump(device, 2.5, PUMP, n_points=16).evaluate(t)
    expected = pumped_current(device, 2.5, PUMP, t)[0]
    assert np.allclose(state.current, expected, rtol=1e-11, atol=0)


@pytest.mark.parametrize(
    "mu, kT",
    [(2.7, 0.01), (4.1, 0.05), (2.5, 0.02)],  # the last window holds the threshold at 2
)
def test_thermal_contour_equals_real_axis_integral(mu, kT):
    device = textured_device()
    t = 4.0
    expected = real_axis(device, mu, t, kT)
    scale = np.abs(expected).max()
    state = AdiabaticPump(device, mu, PUMP, kT=kT, rtol=1e-11).evaluate(t)
    error = np.abs(state.density - expected).max()
    assert error < 1e-9 * scale
    assert error <= state.error
    # the temperature matters at this tolerance
    cold = AdiabaticPump(device, mu, PUMP, rtol=1e-11).evaluate(t)
    assert np.abs(cold.density - expected).max() > 1e-4 * scale

    def window(func):
        points = [e for e in device.thresholds() if abs(e - mu) < 40 * kT] or None
        return scipy.integrate.quad(
            lambda e: fermi_dirac(e, mu, kT) * (1 - fermi_dirac(e, mu, kT)) / kT * func(e),
            mu - 40 * kT, mu + 40 * kT, points=points, epsabs=0, epsrel=1e-11, limit=400,
        )[0]

    current = [window(lambda e, a=a: pumped_current(device, e, PUMP, t)[0, a]) for a in (0, 1)]
    assert np.allclose(state.current, current, rtol=1e-9, atol=0)


@pytest.mark.parametrize("mu", [2.7, 5.2])
def test_low_temperature_is_sommerfeld(mu):
    """rho(T) - rho(0) = (pi^2 / 6) kT^2 d^2 rho / d mu^2 + O(kT^4), the second
    derivative by central differences of the zero-temperature contour."""
    device = textured_device()
    t, kT, step = 4.0, 1e-3, 5e-3
    cold = [
        AdiabaticPump(device, m, PUMP, rtol=1e-12).evaluate(t).density
        for m in (mu - step, mu, mu + step)
    ]
    change = AdiabaticPump(device, mu, PUMP, kT=kT, rtol=1e-12).evaluate(t).density - cold[1]
    sommerfeld = np.pi**2 / 6 * kT**2 * (cold[0] - 2 * cold[1] + cold[2]) / step**2
    assert np.abs(change).max() > 1e-6 * np.abs(cold[1]).max()
    assert np.allclose(change, sommerfeld, rtol=0, atol=1e-3 * np.abs(change).max())


@pytest.mark.parametrize("mu, kT", [(1.3, 0.0), (4.1, 0.0), (2.5, 0.02)])
def test_frozen_density_equals_real_axis_integral(mu, kT):
    device = textured_device()
    t = 4.0
    frozen_device = PUMP.device_at(device, t)
    spin = spin_density(frozen_device, mu, kT, rtol=1e-11).value
    n = electron_density(frozen_device, mu, kT, rtol=1e-11).value
    both = AdiabaticPump(device, mu, PUMP, kT=kT, rtol=1e-11, density="both").evaluate(t)
    frozen = AdiabaticPump(device, mu, PUMP, kT=kT, rtol=1e-11, density="frozen").evaluate(t)
    pumped = AdiabaticPump(device, mu, PUMP, kT=kT, rtol=1e-11).evaluate(t)
    assert pumped.frozen is None
    for state in (both, frozen):
        assert np.allclose(state.frozen[..., 1:], spin, rtol=0, atol=1e-10)
        assert np.allclose(state.frozen[..., 0], n, rtol=0, atol=1e-10)
        assert state.error < 1e-10
    assert np.array_equal(frozen.density, frozen.frozen)
    assert np.allclose(both.density, frozen.density + pumped.density, rtol=0, atol=1e-10)
    assert np.abs(spin).max() > 0.01 and np.abs(pumped.spin).max() > 1e-3
    assert np.allclose(both.current, pumped.current, rtol=1e-12, atol=0)
    assert np.allclose(frozen.current, pumped.current, rtol=1e-12, atol=0)
    if kT == 0:
        # the fixed rule, on the same split of the contour
        fixed = AdiabaticPump(device, mu, PUMP, n_points=96, density="both").evaluate(t)
        assert np.allclose(fixed.frozen[..., 1:], spin, rtol=0, atol=1e-6)
        assert np.allclose(fixed.density - fixed.frozen, pumped.density, rtol=0,
                           atol=1e-6 * np.abs(pumped.density).max())


def test_bad_input():
    device = textured_device()
    with pytest.raises(ValueError, match="mu = 9.5 must lie inside"):
        AdiabaticPump(device, 9.5, PUMP)
    with pytest.raises(TypeError, match="GatePump"):
        AdiabaticPump(device, 2.0, {"columns": (1, 3)})
    with pytest.raises(ValueError, match="n_points"):
        AdiabaticPump(device, 2.0, PUMP, n_points=2)
    with pytest.raises(ValueError, match="rtol and atol"):
        AdiabaticPump(device, 2.0, PUMP, rtol=0, atol=0)
    with pytest.raises(ValueError, match="initial"):
        AdiabaticPump(device, 2.0, PUMP, initial=0)
    with pytest.raises(ValueError, match="density must be one of"):
        AdiabaticPump(device, 2.0, PUMP, density="zeroth")
    for kT in (-0.1, float("nan")):
        with pytest.raises(ValueError, match="kT must be a finite temperature"):
            AdiabaticPump(device, 2.0, PUMP, kT=kT)
    with pytest.raises(ValueError, match="Fermi window .* lower kT"):
        AdiabaticPump(device, 2.0, PUMP, kT=0.1)
    with pytest.raises(ValueError, match="n_points .* give rtol"):
        AdiabaticPump(device, 2.0, PUMP, kT=0.01, n_points=16)
    with pytest.raises(ValueError, match="kT must be a finite temperature"):
        pumped_current(device, 2.0, PUMP, 1.0, kT=-0.01)


def test_reversed_phase_pumps_the_opposite_density():
    """phi -> -phi is the pump run backwards: the frozen device at -t is the
    one at t and every gate rate changes sign, so the first-order density and
    current are reversed (the frozen-texture statement of seed Sec. V's
    reversal of the skyrmion motion). The zeroth-order (frozen) density is
    the same at both: it cannot reverse a drift."""
    device = textured_device()
    reverse = GatePump((1, 3), (0.3, 0.3), omega=0.1, phases=(0.0, -np.pi / 2))
    for t in (1.0, 7.0):
        forward = AdiabaticPump(device, 2.5, PUMP, n_points=48, density="both").evaluate(t)
        backward = AdiabaticPump(device, 2.5, reverse, n_points=48, density="both").evaluate(-t)
        pumped = forward.density - forward.frozen
        scale = np.abs(pumped).max()
        assert scale > 1e-3
        assert np.allclose(backward.density - backward.frozen, -pumped, rtol=0,
                           atol=1e-12 * scale)
        assert np.allclose(backward.frozen, forward.frozen, rtol=0, atol=1e-13)
        assert np.allclose(backward.current, -forward.current, rtol=1e-10, atol=0)


def test_brouwer_current_at_a_temperature_is_the_contours():
    """pumped_current at kT (the emissivities of the lead channels averaged
    over the Fermi window) against AdiabaticPump's b^dagger Gamma b averaged
    on its own window, spin-resolved parts adding up to the total."""
    device = textured_device()
    mu, kT, t = 2.5, 0.02, 4.0
    state = AdiabaticPump(device, mu, PUMP, kT=kT, rtol=1e-11).evaluate(t)
    warm = pumped_current(device, mu, PUMP, t, kT=kT, rtol=1e-11)[0]
    assert np.allclose(warm, state.current, rtol=1e-9, atol=0)
    cold = pumped_current(device, mu, PUMP, t)[0]
    assert np.abs(warm - cold).max() > 1e-3 * np.abs(cold).max()
    spins = pumped_current(device, mu, PUMP, t, kT=kT, rtol=1e-11, spin=True)[0]
    assert np.allclose(spins.sum(axis=-1), warm, rtol=1e-9, atol=0)

r"""muMAG standard problem 5 (Najafi et al., J. Appl. Phys. 105, 113914 (2009)).

A counter-clockwise vortex with its core along +z is relaxed in a permalloy
square 100 nm x 100 nm x 10 nm; then P J = 1e12 A/m^2 flows along +x
(Zhang-Li, beta = 0.05, alpha = 0.1). The references:

- fidimag on the same mesh (5 nm cells, 20 x 20 x 2): its <m>(t) table every
  10 ps to 8 ns, ``examples/std5/fidimag.txt`` in the MicroMagnetic.jl
  repository (github.com/MagneticSimulation/MicroMagnetic.jl). The file does
  not record u; u = -g muB P J / (2 e Ms) = -72.44 m/s with the free
  electron's g = 2.0023, as in the MicroMagnetic.jl script beside it,
  reproduces the whole curve to 1.3e-6 in every component (g = 2 only to
  3e-4), and the relaxed <mz> to 1e-9. The bound is 2e-5: far below any
  error of physics, above integrator noise.
- mumax3's regression test ``test/standardproblem5.mx3`` (github.com/mumax/3,
  "reference solution by mumax2"): <m>(1 ns) = (-0.23479773, -0.09453578,
  0.02296375) within 1e-4, on 32 x 32 x 4 cells (3.125 nm x 3.125 nm x
  2.5 nm), with mumax3's u = muB P J / (e Ms (1 + beta^2)) = -72.17 m/s in our
  convention. Measured on that mesh: 8.4e-5 at most; bound 2e-4 (mumax3
  computes in single precision with its own demagnetisation kernel).
- Ubermag's shared ``stdprob5`` test (micromagnetictests; 5 nm cells,
  u = -72.35 m/s, 8 ns): -0.35 < min <mx> < -0.30 and -0.03 < max <mx> < 0.
- Thiele's equation for a rigid vortex in a harmonic well (Najafi et al.
  compare their simulations with this kind of model; the paper's final core
  positions are in a figure whose numbers are not available here):
  :math:`\mathbf{F} + G\hat z\times(\mathbf{v}-\mathbf{u}) - D(\alpha\mathbf{v}
  - \beta\mathbf{u}) = 0` with :math:`\mathbf{F} = -k\mathbf{X}`. Without
  current the core spirals in at :math:`\omega = kG/(G^2 + \alpha^2 D^2)`,
  decaying at :math:`\lambda = \alpha\varepsilon\omega` with
  :math:`\varepsilon = D/G`. Under the current it comes to rest at
  :math:`|\Delta\mathbf{X}| = (u/\omega)\sqrt{1 + \beta^2\varepsilon^2}/
  (1 + \alpha^2\varepsilon^2)`, mostly across the current, with
  :math:`\Delta X_\parallel/\Delta X_\perp = \beta\varepsilon`. Fitting the
  spiral gives omega and epsilon; the rest follows with no free parameter.
"""

import micromagneticdata as md
import micromagneticmodel as mm
import numpy as np
import pytest
from scipy.optimize import curve_fit

import weylmag as wm

ALPHA, BETA = 0.1, 0.05
#: The free electron's g-factor, which the fidimag reference run uses.
G_FREE = 2.00231930436
#: fidimag's <m> on 5 nm cells (t in ns), rows of ``examples/std5/fidimag.txt``.
FIDIMAG = {
    0.1: (-0.0230766837634, 0.0858694132776, 0.023910003366),
    0.2: (-0.0797342804668, 0.151324446301, 0.0225823281681),
    0.3: (-0.155608777343, 0.182116231822, 0.0212284296913),
    0.66: (-0.327151872371, 0.0465767361878, 0.0183276768976),
    1.0: (-0.222031736174, -0.0884283433338, 0.020744845658),
    8.0: (-0.203999022071, 0.0152810398321, 0.021681348403),
}
#: mumax3's <m> at 1 ns on 3.125 nm x 3.125 nm x 2.5 nm cells.
MUMAX3_1NS = (-0.23479773, -0.09453578, 0.02296375)


def run(cell, current, t, n):
    """Relax the vortex, then drive it with ``current`` for ``t`` seconds."""
    system = wm.standard.standard_problem_5(cell=cell, name="sp5")
    wm.MinDriver().drive(system, verbose=0)
    core = wm.standard.vortex_core(system.m)
    system.dynamics += current
    wm.TimeDriver().drive(system, t=t, n=n, verbose=0)
    return system, np.array(core)


def average_at(data, t_ns):
    row = data.iloc[int(np.argmin(np.abs(data["t"].to_numpy() - t_ns * 1e-9)))]
    assert row["t"] == pytest.approx(t_ns * 1e-9, rel=1e-9)
    return row[["mx", "my", "mz"]].to_numpy(dtype=float)


def spiral(t, x0, y0, a, phase, decay, omega):
    z = a * np.exp(-decay * t + 1j * (omega * t + phase))
    return np.concatenate([x0 + z.real, y0 + z.imag])


def test_current_starts_the_core_along_the_electron_flow():
    """5 nm cells, 0.3 ns: the fidimag curve, and the core's first step.

    At t = 0 the field torque vanishes, so the adiabatic term carries the
    texture at (1 + alpha beta)/(1 + alpha^2) u = 0.995 u, along -x, with the
    electrons; the beta - alpha term adds a small drift across the current,
    towards -y (Thiele: (alpha - beta) epsilon u = 5 m/s with epsilon = 1.44
    from the long run's spiral, on the side where the core comes to rest
    because alpha > beta). Measured over the first 2 ps: (-70.0, -7.3) m/s.
    The 3 % shortfall in speed is the central difference of the core's
    gradient on 5 nm cells (0.8 % on 2.5 nm cells).
    """
    current = wm.standard.standard_problem_5_current(g=G_FREE)
    system, start = run((5e-9, 5e-9, 5e-9), current, t=0.3e-9, n=150)
    data = system.table.data
    for t_ns in (0.1, 0.2, 0.3):
        np.testing.assert_allclose(average_at(data, t_ns), FIDIMAG[t_ns], atol=2e-5)

    first = md.Data(system.name)[-1][0]
    vx, vy = (np.array(wm.standard.vortex_core(first)) - start) / data["t"].iloc[0]
    drift = (1 + ALPHA * BETA) / (1 + ALPHA**2) * current.u
    assert vx == pytest.approx(drift, rel=0.05)
    assert 0 < -vy < 0.15 * -vx


@pytest.mark.long
def test_eight_ns_against_fidimag_ubermag_and_thiele():
    current = wm.standard.standard_problem_5_current(g=G_FREE)
    system, start = run((5e-9, 5e-9, 5e-9), current, t=8e-9, n=800)
    data = system.table.data
    for t_ns, expected in FIDIMAG.items():
        np.testing.assert_allclose(average_at(data, t_ns), expected, atol=2e-5)
    mx = data["mx"].to_numpy()
    assert -0.35 < mx.min() < -0.30
    assert -0.03 < mx.max() < 0

    t = data["t"].to_numpy()
    core = np.array([wm.standard.vortex_core(m) for m in md.Data(system.name)[-1]])
    late = t >= 1e-9  # amplitude below 7 nm: closer to a harmonic well
    centre = core[t >= 7e-9].mean(axis=0)
    r = core[late][0] - centre
    # Start from the last nanosecond's centre, a period of 1.3 ns and a decay
    # time of 1.5 ns, as seen in the trajectory.
    guess = [*centre, np.hypot(*r), np.arctan2(r[1], r[0]), 1 / 1.5e-9,
             2 * np.pi / 1.3e-9]
    (x0, y0, _, _, decay, omega), _ = curve_fit(
        spiral, t[late] - 1e-9, np.concatenate([core[late, 0], core[late, 1]]), p0=guess
    )
    dx, dy = x0 - start[0], y0 - start[1]
    epsilon = decay / (ALPHA * omega)
    # The core ends below the centre (across the current, for a core along +z
    # and electrons along -x) and a little to the left (the beta term).
    assert dy < 0 and dx < 0
    assert dx / dy == pytest.approx(BETA * epsilon, rel=0.15)
    # Measured: 14.5 nm against Thiele's 15.2 nm. The 5 % is the discrete
    # gradient (3 %, as in the first step) and the anharmonic well.
    rest = -current.u / omega * np.sqrt(1 + (BETA * epsilon) ** 2)
    rest /= 1 + (ALPHA * epsilon) ** 2
    assert np.hypot(dx, dy) == pytest.approx(rest, rel=0.1)


@pytest.mark.long
def test_one_ns_against_mumax3_on_its_mesh():
    u = wm.standard.standard_problem_5_current().u / (1 + BETA**2)
    cell = (100e-9 / 32, 100e-9 / 32, 2.5e-9)
    system, _ = run(cell, mm.ZhangLi(u=u, beta=BETA), t=1e-9, n=10)
    final = average_at(system.table.data, 1.0)
    np.testing.assert_allclose(final, MUMAX3_1NS, atol=2e-4)

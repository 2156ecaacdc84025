r"""Whole-problem LLG dynamics against closed forms and invariants.

A macrospin in a static field :math:`\mathbf{H} = H\hat{\mathbf{z}}` obeys
the Gilbert equation
:math:`\dot{\mathbf{m}} = -\gamma_0 \mathbf{m}\times\mathbf{H}
+ \alpha\,\mathbf{m}\times\dot{\mathbf{m}}`, whose solution in polar angles is

.. math::

    \tan\frac{\theta(t)}{2} = \tan\frac{\theta_0}{2}
    \exp\!\left(-\frac{\alpha\gamma_0 H t}{1+\alpha^2}\right), \qquad
    \phi(t) = \phi_0 + \frac{\gamma_0 H t}{1+\alpha^2},

so at :math:`\alpha = 0` the moment precesses counter-clockwise about
:math:`\mathbf{H}` at the Larmor frequency :math:`f = \gamma_0 H / 2\pi`.

For a texture (exchange, uniaxial anisotropy, interfacial DMI) the total
energy is a constant of the motion at :math:`\alpha = 0` and decreases
monotonically at :math:`\alpha > 0`
(:math:`\dot E = -\alpha\gamma_0\mu_0 M_s V |\mathbf{m}\times\mathbf{H}|^2
/(1+\alpha^2)`).

At temperature :math:`T` the stochastic LLG must sample the Boltzmann
distribution :math:`P(\theta) \propto \sin\theta\, e^{\xi\cos\theta}` with
:math:`\xi = \mu_0 M_s V H / k_B T`, whose moments are
:math:`\langle m_z\rangle = L(\xi) = \coth\xi - 1/\xi` (Langevin) and
:math:`\langle m_x^2 + m_y^2\rangle = 2L(\xi)/\xi`, which tends to the
small-angle equipartition value :math:`2 k_B T/(\mu_0 M_s V H)` for
:math:`\xi \to \infty`.
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.constants import kB, mu0

GAMMA0 = 2.0e5  # deliberately not weylmag's default 2.211e5 (m/(A s))
MS = 8e5  # A/m


def macrospin(theta0, phi0, H, alpha, n=(1, 1, 1), exchange=False, name="macrospin"):
    """A uniform system in a field H along z, m at polar angles (theta0, phi0)."""
    cell = 2e-9
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(cell * k for k in n), n=n)
    system = mm.System(name=name)
    system.energy = mm.Zeeman(H=(0, 0, H))
    if exchange:
        system.energy += mm.Exchange(A=1e-11)
    system.dynamics = mm.Precession(gamma0=GAMMA0)
    if alpha > 0:
        system.dynamics += mm.Damping(alpha=alpha)
    direction = (
        math.sin(theta0) * math.cos(phi0),
        math.sin(theta0) * math.sin(phi0),
        math.cos(theta0),
    )
    system.m = df.Field(mesh, nvdim=3, value=direction, norm=MS)
    return system


def exact_macrospin(t, theta0, phi0, H, alpha):
    """Closed-form m(t) (shape (len(t), 3)) of a damped macrospin in H along z."""
    t = np.asarray(t, dtype=float)
    rate = GAMMA0 * H / (1 + alpha**2)
    theta = 2 * np.arctan(math.tan(theta0 / 2) * np.exp(-alpha * rate * t))
    phi = phi0 + rate * t
    return np.stack(
        [np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)],
        axis=1,
    )


@pytest.mark.parametrize(
    "n, exchange",
    [((1, 1, 1), False), ((3, 2, 2), True)],
    ids=["one-cell", "uniform-mesh"],
)
def test_larmor_frequency(n, exchange):
    """At alpha = 0 the phase of (mx, my) grows linearly at omega = +gamma0 H.

    Ten periods are sampled 16 times each with the default adaptive
    Dormand-Prince evolver (tolerance 1e-10); a least-squares line through the
    unwrapped phase gives the frequency, which must equal gamma0 H / (2 pi) to
    1e-6 relative (positive: counter-clockwise about H). The cone angle is a
    constant of the motion and must not drift by more than 1e-8. On a uniform
    mesh with exchange the state stays uniform, so the frequency is the same.
    """
    H = 8e4
    theta0, phi0 = 0.7, 0.3
    system = macrospin(theta0, phi0, H, alpha=0.0, n=n, exchange=exchange)
    problem = wm.Problem(system)
    evolver = wm.RungeKuttaEvolver(tolerance=1e-10)
    assert evolver.tableau.name == "dp54"
    evolver.setup(problem)
    f_exact = GAMMA0 * H / (2 * math.pi)
    times = np.linspace(0, 10 / f_exact, 161)
    m = problem.m0.copy()
    samples = [m.copy()]
    t = 0.0
    for t_next in times[1:]:
        t = evolver.advance(problem, m, t, t_next)
        samples.append(m.copy())
    samples = np.array(samples)  # (time, cell, 3)

    spread = np.abs(samples - samples[:, :1, :]).max()
    assert spread < 1e-12, "a uniform state must stay uniform"
    mean = samples.mean(axis=1)
    phase = np.unwrap(np.arctan2(mean[:, 1], mean[:, 0]))
    slope, _ = np.polyfit(times, phase, 1)
    f = slope / (2 * math.pi)
    assert f == pytest.approx(f_exact, rel=1e-6)
    assert np.abs(mean[:, 2] - math.cos(theta0)).max() < 1e-8


@pytest.mark.parametrize("alpha, periods", [(0.05, 8.0), (1.0, 1.5)])
def test_damped_macrospin_closed_form(alpha, periods):
    """TimeDriver table rows follow the closed-form damped solution to 1e-6.

    theta(t) from tan(theta/2) = tan(theta0/2) exp(-alpha gamma0 H t/(1+alpha^2))
    and phi(t) = phi0 + gamma0 H t/(1+alpha^2), started at theta0 = 2.5 rad so
    that the moment switches through the equator. Checked through the whole
    drive pipeline (Problem, default Dormand-Prince evolver at tolerance
    1e-10, TimeDriver, the .odt table read back by ubermagtable): every
    component of every row agrees to 1e-6 absolute, and the final system.m
    is the last row's state.
    """
    H = 1e5
    theta0, phi0 = 2.5, -0.4
    system = macrospin(theta0, phi0, H, alpha)
    t_end = periods * 2 * math.pi / (GAMMA0 * H)
    driver = wm.TimeDriver(evolver=wm.RungeKuttaEvolver(tolerance=1e-10))
    driver.drive(system, t=t_end, n=60, verbose=0)

    data = system.table.data
    assert len(data) == 60
    t = data["t"].to_numpy()
    np.testing.assert_allclose(t, t_end * np.arange(1, 61) / 60, rtol=1e-14)
    computed = data[["mx", "my", "mz"]].to_numpy()
    expected = exact_macrospin(t, theta0, phi0, H, alpha)
    assert np.abs(computed - expected).max() < 1e-6
    # The run really went through the equator and far along the trajectory.
    assert computed[0, 2] < 0 < computed[-1, 2]
    m_final = system.m.orientation.array.reshape(-1, 3)[0]
    np.testing.assert_allclose(m_final, computed[-1], atol=1e-12)


# -- textures: energy invariants ----------------------------------------------

K_ANIS = 1e5  # J/m^3
H_K = 2 * K_ANIS / (mu0 * MS)  # A/m, the dominant field of the textures below
PERIOD_K = 2 * math.pi / (GAMMA0 * H_K)  # s


def texture(alpha, A, D, name="texture"):
    """A 20 x 20 x 1 film, smooth non-symmetric texture, exchange + K + DMI Cnv_z."""
    d = 5e-9
    L = 20 * d
    mesh = df.Mesh(p1=(0, 0, 0), p2=(L, L, d), cell=(d, d, d))

    def value(p):
        x, y, _ = p
        k = 2 * math.pi / L
        return (
            math.sin(k * x + 0.3) + 0.4 * math.cos(2 * k * y),
            math.cos(k * y - 0.7) + 0.3 * math.sin(k * (x + y)),
            1.2 + 0.5 * math.sin(k * x) * math.cos(k * y),
        )

    system = mm.System(name=name)
    system.energy = (
        mm.Exchange(A=A)
        + mm.UniaxialAnisotropy(K=K_ANIS, u=(0, 0, 1))
        + mm.DMI(D=D, crystalclass="Cnv_z")
    )
    system.dynamics = mm.Precession(gamma0=GAMMA0)
    if alpha > 0:
        system.dynamics += mm.Damping(alpha=alpha)
    system.m = df.Field(mesh, nvdim=3, value=value, norm=MS)
    return system


def energy_drift(periods, tolerance):
    """Largest |E(t) - E(0)| / |E(0)| over ten samples of an alpha = 0 run."""
    # Exchange and DMI fields are kept comparable to H_K (not stiffer), so
    # that H_K sets the time scale; their energies are still ~2-4 % of the
    # anisotropy energy, so a field that is not the exact derivative of the
    # discrete energy (bulk or boundary) would show as drift.
    system = texture(alpha=0.0, A=5e-13, D=1.5e-4)
    problem = wm.Problem(system)
    m = problem.m0.copy()
    energies = problem.energies(m, 0.0)
    assert energies["exchange"] > 0.01 * abs(energies["uniaxialanisotropy"])
    assert abs(energies["dmi"]) > 0.005 * abs(energies["uniaxialanisotropy"])
    E0 = sum(energies.values())
    evolver = wm.RungeKuttaEvolver(tolerance=tolerance)
    evolver.setup(problem)
    t = 0.0
    drift = 0.0
    m_start = m.copy()
    for k in range(1, 11):
        t = evolver.advance(problem, m, t, k * periods * PERIOD_K / 10)
        drift = max(drift, abs(problem.total_energy(m, t) - E0) / abs(E0))
    # The texture really moved (precession, not a fixed point).
    assert np.abs(m - m_start).max() > 0.1
    return drift


def test_energy_conserved_without_damping():
    """At alpha = 0 the energy of a texture drifts by < 1e-6 over 100 periods.

    100 precession periods 2 pi/(gamma0 H_K) of the dominant anisotropy field
    of an exchange + uniaxial anisotropy + DMI (Cnv_z) texture, dp54 at
    tolerance 1e-9 (about 20000 steps, ~9 s): the largest relative change of
    the total energy must stay below 1e-6 (measured 7e-8; the drift of this
    non-symplectic integrator grows linearly in time and in the tolerance).
    """
    assert energy_drift(periods=100, tolerance=1e-9) < 1e-6


def test_energy_decreases_after_every_step():
    """With alpha > 0 the energy after every accepted step is below the last.

    The adaptive Dormand-Prince evolver at its default tolerance, started at
    ``start_dt = dt``, is advanced in increments dt shorter than its natural
    step, so that each call takes exactly one accepted step (checked from the
    step counter); the energy after each of the 600 steps must be strictly
    smaller than before it. Over this stretch of the relaxation (the energy
    falls by more than 10 %, checked) the exact decrease per step,
    alpha gamma0 mu0 Ms V |m x H|^2 dt/(1+alpha^2), is about 1e-3 |E|, while
    the integrator's own energy error per step (measured at alpha = 0 with
    the same steps) is about 1e-10 |E|: a rise would mean wrong physics (sign
    of the damping, a field that is not -dE/dm), not integration error.
    """
    system = texture(alpha=0.05, A=2e-12, D=5e-4)
    problem = wm.Problem(system)
    t, dt = 0.0, 0.5e-12
    evolver = wm.RungeKuttaEvolver(start_dt=dt)
    evolver.setup(problem)
    m = problem.m0.copy()
    E = [problem.total_energy(m, t)]
    for k in range(600):
        steps = evolver.stats["steps"]
        t = evolver.advance(problem, m, t, (k + 1) * dt)
        assert evolver.stats["steps"] == steps + 1
        E.append(problem.total_energy(m, t))
    E = np.array(E)
    assert evolver.stats["rejected"] == 0
    assert np.all(np.diff(E) < 0)
    assert E[-1] < E[0] - 0.1 * abs(E[0])


def test_energy_decreases_in_drive_table():
    """With alpha > 0 the E column of a TimeDriver table decreases row by row.

    Also checks the table against the problem: E is the sum of the E_<term>
    columns (to round-off) and the first row lies below E(t=0).
    """
    system = texture(alpha=0.1, A=2e-12, D=5e-4)
    problem = wm.Problem(system)
    E_start = problem.total_energy(problem.m0, 0.0)
    wm.TimeDriver().drive(system, t=0.3e-9, n=150, verbose=0)
    data = system.table.data
    E = data["E"].to_numpy()
    terms = data[["E_exchange", "E_uniaxialanisotropy", "E_dmi"]].to_numpy().sum(axis=1)
    np.testing.assert_allclose(terms, E, rtol=1e-12)
    assert E[0] < E_start
    assert np.all(np.diff(E) < 0)


# -- finite temperature -------------------------------------------------------


def langevin(xi):
    return 1 / math.tanh(xi) - 1 / xi


def test_thermal_equilibrium_is_boltzmann():
    """Stochastic Heun samples the Boltzmann distribution of a macrospin.

    2000 uncoupled cells (no exchange: an ensemble of independent macrospins,
    each with its own noise, V = (2 nm)^3) in a field along z with
    xi = mu0 Ms V H / (kB T) = 20, alpha = 0.5, step gamma0 H dt = 0.02.
    After 5 relaxation times from m = z, 4000 steps (64 correlation times of
    theta^2) are averaged in time per cell. The ensemble averages of
    1 - m_z and m_x^2 + m_y^2 must equal the exact Boltzmann values
    1 - L(xi) and 2 L(xi)/xi (L the Langevin function; the small-angle
    equipartition value 2 kB T/(mu0 Ms V H) = 2/xi is 5 % larger, so the exact
    form is needed at this resolution).

    Statistical tolerance: the cells are independent, so the standard error is
    the spread of the per-cell time averages over sqrt(2000), about 0.4 % of the
    mean; the test allows 4 standard errors (a 6e-5 chance of a false failure
    for a Gaussian estimate; the seed is fixed, so the test is deterministic).
    Heun's weak O(dt) bias was measured at <= 0.2 % at this step (runs at
    gamma0 H dt = 0.01, 0.02, 0.05 agree within their errors), well inside the
    tolerance. A wrong noise variance (a factor 1 + alpha^2 = 1.25, or 2) or an
    Ito instead of Stratonovich drift would be many standard errors off.
    """
    T = 300.0
    alpha = 0.5
    xi = 20.0
    a = 2e-9
    V = a**3
    H = xi * kB * T / (mu0 * MS * V)
    mesh = df.Mesh(p1=(0, 0, 0), p2=(20 * a, 20 * a, 5 * a), cell=(a, a, a))
    system = mm.System(name="thermal", T=T)
    system.energy = mm.Zeeman(H=(0, 0, H))
    system.dynamics = mm.Precession(gamma0=GAMMA0) + mm.Damping(alpha=alpha)
    system.m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=MS)
    problem = wm.Problem(system)

    omega = GAMMA0 * H
    dt = 0.02 / omega
    evolver = wm.Xf_ThermHeunEvolver(fixed_timestep=dt, seed=20240611)
    evolver.setup(problem)
    m = problem.m0.copy()
    tau = (1 + alpha**2) / (2 * alpha * omega)  # relaxation time of theta^2
    t = evolver.advance(problem, m, 0.0, 5 * tau)
    every, samples = 5, 800
    one_minus_mz = np.zeros(problem.grid.n)
    m_perp2 = np.zeros(problem.grid.n)
    for _ in range(samples):
        t = evolver.advance(problem, m, t, t + every * dt)
        one_minus_mz += 1 - m[:, 2]
        m_perp2 += m[:, 0] ** 2 + m[:, 1] ** 2
    L = langevin(xi)
    checks = [(one_minus_mz / samples, 1 - L), (m_perp2 / samples, 2 * L / xi)]
    for per_cell, exact in checks:
        mean = per_cell.mean()
        stderr = per_cell.std(ddof=1) / math.sqrt(per_cell.size)
        assert stderr < 0.01 * exact  # the test resolves a 4 % error
        assert abs(mean - exact) < 4 * stderr


@pytest.mark.parametrize(
    "evolver",
    [None, wm.RungeKuttaEvolver(), wm.EulerEvolver()],
    ids=["default", "rk", "euler"],
)
def test_temperature_needs_thermal_evolver(evolver):
    """A deterministic evolver at T > 0 raises RuntimeError; system.m is unchanged."""
    system = macrospin(0.3, 0.0, 1e5, alpha=0.1, name="hot")
    system.T = 300
    before = system.m.array.copy()
    driver = wm.TimeDriver() if evolver is None else wm.TimeDriver(evolver=evolver)
    with pytest.raises(RuntimeError, match="thermal evolver|Xf_ThermHeunEvolver"):
        driver.drive(system, t=1e-12, n=1, verbose=0)
    np.testing.assert_array_equal(system.m.array, before)


def test_thermal_evolver_runs_in_time_driver():
    """Xf_ThermHeunEvolver drives a T > 0 system: the table has all rows and m moved."""
    system = macrospin(0.0, 0.0, 1e5, alpha=0.1, n=(4, 4, 1), name="warm")
    system.T = 300
    driver = wm.TimeDriver(evolver=wm.Xf_ThermHeunEvolver(fixed_timestep=1e-14, seed=1))
    driver.drive(system, t=1e-12, n=5, verbose=0)
    assert len(system.table.data) == 5
    m = system.m.orientation.array.reshape(-1, 3)
    assert np.all(m[:, 2] < 1)
    np.testing.assert_allclose(np.linalg.norm(m, axis=1), 1, rtol=1e-12)

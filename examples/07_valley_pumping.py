r"""Valley pumping by a precessing magnet (seed 000, Sec. IV C).

A moving magnetisation exerts on the Weyl electrons the valley-motive force
(Eq. 17a, in weylmag's variables, m the magnetisation direction)

    eps = eta (1 + beta m x) dm/dt      (N),

eta = hbar k0 with +-k0 the Weyl points. It drives the valley current
(sigma/e^2) eps; where its divergence does not vanish a valley density
rho_v builds up, relaxing in tau_v and diffusing with D = sigma/(e^2 N)
(Eq. 34 without d/dt, the quasi-static limit that ``wm.ValleyDiffusion``
solves):

    rho_v / tau_v - D laplacian(rho_v) = -(sigma/e^2) div(eps).

1. Uniform precession. A macrospin precessing counterclockwise about a field
   H along +z (alpha = 0: omega = gamma0 H, cone angle theta fixed) has
   m x dm/dt = omega (z - m cos theta), so the eta dm/dt part of eps rotates
   in the plane and averages out while the beta part is constant:

       <eps> = eta beta omega sin^2(theta) z      (Eq. 33).

   The cell is periodic along x, y and z (``bc="xyz"``): the pumped valley
   current flows round it, rho_v stays zero and ``ValleyDiffusion`` exerts no
   torque (alpha = 0 idealises a precession kept steady, e.g. by a microwave
   field, against the damping, valley enhancement included). eps is read from the drive table (``eps_x/y/z``, the mean over the
   cells) and averaged over three whole periods.

2. A precessing domain wall. A chain along x with closed ends (no valley
   current through them), exchange A, easy axis x with K and a field H along
   +x: the head-to-head wall m = (-tanh u, sech u cos phi, sech u sin phi),
   u = (x - q)/Delta, Delta = sqrt(A/K), precesses about x at
   omega = gamma0 H / (1 + alpha^2) and drifts along +x at v = a' omega Delta.
   The chain's closed faces block the valley current across it, and the
   valley field that builds up against it takes back the valley Gilbert
   enhancement alpha_v = gamma0 eta^2 sigma / (e^2 mu0 Ms) = 1.0e-3 that
   alpha includes, leaving a' = alpha - alpha_v (1 - beta^2) (as in
   example 06; weylmag warns when alpha < alpha_v): the chain has
   alpha = 0.01, a' = 0.0091. Then (m x dm/dt)_x = omega sech^2 u and
   dm_x/dt = a' omega sech^2 u, so the valley-motive force along the chain
   is static,

       eps_x = eta (beta + a') omega sech^2 u,

   and drives valley density from one side of the wall to the other: on the
   line, rho_v(x) = (N/2) int sign(x - x') exp(-|x - x'|/lambda_v) eps_x(x') dx',
   lambda_v = sqrt(D tau_v). For lambda_v << Delta this is the local
   rho_v = -(sigma/e^2) tau_v d(eps_x)/dx; for lambda_v >> Delta a valley
   dipole of height N eta (beta + a') omega Delta spread over lambda_v. The
   density is solved on the mesh by the term's own ``solve(m, t, dmdt)``
   with dm/dt from ``problem.rhs``.

Parameters (SI): Ms = 3e5 A/m, gamma0 = 2.211e5 m/(A s); eta = hbar * 2e8 m^-1
(Weyl points at +-0.2/nm), beta = 0.3, sigma = 1e5 S/m, N = 1e46 1/(J m^3)
(D = 3.9e-4 m^2/s). Macrospin: 5 nm cube, H = 2e5 A/m (omega = 4.42e10 1/s),
tau_v = 4.1e-14 s, theta = 0.2 ... 1.4 rad. Wall: 800 nm chain of 2 nm cells,
A = 1e-11 J/m, K = 2.5e4 J/m^3 (Delta = 20 nm), H = 5e4 A/m, alpha = 0.01,
lambda_v = 5 nm and 40 nm.

The figure ``valley_pumping.png`` shows (a) eps(t) / (eta omega) of the
macrospin at theta = 0.8 rad, the in-plane components oscillating about zero
and eps_z flat at beta sin^2(theta); (b) the period-averaged eps_z against
theta beside Eq. 33 (``weylmag.valley.coefficients.pumped_valley_force``);
(c) rho_v(x) around the wall for both lambda_v, at t = 0 and after 5/8 of a
precession period, beside the line solution. Expect Eq. 33 to 1e-6 or
better, the same rho_v(x - q) at both times to a few 1e-3 (the wall
precesses, the density does not), the drift a' omega Delta to 1 % and the
line solution to 0.5 % (the finite-volume error (h/lambda_v)^2/12 of the
2 nm cells at lambda_v = 5 nm).

Run ``python examples/07_valley_pumping.py`` (about 10 s); with
``WEYLMAG_SHORT=1`` the wall moves for 1/8 of a period.
"""

import math
import os
import tempfile

import discretisedfield as df
import matplotlib
import micromagneticmodel as mm
import numpy as np
from scipy.integrate import quad

import weylmag as wm
from weylmag.constants import e, hbar
from weylmag.constants import gamma0 as GAMMA0
from weylmag.valley import valley_damping
from weylmag.valley.coefficients import pumped_valley_force

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

short = os.environ.get("WEYLMAG_SHORT") == "1"

MS = 3e5
ETA, BETA = hbar * 2e8, 0.3
SIGMA, N = 1e5, 1e46
D = SIGMA / (e**2 * N)  # m^2/s

# 1. The precessing macrospin.
H_MACRO = 2e5  # A/m
OMEGA = GAMMA0 * H_MACRO  # 1/s
PERIOD = 2 * math.pi / OMEGA
THETAS = (0.2, 0.5, 0.8, 1.1, 1.4)

# 2. The precessing wall.
A, K, H_WALL, ALPHA = 1e-11, 2.5e4, 5e4, 0.01
DELTA = math.sqrt(A / K)  # m
LENGTH, CELL = 800e-9, 2e-9
OMEGA_WALL = GAMMA0 * H_WALL / (1 + ALPHA**2)
# The damping left where the valley current is blocked (see the docstring).
A_PRIME = ALPHA - valley_damping(eta=ETA, sigma=SIGMA, Ms=MS) * (1 - BETA**2)
LAMBDAS = (5e-9, 40e-9)


def macrospin(theta):
    """A periodic cell tilted by theta from the field H along +z, alpha = 0."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(5e-9, 5e-9, 5e-9), n=(1, 1, 1), bc="xyz")
    system = mm.System(name="valley_pumping")
    system.energy = mm.Zeeman(H=(0, 0, H_MACRO))
    system.dynamics = mm.Precession(gamma0=GAMMA0) + wm.ValleyDiffusion(
        eta=ETA, sigma=SIGMA, N=N, tau_v=(4e-9) ** 2 / D, beta=BETA, B=(0, 0, 0)
    )
    value = (math.sin(theta), 0.0, math.cos(theta))
    system.m = df.Field(mesh, nvdim=3, value=value, norm=MS)
    return system


def pumped_force(theta):
    """The drive table of three periods, 30 rows each (files go to a temp dir)."""
    system = macrospin(theta)
    driver = wm.TimeDriver(evolver=wm.RungeKuttaEvolver(tolerance=1e-8))
    with tempfile.TemporaryDirectory() as tmp:
        driver.drive(system, t=3 * PERIOD, n=90, verbose=0, dirname=tmp)
    return system.table.data


def wall_chain(lambda_v):
    """The chain with a relaxed head-to-head wall at its centre, then H along +x."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(LENGTH, CELL, CELL), cell=(CELL, CELL, CELL))
    system = mm.System(name="valley_wall")
    system.energy = mm.Exchange(A=A) + mm.UniaxialAnisotropy(K=K, u=(1, 0, 0))
    system.dynamics = (
        mm.Precession(gamma0=GAMMA0)
        + mm.Damping(alpha=ALPHA)
        + wm.ValleyDiffusion(eta=ETA, sigma=SIGMA, N=N, tau_v=lambda_v**2 / D,
                             beta=BETA, B=(0, 0, 0))
    )

    def wall(p):
        u = (p[0] - LENGTH / 2) / DELTA
        return (-math.tanh(u), 1 / math.cosh(u), 0.0)

    system.m = df.Field(mesh, nvdim=3, value=wall, norm=MS)
    with tempfile.TemporaryDirectory() as tmp:
        wm.MinDriver().drive(system, verbose=0, dirname=tmp)
    system.energy += mm.Zeeman(H=(H_WALL, 0, 0))
    return system


def wall_centre(x, mx):
    """Where m_x changes sign, by linear interpolation (m)."""
    i = int(np.flatnonzero(np.diff(np.sign(mx)))[0])
    return x[i] - mx[i] * (x[i + 1] - x[i]) / (mx[i + 1] - mx[i])


def pumped_density(system, times):
    """rho_v (1/m^3) on the chain and the wall centre (m) at each time (s)."""
    problem = wm.Problem(system)
    term = problem.torque_terms[-1]  # ValleyDiffusion: Problem puts it last
    evolver = wm.RungeKuttaEvolver(method="rk45dp", tolerance=1e-7)
    evolver.setup(problem)
    m = problem.m0.copy()
    x = (np.arange(problem.grid.n) + 0.5) * CELL
    t, out = 0.0, []
    for t_next in times:
        if t_next > t:
            t = evolver.advance(problem, m, t, t_next)
        dmdt = problem.rhs(t, m, np.empty_like(m))
        rho, _ = term.solve(m, t, dmdt)
        out.append((rho.copy(), wall_centre(x, m[:, 0])))
    return x, out


def line_density(x, centre, lambda_v):
    """The line solution for eps_x = eta (beta + a') omega sech^2 u (1/m^3)."""
    scale = ETA * (BETA + A_PRIME) * OMEGA_WALL

    def eps(s):
        return scale / math.cosh((s - centre) / DELTA) ** 2

    def side(a, b, sign):
        points = [centre] if a < centre < b else None
        value, _ = quad(lambda s: math.exp(-abs(x0 - s) / lambda_v) * eps(s), a, b,
                        points=points, epsabs=0.0, epsrel=1e-10, limit=200)
        return sign * value

    out = []
    for x0 in x:
        reach = 40 * lambda_v
        left = side(max(0.0, x0 - reach), x0, 1.0)
        right = side(x0, min(LENGTH, x0 + reach), -1.0)
        out.append(N / 2 * (left + right))
    return np.array(out)


def plot(tables, wall_results):
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.3))
    ax = axes[0]
    data = tables[0.8]
    t = data["t"].to_numpy() / PERIOD
    for axis, color in zip("xyz", ("C0", "C1", "C2")):
        ax.plot(t, data[f"eps_{axis}"] / (ETA * OMEGA), color=color,
                label=fr"$\varepsilon_{axis}$")
    ax.axhline(BETA * math.sin(0.8) ** 2, color="k", ls=":", lw=1,
               label=r"Eq. 33: $\beta\sin^2\theta$")
    ax.set_xlabel(r"t / (2$\pi/\omega$)", fontsize=11)
    ax.set_ylabel(r"$\varepsilon/\eta\omega$", fontsize=11)
    ax.set_ylim(-0.9, 1.2)
    ax.set_title(r"(a) macrospin, $\theta$ = 0.8 rad", fontsize=11)
    ax.legend(fontsize=8, loc="upper center", ncol=4)

    ax = axes[1]
    fine = np.linspace(0.0, math.pi / 2, 100)
    ax.plot(fine, np.sin(fine) ** 2, "k", label=r"Eq. 33: $\sin^2\theta$")
    mean = [tables[th]["eps_z"].mean() / (ETA * BETA * OMEGA) for th in THETAS]
    # discretisedfield's plotting style draws markers without edges: set them.
    ax.plot(THETAS, mean, "o", color="C3", mfc="none", mew=1.5, ms=9,
            label=r"$\langle\varepsilon_z\rangle$, table")
    ax.set_xlabel(r"cone angle $\theta$ (rad)", fontsize=11)
    ax.set_ylabel(r"$\langle\varepsilon_z\rangle/\eta\beta\omega$", fontsize=11)
    ax.set_title("(b) time-averaged valley-motive force", fontsize=11)
    ax.legend(fontsize=8)

    ax = axes[2]
    height = N * ETA * (BETA + A_PRIME) * OMEGA_WALL * DELTA
    for (lambda_v, result), color in zip(wall_results.items(), ("C0", "C3")):
        x, snapshots, line = result
        # The local density (lambda_v << Delta) is small: magnify it.
        zoom = 10 if lambda_v < DELTA else 1
        label = fr"$\lambda_v$ = {lambda_v * 1e9:g} nm"
        if zoom > 1:
            label += f" (x {zoom})"
        centre0 = snapshots[0][1]
        ax.plot((x - centre0) / DELTA, zoom * line / height, color=color,
                label=f"{label}: line")
        for (rho, centre), marker in zip(snapshots, ("o", "x")):
            ax.plot((x[::4] - centre) / DELTA, zoom * rho[::4] / height, marker,
                    color=color, mfc="none", mew=1.2, ms=5)
    ax.plot([], [], "ko", mfc="none", mew=1.2, ms=5, label="solved, t = 0")
    ax.plot([], [], "kx", mew=1.2, ms=5, label="solved, later")
    ax.set_xlim(-8, 8)
    ax.set_xlabel(r"$(x - q)/\Delta$", fontsize=11)
    ax.set_ylabel(r"$\rho_v / N\eta(\beta + a')\omega\Delta$", fontsize=11)
    ax.set_title(r"(c) valley density pumped by a precessing wall", fontsize=11)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig("valley_pumping.png", dpi=120)


alpha_v = valley_damping(eta=ETA, sigma=SIGMA, Ms=MS)
print(f"macrospin: omega = {OMEGA:.4g} 1/s; wall: omega = {OMEGA_WALL:.4g} 1/s, "
      f"alpha_v = {alpha_v:.4g}, a' = {A_PRIME:.4g}")
tables = {}
for theta in THETAS:
    tables[theta] = data = pumped_force(theta)
    expected = pumped_valley_force(eta=ETA, beta=BETA, omega=OMEGA, theta=theta)
    mean = data["eps_z"].mean()
    print(f"theta = {theta:.1f} rad: <eps_z> = {mean:.6e} N, Eq. 33 {expected:.6e} N "
          f"(relative difference {mean / expected - 1:+.1e}); <eps_x> / (eta omega) = "
          f"{data['eps_x'].mean() / (ETA * OMEGA):+.1e}, max |rho_v| = "
          f"{data['rho_v'].abs().max():.1e} 1/m^3")

later = (1 / 8 if short else 5 / 8) * 2 * math.pi / OMEGA_WALL  # s
wall_results = {}
for lambda_v in LAMBDAS:
    x, snapshots = pumped_density(wall_chain(lambda_v), (0.0, later))
    line = line_density(x, snapshots[0][1], lambda_v)
    wall_results[lambda_v] = (x, snapshots, line)
    (rho0, q0), (rho1, q1) = snapshots
    peak = np.abs(rho0).max()
    # rho_v at the later time, moved back with the wall (ends left out)
    moved = np.interp(x - q0, x - q1, rho1)
    drift = A_PRIME * OMEGA_WALL * DELTA * later
    print(f"wall, lambda_v = {lambda_v * 1e9:g} nm: max |rho_v| = {peak:.4e} 1/m^3 "
          f"(valley potential {peak / N / e * 1e6:.3g} uV), line solution to "
          f"{np.abs(rho0 - line).max() / peak:.1e}, sum rho_v / sum |rho_v| = "
          f"{rho0.sum() / np.abs(rho0).sum():+.1e}")
    print(f"  after {later * 1e9:.3f} ns the wall moved {(q1 - q0) * 1e9:.3f} nm "
          f"(a' omega Delta t = {drift * 1e9:.3f} nm) and rho_v(x - q) changed by "
          f"{np.abs(moved - rho0)[40:-40].max() / peak:.1e}")
plot(tables, wall_results)
print("wrote valley_pumping.png")

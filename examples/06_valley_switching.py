r"""Switching a magnet by the valley field of a valley-mixing face (seed 000, IV B).

A current j_c in a field B pumps valley density through the chiral anomaly,
rho_v0 = tau_v e^2 E.B / (2 pi^2 hbar^2) with E = j_c / sigma (Eq. 20). At a
valley-mixing interface (outward normal n) the density drops to zero over
the valley diffusion length lambda_v = sqrt(D tau_v), D = sigma / (e^2 N)
(Eqs. 29-31), and the valley field E_v = -grad(rho_v) / N integrated across
the drop is rho_v0 n / N (Eq. 30). It acts on the magnet through
(eta sigma / e^2)(1 + beta m x) E_v: per unit area of the interface, a
field-like torque and the damping-like torque of Eq. 32,

    eta beta tau_v (j_c.B) / (2 pi^2 hbar^2 N)  m x (m x n)   (J/m^2),

which pushes m away from n or towards it depending on the sign of j_c.B
(j_c along the interface). This script solves the valley density with the
magnetisation (``wm.ValleyDiffusion``) in a film that is one cell thick
and shows the switching.

The film: one cell of 5 nm x 5 nm x d, d = 100 nm, with its top face (z+,
n = +z) valley-mixing and the other faces closed; Ms = 3e5 A/m, easy axis
along n with K = 1e4 J/m^3, alpha = 0.02, gamma0 = 2.211e5 m/(A s). The Weyl
semimetal: eta = hbar k0 with k0 = 1/nm, sigma = 4e3 S/m,
N = 1e46 1/(J m^3) (D = 1.56e-5 m^2/s), tau_v = 1.03 ps (lambda_v = 4 nm),
beta = 0.5; B = 1 T and j_c both along x.

Critical current. On one cell the finite-volume solve gives
rho_v = rho_v0 / (1 + 2 lambda_v^2 / d^2), so the torque of Eq. 32 over the
thickness, divided by the angular-momentum density s = mu0 Ms / gamma0, is
beta P with

    P = eta tau_v (j_c.B) / [2 pi^2 hbar^2 N (1 + 2 lambda_v^2 / d^2) s d]   (1/s),

and the field-like part is P. The valley-motive force eta (1 + beta m x) dm/dt
(Eq. 17a) drives a valley current; along the film the closed side faces stop
it, and the valley field that builds up against it acts back as
alpha_v [-(1 - beta^2) m x dm/dt + 2 beta dm/dt] (for dm/dt in the plane,
as near m = +-n), with the valley Gilbert
enhancement alpha_v = gamma0 eta^2 sigma / (e^2 mu0 Ms) = 1.0e-3 (part of the
alpha of a bulk magnet, seed below Eq. 15). Linearising about m = +n,
m = n + dm, with omega_K = gamma0 2K / (mu0 Ms):

    c d(dm)/dt = (omega_K - P) n x dm + a' n x d(dm)/dt + beta P dm,
    a' = alpha - alpha_v (1 - beta^2),   c = 1 - 2 alpha_v beta,

so that dm grows at Re lambda = [beta P c - a' (omega_K - P)] / (c^2 + a'^2),
and m = +n is unstable above P_c = a' omega_K / (a' + c beta). For j_c.B > 0
m leaves +n and settles at -n; by the same argument about m = -n, j_c.B < 0
switches -n to +n. With these parameters omega_K = 1.17e10 1/s and
j_c = 1.51e12 A/m^2 at B = 1 T (without the valley feedback, alpha_v = 0,
it would be 3.7 % higher).

The figure ``valley_switching.png`` shows (a) m_z(t) for j_c = +1.5 j_crit
from near +n (switches to -n), j_c = -1.5 j_crit from near -n (switches to
+n) and j_c = 0.8 j_crit from near +n (stays), each starting tilted by 3
degrees; (b) the growth rate of a small tilt about +n against j_c / j_crit,
measured from the cone angle and from the linear theory above. The script
prints the critical current and the one at which the measured growth rate
changes sign; expect them to agree to better than 1e-4, and the measured
rates to follow the linear theory to about 1e-3.

Run ``python examples/06_valley_switching.py`` (about 12 s); with
``WEYLMAG_SHORT=1`` the runs are 4 ns long (too short to switch).
"""

import math
import os

import discretisedfield as df
import matplotlib
import micromagneticmodel as mm
import numpy as np

import weylmag as wm
from weylmag.constants import e, hbar, mu0
from weylmag.constants import gamma0 as GAMMA0
from weylmag.valley import valley_damping

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

short = os.environ.get("WEYLMAG_SHORT") == "1"

# The magnet.
MS, K, ALPHA = 3e5, 1e4, 0.02
THICKNESS = 100e-9  # d (m)
OMEGA_K = GAMMA0 * 2 * K / (mu0 * MS)  # 1/s
S = mu0 * MS / GAMMA0  # angular-momentum density (J s/m^3)
# The Weyl semimetal.
ETA = hbar * 1e9  # kg m/s: Weyl points at +-1/nm
SIGMA, N, BETA = 4e3, 1e46, 0.5
D = SIGMA / (e**2 * N)  # m^2/s
LAMBDA_V = 4e-9  # m
TAU_V = LAMBDA_V**2 / D  # s
ALPHA_V = valley_damping(eta=ETA, sigma=SIGMA, Ms=MS, gamma0=GAMMA0)
B = 1.0  # T, along x like j_c

A_PRIME = ALPHA - ALPHA_V * (1 - BETA**2)
C = 1 - 2 * ALPHA_V * BETA
P_PER_JB = (
    ETA * TAU_V / (2 * math.pi**2 * hbar**2 * N)
    / (1 + 2 * LAMBDA_V**2 / THICKNESS**2) / (S * THICKNESS)
)  # P (1/s) per A/m^2 T
P_C = A_PRIME * OMEGA_K / (A_PRIME + C * BETA)
J_CRIT = P_C / (P_PER_JB * B)  # A/m^2


def linear_rate(j):
    """Growth rate (1/s) of a small tilt about m = +n at current density j (A/m^2)."""
    P = P_PER_JB * j * B
    return (BETA * P * C - A_PRIME * (OMEGA_K - P)) / (C**2 + A_PRIME**2)


def film(j, up, tilt):
    """The one-cell film at current density j along x, tilted from +n (up) or -n."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(5e-9, 5e-9, THICKNESS), n=(1, 1, 1))
    system = mm.System(name="valley_switching")
    system.energy = mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    system.dynamics = (
        mm.Precession(gamma0=GAMMA0)
        + mm.Damping(alpha=ALPHA)
        + wm.ValleyDiffusion(eta=ETA, sigma=SIGMA, N=N, tau_v=TAU_V, beta=BETA,
                             B=(B, 0, 0), j_c=(j, 0, 0), mixing="z+")
    )
    mz = math.cos(tilt) if up else -math.cos(tilt)
    system.m = df.Field(mesh, nvdim=3, value=(math.sin(tilt), 0, mz), norm=MS)
    return system


def evolve(system, t_end, samples):
    """Times (s) and m (samples + 1, 3) of the single cell, from 0 to t_end."""
    problem = wm.Problem(system)
    evolver = wm.RungeKuttaEvolver(method="rk45dp", tolerance=1e-8)
    evolver.setup(problem)
    m = problem.m0.copy()
    times = np.linspace(0.0, t_end, samples + 1)
    path = [m[0].copy()]
    t = 0.0
    for t_next in times[1:]:
        t = evolver.advance(problem, m, t, t_next)
        path.append(m[0].copy())
    return times, np.array(path)


def measured_rate(factor, t_end):
    """Growth rate of the cone angle about +n (1/s), from a 0.01 rad tilt.

    The run lasts t_end or two e-folds of the linear theory, whichever is
    shorter, so that the tilt stays small.
    """
    t_end = min(t_end, 2.0 / abs(linear_rate(factor * J_CRIT)))
    times, m = evolve(film(factor * J_CRIT, up=True, tilt=0.01), t_end, 20)
    return np.polyfit(times, np.log(np.hypot(m[:, 0], m[:, 1])), 1)[0]


def zero_crossing(factors, rates):
    """Where the measured rate changes sign, by linear interpolation."""
    i = int(np.flatnonzero(np.diff(np.sign(rates)) > 0)[0])
    f0, f1, r0, r1 = factors[i], factors[i + 1], rates[i], rates[i + 1]
    return f0 - r0 * (f1 - f0) / (r1 - r0)


def plot(curves, factors, rates):
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for (label, times, m), color in zip(curves, ("C3", "C0", "C2")):
        ax1.plot(times * 1e9, m[:, 2], color=color, label=label)
    ax1.set_xlabel("t (ns)", fontsize=11)
    ax1.set_ylabel(r"$m_z = \mathbf{m}\cdot\mathbf{n}$", fontsize=11)
    ax1.set_ylim(-1.05, 1.05)
    title = fr"(a) $j_{{crit}}$ = {J_CRIT:.3e} A/m$^2$ at B = {B:g} T"
    ax1.set_title(title, fontsize=11)
    ax1.legend(fontsize=8, loc="center right")

    fine = np.linspace(0.0, 2.0, 101)
    ax2.plot(fine, linear_rate(fine * J_CRIT) * 1e-9, "k", label="linear theory")
    # discretisedfield's plotting style draws markers without edges: set them.
    ax2.plot(factors, np.array(rates) * 1e-9, "o", color="C3", mfc="none", mew=1.5,
             ms=9, label="simulated")
    ax2.axhline(0.0, color="k", lw=0.6)
    ax2.axvline(1.0, color="k", ls=":", lw=0.8)
    ax2.set_xlabel(r"$j_c / j_{crit}$ ($j_c\cdot\mathbf{B} > 0$)", fontsize=11)
    ax2.set_ylabel("growth rate of a tilt from +n (1/ns)", fontsize=11)
    ax2.set_title("(b) stability of m = +n", fontsize=11)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig("valley_switching.png", dpi=120)


J_NO_FEEDBACK = ALPHA * OMEGA_K / (ALPHA + BETA) / (P_PER_JB * B)
print(f"lambda_v = {LAMBDA_V * 1e9:g} nm, d = {THICKNESS * 1e9:g} nm, "
      f"tau_v = {TAU_V:.4g} s, alpha_v = {ALPHA_V:.4g}, omega_K = {OMEGA_K:.4g} 1/s")
print(f"critical P = {P_C:.5g} 1/s: j_crit = {J_CRIT:.5e} A/m^2 at B = {B:g} T "
      f"(alpha_v = 0 would give {J_NO_FEEDBACK:.5e})")

t_switch = 4e-9 if short else 40e-9
curves = []
for factor, up, label in (
    (1.5, True, r"$+1.5\,j_{crit}$ from +n"),
    (-1.5, False, r"$-1.5\,j_{crit}$ from -n"),
    (0.8, True, r"$+0.8\,j_{crit}$ from +n"),
):
    times, m = evolve(film(factor * J_CRIT, up, tilt=math.radians(3)), t_switch, 400)
    curves.append((label, times, m))
    start = "+n" if up else "-n"
    print(f"j_c = {factor:+.1f} j_crit from {start}: m_z = {m[-1, 2]:+.4f} "
          f"at {t_switch * 1e9:g} ns")

factors = (0.9, 1.1) if short else (0.0, 0.5, 0.9, 1.1, 1.5, 2.0)
rates = [measured_rate(f, 5e-9 if short else 20e-9) for f in factors]
for f, r in zip(factors, rates):
    print(f"j_c = {f:.1f} j_crit: tilt grows at {r:+.5e} 1/s, linear theory "
          f"{linear_rate(f * J_CRIT):+.5e} 1/s")
crossing = zero_crossing(factors, rates)
print(f"measured growth rate changes sign at j_c = {crossing * J_CRIT:.5e} A/m^2 "
      f"({crossing - 1:+.2e} relative to j_crit)")
plot(curves, factors, rates)
print("wrote valley_switching.png")

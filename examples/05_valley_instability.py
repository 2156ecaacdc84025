r"""Spin waves made unstable by the valley-mediated torque (seed 000, Sec. IV A).

A current density j_c in a field B builds up a valley density that follows
m.u, u along B x j_c (Eq. 20); its gradient acts on the magnetisation as the
torque of Eqs. 21-22, in weylmag's Gilbert form (``wm.ValleyTorque``)

    T = -nu m x (1 + beta m x) grad(m.u),

with nu (m/s) proportional to B j_c (Eq. 21). On a uniform state m0 = z with
spin waves omega(k) = b + a k^2 (a = 2 gamma0 A / mu0 Ms, b = gamma0 2K / mu0 Ms)
the work of this torque over a precession cycle (Eqs. 25-26) beats the
Gilbert damping when

    |nu| > 4 alpha sqrt(a b)            (Eq. 27, beta << 1: waves along u),
    |nu| > 4 (alpha / beta) sqrt(a b)   (Eq. 28, beta >> 1: waves along j_c,
                                         normal to u),

and in both cases the first wave to grow has |k| = sqrt(b/a).

The system is a periodic chain along x, one wavelength 2 pi/k* long
(k* = sqrt(b/a) = 1/(14.1 nm), 40 cells of 2.2 nm), magnetised along z:
Ms = 8e5 A/m, A = 1e-11 J/m, easy axis z with K = 5e4 J/m^3, alpha = 0.02,
gamma0 = 2.211e5 m/(A s). Then a = 4.40e-6 m^2/s, b = 2.20e10 1/s and
4 alpha sqrt(ab) = 24.9 m/s. Two cases, each with the waves along x:

* beta = 0.01 and u = x (waves along u; Eq. 27 gives nu_c = 24.9 m/s);
* beta = 20 and u = y (waves along j_c = x; Eq. 28 gives nu_c = 1.24 m/s).

Each run starts from the eigenmode of the linearised equation with
|q| = k* (q the wave vector, of the sign that grows faster), amplitude 1e-3,
and the growth rate is the slope of log <|delta m|^2>^(1/2), which for one
eigenmode is a straight line.
The linear theory is that of the discretised chain: the three-point exchange
and the central difference of the torque give

    (1 - alpha Z) d(dm)/dt
        = [omega_h Z + i kappa nu (beta u_x, beta u_y; -u_x, -u_y)] dm,

for dm ~ exp(ikx), with Z the rotation z x, omega_h = b + a (2 - 2 cos kh)/h^2
and kappa = sin(kh)/h. Of its two eigenvalues lambda, the one with
Im lambda = omega > 0 (m precesses counterclockwise about z) is the wave
mx + i my ~ exp[i(omega t - q x)] with q = -k; Re lambda is its growth rate.

The figure ``valley_instability.png`` shows

(a) the measured growth rate at |q| = k* against nu/nu_c for both cases,
    beside the linear theory: it crosses zero at nu/nu_c = 1.002-1.004 (the
    discrete chain and the Gilbert form shift Eqs. 27-28 by 0.2-0.4 %);
(b) the growth rate against q (waves travelling along +x for q > 0) at a
    few currents, beta = 0.01: the torque
    is non-reciprocal, for nu > 0 only waves travelling along -x gain energy,
    and the band of growing waves opens at q = -k* once nu > nu_c;
(c) the threshold against beta for waves along u and along j_c (u = y) and
    for the best direction. Eq. 26 with u at angle phi to the wave vector,
    u = (cos phi, sin phi), gives 4 alpha sqrt(ab) / (cos phi + beta sin phi),
    lowest, 4 alpha sqrt(ab) / sqrt(1 + beta^2), at tan phi = beta; Eqs. 27
    and 28 are its two ends. The seed's argument treats the torque as small
    next to the precession (nu k* << omega): along u that holds while
    2 alpha beta << 1 and along j_c while beta >> 2 alpha, and outside these
    ranges the chain's thresholds leave the lines (2.2 nu_c along u at
    beta = 20, 0.45 nu_c/beta along j_c at beta = 0.01); the best direction
    follows 1/sqrt(1 + beta^2) to 0.3 % throughout.

Expect the measured rates to agree with the linear theory to about 1e-5.

Run ``python examples/05_valley_instability.py`` (about 20 s); with
``WEYLMAG_SHORT=1`` it simulates two currents per case over 1 ns each.
"""

import math
import os

import discretisedfield as df
import matplotlib
import micromagneticmodel as mm
import numpy as np
from scipy.optimize import brentq

import weylmag as wm
from weylmag.constants import gamma0 as GAMMA0
from weylmag.constants import mu0

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

short = os.environ.get("WEYLMAG_SHORT") == "1"

MS, A, K, ALPHA = 8e5, 1e-11, 5e4, 0.02
a = 2 * GAMMA0 * A / (mu0 * MS)  # m^2/s
b = GAMMA0 * 2 * K / (mu0 * MS)  # 1/s
K_STAR = math.sqrt(b / a)  # 1/m
NU_27 = 4 * ALPHA * math.sqrt(a * b)  # m/s
CELLS = 40
CELL = 2 * math.pi / K_STAR / CELLS  # cell size h along the chain (m)
Z = np.array([[0.0, -1.0], [1.0, 0.0]])

CASES = {
    "beta = 0.01, waves along u": dict(beta=0.01, u=(1.0, 0.0), nu_c=NU_27),
    "beta = 20, waves along j_c": dict(beta=20.0, u=(0.0, 1.0), nu_c=NU_27 / 20.0),
}
FACTORS = (0.5, 1.5) if short else (0.0, 0.5, 0.8, 1.2, 1.5, 2.0)


def linear_operator(k, nu, beta, u):
    """M in d(mx, my)/dt = M (mx, my) for the wave exp(ikx) on the discrete chain."""
    omega = b + a * (2 - 2 * math.cos(k * CELL)) / CELL**2
    kappa = math.sin(k * CELL) / CELL
    torque = 1j * kappa * nu * np.array([[beta * u[0], beta * u[1]], [-u[0], -u[1]]])
    return (np.eye(2) + ALPHA * Z) @ (omega * Z + torque) / (1 + ALPHA**2)


def spin_wave(q, nu, beta, u):
    """Eigenvalue lambda (1/s) and vector (mx, my) of the wave travelling along q.

    The two eigenvalues at k are the two senses of rotation; a real wave is
    the same at (k, lambda) and (-k, lambda*). The magnetisation precesses
    counterclockwise about z (Im lambda = omega > 0), so
    mx + i my ~ exp[i(omega t - q x)] is the branch with Im lambda > 0 at k = -q,
    travelling along +x for q > 0.
    """
    values, vectors = np.linalg.eig(linear_operator(-q, nu, beta, u))
    i = int(np.argmax(values.imag))
    return values[i], vectors[:, i]


def growth_rate(q, nu, beta, u):
    return spin_wave(q, nu, beta, u)[0].real


def chain(nu, beta, u, q):
    """The periodic chain, one wavelength long, in the spin wave q (amplitude 1e-3)."""
    length = CELLS * CELL
    mesh = df.Mesh(p1=(0, 0, 0), p2=(length, 2e-9, 2e-9), n=(CELLS, 1, 1), bc="x")
    system = mm.System(name="valley_chain")
    system.energy = mm.Exchange(A=A) + mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    system.dynamics = (
        mm.Precession(gamma0=GAMMA0)
        + mm.Damping(alpha=ALPHA)
        + wm.ValleyTorque(nu=nu, beta=beta, direction=(u[0], u[1], 0.0))
    )
    _, v = spin_wave(q, nu, beta, u)
    x = (np.arange(CELLS) + 0.5) * CELL
    wave = np.exp(-1j * q * x)[:, None] * v[None, :] / np.abs(v).max()
    m = np.zeros((CELLS, 1, 1, 3))
    m[:, 0, 0, :2] = 1e-3 * wave.real
    m[..., 2] = 1.0
    system.m = df.Field(mesh, nvdim=3, value=m, norm=MS)
    return system


def measured_rate(system, t_end, samples=9):
    """Slope of log rms |delta m| over [0, t_end], stepping the LLG equation.

    The tolerance is 1e-7: at the default 1e-5 the integrator's own error
    would show in decay rates of order alpha omega.
    """
    problem = wm.Problem(system)
    evolver = wm.RungeKuttaEvolver(method="rk45dp", tolerance=1e-7)
    evolver.setup(problem)
    m = problem.m0.copy()
    t, amplitude = 0.0, []
    times = np.linspace(0.0, t_end, samples)
    for t_next in times:
        if t_next > t:
            t = evolver.advance(problem, m, t, t_next)
        amplitude.append(math.sqrt(np.mean(m[:, 0] ** 2 + m[:, 1] ** 2)))
    return np.polyfit(times, np.log(amplitude), 1)[0]


def best_q(nu, beta, u):
    """k* or -k*, whichever direction of travel grows faster (the torque is
    non-reciprocal: for nu beta > 0 the waves travelling along -x)."""
    return max((K_STAR, -K_STAR), key=lambda q: growth_rate(q, nu, beta, u))


def scan_case(beta, u, nu_c):
    """Measured and linear growth rates at k* for nu = FACTORS * nu_c."""
    rows = []
    for factor in FACTORS:
        nu = factor * nu_c
        q = best_q(nu, beta, u)
        expected = growth_rate(q, nu, beta, u)
        # About two e-folds, and at most 10 ns near the threshold.
        t_end = min(2.0 / abs(expected), 10e-9)
        if short:
            t_end = min(t_end, 1e-9)
        rows.append((factor, measured_rate(chain(nu, beta, u, q), t_end), expected))
    return np.array(rows)


def threshold(beta, u):
    """The nu (m/s) at which the wave with |q| = k* along x starts to grow.

    Searched from 0 up to 16 times the work balance of Eq. 26 for this u;
    nan if the wave does not grow there.
    """
    def rate(nu):
        return max(growth_rate(q, nu, beta, u) for q in (K_STAR, -K_STAR))

    guess = NU_27 / (abs(u[0]) + beta * abs(u[1]))
    top = 2 * guess
    while rate(top) < 0:
        if top > 16 * guess:
            return math.nan
        top *= 2
    return brentq(rate, 0.0, top, xtol=1e-7 * guess)


def threshold_map(betas):
    """Thresholds along u, along j_c and in the best direction, for each beta.

    With u at angle phi to the wave vector, Eq. 26 gives the threshold
    NU_27 / (cos phi + beta sin phi), lowest, NU_27 / sqrt(1 + beta^2), at
    tan phi = beta; the best direction is found here on a grid of angles.
    """
    angles = np.linspace(0.0, math.pi / 2, 91)
    rows = []
    for beta in betas:
        along_u = threshold(beta, (1.0, 0.0))
        along_j = threshold(beta, (0.0, 1.0))
        best = np.nanmin([threshold(beta, (math.cos(p), math.sin(p))) for p in angles])
        rows.append((along_u, along_j, best))
    return np.array(rows)


def plot(results, betas, thresholds):
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    ax = axes[0]
    fine = np.linspace(0.0, 2.2, 111)
    styles = (("C0", "-", "o"), ("C3", "--", "s"))
    for (name, case), (color, line, marker) in zip(CASES.items(), styles):
        beta, u, nu_c = case["beta"], case["u"], case["nu_c"]
        theory = [growth_rate(best_q(f * nu_c, beta, u), f * nu_c, beta, u)
                  for f in fine]
        ax.plot(fine, np.array(theory) * 1e-9, line, color=color,
                label=f"{name}: linear theory")
        rows = results[name]
        # discretisedfield's plotting style draws markers without edges: set them.
        ax.plot(rows[:, 0], rows[:, 1] * 1e-9, marker, color=color, mfc="none", mew=1.5,
                ms=9, label=f"{name}: simulated")
    ax.axhline(0.0, color="k", lw=0.6)
    ax.axvline(1.0, color="k", ls=":", lw=0.8)
    ax.set_xlabel(r"$\nu/\nu_c$ ($\nu_c$ of Eq. 27 or Eq. 28)", fontsize=11)
    ax.set_ylabel(r"growth rate at $|q| = \sqrt{b/a}$ (1/ns)", fontsize=11)
    ax.set_title("(a) growth rate against the current", fontsize=11)
    ax.legend(fontsize=8)

    ax = axes[1]
    name, case = next(iter(CASES.items()))
    qs = np.linspace(-3.0, 3.0, 301) * K_STAR
    for factor in (0.0, 0.5, 1.0, 1.5, 2.0):
        nu = factor * case["nu_c"]
        rate = [growth_rate(q, nu, case["beta"], case["u"]) for q in qs]
        ax.plot(qs / K_STAR, np.array(rate) * 1e-9, label=fr"$\nu = {factor:g}\,\nu_c$")
    ax.axhline(0.0, color="k", lw=0.6)
    ax.set_ylim(-2.5, 1.5)
    ax.set_xlabel(r"$q/\sqrt{b/a}$ (travelling along +x for q > 0)", fontsize=11)
    ax.set_ylabel("growth rate (1/ns)", fontsize=11)
    ax.set_title(f"(b) linear theory, {name}", fontsize=11)
    ax.legend(fontsize=8)

    ax = axes[2]
    fine = np.logspace(math.log10(betas[0]), math.log10(betas[-1]), 200)
    ax.loglog(fine, np.ones_like(fine), "C0", label="along u: Eq. 27")
    ax.loglog(fine, 1 / fine, "C3--", label="along $j_c$: Eq. 28")
    ax.loglog(fine, 1 / np.sqrt(1 + fine**2), "k:", label=r"best direction: Eq. 26")
    for column, (color, marker) in enumerate((("C0", "o"), ("C3", "s"), ("k", "^"))):
        ax.loglog(betas, thresholds[:, column] / NU_27, marker, color=color, mfc="none",
                  mew=1.5, ms=7)
    ax.set_xlabel(r"$\beta$", fontsize=11)
    ax.set_ylabel(r"threshold $\nu/4\alpha\sqrt{ab}$", fontsize=11)
    ax.set_title("(c) thresholds (lines: seed; markers: chain)", fontsize=11)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig("valley_instability.png", dpi=120)


print(f"a = {a:.4g} m^2/s, b = {b:.4g} 1/s, k* = {K_STAR:.4g} 1/m "
      f"(wavelength {2 * math.pi / K_STAR * 1e9:.1f} nm)")
results = {}
for name, case in CASES.items():
    print(f"{name}: nu_c = {case['nu_c']:.4g} m/s")
    results[name] = scan_case(**case)
    for factor, rate, expected in results[name]:
        print(f"  nu = {factor:.2f} nu_c: growth rate {rate:+.5e} 1/s, linear theory "
              f"{expected:+.5e} 1/s (relative difference {rate / expected - 1:+.1e})")
betas = np.logspace(-2, math.log10(20), 5 if short else 11)
thresholds = threshold_map(betas)
print("thresholds in units of 4 alpha sqrt(ab):")
for beta, (along_u, along_j, best) in zip(betas, thresholds):
    print(f"  beta = {beta:8.3g}: along u {along_u / NU_27:.4f}, along j_c "
          f"{along_j * beta / NU_27:.4f} / beta, best direction "
          f"{best * math.sqrt(1 + beta**2) / NU_27:.4f} / sqrt(1 + beta^2)")
plot(results, betas, thresholds)
print("wrote valley_instability.png")

r"""The valley-torque instability map: growth rate over (nu, beta), as a sweep.

The valley-mediated torque of a current in a field (seed 000, Eqs. 21-24),
``wm.ValleyTorque``,

    T = -nu m x (1 + beta m x) grad(m.u),

destabilises the spin waves of a film magnetised along z once it pumps more
energy into them than the Gilbert damping takes out. For waves along the
current j_c, normal to u (u along B x j_c), the seed's work balance (Eq. 28,
beta >> 2 alpha) puts the threshold at

    nu_c(beta) = 4 (alpha / beta) sqrt(a b),

with spin waves omega(k) = b + a k^2 (a = 2 gamma0 A / mu0 Ms,
b = gamma0 2K / mu0 Ms); the first wave to grow has |k| = sqrt(b/a).
``examples/05_valley_instability.py`` measures this threshold along two
lines; here a sweep maps the growth rate over the (beta, nu) plane and
compares the boundary of the growing region with the curve nu_c(beta).

Each point of the sweep is a periodic chain along x, one wavelength
2 pi/k* long (40 cells of 2.2 nm), with u = y, Ms = 8e5 A/m, A = 1e-11 J/m,
easy axis z with K = 5e4 J/m^3, alpha = 0.02 (a = 4.40e-6 m^2/s,
b = 2.20e10 1/s, 4 alpha sqrt(ab) = 24.9 m/s). It starts in the spin wave
with |q| = k* that grows fastest, amplitude 1e-3, and runs for two e-folds
of the linear theory (at most ``t_max``). The growth rate is half the slope
of log(1 - <mz>) against time: for a small wave 1 - <mz> = <|dm|^2>/2,
which for one eigenmode is proportional to exp(2 Re(lambda) t).

The linear theory is that of the discrete chain (three-point exchange,
central difference of the torque): for dm = (mx, my) exp(ikx),

    (1 - alpha Z) d(dm)/dt = [omega_h Z + i kappa nu (0, beta; 0, -1)] dm,

Z the rotation z x, omega_h = b + a (2 - 2 cos kh)/h^2, kappa = sin(kh)/h.
The eigenvalue with Im(lambda) > 0 at k = +k* or -k* (the two directions of
travel), whichever has the larger real part, is the growing wave.

The figure ``valley_sweep.png`` shows (a) the simulated growth rate over the
grid with the curve of Eq. 28 and the chain's exact threshold, which meet
for beta >> 2 alpha = 0.04 (at beta = 0.3 the chain's threshold is 6 %
below Eq. 28, at beta = 30 within 0.3 %), and (b) the relative difference
between simulated and linear growth rates at every point: expect 1e-5 or
less.

The sweep runs on a local dask cluster (``weylmag.sweep``) and keeps its
results in ``valley_sweep/``: run the script again and only points that are
not there yet are computed.

Run ``python examples/09_valley_sweep.py`` (63 points, under a minute on two
cores); ``--short`` or ``WEYLMAG_SHORT=1`` computes four points over at most
0.2 ns.
"""

import math
import os
import sys

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

MS, A, K, ALPHA = 8e5, 1e-11, 5e4, 0.02
a = 2 * GAMMA0 * A / (mu0 * MS)  # m^2/s
b = GAMMA0 * 2 * K / (mu0 * MS)  # 1/s
K_STAR = math.sqrt(b / a)  # 1/m
NU_27 = 4 * ALPHA * math.sqrt(a * b)  # m/s
CELLS = 40
CELL = 2 * math.pi / K_STAR / CELLS  # m
Z = np.array([[0.0, -1.0], [1.0, 0.0]])
AMPLITUDE = 1e-3


def nu_eq28(beta):
    """The threshold of Eq. 28 (m/s) for waves along j_c."""
    return NU_27 / beta


def linear_operator(k, nu, beta):
    """M in d(mx, my)/dt = M (mx, my) for the wave exp(ikx), u = y."""
    omega = b + a * (2 - 2 * math.cos(k * CELL)) / CELL**2
    kappa = math.sin(k * CELL) / CELL
    torque = 1j * kappa * nu * np.array([[0.0, beta], [0.0, -1.0]])
    return (np.eye(2) + ALPHA * Z) @ (omega * Z + torque) / (1 + ALPHA**2)


def growing_wave(nu, beta):
    """(k, lambda, (mx, my)) of the faster-growing wave with |k| = k*."""
    waves = []
    for k in (K_STAR, -K_STAR):
        values, vectors = np.linalg.eig(linear_operator(k, nu, beta))
        i = int(np.argmax(values.imag))
        waves.append((k, values[i], vectors[:, i]))
    return max(waves, key=lambda wave: wave[1].real)


def linear_rate(nu, beta):
    """The linear-theory growth rate (1/s) at |k| = k*."""
    return growing_wave(nu, beta)[1].real


def chain_threshold(beta):
    """The nu (m/s) where the chain's wave at |k| = k* starts to grow."""
    top = 2 * nu_eq28(beta)
    while linear_rate(top, beta) < 0:
        top *= 2
    return brentq(lambda nu: linear_rate(nu, beta), 0.0, top, xtol=1e-9 * top)


def build(point):
    """The chain in the growing spin wave of (nu, beta)."""
    nu, beta = point["nu"], point["beta"]
    length = CELLS * CELL
    mesh = df.Mesh(p1=(0, 0, 0), p2=(length, 2e-9, 2e-9), n=(CELLS, 1, 1), bc="x")
    system = mm.System(name="valley_chain")
    system.energy = mm.Exchange(A=A) + mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    system.dynamics = (mm.Precession(gamma0=GAMMA0) + mm.Damping(alpha=ALPHA)
                       + wm.ValleyTorque(nu=nu, beta=beta, direction=(0, 1, 0)))
    k, _, vector = growing_wave(nu, beta)
    x = (np.arange(CELLS) + 0.5) * CELL
    wave = np.exp(1j * k * x)[:, None] * vector[None, :] / np.abs(vector).max()
    m = np.zeros((CELLS, 1, 1, 3))
    m[:, 0, 0, :2] = AMPLITUDE * wave.real
    m[..., 2] = 1.0
    system.m = df.Field(mesh, nvdim=3, value=m, norm=MS)
    return system


def run(system, point):
    """Two e-folds of the linear theory, at most t_max; ten table rows.

    The tolerance is 1e-7: at the default 1e-5 the integrator's own error
    would show in rates of order alpha omega.
    """
    rate = abs(linear_rate(point["nu"], point["beta"]))
    t = min(2.0 / rate, point["t_max"]) if rate > 0 else point["t_max"]
    driver = wm.TimeDriver(evolver=wm.RungeKuttaEvolver(tolerance=1e-7))
    driver.drive(system, t=t, n=10, verbose=0)


def growth_rate(system):
    """Half the slope of log(1 - <mz>) over the drive (1/s)."""
    data = system.table.data
    return np.polyfit(data["t"], np.log(1.0 - data["mz"]), 1)[0] / 2


def plot(table, betas, nus):
    fig, axes = plt.subplots(1, 2, figsize=(11.5, 4.4))
    ax = axes[0]
    rates = table.pivot(index="nu", columns="beta", values="rate").loc[nus, betas]
    rates = rates.to_numpy() * 1e-9
    limit = np.abs(rates).max()
    # Decay rates are of order alpha omega (about 1/ns), growth rates up to tens
    # per ns: a logarithmic scale on either side of zero shows both.
    norm = matplotlib.colors.SymLogNorm(linthresh=0.1, vmin=-limit, vmax=limit)
    image = ax.pcolormesh(_edges(betas), _edges(nus), rates, cmap="RdBu_r", norm=norm)
    fig.colorbar(image, ax=ax, label="simulated growth rate (1/ns)")
    fine = np.geomspace(betas[0] / 1.3, betas[-1] * 1.3, 200)
    ax.plot(fine, nu_eq28(fine), "k--", label=r"Eq. 28: $4(\alpha/\beta)\sqrt{ab}$")
    ax.plot(fine, [chain_threshold(beta) for beta in fine], "k-", lw=0.8,
            label="chain, linear theory")
    growing = table[table["rate"] > 0]
    ax.plot(growing["beta"], growing["nu"], "k.", ms=4, label="growing (simulated)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(fine[0], fine[-1])
    ax.set_ylim(nus[0] / 1.3, nus[-1] * 1.3)
    ax.set_xlabel(r"$\beta$", fontsize=11)
    ax.set_ylabel(r"$\nu$ (m/s)", fontsize=11)
    ax.set_title(r"(a) growth rate at $|q| = \sqrt{b/a}$, waves along $j_c$",
                 fontsize=11)
    ax.legend(fontsize=8, loc="lower left")

    ax = axes[1]
    ratio = table["nu"] / nu_eq28(table["beta"])
    error = np.abs(table["rate"] / table["theory"] - 1)
    # discretisedfield's plotting style draws markers without edges: set them.
    ax.loglog(ratio, error, "o", mfc="none", mew=1.2)
    ax.axvline(1.0, color="k", ls=":", lw=0.8)
    ax.set_xlabel(r"$\nu/\nu_c$ ($\nu_c$ of Eq. 28)", fontsize=11)
    ax.set_ylabel("|simulated / linear theory - 1|", fontsize=11)
    ax.set_title("(b) simulated against linear growth rates", fontsize=11)
    fig.tight_layout()
    fig.savefig("valley_sweep.png", dpi=120)


def _edges(centres):
    """Cell edges, halfway in log, around geometrically spaced centres."""
    centres = np.asarray(centres, dtype=float)
    if len(centres) == 1:
        return np.array([centres[0] / 1.5, centres[0] * 1.5])
    logs = np.log(centres)
    inner = (logs[1:] + logs[:-1]) / 2
    return np.exp(np.concatenate([[2 * logs[0] - inner[0]], inner,
                                  [2 * logs[-1] - inner[-1]]]))


if __name__ == "__main__":
    short = "--short" in sys.argv[1:] or os.environ.get("WEYLMAG_SHORT") == "1"
    if short:
        betas, nus, t_max = [1.0, 10.0], [5.0, 40.0], 0.2e-9
    else:
        betas, nus = np.geomspace(0.3, 30.0, 7), np.geomspace(0.5, 100.0, 9)
        t_max = 2e-9
    betas = [float(beta) for beta in betas]
    nus = [float(nu) for nu in nus]
    sweep = wm.sweep.Sweep(build, run, keep={"rate": growth_rate},
                           points=wm.sweep.grid(beta=betas, nu=nus, t_max=[t_max]))
    table = sweep.compute("valley_sweep")
    failed = table[table["status"] != "done"]
    if len(failed):
        raise RuntimeError(f"{len(failed)} points failed: {failed['error'].tolist()}")
    table["theory"] = [linear_rate(nu, beta) for nu, beta in zip(table["nu"],
                                                                  table["beta"])]
    print(f"a = {a:.4g} m^2/s, b = {b:.4g} 1/s, 4 alpha sqrt(ab) = {NU_27:.4g} m/s; "
          f"{int(table['computed'].sum())} of {len(table)} points computed now")
    for _, row in table.iterrows():
        print(f"  beta = {row['beta']:6.3g}, nu = {row['nu']:7.3g} m/s "
              f"(Eq. 28: {nu_eq28(row['beta']):7.3g}): growth rate {row['rate']:+.4e} "
              f"1/s, linear theory {row['theory']:+.4e} 1/s")
    print("largest relative difference from the linear theory: "
          f"{np.abs(table['rate'] / table['theory'] - 1).max():.1e}")
    for beta in betas:
        print(f"  threshold at beta = {beta:6.3g}: chain {chain_threshold(beta):.4g} "
              f"m/s, Eq. 28 {nu_eq28(beta):.4g} m/s")
    plot(table, betas, nus)
    print("wrote valley_sweep.png")

r"""A magnet on a topological-insulator surface under an electric field (seed 001, Sec. 2.3).

A 1 nm film (Ms = 400 kA/m) on a TI surface (Dirac velocity 4e5 m/s,
exchange J = 30 meV, momentum cutoff k_c = 1e9 1/m) gets from the surface
electrons

- the perpendicular anisotropy :math:`G_s = -J_0m_z^2` (Eq. 2.35), here
  ``mm.UniaxialAnisotropy`` with K the grand potential difference per
  volume that ``weylmag.bands.uniaxial_anisotropy`` integrates for the
  model on the square cutoff :math:`|k_{x,y}| < k_c` (Eq. 2.35's
  :math:`J_0m^2 = k_cJ^2/4\pi\hbar v` is the leading term for a cutoff
  that moves with the Dirac point; for a fixed cutoff the exact value is
  about half of it, as ``tests/bands/test_free_energy.py`` pins);
- the gyromagnetic ratio :math:`\gamma = \gamma_f/(1 + \gamma_f/\gamma_s(\theta))`
  (Eqs. 2.32-2.34), ``wm.AnisotropicGyromagneticRatio.ti_surface``;
- under an in-plane E along x, the Faraday field of Eq. 2.36, one value per
  hemisphere, ``wm.FaradayField.ti_surface``. Its size relative to the
  anisotropy is :math:`\epsilon = eE|\alpha|/4\pi J_0m^2a =
  e|J|E/(4\pi\hbar v\,Kd)`.

Without damping, each initial state either circles a pole or ends on the
half-equator :math:`m_y > 0` (Fig. 2.4); for :math:`\epsilon > 2` every
state ends there. The script integrates a grid of initial states for
:math:`\epsilon = 0.4` and 2.5 and draws them on the contours of
:math:`G_{N,S}` (Eqs. 2.37), with :math:`\gamma(\theta)` measured from the
precession in a field next to Eq. 2.34 (Fig. 2.3a).

Run ``python examples/10_ti_macrospin.py`` (about 40 s; ``WEYLMAG_SHORT=1``:
fewer states). Writes ``ti_macrospin.png``.
"""

import math
import os

import discretisedfield as df
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import micromagneticmodel as mm  # noqa: E402
import numpy as np  # noqa: E402

import weylmag as wm  # noqa: E402
from weylmag.bands import models, uniaxial_anisotropy  # noqa: E402
from weylmag.constants import e, hbar, mu0  # noqa: E402

short = os.environ.get("WEYLMAG_SHORT") == "1"

V, J, KC = 4e5, 30e-3 * e, 1e9  # m/s, J, 1/m
D, MS, GAMMA0 = 1e-9, 4e5, 2.211e5
K = uniaxial_anisotropy(models.ti_surface(V, J, half_width=KC), rtol=1e-5).value / D
K_SEED = KC * J**2 / (4 * math.pi * hbar * V * D)  # Eq. 2.35 per volume
PERIOD = 2 * math.pi * mu0 * MS / (2 * GAMMA0 * K)


def problem(m0, epsilon, extra=()):
    E = epsilon * 4 * math.pi * hbar * V * D * K / (e * abs(J))  # V/m
    mesh = df.Mesh(p1=(0, 0, 0), p2=(D, D, D), n=(1, 1, 1))
    system = mm.System(name="ti_macrospin")
    system.energy = mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    system.dynamics = mm.Precession(gamma0=GAMMA0) + wm.FaradayField.ti_surface(
        E=(E, 0, 0), v=V, J=J, thickness=D, Ms=MS
    )
    for term in extra:
        system.dynamics += term
    system.m = df.Field(mesh, nvdim=3, value=tuple(m0), norm=MS)
    return wm.Problem(system)


def trajectory(m0, epsilon, periods=6, samples=600):
    """Sampled path, stopped on arrival at the equator."""
    prob = problem(m0, epsilon)
    m = prob.m0.copy()
    evolver = wm.RungeKuttaEvolver(tolerance=1e-7)
    evolver.setup(prob)
    path, t = [m[0].copy()], 0.0
    for k in range(1, samples + 1):
        t = evolver.advance(prob, m, t, k * periods * PERIOD / samples)
        path.append(m[0].copy())
        if abs(m[0, 2]) < 1e-6:
            break
    return np.array(path)


def angles(path):
    return np.mod(np.arctan2(path[:, 1], path[:, 0]), 2 * math.pi), np.arccos(
        np.clip(path[:, 2], -1, 1)
    )


def portrait(ax, epsilon):
    phi, theta = np.meshgrid(np.linspace(0, 2 * math.pi, 181), np.linspace(0, math.pi, 91))
    mx, mz = np.sin(theta) * np.cos(phi), np.cos(theta)
    g = -mz**2 + epsilon * np.sign(mz) * mx  # G_N, G_S in units of J0 m^2
    ax.contour(phi, theta, g, levels=24, colors="0.8", linewidths=0.6)
    ax.contour(phi, theta, g, levels=[-epsilon], colors="k", linewidths=1.2)
    n = 4 if short else 8
    ended = 0
    for th in np.linspace(0.25, math.pi - 0.25, n // 2 + 1):
        for ph in np.linspace(0.2, 2 * math.pi - 0.2, n):
            m0 = (math.sin(th) * math.cos(ph), math.sin(th) * math.sin(ph), math.cos(th))
            path = trajectory(m0, epsilon)
            reached = abs(path[-1, 2]) < 1e-6
            ended += reached
            p, t = angles(path)
            jumps = np.abs(np.diff(p)) > math.pi  # do not draw across phi = 0
            p[1:][jumps] = np.nan
            ax.plot(p, t, color="C3" if reached else "C0", lw=0.8)
            ax.plot(p[0], t[0], "o", ms=2.5, color="k")
    ax.axhline(math.pi / 2, color="C3", lw=0.5, ls=":")
    ax.set(xlabel=r"$\phi$", ylabel=r"$\theta$", xlim=(0, 2 * math.pi), ylim=(math.pi, 0))
    ax.set_title(rf"$\epsilon = {epsilon}$ (red: ends on $m_y > 0$, $m_z = 0$)", fontsize=10)
    return ended, (n // 2 + 1) * n


def gamma_of_theta(ax):
    # Fig. 2.3a's gamma_f = 2 m a^2 / hbar, alpha = 1: gamma_f / gamma_s = |cos theta| / 2 pi,
    # which for this film needs J^2 = 2 hbar v^2 d mu0 Ms / gamma0 (about 1.7 eV)
    J_fig = math.sqrt(2 * hbar * V**2 * D * mu0 * MS / GAMMA0)
    gyro = wm.AnisotropicGyromagneticRatio.ti_surface(v=V, J=J_fig, thickness=D)
    film = wm.AnisotropicGyromagneticRatio.ti_surface(v=V, J=J, thickness=D)
    pole = GAMMA0 * film.L(np.array([[0.0, 0.0, 1.0]]))[0] / (mu0 * MS)
    print(f"gamma_f / gamma_s at the poles: {pole:.2g} with J = 30 meV; "
          f"1/2 pi = 0.16 with J = {J_fig / e:.2f} eV (Fig. 2.3a)")
    thetas = np.linspace(0.05, math.pi - 0.05, 200)
    m = np.stack([np.sin(thetas), 0 * thetas, np.cos(thetas)], axis=1)
    ratio = 1 / (1 + GAMMA0 * gyro.L(m) / (mu0 * MS))  # Eq. 2.34
    ax.plot(thetas, ratio, "k-", label="Eq. 2.34")
    H = 1e5
    for theta0 in [0.3, 1.0, 1.5] if short else [0.2, 0.5, 0.8, 1.1, 1.4, 1.7, 2.2, 2.8]:
        mesh = df.Mesh(p1=(0, 0, 0), p2=(D, D, D), n=(1, 1, 1))
        system = mm.System(name="ti_fmr")
        system.energy = mm.Zeeman(H=(0, 0, H))
        system.dynamics = mm.Precession(gamma0=GAMMA0) + gyro
        system.m = df.Field(mesh, nvdim=3, norm=MS,
                            value=(math.sin(theta0), 0, math.cos(theta0)))
        prob = wm.Problem(system)
        m, t_end = prob.m0.copy(), 2e-11
        evolver = wm.RungeKuttaEvolver(tolerance=1e-9)
        evolver.setup(prob)
        evolver.advance(prob, m, 0.0, t_end)
        omega = math.atan2(m[0, 1], m[0, 0]) / t_end
        ax.plot(theta0, omega / (GAMMA0 * H), "o", color="C1")
    ax.set(xlabel=r"$\theta$", ylabel=r"$\gamma/\gamma_f$")
    ax.set_title(rf"$\gamma(\theta)$, J = {J_fig / e:.2f} eV; points: precession", fontsize=10)
    ax.legend()


if __name__ == "__main__":
    print(f"surface anisotropy K = {K:.3g} J/m^3 (Eq. 2.35: {K_SEED:.3g}), "
          f"period {PERIOD * 1e12:.1f} ps")
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.6))
    gamma_of_theta(axes[0])
    for ax, epsilon in zip(axes[1:], (0.4, 2.5)):
        ended, total = portrait(ax, epsilon)
        print(f"epsilon = {epsilon}: {ended} of {total} states end on the half-equator")
    fig.tight_layout()
    fig.savefig("ti_macrospin.png", dpi=110)
    print("wrote ti_macrospin.png")

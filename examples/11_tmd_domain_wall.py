r"""Spin density that an in-plane electric field induces across a domain wall of a TMD layer (seed 001, Sec. 3.5).

Model: the six-band TMD monolayer of Eqs. 3.78-3.80
(``weylmag.bands.models.tmd_three_band``, a = 0.319 nm) with exchange
J = 0.1 eV, chemical potential 0.8 eV in the gap (the two lowest bands,
both spin-split partners of the valence band, are filled), T = 0.
Wall: Eqs. 3.82-3.83, :math:`\theta = \arctan(y/w_0) + \pi/2`, w0 = 10 nm,
:math:`\phi = 0` (Bloch) and :math:`\phi = \pi/2` (Néel); field E = 1e5 V/m
along +x, the wall normal along y.

Computed at each position (``weylmag.bands.wall_spin_density``):

- the local (first Chern form) field :math:`h^{(0)} = eE_x\bar\Omega_{k_xm}`
  at the local m, the Fermi-sea SOT field of ``sot_field``;
- the gradient (second Chern form) field of Eq. 3.81,
  :math:`h^{(1)}_k = -eE_x\,\partial_ym_l\,W_{lk}` with the non-abelian
  :math:`W_{lk} = \int[d\mathbf{k}]\Omega^{(2)}_{k_xk_ym_lm_k}`;
- the spin density :math:`\delta\mathbf{s} = -\mathbf{h}/J` (per unit cell,
  in units of :math:`\hbar/2`);
- the seed's spin-dipole field of Eq. 3.87 with :math:`\kappa` from Eq. 3.59
  (``weylmag.bands.wall.wall_dipole_field``), its component along
  :math:`\hat{\mathbf{e}}_\phi` (the one with a torque; the
  :math:`\hat{\mathbf{e}}_\theta` component vanishes identically). Eq. 3.59
  is not the exact field-induced spin dipole for an in-plane field (see
  ``field_induced_dmi``), so this curve shows the seed's formula, not a
  checked prediction.

Printed: the size of the local term against the gradient term, the
symmetry of each component about the wall centre, the direction of the
precession torque :math:`-\mathbf{m}\times\mathbf{h}` along
:math:`\hat{\mathbf{e}}_\theta` (widening or narrowing), and the work of a
rotation about z, Eq. 3.85.

Run ``python examples/11_tmd_domain_wall.py`` (about 1.5 min on one core;
``WEYLMAG_SHORT=1``: coarse grids and fewer positions, a few seconds).
Writes ``tmd_domain_wall.png``.
"""

import os
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from weylmag.bands import models, wall_spin_density  # noqa: E402
from weylmag.bands.wall import wall_dipole_field  # noqa: E402
from weylmag.constants import e  # noqa: E402

short = os.environ.get("WEYLMAG_SHORT") == "1"

J = 0.1 * e  # exchange (J)
MU = 0.8 * e  # chemical potential in the gap (J)
A = 3.19e-10  # lattice constant (m)
CELL = np.sqrt(3) / 2 * A**2  # unit-cell area (m^2)
W0 = 10e-9  # wall width (m)
E = np.array([1e5, 0.0])  # V/m
N_Y = 7 if short else 31  # positions for the Chern-form terms
N_DIPOLE = 5 if short else 11  # positions for the spin-dipole term
GRID = dict(n_k=48, max_n_k=192, rtol=1e-6)
DIPOLE_GRID = dict(n_k=8, max_n_k=16) if short else dict(n_k=16, max_n_k=32)
ATOL = 1e-21  # J/m^2; the gradient field is ~1e-14 J/m^2 at this E and w0


def symmetry(values):
    """Residuals of the antisymmetric and symmetric hypotheses for samples on a symmetric grid."""
    scale = max(float(np.max(np.abs(values))), np.finfo(float).tiny)
    odd = float(np.max(np.abs(values + values[::-1]))) / scale
    even = float(np.max(np.abs(values - values[::-1]))) / scale
    return odd, even


def describe(name, values, scale=None):
    """Symmetry of ``values`` about y = 0; below 1e-9 of ``scale`` it counts as zero."""
    odd, even = symmetry(values)
    size = float(np.max(np.abs(values)))
    if size == 0 or (scale is not None and size < 1e-9 * scale):
        return f"{name}: zero (max {size:.1e}, {size / scale if scale else 0:.0e} of the largest)"
    kind = "antisymmetric" if odd < 1e-6 else "symmetric" if even < 1e-6 else "neither"
    return f"{name}: {kind} (|f(y)+f(-y)|/max = {odd:.1e}, |f(y)-f(-y)|/max = {even:.1e})"


def analyse(label, phi, model):
    t0 = time.perf_counter()
    y = np.linspace(-5, 5, N_Y) * W0
    r = wall_spin_density(
        model, y, W0, E, exchange=J, mu=MU, phi=phi, atol=ATOL, **GRID
    )
    y_d = np.linspace(-5, 5, N_DIPOLE) * W0
    h_dip, h_dip_err = wall_dipole_field(model, y_d, W0, E, mu=MU, phi=phi, **DIPOLE_GRID)
    elapsed = time.perf_counter() - t0

    h0, h1 = r.field_local, r.field_gradient
    ds = r.spin_gradient * CELL  # <sigma> per unit cell
    print(f"\n{label} wall (phi = {phi:.4f}), {N_Y} positions, grids up to "
          f"n_k = {int(r.n_k.max())}, {elapsed:.1f} s")
    print(f"  local (first Chern form) field: max |h0| = {np.abs(h0).max():.2e} J/m^2, "
          f"gradient field max |h1| = {np.abs(h1).max():.2e} J/m^2 "
          f"(ratio {np.abs(h0).max() / np.abs(h1).max():.1e}); grid error <= {r.error.max():.1e}")
    print(f"  induced spin per cell (units hbar/2): max |ds| = {np.abs(ds).max():.3e}")
    for c, name in enumerate("xyz"):
        print("  " + describe(f"ds_{name}", ds[:, c], np.abs(ds).max()))
    print("  " + describe("m_x", r.m[:, 0]) + "; " + describe("m_y", r.m[:, 1]))

    # torque -m x h projected on e_theta (rate of theta): widening iff it is
    # opposite to sign(y), i.e. it turns theta back towards pi/2 on both sides
    e_phi = np.array([-np.sin(phi), np.cos(phi), 0.0])
    theta = np.arctan(y / W0) + np.pi / 2
    e_theta = np.stack([np.cos(theta) * np.cos(phi), np.cos(theta) * np.sin(phi),
                        -np.sin(theta)], -1)
    torque = np.sum(-np.cross(r.m, h1) * e_theta, axis=1)  # = h1 . e_phi
    side = np.sign(y)
    inside = np.abs(torque) > 1e-6 * np.abs(torque).max()
    widening = np.all(torque[inside] * side[inside] < 0)
    narrowing = np.all(torque[inside] * side[inside] > 0)
    verdict = "widens" if widening else "narrows" if narrowing else "mixed"
    print(f"  torque -m x h along e_theta: {torque[0]:+.2e} J/m^2 at y = -5 w0, "
          f"{torque[-1]:+.2e} at +5 w0 -> the precession {verdict} the wall for E along +x "
          "(reversed E: the opposite)")

    # Eq. 3.85: work of a rotation about z per unit length of wall
    scale = np.abs(h1).max() * W0
    print(f"  Eq. 3.85 work int (z x m).h1 dy = {r.rotation_work('gradient'):.2e} J/m "
          f"(scale max|h1| w0 = {scale:.2e} J/m); local term: "
          f"{r.rotation_work('local'):.2e} J/m")
    print(f"  spin-dipole field (Eqs. 3.87 + 3.59) along e_phi: max {np.abs(h_dip).max():.2e} "
          f"J/m^2 (grid change {h_dip_err.max():.1e}), {np.abs(h_dip).max() / np.abs(h1).max():.1e} "
          "x the gradient term; " + describe("h^F_phi", h_dip))
    return r, y_d, h_dip


def main():
    model = models.tmd_three_band(J=J, a=A)
    t0 = time.perf_counter()
    results = [analyse("Bloch", 0.0, model), analyse("Neel", np.pi / 2, model)]
    print(f"\ntotal {time.perf_counter() - t0:.1f} s")

    fig, axes = plt.subplots(2, 2, figsize=(10, 7), sharex=True)
    for row, (label, (r, y_d, h_dip)) in enumerate(zip(("Bloch", "Néel"), results)):
        ax = axes[row, 0]
        ds = r.spin_gradient * CELL
        scale = np.abs(ds).max()
        for c, name in enumerate("xyz"):
            ax.plot(r.y / W0, ds[:, c] / scale, "o-", ms=3, label=rf"$\delta s_{name}$")
        ax.set_ylabel(rf"$\delta s$ / {scale:.2e}")
        ax.set_title(f"{label}: second Chern form, Eq. 3.81", fontsize=10)
        twin = ax.twinx()
        twin.plot(r.y / W0, r.m[:, 2], "k--", label="$m_z$")
        twin.set_ylabel("$m_z$")
        ax.legend(loc="upper left", fontsize=8)
        ax = axes[row, 1]
        s_dip = -h_dip / J * CELL
        ax.plot(y_d / W0, s_dip, "s-", ms=3,
                label=r"$\delta\mathbf{s}\cdot\hat{\mathbf{e}}_\phi$")
        ax.set_title(f"{label}: spin dipole, Eq. 3.87", fontsize=10)
        ax.set_ylabel(r"$\delta s_\phi$ per cell ($\hbar/2$)")
        ax.legend(loc="upper left", fontsize=8)
    for ax in axes[1]:
        ax.set_xlabel("$y / w_0$")
    fig.suptitle(f"TMD layer, J = 0.1 eV, E = {E[0]:.0e} V/m along x, w0 = 10 nm")
    fig.tight_layout()
    fig.savefig("tmd_domain_wall.png", dpi=120)
    plt.close(fig)
    print("wrote tmd_domain_wall.png")


if __name__ == "__main__":
    main()

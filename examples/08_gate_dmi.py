r"""A gate controls the DMI: spiral period and a skyrmion held by a local gate (seed 001, Ch. 3).

An electric field E adds to the DMI tensor :math:`\kappa_{ijk}E_k`
(Eqs. 3.57-3.59). On a film with normal z, a gate field along z gives
interfacial (Cnv_z) DMI :math:`D = \xi E_z`
(``wm.FieldInducedDMI.interfacial``); xi = 1e-11 C/m here, so 3e8 V/m gives
3 mJ/m^2.

1. Spiral period against the gate. An open chain (600 nm, 1 nm cells,
   A = 1e-11 J/m, no anisotropy) relaxes into a Néel spiral of period
   :math:`4\pi A/|\xi E|`; on the chain, with angle :math:`\theta` per cell,
   :math:`\tan\theta = Dh/2A`.
2. A skyrmion held by a local gate. A perpendicular film (120 nm square,
   1.5 nm cells, A = 1.5e-11 J/m, K = 0.8 MJ/m^3, Ms = 580 kA/m, alpha = 0.3,
   no demagnetisation: K stands for the effective anisotropy) has no DMI of
   its own; a gate over a disc of radius 30 nm gives D = 3.5 mJ/m^2 there.
   A skyrmion written into the disc relaxes to a radius of about 6 nm and
   stays while the gate is on; switched off, the gate leaves nothing to hold
   it and the skyrmion collapses within about 20 ps.

Run ``python examples/08_gate_dmi.py`` (about 10 s; ``WEYLMAG_SHORT=1``:
fewer gate values and a shorter collapse). Writes ``gate_dmi.png``.
"""

import math
import os
import tempfile

import discretisedfield as df
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import micromagneticmodel as mm  # noqa: E402
import numpy as np  # noqa: E402

import weylmag as wm  # noqa: E402

short = os.environ.get("WEYLMAG_SHORT") == "1"
XI = 1e-11  # C/m


def spiral_period(Ez, A=1e-11, length=600e-9, cells=600):
    """Relax a chain under the gate Ez; the period of its spiral (m)."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(length, 1e-9, 1e-9), n=(cells, 1, 1))
    system = mm.System(name="gate_spiral")
    system.energy = mm.Exchange(A=A) + wm.FieldInducedDMI.interfacial(xi=XI, E=(0, 0, Ez))
    k0 = 2 * math.pi / 50e-9
    system.m = df.Field(mesh, nvdim=3, norm=8e5,
                        value=lambda p: (math.sin(k0 * p[0]), 0, math.cos(k0 * p[0])))
    wm.MinDriver().drive(system, verbose=0)
    m = system.m.orientation.array.reshape(-1, 3)
    x = (np.arange(cells) + 0.5) * length / cells
    inside = (x > length / 4) & (x < 3 * length / 4)
    angle = np.unwrap(np.arctan2(m[:, 0], m[:, 2]))
    return 2 * math.pi / abs(np.polyfit(x[inside], angle[inside], 1)[0])


def gated_film(Ez, m):
    L, radius = 120e-9, 30e-9
    mesh = df.Mesh(p1=(-L / 2, -L / 2, 0), p2=(L / 2, L / 2, 1e-9), cell=(1.5e-9, 1.5e-9, 1e-9))
    gate = df.Field(mesh, nvdim=3,
                    value=lambda p: (0, 0, Ez if math.hypot(p[0], p[1]) < radius else 0.0))
    system = mm.System(name="gate_skyrmion")
    system.energy = (
        mm.Exchange(A=1.5e-11)
        + mm.UniaxialAnisotropy(K=0.8e6, u=(0, 0, 1))
        + wm.FieldInducedDMI.interfacial(xi=XI, E=gate)
    )
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.3)
    system.m = m if isinstance(m, df.Field) else m(mesh)
    return system


def seed(mesh):
    return df.Field(mesh, nvdim=3, norm=5.8e5,
                    value=lambda p: (0, 0, -1) if math.hypot(p[0], p[1]) < 10e-9 else (0, 0, 1))


def main():
    fields = [2e8, 4e8] if short else [1.5e8, 2e8, 3e8, 4e8, 5e8]
    periods = [spiral_period(E) for E in fields]
    for E, p in zip(fields, periods):
        print(f"E = {E:.2e} V/m: period {p * 1e9:6.2f} nm, 4 pi A/(xi E) = "
              f"{4 * math.pi * 1e-11 / (XI * E) * 1e9:6.2f} nm")

    on = gated_film(3.5e8, seed)
    wm.MinDriver().drive(on, verbose=0)
    held = on.m.orientation.array[..., 0, 2].copy()
    radius = math.sqrt((held < 0).sum() * 1.5e-9**2 / math.pi)
    print(f"gate on: skyrmion core (m_z < 0) of radius {radius * 1e9:.1f} nm")
    off = gated_film(0.0, on.m)
    t_end, n = (0.05e-9, 10) if short else (0.2e-9, 40)
    wm.TimeDriver().drive(off, t=t_end, n=n, verbose=0)
    data = off.table.data
    after = off.m.orientation.array[..., 0, 2]
    print(f"gate off: min m_z {after.min():.3f} after {t_end * 1e9:.2f} ns")

    fig, ax = plt.subplots(1, 4, figsize=(17, 4), layout="constrained")
    Es = np.linspace(min(fields), max(fields), 100)
    ax[0].plot(Es, 4e9 * math.pi * 1e-11 / (XI * Es), "k-", label=r"$4\pi A/|\xi E|$")
    ax[0].plot(fields, np.array(periods) * 1e9, "o", color="C3", mew=1.5, label="relaxed chain")
    ax[0].set(xlabel="gate field E (V/m)", ylabel="spiral period (nm)", title="spiral period")
    ax[0].legend()
    extent = [-60, 60, -60, 60]
    for a, mz, title in ((ax[1], held, "gate on"),
                         (ax[2], after, f"gate off, {t_end * 1e9:.2f} ns later")):
        image = a.imshow(mz.T, origin="lower", extent=extent, cmap="RdBu", vmin=-1, vmax=1)
        a.add_patch(plt.Circle((0, 0), 30, fill=False, ls="--", color="w"))  # the gate
        a.set(xlabel="x (nm)", ylabel="y (nm)", title=title)
    fig.colorbar(image, ax=ax[2], label="$m_z$")
    ax[3].plot(data["t"] * 1e9, data["mz"], "C0-")
    ax[3].set(xlabel="t (ns)", ylabel=r"$\langle m_z\rangle$", title="collapse, gate off")
    fig.savefig("gate_dmi.png", dpi=110)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as scratch:
        here = os.getcwd()
        os.chdir(scratch)  # the drives' output directories
        try:
            main()
            os.replace("gate_dmi.png", os.path.join(here, "gate_dmi.png"))
        finally:
            os.chdir(here)

"""The voltage pulse of a domain wall passing two probes (seed 003, Fig. 1).

A head-to-head wall in a 1.2 um wire is pushed past voltage probes, once by
a field above Walker breakdown and once by a current below it. While the
wall is between the probes, the texture pumps a voltage
(wm.SpinMotiveForce):

* field-driven (probes at 200 nm and 1000 nm), beta = 0, the wall precesses
  and swings back and forth as it advances: V = -(P hbar/e) dphi/dt, on
  average close to P (2 muB/e) mu0 H (Saslow's ratio, seed 003 Eq. 88);
* current-driven (probes at 400 nm and 600 nm), Zhang-Li torque plus the intrinsic non-adiabatic torque
  of seed 002 (beta_int), the steady wall moves at (beta + beta_int) u/alpha
  and pumps V = -(P hbar/e)(beta + beta_int) v / Delta.

The wire is a chain of cells one cell across with uniaxial terms standing
for the shape anisotropy (easy axis along the wire, hard axis across), so
that the one-dimensional model is exact. The script prints the plateau
voltages next to the closed forms and writes ``wall_voltage.png``.

Run ``python examples/03_wall_voltage.py``; ``WEYLMAG_SHORT=1`` runs short
drives (used by the test suite).
"""

import os

import discretisedfield as df
import matplotlib
import micromagneticmodel as mm
import numpy as np
import scipy.constants as sc

import weylmag as wm

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

short = os.environ.get("WEYLMAG_SHORT") == "1"

A, MS, K_EASY, K_HARD = 1.3e-11, 8e5, 2e5, 1e5
ALPHA, GAMMA0, P = 0.02, 2.211e5, 0.7
DELTA = np.sqrt(A / K_EASY)
H_WALKER = ALPHA * (2 * K_HARD / (mm.consts.mu0 * MS)) / 2
MUB = sc.physical_constants["Bohr magneton"][0]


def wire(dynamics, start, zeeman=None):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(1200e-9, 4e-9, 4e-9), cell=(2e-9, 4e-9, 4e-9))
    system = mm.System(name="wire")
    system.energy = (
        mm.Exchange(A=A)
        + mm.UniaxialAnisotropy(K=K_EASY, u=(1, 0, 0))
        + mm.UniaxialAnisotropy(K=-K_HARD, u=(0, 0, 1), name="hardaxis")
    )
    if zeeman is not None:
        system.energy += zeeman
    system.dynamics = mm.Precession(gamma0=GAMMA0) + mm.Damping(alpha=ALPHA) + dynamics

    def wall(p):
        s = (p[0] - start) / DELTA
        return (-np.tanh(s), 1 / np.cosh(s), 0.0)

    system.m = df.Field(mesh, nvdim=3, value=wall, norm=MS)
    return system


# 1. Field above Walker breakdown.
H = 5 * H_WALKER
field_driven = wire(wm.SpinMotiveForce(P=P, beta=0.0, probes=(200e-9, 1000e-9)),
                    start=150e-9, zeeman=mm.Zeeman(H=(H, 0, 0)))
t1 = 0.5e-9 if short else 8e-9
wm.TimeDriver().drive(field_driven, t=t1, n=50 if short else 800, verbose=0)

# 2. Current below Walker breakdown, with the intrinsic torque.
beta, beta_int, u = 0.02, 0.03, 50.0
current = (
    mm.ZhangLi(u=u, beta=beta)
    + wm.IntrinsicNonadiabaticTorque(beta_int=beta_int, u=u)
    + wm.SpinMotiveForce(P=P, beta=beta + beta_int, probes=(400e-9, 600e-9))
)
current_driven = wire(current, start=300e-9)
t2 = 0.5e-9 if short else 4e-9
wm.TimeDriver().drive(current_driven, t=t2, n=50 if short else 200, verbose=0)

saslow = P * 2 * MUB / sc.e * mm.consts.mu0 * H
v = (beta + beta_int) / ALPHA * u
steady = P * sc.hbar / sc.e * (beta + beta_int) * v / DELTA
fig, ax = plt.subplots(figsize=(6, 3.5))
for system, label, reference, probes in (
    (field_driven, f"field {H:.0f} A/m", saslow, (200e-9, 1000e-9)),
    (current_driven, f"current u = {u:g} m/s", steady, (400e-9, 600e-9)),
):
    data = system.table.data
    V = data["V_smf"].to_numpy()
    ax.plot(data["t"] * 1e9, V * 1e6, label=label)
    # Wall position from <mx> (m = +x left of it, -x right of it).
    x_wall = 1200e-9 * (1 + data["mx"].to_numpy()) / 2
    inside = (x_wall > probes[0] + 4 * DELTA) & (x_wall < probes[1] - 4 * DELTA)
    if inside.any():
        print(f"{label}: mean |V| with the wall between the probes "
              f"{np.abs(V[inside]).mean() * 1e6:.4f} uV, closed form "
              f"{reference * 1e6:.4f} uV")
ax.set_xlabel("t (ns)")
ax.set_ylabel("V between the probes (uV)")
ax.legend()
fig.tight_layout()
fig.savefig("wall_voltage.png", dpi=120)
print("wrote wall_voltage.png")

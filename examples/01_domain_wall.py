"""A current-driven domain wall in a nanowire (the README example).

A head-to-head wall in a 200 nm x 20 nm x 5 nm strip with uniaxial anisotropy
along the wire is relaxed, then driven by a Zhang-Li spin-transfer torque
(u = 100 m/s, beta = 0.04, alpha = 0.02). The script prints the wall position
against time and the measured speed.

Run ``python examples/01_domain_wall.py``; with ``WEYLMAG_SHORT=1`` it runs a
shorter drive (used by the test suite).
"""

import os

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

import weylmag as wm

short = os.environ.get("WEYLMAG_SHORT") == "1"

mesh = df.Mesh(p1=(0, 0, 0), p2=(200e-9, 20e-9, 5e-9), cell=(2e-9, 2e-9, 5e-9))
system = mm.System(name="wall")
system.energy = mm.Exchange(A=1.3e-11) + mm.UniaxialAnisotropy(K=5e5, u=(1, 0, 0))
system.dynamics = (
    mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.02) + mm.ZhangLi(u=100, beta=0.04)
)
system.m = df.Field(
    mesh,
    nvdim=3,
    value=lambda p: (-1, 0.1, 0) if p[0] > 100e-9 else (1, 0.1, 0),
    norm=8e5,
)

wm.MinDriver().drive(system, verbose=0)
# With uniaxial anisotropy only (no demagnetisation, no hard axis) the Walker
# breakdown is at zero current: the wall's internal angle precesses and the
# mean speed is (1 + alpha beta) / (1 + alpha^2) u (the 1D model), about u.
# 0.4 ns carry it some 40 nm towards the end of the wire.
t, n = (0.1e-9, 10) if short else (0.4e-9, 40)
wm.TimeDriver().drive(system, t=t, n=n, verbose=0)

data = system.table.data
# m = +x left of the wall and -x right of it: <mx> = (2 x_w - L) / L.
length = mesh.region.edges[0]
position = length * (1 + data["mx"].to_numpy()) / 2
speed = np.polyfit(data["t"].to_numpy(), position, 1)[0]
print(data[["t", "mx", "my", "mz", "E"]].tail())
alpha, beta, u = 0.02, 0.04, 100
expected = (1 + alpha * beta) / (1 + alpha**2) * u
print(f"wall position {position[-1] * 1e9:.2f} nm, mean speed {speed:.1f} m/s "
      f"(1D model, precessional regime: {expected:.1f} m/s)")

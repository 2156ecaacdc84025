"""A sweep file for the tests: a five-cell chain precessing in a field.

Eight points (two fields times four dampings), 5 ps each. It keeps the last
magnetisation and energy from the table, the mean mz over the drive through
a callable, and saves the final magnetisation.
"""

import discretisedfield as df
import micromagneticmodel as mm

import weylmag as wm


def build(point):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 2e-9, 2e-9), n=(5, 1, 1))
    system = mm.System(name="chain")
    system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(H=(0, 0, point["H"]))
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=point["alpha"])
    # A twist along the chain, so that exchange takes part.
    system.m = df.Field(mesh, nvdim=3, value=lambda p: (1, p[0] / 1e-8, 0.2), norm=8e5)
    return system


def run(system):
    wm.TimeDriver().drive(system, t=5e-12, n=5, verbose=0)


def mean_mz(system):
    return system.table.data["mz"].mean()


keep = {"mx": "mx", "my": "my", "mz": "mz", "E": "E", "mean_mz": mean_mz}
fields = ["m"]
points = {"H": [1e5, 4e5], "alpha": [0.02, 0.1, 0.3, 1.0]}

"""Benchmark: what ValleyDiffusion adds to a right-hand-side evaluation.

Run ``python tests/benchmarks/bench_valley.py``. For films of 50x50x4,
100x100x4 and 64x64x16 cells (exchange and anisotropy; a valley-mixing top
face; a current along x in a field along x; pumping on) it reports the time
to compile the problem (the sparse factorisation is part of it) and the
median time of one right-hand side, with and without the valley term.
"""

import statistics
import time

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

import weylmag as wm
from weylmag.constants import hbar

SIZES = [(50, 50, 4), (100, 100, 4), (64, 64, 16)]


def system(n, valley):
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(2e-9 * k for k in n), n=n)
    s = mm.System(name="bench_valley")
    s.energy = mm.Exchange(A=1e-11) + mm.UniaxialAnisotropy(K=1e5, u=(0, 0, 1))
    s.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.1)
    if valley:
        s.dynamics += wm.ValleyDiffusion(
            eta=hbar * 6e8, sigma=1e5, N=1e46, tau_v=1e-13, beta=0.3, B=(1, 0, 0),
            j_c=(1e12, 0, 0), mixing="z+")
    s.m = df.Field(mesh, nvdim=3, value=lambda p: (np.sin(p[0] * 1e8), 0.2, 1), norm=3e5)
    return s


def main():
    for n in SIZES:
        for valley in (False, True):
            start = time.perf_counter()
            problem = wm.Problem(system(n, valley))
            compile_time = time.perf_counter() - start
            out = np.empty_like(problem.m0)
            problem.rhs(0.0, problem.m0, out)
            times = []
            for _ in range(15):
                start = time.perf_counter()
                problem.rhs(0.0, problem.m0, out)
                times.append(time.perf_counter() - start)
            label = "with ValleyDiffusion" if valley else "without"
            print(f"{n}: {label:22s} compile {compile_time:6.2f} s, "
                  f"rhs {1e3 * statistics.median(times):7.2f} ms")


if __name__ == "__main__":
    main()

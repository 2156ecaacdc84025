"""Benchmark: cell updates per second of the LLG right-hand side and of a drive.

Run ``python tests/benchmarks/bench_llg.py [--sizes 1e4 1e5 1e6] [--threads 1 2]``.
For each mesh size (a thin film, exchange + uniaxial anisotropy + DMI +
Zeeman) and thread count it reports

* rhs: right-hand-side evaluations (all fields + LLG) in cell updates per
  second, the median of repeated calls after a warm-up;
* drive: a whole TimeDriver run (Dormand-Prince, output every 10 ps) in cell
  updates per second counted as cells x right-hand-side evaluations.

A second call of a kernel must not recompile: the script checks that the
number of compiled signatures does not grow after the warm-up.
"""

import argparse
import statistics
import tempfile
import time

import discretisedfield as df
import micromagneticmodel as mm
import numba
import numpy as np

import weylmag as wm
from weylmag._kernels import fields


def film(cells):
    nx = int(round(np.sqrt(cells)))
    ny = int(round(cells / nx))
    mesh = df.Mesh(p1=(0, 0, 0), p2=(nx * 2e-9, ny * 2e-9, 2e-9), cell=(2e-9, 2e-9, 2e-9))
    system = mm.System(name="bench")
    system.energy = (
        mm.Exchange(A=1.3e-11)
        + mm.UniaxialAnisotropy(K=4e5, u=(0, 0, 1))
        + mm.DMI(D=3e-3, crystalclass="Cnv_z")
        + mm.Zeeman(H=(0, 0, 1e5))
    )
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.3)
    rng = np.random.default_rng(0)
    system.m = df.Field(mesh, nvdim=3, value=rng.normal(size=(nx, ny, 1, 3)), norm=8e5)
    return system


def bench_rhs(system, repeats):
    problem = wm.Problem(system)
    m = problem.m0.copy()
    out = np.zeros_like(m)
    problem.rhs(0.0, m, out)
    signatures = len(fields.add_exchange.serial.signatures) + len(
        fields.add_exchange.parallel.signatures
    )
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        problem.rhs(0.0, m, out)
        times.append(time.perf_counter() - t0)
    recompiled = (
        len(fields.add_exchange.serial.signatures)
        + len(fields.add_exchange.parallel.signatures)
        != signatures
    )
    return problem.grid.n / statistics.median(times), recompiled


def bench_drive(system, t):
    driver = wm.TimeDriver()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        driver.drive(system, t=t, n=max(1, int(round(t / 10e-12))), dirname=tmp, verbose=0)
        elapsed = time.perf_counter() - t0
    n = system.m.mesh.n.prod()
    return n * driver.evolver_stats["rhs"] / elapsed, driver.evolver_stats, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1e4, 1e5, 1e6])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--drive-time", type=float, default=20e-12)
    args = parser.parse_args()
    print(f"{'cells':>9} {'threads':>7} {'rhs cells/s':>12} {'drive cells/s':>14} "
          f"{'rhs evals':>9} {'wall s':>7}")
    for size in args.sizes:
        system = film(int(size))
        n = int(system.m.mesh.n.prod())
        for threads in args.threads:
            numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))
            rate, recompiled = bench_rhs(system, repeats=max(3, int(2e6 / n)))
            drive_rate, stats, elapsed = bench_drive(system, args.drive_time)
            flag = "  RECOMPILED" if recompiled else ""
            print(f"{n:>9} {threads:>7} {rate:>12.3g} {drive_rate:>14.3g} "
                  f"{stats['rhs']:>9} {elapsed:>7.2f}{flag}")


if __name__ == "__main__":
    main()

"""Benchmark: standard problem 4 and the cost per cell of a demag time step.

Run ``python tests/benchmarks/bench_sp4.py [--magnumnp-python PYTHON]``.

1. Standard problem 4, field 1, on 200 x 50 x 1 cells: wall time of the
   relaxation and of the 1 ns drive (tolerance 1e-5, output every ps; with
   Dormand-Prince 5(4) and with Bogacki-Shampine 3(2), which on this mesh is
   limited by stability at the same step and needs half the evaluations),
   right-hand-side evaluations, and the largest deviation of <m> from the
   OOMMF reference in ``../shared/reference/``.
2. Cost of one right-hand-side evaluation (exchange + demag + Zeeman + LLG)
   per cell, for films of 1e4 to 1e6 cells, with the time of the local terms
   alone (exchange + Zeeman + LLG) against the memory-bandwidth floor: the
   bytes those kernels must move at the least (read m, write H and dm/dt;
   72 bytes per cell) over the bandwidth of a large-array copy measured in
   the same run.

With ``--magnumnp-python`` (an interpreter with torch and magnumnp, e.g.
``.bench-venv/bin/python``; see ``magnumnp_sp4.py`` for its set-up) the same
runs are made with magnum.np in a subprocess and put beside weylmag's. Both
solvers get ``--threads`` threads (default 2). Results are printed as a table
and written as JSON to ``--json``.
"""

import argparse
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

import discretisedfield as df
import micromagneticmodel as mm
import numba
import numpy as np

import weylmag as wm

HERE = pathlib.Path(__file__).resolve().parent
REFERENCE = HERE.parents[2] / "shared" / "reference" / "sp4_field1_oommf.txt"


def sp4(tolerance, method):
    system = wm.standard.standard_problem_4()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        wm.MinDriver(stopping_mxHxm=1e-6).drive(system, dirname=tmp, verbose=0)
        t1 = time.perf_counter()
        system.energy += wm.standard.standard_problem_4_field(1)
        evolver = wm.RungeKuttaEvolver(method=method, tolerance=tolerance)
        driver = wm.TimeDriver(evolver=evolver)
        driver.drive(system, t=1e-9, n=1000, dirname=tmp, verbose=0)
        t2 = time.perf_counter()
    result = {
        "solver": f"weylmag {method}",
        "cells": 10000,
        "relax_s": t1 - t0,
        "run_s": t2 - t1,
        "field_evals": driver.evolver_stats["rhs"],
    }
    if REFERENCE.exists():
        ref = np.loadtxt(REFERENCE)
        m = system.table.data[["mx", "my", "mz"]].to_numpy()
        result["max_dev_vs_oommf"] = float(np.abs(m - ref[:, 1:4]).max())
    return result


def film(cells):
    nx = ny = int(round(np.sqrt(cells)))  # the grids of magnumnp_sp4.py
    mesh = df.Mesh(p1=(0, 0, 0), p2=(nx * 2.5e-9, ny * 2.5e-9, 3e-9), n=(nx, ny, 1))
    system = mm.System(name="bench")
    system.energy = mm.Exchange(A=1.3e-11) + mm.Demag() + mm.Zeeman(H=(-2e4, 3e3, 0))
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.02)
    rng = np.random.default_rng(0)
    system.m = df.Field(mesh, nvdim=3, value=rng.normal(size=(nx, ny, 1, 3)), norm=8e5)
    return system


def median_time(func, seconds):
    func()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or len(times) < 5:
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def copy_bandwidth(seconds):
    """Bytes per second of a 200 MB array copy (read + write)."""
    a = np.ones(25_000_000)
    b = np.empty_like(a)
    return 2 * a.nbytes / median_time(lambda: np.copyto(b, a), seconds)


def cost(cells, seconds, bandwidth):
    system = film(cells)
    problem = wm.Problem(system)
    m = problem.m0.copy()
    out = np.zeros_like(m)
    n = problem.grid.n
    full = median_time(lambda: problem.rhs(0.0, m, out), seconds)
    local = [t for t in problem.energy_terms if t.name != "demag"]
    problem_local = problem.energy_terms
    problem.energy_terms = local
    try:
        local_time = median_time(lambda: problem.rhs(0.0, m, out), seconds)
    finally:
        problem.energy_terms = problem_local
    floor = 72 * n / bandwidth
    return {
        "solver": "weylmag",
        "cells": n,
        "s_per_eval": full,
        "ns_per_cell_eval": 1e9 * full / n,
        "local_ns_per_cell": 1e9 * local_time / n,
        "local_over_floor": local_time / floor,
    }


def magnumnp(python, args):
    cmd = [python, str(HERE / "magnumnp_sp4.py"), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1e4, 1e5, 1e6])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tolerance", type=float, default=1e-5)
    parser.add_argument("--methods", nargs="+", default=["dp54", "bs23"])
    parser.add_argument("--seconds", type=float, default=3.0, help="per cost point")
    parser.add_argument("--magnumnp-python", default=None)
    parser.add_argument("--skip-sp4", action="store_true")
    parser.add_argument("--json", default="bench_sp4.json")
    args = parser.parse_args()

    numba.set_num_threads(min(args.threads, numba.config.NUMBA_NUM_THREADS))
    results = []
    if not args.skip_sp4:
        for method in args.methods:
            results.append(sp4(args.tolerance, method))
    bandwidth = copy_bandwidth(args.seconds)
    for cells in args.sizes:
        results.append(cost(int(cells), args.seconds, bandwidth))
    if args.magnumnp_python:
        threads = ["--threads", str(args.threads)]
        if not args.skip_sp4:
            results += magnumnp(args.magnumnp_python, ["--mode", "sp4", *threads])
        sizes = [str(int(s)) for s in args.sizes]
        results += magnumnp(
            args.magnumnp_python,
            ["--mode", "cost", "--sizes", *sizes, "--cost-seconds", str(args.seconds),
             *threads],
        )

    print(f"threads {args.threads}, copy bandwidth {bandwidth / 1e9:.1f} GB/s")
    for r in results:
        print("  ".join(
            f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()
        ))
    with open(args.json, "w") as f:
        json.dump({"threads": args.threads, "bandwidth": bandwidth, "results": results},
                  f, indent=1)


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: the exact (Floquet) period average of a gated skyrmion layer.

Run ``python tests/benchmarks/bench_floquet.py [N ...] [--omega w]
[--sidebands n] [--rtol r] [--workers k]`` (default 16 24, w = 0.5, 4
sidebands, rtol 1e-3, 2 workers; set OPENBLAS_NUM_THREADS=1 to pin the BLAS
threads). The device is that of ``bench_pumping``: the seed's N x N layer
with a Néel skyrmion (J = 2), E_F = 1.9, gates on columns 1 and 5 (V = 0.8,
phi = pi/2) and left and right square-lattice leads. For each N it reports
the time of one ``FloquetPump.average``, the energies at which the sidebands
were solved, the estimated error and the charge pumped per cycle into the
right lead. The windows cost most of the time; their points are shared by
the 2N cells of one quantum (``weylmag.negf.floquet``).
"""

import argparse
import time

import numpy as np
from bench_pumping import skyrmion

from weylmag.negf import FloquetPump, GatePump, SquareLattice


def main(sizes, omega, n_side, rtol, workers):
    pump = GatePump((1, 5), (0.8, 0.8), omega=omega, phases=(0.0, np.pi / 2))
    print(f"w = {omega}, {n_side} sidebands, rtol {rtol}, {workers} workers")
    print(f"{'N':>4} {'time (s)':>9} {'energies':>9} {'estimate':>9} {'charge/cycle':>13}")
    for n in sizes:
        device = SquareLattice(n, n, J=2.0, m=skyrmion(n, radius=n / 8)).attach_lead(
            side="left").attach_lead(side="right").finalized()
        floquet = FloquetPump(device, 1.9, pump, n_side, rtol=rtol, workers=workers)
        start = time.perf_counter()
        avg = floquet.average()
        seconds = time.perf_counter() - start
        charge = avg.current[1].sum() * pump.period
        print(f"{n:4d} {seconds:9.1f} {avg.n_energies:9d} {avg.error:9.1e} {charge:+13.6f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[16, 24])
    parser.add_argument("--omega", type=float, default=0.5)
    parser.add_argument("--sidebands", type=int, default=4)
    parser.add_argument("--rtol", type=float, default=1e-3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    main(args.sizes, args.omega, args.sidebands, args.rtol, args.workers)

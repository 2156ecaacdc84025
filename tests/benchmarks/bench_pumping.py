"""Benchmark: one refresh of the pumped spin density, contour against real axis.

Run ``python tests/benchmarks/bench_pumping.py [N ...] [--kT kT]`` (default
20 40 at zero temperature; set OPENBLAS_NUM_THREADS to pin the BLAS
threads). The device is the seed's N x N layer with a Néel skyrmion
(J = 2), E_F = 1.9, gates on columns 1 and 5 (V = 0.8, w = 1, phi = pi/2)
and left and right square-lattice leads. For each N it reports the time of one
``AdiabaticPump.evaluate`` (what ``wm.QuantumPumping`` does once per time
step) with fixed rules of 48 and 96 contour points and the adaptive rule at
rtol 1e-2 and 1e-4 (energies used, estimated and actual error), all against
the adaptive rule at rtol 1e-8, and, for N <= 20, the time and the
difference of the adaptive real-axis integral ``pumped_spin_density``
(rtol 1e-8). With ``--kT`` every row is at that lead temperature and the
fixed rules (zero temperature only) are left out.
"""

import argparse
import time

import numpy as np

from weylmag.negf import AdiabaticPump, GatePump, SquareLattice, pumped_spin_density

PUMP = GatePump((1, 5), (0.8, 0.8), omega=1.0, phases=(0.0, np.pi / 2))


def skyrmion(n, radius, width=2.0):
    x = np.arange(n) - (n - 1) / 2
    X, Y = np.meshgrid(x, x, indexing="ij")
    r, phi = np.hypot(X, Y), np.arctan2(Y, X) + np.pi
    theta = 2 * np.arctan(np.exp((radius - r) / width))
    return np.stack(
        [np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], axis=-1
    )


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    return out, time.perf_counter() - start


def main(sizes, kT=0.0):
    print(f"{'N':>4} {'contour':>12} {'energies':>9} {'time (s)':>9} "
          f"{'estimate':>9} {'max |ds|/max |s|':>17}")
    for n in sizes:
        m = skyrmion(n, radius=n / 8)
        device = SquareLattice(n, n, J=2.0, m=m).attach_lead(side="left").attach_lead(
            side="right").finalized()
        reference = AdiabaticPump(device, 1.9, PUMP, kT=kT, rtol=1e-8).evaluate(1.0).spin
        scale = np.abs(reference).max()
        rules = {"48 points": {"n_points": 48}, "96 points": {"n_points": 96},
                 "rtol 1e-2": {"rtol": 1e-2}, "rtol 1e-4": {"rtol": 1e-4}}
        for label, options in rules.items():
            if kT > 0 and "n_points" in options:
                continue
            pump = AdiabaticPump(device, 1.9, PUMP, kT=kT, **options)
            pump.evaluate(0.3)  # warm-up
            state, seconds = timed(pump.evaluate, 1.0)
            diff = np.abs(state.spin - reference).max() / scale
            print(f"{n:>4} {label:>12} {state.n_energies:>9} {seconds:>9.2f} "
                  f"{state.error / scale:>9.1e} {diff:>17.2e}")
        if n <= 20:
            spin, seconds = timed(pumped_spin_density, device, 1.9, PUMP, 1.0, kT=kT)
            diff = np.abs(spin - reference).max() / scale
            print(f"{n:>4} {'real axis':>12} {'':>9} {seconds:>9.2f} {'':>9} {diff:>17.2e}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[20, 40])
    parser.add_argument("--kT", type=float, default=0.0)
    args = parser.parse_args()
    main(args.sizes, args.kT)

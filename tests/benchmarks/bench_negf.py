"""Benchmark: Green's functions of a 40 x 40 device: recursive, nested dissection, sparse LU.

Run ``python tests/benchmarks/bench_negf.py`` (set OPENBLAS_NUM_THREADS to
pin the BLAS threads). The device is the seed's 40 x 40 layer with a Neel
skyrmion (J = 2), Rashba t_SO = 0.1 and left and right square-lattice
leads. For one energy and for a batch of 16 energies it reports the median
time per energy of

- the lead self-energies (closed form),
- the factorization (RGF left sweep, nested dissection, or SuperLU),
- G W_L: the block column of the left lead's channels (transmission,
  injected densities),
- the site-diagonal blocks of G (local density of states),

the total of one transmission and of one local DOS, and what SuperLU costs
with a fresh fill-reducing ordering against a stored column permutation.
"""

import statistics
import time

import numpy as np
import scipy.sparse.linalg

from weylmag.negf import (
    NestedDissectionSolver,
    RGFSolver,
    SparseLUSolver,
    SquareLattice,
    local_dos,
    transmission,
)

N = 40
ENERGY = 1.9
SOLVERS = (RGFSolver(), NestedDissectionSolver(), SparseLUSolver())


def skyrmion(n, radius=10.0, width=3.0):
    x = np.arange(n) - (n - 1) / 2
    X, Y = np.meshgrid(x, x, indexing="ij")
    r, phi = np.hypot(X, Y), np.arctan2(Y, X)
    theta = 2 * np.arctan(np.exp((radius - r) / width))
    return np.stack(
        [np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)],
        axis=-1,
    )


def median_time(repeat, func, *args, **kwargs):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(*args, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def superlu_orderings(device, energy):
    """SuperLU on A(E): fresh orderings against a stored column permutation."""
    pattern = SparseLUSolver()._pattern(device)
    energies = np.array([energy])
    (a,) = pattern.matrices(device, energies, device.self_energies(energies))
    print(f"\nSuperLU on A(E = {energy}), {a.shape[0]} unknowns:")
    for spec in ("COLAMD", "MMD_AT_PLUS_A", "NATURAL"):
        lu = scipy.sparse.linalg.splu(a, permc_spec=spec)
        fresh = median_time(3, scipy.sparse.linalg.splu, a, permc_spec=spec)
        permuted = a[:, lu.perm_c].tocsc()
        stored = median_time(
            3, scipy.sparse.linalg.splu, permuted, permc_spec="NATURAL"
        )
        fill = scipy.sparse.linalg.splu(permuted, permc_spec="NATURAL")
        print(
            f"  {spec:14s} fresh ordering {1e3 * fresh:6.1f} ms, fill "
            f"{lu.L.nnz + lu.U.nnz:8d};  stored permutation {1e3 * stored:6.1f} ms, "
            f"fill {fill.L.nnz + fill.U.nnz:8d}"
        )


def main():
    device = (
        SquareLattice(N, N, J=2.0, m=skyrmion(N), t_so=0.1)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    left, right = device.lead("left"), device.lead("right")
    print(f"{device}: {device.n_orbitals} orbitals, blocks of {device.block_size}")
    for n_e in (1, 16):
        energies = ENERGY + 0.01 * np.arange(n_e)
        sigmas = device.self_energies(energies)
        rhs = np.zeros((n_e, device.n_orbitals, left.orbitals.size), dtype=complex)
        rhs[:, left.orbitals, :] = left.lead.channels(energies)
        t_sigma = median_time(5, device.self_energies, energies) / n_e
        print(f"\n{n_e} energies per batch; lead self-energies {1e3 * t_sigma:.2f} ms")
        for solver in SOLVERS:
            repeat = 3 if n_e > 1 else 5
            fac = solver.factorize(device, energies, sigmas)
            t_fac = median_time(repeat, solver.factorize, device, energies, sigmas)
            t_col = median_time(repeat, fac.solve, rhs)
            t_last = median_time(repeat, fac.solve, rhs, orbitals=right.orbitals)
            # SuperLU, and the nested dissection where it falls back on solves
            slow = not isinstance(solver, RGFSolver)
            t_diag = median_time(1 if slow else repeat, fac.site_blocks)
            print(
                f"  {solver!r:34s} factorize {1e3 * t_fac / n_e:7.2f}   "
                f"G W_L {1e3 * t_col / n_e:7.2f}   G_RL W_L {1e3 * t_last / n_e:7.2f}   "
                f"diagonal blocks {1e3 * t_diag / n_e:8.2f}   (ms per energy)"
            )
    print()
    for solver in SOLVERS:
        t_t = median_time(3, transmission, device, ENERGY, solver=solver)
        t_l = median_time(1, local_dos, device, ENERGY, solver=solver)
        print(
            f"{solver!r:34s} transmission {1e3 * t_t:7.1f} ms, local DOS "
            f"{1e3 * t_l:7.1f} ms (one energy, everything included)"
        )
    superlu_orderings(device, ENERGY)


if __name__ == "__main__":
    main()

"""Benchmark: the spin-density update of a dynamics run, weylmag against kwant.

Run ``python tests/benchmarks/bench_kwant.py [--sizes 40 80] [--energies 8]``
with an interpreter that has both weylmag and kwant (kwant is an optional
benchmark dependency; see "Building kwant" below).

The device is the seed's layer (seed 004, Sec. V): N x N sites, a Neel
skyrmion of radius N/4, exchange J = 2, Rashba t_SO = 0.1, two clean
square-lattice leads on the left and right edges. One *update* is what a
dynamics run repeats at every step with a new magnetisation: the spin
density carried by the scattering states of each lead, at a fixed set of
real energies (Gauss-Legendre points of [0.5, E_F = 1.9], the energies of
a quadrature rule), i.e. ``weylmag.negf.injected_density`` and, in kwant,
``kwant.wave_function`` with ``kwant.operator.Density(sigma / 2)`` summed
over the incoming modes and divided by 2 pi.

Both codes build their system once; each update changes only m:

* weylmag: ``device.with_magnetisation(m)`` keeps the leads (which keep
  their self-energies and channels at the energies of the last call), the
  update is one call of ``injected_density`` (recursive Green's functions
  or ``--solver nd`` the nested dissection, whose dissection is found once;
  lead self-energies in closed form);
* kwant: a finalized builder whose on-site value is a function of the
  parameter ``m``, one ``kwant.wave_function(fsyst, E, params={"m": m})``
  per energy (MUMPS, with its lead modes and ordering found again per
  call, as kwant does).

The script checks that the two answers agree to 1e-8 of the largest
component for every lead, energy and site, then times an update of each
code on ``--updates`` textures (the skyrmion moved by a fraction of a site
each time), the codes in turn on every texture (with a pause before each,
so that the BLAS threads of the one before have gone idle), and reports
the median times and the median (and range) of the ratio over the
textures. With ``--threads 1`` (default) both codes run on one thread.
With ``--threads p`` weylmag shares the energies between p threads
(single-threaded BLAS each; its kernels release the GIL), and
kwant is timed in both ways it can use p cores: its sequential MUMPS with
a p-threaded BLAS, and p processes (single-threaded) sharing the energies;
the ratio is taken against the faster of the two on each texture.

Building kwant
--------------
kwant 1.5.0 is a source package whose generated C code predates numpy 2.
It builds after regenerating that code with Cython 3, with the sequential
MUMPS library installed (Debian: ``libmumps-seq-dev``)::

    pip download --no-deps --no-binary :all: kwant==1.5.0
    tar xzf kwant-1.5.0.tar.gz && cd kwant-1.5.0
    pip install "cython>=3" setuptools wheel tinyarray   # plus numpy, scipy
    python setup.py --cython bdist_wheel
    pip install dist/kwant-1.5.0-*.whl

MUMPS calls the system BLAS and LAPACK; give it an optimised one (Debian:
``libopenblas0-pthread``, which becomes the default ``libblas.so.3``), not
the reference BLAS, or the comparison is unfair to kwant.
"""

import argparse
import contextlib
import multiprocessing
import statistics
import sys
import time

import numpy as np
import threadpoolctl

from weylmag.negf import (
    PAULI,
    NestedDissectionSolver,
    RGFSolver,
    SquareLattice,
    injected_density,
)

T_SO = 0.1
J = 2.0
E_F = 1.9
#: Seconds of rest before each timed update (see interleaved_times).
PAUSE = 1.0


def skyrmion(n, shift=0.0):
    """Neel skyrmion (core down) of radius n/4 centred at the middle + (shift, 0)."""
    x = np.arange(n) - (n - 1) / 2 - shift
    y = np.arange(n) - (n - 1) / 2
    X, Y = np.meshgrid(x, y, indexing="ij")
    r, phi = np.hypot(X, Y), np.arctan2(Y, X)
    theta = 2 * np.arctan(np.exp((r - n / 4) / 2.0))
    return np.stack(
        [np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)],
        axis=-1,
    )


def weylmag_device(n):
    """The seed's layer with the skyrmion, leads on the left and right."""
    return (
        SquareLattice(n, n, J=J, m=skyrmion(n), t_so=T_SO)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


def kwant_system(n):
    """The same Hamiltonian in kwant: H_(r+x, r) = -1 - i t_SO sigma_y, H_(r+y, r) = -1 + i t_SO sigma_x."""
    import kwant

    s0, sx, sy, sz = np.eye(2), PAULI[0], PAULI[1], PAULI[2]
    lat = kwant.lattice.square(1, norbs=2)

    def onsite(site, m):
        x, y = site.tag
        mx, my, mz = m[x, y]
        return 4.0 * s0 + 0.5 * J * (mx * sx + my * sy + mz * sz)

    syst = kwant.Builder()
    syst[(lat(x, y) for x in range(n) for y in range(n))] = onsite
    syst[kwant.builder.HoppingKind((1, 0), lat, lat)] = -s0 - 1j * T_SO * sy
    syst[kwant.builder.HoppingKind((0, 1), lat, lat)] = -s0 + 1j * T_SO * sx
    for direction in (-1, 1):
        lead = kwant.Builder(kwant.TranslationalSymmetry((direction, 0)))
        lead[(lat(0, y) for y in range(n))] = 4.0 * s0
        lead[lat.neighbors()] = -s0
        syst.attach_lead(lead)
    fsyst = syst.finalized()
    # kwant's first lead is the one along -x (left), as weylmag's.
    tags = np.array([site.tag for site in fsyst.sites])
    ops = [kwant.operator.Density(fsyst, 0.5 * s, sum=False) for s in (sx, sy, sz)]
    return kwant, fsyst, tags, ops


def kwant_update(kw, n, m, energies):
    kwant, fsyst, tags, ops = kw
    out = np.zeros((len(energies), 2, n, n, 3))
    for e, energy in enumerate(energies):
        wf = kwant.wave_function(fsyst, energy, params={"m": m})
        for lead in range(2):
            psi = wf(lead)
            for c, op in enumerate(ops):
                dens = sum(op(p) for p in psi) if len(psi) else 0.0
                out[e, lead, tags[:, 0], tags[:, 1], c] = dens
    return out / (2 * np.pi)


_KWANT = {}


def _kwant_worker(n):
    threadpoolctl.threadpool_limits(limits=1)
    _KWANT["system"] = kwant_system(n)


def _kwant_part(args):
    n, m, energies = args
    return kwant_update(_KWANT["system"], n, m, energies)


def kwant_processes(pool, n, m, energies, processes):
    """kwant_update with the energies shared between the processes of ``pool``."""
    parts = pool.map(_kwant_part, [(n, m, energies[p::processes]) for p in range(processes)])
    out = np.empty((len(energies), *parts[0].shape[1:]))
    for p, part in enumerate(parts):
        out[p::processes] = part
    return out


def interleaved_times(contenders, textures):
    """Seconds per update of each contender, texture by texture in turn.

    Taking the contenders in turn on every texture lets a slow spell of a
    shared machine fall on all of them alike, which timing one after the
    other does not. A multi-threaded BLAS keeps its threads spinning for a
    while after a call, which would slow down the next contender: each
    waits ``PAUSE`` seconds first.
    """
    times = {name: [] for name in contenders}
    for m in textures:
        for name, func in contenders.items():
            time.sleep(PAUSE)
            t0 = time.perf_counter()
            func(m)
            times[name].append(time.perf_counter() - t0)
    return {name: np.array(t) for name, t in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[40, 80])
    parser.add_argument("--energies", type=int, default=8)
    parser.add_argument("--updates", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--solver", choices=["rgf", "nd"], default="rgf",
                        help="weylmag's solver: recursive Green's functions or nested dissection")
    args = parser.parse_args()

    solver = RGFSolver() if args.solver == "rgf" else NestedDissectionSolver()
    u, _ = np.polynomial.legendre.leggauss(args.energies)
    energies = 0.5 + (E_F - 0.5) * (u + 1) / 2
    print(
        f"{args.energies} energies in [0.5, {E_F}], {args.updates} updates per size, "
        f"{args.threads} thread(s), weylmag's {solver!r}"
    )
    for n in args.sizes:
        textures = [skyrmion(n, shift=0.1 * k) for k in range(args.updates)]
        base = weylmag_device(n)
        t0 = time.perf_counter()
        kw = kwant_system(n)
        kwant_build = time.perf_counter() - t0

        def ours(m):
            with threadpoolctl.threadpool_limits(limits=1):
                return injected_density(
                    base.with_magnetisation(m), energies, solver=solver, workers=args.threads
                )[..., 1:]

        def theirs(m):
            with threadpoolctl.threadpool_limits(limits=args.threads):
                return kwant_update(kw, n, m, energies)

        a, b = ours(textures[0]), theirs(textures[0])
        error = np.abs(a - b).max() / np.abs(b).max()
        contenders = {"ours": ours, "theirs": theirs}
        with contextlib.ExitStack() as stack:
            if args.threads > 1:
                context = multiprocessing.get_context("fork")
                pool = stack.enter_context(context.Pool(args.threads, _kwant_worker, (n,)))

                def split(m):
                    return kwant_processes(pool, n, m, energies, args.threads)

                c = split(textures[0])
                error = max(error, np.abs(a - c).max() / np.abs(c).max())
                contenders["split"] = split
            times = interleaved_times(contenders, textures)
        t_ours = statistics.median(times["ours"])
        t_theirs = statistics.median(times["theirs"])
        line = f"{n:3d} x {n:<3d} weylmag {t_ours:7.3f} s   kwant {t_theirs:7.3f} s"
        kwant = times["theirs"]
        if args.threads > 1:
            line += (
                f" (threaded BLAS), {np.median(times['split']):7.3f} s ({args.threads} processes)"
            )
            kwant = np.minimum(kwant, times["split"])
        ratios = kwant / times["ours"]
        print(
            f"{line}   (+{kwant_build:.2f} s to build once)   ratio {np.median(ratios):5.1f}"
            f" ({ratios.min():.1f}-{ratios.max():.1f} over the textures)"
            f"   max difference {error:.1e} of the largest component"
        )
        if not error < 1e-8:
            print("the two codes disagree", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

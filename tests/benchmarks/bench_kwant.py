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

Each code runs in worker processes of its own, so that neither works in
a heap or a cache state that the other left (run after kwant in one
process, the same weylmag update took 15% longer, with more page faults
and system time). The script checks that the two answers agree to 1e-8
of the largest component for every lead, energy and site, then times an
update of each code on ``--updates`` textures (the skyrmion moved by a
fraction of a site each time), the codes in turn on every texture (with
a pause before each, so that the BLAS threads of the one before have
gone idle), and reports the median times and the median (and range) of
the ratio over the textures. With ``--threads 1`` (default) both codes run on one thread.
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
import functools
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


_WORKER = {}


def _start_worker(role, n, solver, threads):
    """Build the system of one code in a worker process (``role`` "ours" or "kwant")."""
    threadpoolctl.threadpool_limits(limits=1 if role == "ours" else threads)
    if role == "ours":
        _WORKER["update"] = functools.partial(
            _weylmag_update, weylmag_device(n), solver, threads
        )
    else:
        _WORKER["update"] = functools.partial(kwant_update, kwant_system(n), n)


def _weylmag_update(base, solver, threads, m, energies):
    return injected_density(
        base.with_magnetisation(m), energies, solver=solver, workers=threads
    )[..., 1:]


def _timed_update(args):
    """(seconds, densities) of one update in this worker."""
    m, energies = args
    t0 = time.perf_counter()
    out = _WORKER["update"](m, energies)
    return time.perf_counter() - t0, out


def timed_in(pool, processes, m, energies):
    """(seconds, densities) of an update shared by ``processes`` workers of ``pool``.

    One worker times its whole share; several share the energies and the
    time is that of the call from here.
    """
    if processes == 1:
        return pool.apply(_timed_update, ((m, energies),))
    t0 = time.perf_counter()
    parts = pool.map(_timed_update, [(m, energies[p::processes]) for p in range(processes)])
    seconds = time.perf_counter() - t0
    out = np.empty((len(energies), *parts[0][1].shape[1:]))
    for p, (_, part) in enumerate(parts):
        out[p::processes] = part
    return seconds, out


def interleaved_times(contenders, textures):
    """Seconds per update of each contender, texture by texture in turn.

    Each contender is a function of the texture that returns the seconds
    of its update. Taking the contenders in turn on every texture lets a
    slow spell of a shared machine fall on all of them alike, which timing
    one after the other does not. A multi-threaded BLAS keeps its threads
    spinning for a while after a call, which would slow down the next
    contender: each waits ``PAUSE`` seconds first.
    """
    times = {name: [] for name in contenders}
    for m in textures:
        for name, func in contenders.items():
            time.sleep(PAUSE)
            times[name].append(func(m))
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
    context = multiprocessing.get_context("fork")
    for n in args.sizes:
        textures = [skyrmion(n, shift=0.1 * k) for k in range(args.updates)]
        with contextlib.ExitStack() as stack:
            # each code in processes of its own: neither works in a heap the other left
            ours = stack.enter_context(
                context.Pool(1, _start_worker, ("ours", n, solver, args.threads))
            )
            t0 = time.perf_counter()
            theirs = stack.enter_context(
                context.Pool(1, _start_worker, ("kwant", n, solver, args.threads))
            )
            theirs.apply(len, ((),))  # the worker has built the system
            kwant_build = time.perf_counter() - t0
            contenders = {
                "ours": functools.partial(timed_in, ours, 1, energies=energies),
                "theirs": functools.partial(timed_in, theirs, 1, energies=energies),
            }
            if args.threads > 1:
                split = stack.enter_context(
                    context.Pool(args.threads, _start_worker, ("kwant", n, solver, 1))
                )
                contenders["split"] = functools.partial(
                    timed_in, split, args.threads, energies=energies
                )
            first = {name: func(textures[0])[1] for name, func in contenders.items()}
            a = first.pop("ours")
            error = max(np.abs(a - b).max() / np.abs(b).max() for b in first.values())
            times = interleaved_times(
                {name: (lambda m, f=func: f(m)[0]) for name, func in contenders.items()},
                textures,
            )
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

"""magnum.np side of the weylmag speed benchmark: muMAG standard problem 4.

This script is standalone: it runs under a separate virtual environment that
holds magnum.np (PyTorch, CPU build) and never imports weylmag. Set that
environment up once, from the repository root::

    python -m venv .bench-venv
    .bench-venv/bin/pip install torch==2.13.0   # pin: a bare "torch" pulls CUDA
    .bench-venv/bin/pip install magnumnp==2.2.0

(``.bench-venv/`` is listed in ``.gitignore``.) Then::

    .bench-venv/bin/python tests/benchmarks/magnumnp_sp4.py --mode sp4 --out sp4_mnp.txt
    .bench-venv/bin/python tests/benchmarks/magnumnp_sp4.py --mode cost

Modes
-----
``--mode sp4``
    Standard problem 4, field 1, on a 500 nm x 125 nm x 3 nm permalloy film
    (2.5 nm cells by default: 200 x 50 x 1; ``--cell 5e-9`` gives 100 x 25 x 1).
    Ms = 8e5 A/m, A = 1.3e-11 J/m, alpha = 0.02, gamma0 = 2.211e5 m/(A s);
    exchange + demag + Zeeman.

    1. The S-state is found from the uniform direction (1, 0.25, 0.1) in zero
       field, by default with magnum.np's energy minimiser ``MinimizerBB``
       (Barzilai-Borwein steepest descent on the sphere, the analogue of
       OOMMF's/weylmag's MinDriver) until max |m x (m x H)| < ``--relax-tol``
       A/m (default 0.1 A/m, the OOMMF and weylmag MinDriver default;
       magnum.np takes the max over components, OOMMF over cell norms).
       ``--relax llg`` uses ``LLGSolver.relax`` instead (RKF45 steps of 10 ps at
       alpha = 1 until max |dm/dt|/gamma < tol; magnum.np's default tol is
       100, used when ``--relax-tol`` is not given).
    2. Field 1, mu0*H = (-24.6, 4.3, 0) mT, is applied for 1 ns at alpha = 0.02
       with magnum.np's default adaptive solver RKF45 (Fehlberg 4(5), advancing
       with the 5th-order solution), ``llg.step(state, 1 ps)`` 1000 times, and
       <m> is written every ps to ``--out`` (columns t, mx, my, mz).

    Timings are wall clock (``time.perf_counter``). Excluded from ``relax_s``
    and ``run_s`` and reported separately: the demag-kernel set-up
    (``demag_kernel_s``) and the first call of ``ExchangeField.h``, which
    magnum.np wraps in ``torch.compile`` (``compile_s``: TorchInductor
    generates and builds C++ on the first call). One further warm-up
    right-hand-side evaluation precedes each timed phase. Field evaluations
    are counted by wrapping the minimiser's ``h`` and the LLG right-hand side
    ``dm`` (RKF45 costs 6 per trial step); ``steps`` is magnum.np's count of
    accepted steps.

``--mode cost``
    Wall time per LLG right-hand-side evaluation (demag + exchange + Zeeman
    fields, then the LLG torque: ``LLGSolver.dm``) on films of about 1e4, 1e5
    and 1e6 cells (n x n x 1, 2.5 nm x 2.5 nm x 3 nm cells, random m), the
    median of timed repetitions after warm-up calls (which trigger the demag
    kernel and any ``torch.compile`` recompilation for the new shape).

Tolerance
---------
RKF45 runs with magnum.np's defaults atol = rtol = 1e-5 (per-step error of
each m component below ~1e-5 (1 + |m_i|)). OOMMF's RungeKuttaEvolve default
``error_rate`` of 1 deg/ns bounds the per-step error to 1.7e-5 rad per ps of
step, i.e. a few 1e-6 rad for the ~0.3 ps steps this problem takes, so the
two are comparable; ``--atol``/``--rtol`` change it. At 2.5 nm cells the step
is limited by stability (exchange stiffness), not by the tolerance: 1e-4
takes almost the same number of steps as 1e-5. RKF45.step also rejects one
trial step at nearly every 1 ps output time, where its proposed step would
overshoot; ``rejected_steps`` includes those.

Denormals
---------
In the single-layer film mz decays towards zero during relaxation. With a
tight stopping tolerance (1e-6 A/m) mz reaches subnormal float64 values,
which x86 CPUs process very slowly (that relaxation measured 13x slower).
The script therefore calls ``torch.set_flush_denormal(True)`` before torch
starts its worker threads (results unchanged to all printed digits);
``--keep-denormals`` measures without it. At the default 0.1 A/m no
subnormals occur and the setting makes no measurable difference.

Threads and load
----------------
Two torch threads on a 2-core machine that is running something else are
far slower than one (OpenMP threads wait for each other at every operation):
on this benchmark's machine the 1 ns run took ~8x longer with another
process busy on one core. Record ``load_avg_1min`` (it includes this
process) and compare timings taken on a quiet machine.

FFT sizes
---------
magnum.np pads each non-trivial dimension to 2n for the demag convolution
without rounding up to an FFT-friendly size, so n = 316 (padded 632 = 8 x 79)
costs about twice as much per cell as n = 320; pass ``--sizes 102400`` for
the 320 x 320 point.

Output: one JSON line per result on stdout; magnum.np's own log goes to
stderr at WARNING level.
"""

import argparse
import json
import logging
import os
import time
from pathlib import Path

import numpy as np

# torch and magnum.np are imported in setup(), after the thread count and the
# denormal mode are known: worker threads inherit the floating-point
# environment of the thread that creates them, and importing magnum.np already
# runs torch code. (Importing lazily also keeps this file importable by the
# project's pytest --doctest-modules collection, whose venv has no torch.)
torch = mnp = constants = None
CountingLLG = CountingMinimizerBB = None
FLUSHED = False  # whether subnormal floats are flushed to zero

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_REFERENCE = REPO_ROOT / ".." / "shared" / "reference" / "sp4_field1_oommf.txt"

MS = 8.0e5  # A/m
A_EX = 1.3e-11  # J/m
ALPHA = 0.02
GAMMA0 = 2.211e5  # m/(A s); magnum.np's own default is 2.21276157e5
LX, LY, LZ = 500e-9, 125e-9, 3e-9
B_FIELD1 = (-24.6e-3, 4.3e-3, 0.0)  # T (mu0 * H)
T_END = 1e-9
T_OUT = 1e-12


def counting_classes():
    """magnum.np's LLGSolver and MinimizerBB, counting their field evaluations."""

    class CountingLLG(mnp.LLGSolver):
        """LLGSolver whose right-hand side counts its calls.

        ``LLGSolver.__init__`` hands the bound method ``self.dm`` to the ODE
        solver, so the override is what RKF45 calls.
        """

        evals = 0

        def dm(self, t, x, state, alpha=None):
            self.evals += 1
            return super().dm(t, x, state, alpha=alpha)

    class CountingMinimizerBB(mnp.MinimizerBB):
        """MinimizerBB whose effective-field evaluation counts its calls."""

        evals = 0

        def h(self, state):
            self.evals += 1
            return super().h(state)

    return CountingLLG, CountingMinimizerBB


def setup(threads, keep_denormals):
    """Set threads and denormal mode, then import and configure magnum.np."""
    global torch, mnp, constants, CountingLLG, CountingMinimizerBB
    import torch

    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    flushed = False if keep_denormals else bool(torch.set_flush_denormal(True))
    # magnum.np picks a GPU at import time by starting a subprocess that asks
    # torch.cuda; "-1" selects the CPU directly.
    os.environ.setdefault("CUDA_DEVICE", "-1")
    import magnumnp
    import magnumnp.common.constants

    mnp = magnumnp
    constants = magnumnp.common.constants
    constants.gamma = GAMMA0  # read at call time by LLGSolver.dm
    mnp.set_log_level(logging.WARNING)
    torch.set_default_dtype(torch.float64)  # magnum.np sets it too; be explicit
    CountingLLG, CountingMinimizerBB = counting_classes()
    return flushed


def make_state(n, dx):
    state = mnp.State(mnp.Mesh(n, dx))
    state.material = {"Ms": MS, "A": A_EX, "alpha": ALPHA}
    return state


def field1(state):
    """Zeeman term of field 1, a precomputed [nx, ny, nz, 3] tensor in A/m."""
    return mnp.ExternalField(state.Constant([b / constants.mu_0 for b in B_FIELD1]))


def timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def load_reference(path):
    ref = np.loadtxt(path)
    if ref.ndim != 2 or ref.shape[1] < 4:
        raise ValueError(f"{path}: expected columns t, mx, my, mz")
    return ref[:, :4]


def first_zero_crossing(rows):
    """Time at which <mx> first crosses zero (linear interpolation), or nan."""
    t, mx = rows[:, 0], rows[:, 1]
    idx = np.nonzero((mx[:-1] > 0) & (mx[1:] <= 0))[0]
    if len(idx) == 0:
        return float("nan")
    i = idx[0]
    return float(t[i] + (t[i + 1] - t[i]) * mx[i] / (mx[i] - mx[i + 1]))


def run_sp4(args):
    cell = args.cell
    n = (int(round(LX / cell)), int(round(LY / cell)), 1)
    state = make_state(n, (cell, cell, LZ))
    m0 = state.Constant([1.0, 0.25, 0.1])
    mnp.normalize(m0)
    state.m = m0.clone()

    demag = mnp.DemagField()
    exchange = mnp.ExchangeField()
    zeeman = field1(state)

    # One-off costs, kept out of the phase timings.
    _, demag_kernel_s = timed(demag.h, state)
    _, compile_s = timed(exchange.h, state)

    # Relaxation from the uniform state in zero field.
    if args.relax == "bb":
        relaxer = CountingMinimizerBB([demag, exchange])
        relaxer.h(state)  # warm-up
        state.m = m0.clone()
        relaxer.evals = 0
        tol = 0.1 if args.relax_tol is None else args.relax_tol
        converged, relax_s = timed(
            relaxer.minimize, state, maxiter=args.relax_maxiter, dm_tol=tol
        )
        relax_evals = relaxer.evals
    else:
        relax_llg = CountingLLG([demag, exchange], atol=args.atol, rtol=args.rtol)
        relax_llg.dm(state.t, state.m, state=state)  # warm-up
        state.m = m0.clone()
        relax_llg.evals = 0
        tol = 100.0 if args.relax_tol is None else args.relax_tol
        converged, relax_s = timed(
            relax_llg.relax, state, maxiter=args.relax_maxiter, dm_tol=tol
        )
        relax_evals = relax_llg.evals
    mnp.normalize(state.m)
    m_relaxed = state.avg(state.m).tolist()

    # Field 1 for 1 ns.
    state.t = 0.0
    state._step = 0
    state.material["alpha"] = ALPHA  # neither relaxation changes it; be explicit
    llg = CountingLLG([demag, exchange, zeeman], atol=args.atol, rtol=args.rtol)
    m_start = state.m.clone()
    llg.dm(state.t, state.m, state=state)  # warm-up
    state.m = m_start
    llg.evals = 0

    n_out = int(round(T_END / T_OUT))
    rows = np.empty((n_out, 4))
    t0 = time.perf_counter()
    for i in range(n_out):
        llg.step(state, T_OUT)
        rows[i, 0] = float(state.t)
        rows[i, 1:] = state.avg(state.m).cpu().numpy()
    run_s = time.perf_counter() - t0
    steps = state._step

    if args.out:
        header = "t [s]  <mx>  <my>  <mz>   (magnum.np, SP4 field 1)"
        np.savetxt(args.out, rows, header=header)

    result = {
        "solver": "magnum.np",
        "version": mnp.__version__,
        "torch": torch.__version__,
        "mode": "sp4",
        "threads": torch.get_num_threads(),
        "cells": int(np.prod(n)),
        "n": list(n),
        "relax": args.relax,
        "relax_tol": tol,
        "relax_converged": bool(converged),
        "relax_s": relax_s,
        "relax_field_evals": relax_evals,
        "m_relaxed": m_relaxed,
        "run_s": run_s,
        "steps": steps,
        "field_evals": llg.evals,
        "rejected_steps": llg.evals // 6 - steps,
        "atol": args.atol,
        "rtol": args.rtol,
        "demag_kernel_s": demag_kernel_s,
        "compile_s": compile_s,
        "flush_denormal": FLUSHED,
        "m_final": rows[-1, 1:].tolist(),
        "t_mx_zero_ns": first_zero_crossing(rows) * 1e9,
        "load_avg_1min": os.getloadavg()[0],
    }

    ref_path = Path(args.reference)
    if ref_path.is_file():
        ref = load_reference(ref_path)
        k = min(len(ref), len(rows))
        if not np.allclose(ref[:k, 0], rows[:k, 0], rtol=0, atol=1e-15):
            raise ValueError("reference times do not match the 1 ps output grid")
        dev = np.abs(rows[:k, 1:] - ref[:k, 1:])
        result["max_dev_vs_oommf"] = float(dev.max())
        result["max_dev_vs_oommf_xyz"] = dev.max(axis=0).tolist()
        result["t_max_dev_ns"] = float(rows[dev.max(axis=1).argmax(), 0] * 1e9)
    else:
        result["max_dev_vs_oommf"] = None
        result["reference_missing"] = str(ref_path)
    print(json.dumps(result), flush=True)


def run_cost(args):
    for size in args.sizes:
        nx = int(round(np.sqrt(size)))
        ny = int(round(size / nx))
        state = make_state((nx, ny, 1), (2.5e-9, 2.5e-9, LZ))
        state.m = state.RandM()
        demag = mnp.DemagField()
        exchange = mnp.ExchangeField()
        zeeman = field1(state)
        llg = CountingLLG([demag, exchange, zeeman])
        m = state.m.clone()

        _, demag_kernel_s = timed(demag.h, state)
        # First call: (re)compiles ExchangeField.h for this shape.
        _, first_s = timed(llg.dm, state.t, m, state=state)
        for _ in range(2):
            llg.dm(state.t, m, state=state)

        # Enough repetitions for ~args.cost_seconds of timed work, at least 5.
        _, probe = timed(llg.dm, state.t, m, state=state)
        reps = max(5, int(args.cost_seconds / max(probe, 1e-9)))
        times = []
        for _ in range(reps):
            _, dt = timed(llg.dm, state.t, m, state=state)
            times.append(dt)
        s_per_eval = float(np.median(times))
        cells = nx * ny
        print(json.dumps({
            "solver": "magnum.np",
            "mode": "cost",
            "threads": torch.get_num_threads(),
            "cells": cells,
            "n": [nx, ny, 1],
            "s_per_eval": s_per_eval,
            "ns_per_cell_eval": s_per_eval / cells * 1e9,
            "s_per_eval_min": float(np.min(times)),
            "s_per_eval_mean": float(np.mean(times)),
            "repeats": reps,
            "demag_kernel_s": demag_kernel_s,
            "first_eval_s": first_s,
            "flush_denormal": FLUSHED,
            "load_avg_1min": os.getloadavg()[0],
        }), flush=True)
        del state, demag, exchange, zeeman, llg, m


def main():
    global FLUSHED
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["sp4", "cost"], default="sp4")
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads")
    parser.add_argument("--cell", type=float, default=2.5e-9,
                        help="in-plane cell size (m), sp4 mode")
    parser.add_argument("--out", default=None,
                        help="file for <m>(t) every ps, sp4 mode")
    parser.add_argument("--reference", default=str(DEFAULT_REFERENCE),
                        help="OOMMF <m>(t) file (t, mx, my, mz per ps)")
    parser.add_argument("--relax", choices=["bb", "llg"], default="bb",
                        help="bb: MinimizerBB energy minimisation; "
                        "llg: LLGSolver.relax (alpha=1)")
    parser.add_argument("--relax-tol", type=float, default=None,
                        help="stopping tolerance in A/m "
                        "(default 0.1 for bb, 100 for llg)")
    parser.add_argument("--relax-maxiter", type=int, default=100000)
    parser.add_argument("--atol", type=float, default=1e-5,
                        help="RKF45 absolute tolerance")
    parser.add_argument("--rtol", type=float, default=1e-5,
                        help="RKF45 relative tolerance")
    parser.add_argument("--sizes", type=float, nargs="+", default=[1e4, 1e5, 1e6],
                        help="approximate cell counts, cost mode")
    parser.add_argument("--cost-seconds", type=float, default=3.0,
                        help="timed work per size, cost mode")
    parser.add_argument("--keep-denormals", action="store_true",
                        help="do not flush subnormal floats to zero")
    args = parser.parse_args()
    FLUSHED = setup(args.threads, args.keep_denormals)
    if args.mode == "sp4":
        run_sp4(args)
    else:
        run_cost(args)


if __name__ == "__main__":
    main()

"""Benchmark: the cost of drive output (OVF snapshots and table rows).

Run ``python tests/benchmarks/bench_output.py [--count N] [--gap S]
[--repeat R] [--no-sp4]``.

Three ways of writing a snapshot are compared:

``legacy``
    ``discretisedfield.Field(mesh, nvdim=3, value=M).to_file(...)`` in the
    calling thread, as drives wrote snapshots before they had their own
    OVF writer.
``sync``
    :class:`weylmag.drivers.output.DriveWriter` with ``background=False``:
    the direct OVF writer, in the calling thread.
``async``
    ``DriveWriter`` as drives use it: the data copied and queued, the file
    written by the writer's thread.

1. Time per snapshot spent in the calling (integrator) thread, for meshes of
   200 x 50 x 1 and 100 x 100 x 10 cells, bin8. Between snapshots the
   calling thread keeps a core busy with numpy work for ``--gap`` seconds
   (default 0.01 s, about one output interval of standard problem 4), as an
   integrator would; ``close`` is the time the final ``close()`` waits for
   the queue to empty.
2. Wall time of a standard problem 4 (field 1) segment: the relaxed S-state
   driven for 0.2 ns with 200 outputs, with each way of writing; the best
   and the median of ``--repeat`` runs (default 3), in turn, and the median
   time the drive spent in the writer's calls (``snapshot``, ``row`` and
   ``close``), which other load on the machine disturbs less than the wall
   time.
"""

import argparse
import contextlib
import os
import statistics
import tempfile
import time

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

import weylmag as wm
from weylmag.drivers.output import DriveWriter, OVFSnapshotFile

MODES = ("legacy", "sync", "async")


def legacy_write(self, filename, M):
    field = df.Field(self.mesh, nvdim=3, value=M)
    field.to_file(filename, representation=self.ovf_format)


def timed(method, spent):
    def call(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - t0

    return call


@contextlib.contextmanager
def writing(mode, spent=None):
    """Drives within write snapshots the way ``mode`` names.

    With ``spent`` (a list of one number), the time of the calls to the
    writer's ``snapshot``, ``row`` and ``close`` is added to ``spent[0]``.
    """
    saved = {name: DriveWriter.__dict__[name]
             for name in ("background", "snapshot", "row", "close")}
    write = OVFSnapshotFile.write
    DriveWriter.background = mode == "async"
    if mode == "legacy":
        OVFSnapshotFile.write = legacy_write
    if spent is not None:
        for name in ("snapshot", "row", "close"):
            setattr(DriveWriter, name, timed(saved[name], spent))
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(DriveWriter, name, value)
        OVFSnapshotFile.write = write


def busy(seconds, work):
    """Keep the calling thread busy with numpy work for ``seconds``."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        np.multiply(work, 1.0000001, out=work)


def per_snapshot(n, mode, count, gap):
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(v * 1e-9 for v in n), n=n)
    system = mm.System(name="bench")
    system.m = df.Field(mesh, nvdim=3, value=(1, 0.2, 0.1), norm=8e5)
    rng = np.random.default_rng(0)
    M = system.m.array + rng.normal(size=system.m.array.shape)
    work = np.ones(200_000)
    times = []
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(tmp), writing(mode):
        writer = DriveWriter(system, "bin8")
        start = time.perf_counter()
        for k in range(count):
            busy(gap, work)
            t0 = time.perf_counter()
            writer.snapshot(M, k)
            writer.row({"t": (k * 1e-12, "s"), "mx": (0.1, "")})
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        writer.close()
        close = time.perf_counter() - t0
        total = time.perf_counter() - start
        assert len(os.listdir()) == count + 1
    return statistics.median(times), close, total


def sp4_segment(repeat):
    system = wm.standard.standard_problem_4()
    results = {mode: ([], []) for mode in MODES}
    with tempfile.TemporaryDirectory() as tmp:
        wm.MinDriver().drive(system, dirname=tmp, verbose=0)
        relaxed = system.m.array.copy()
        system.energy += wm.standard.standard_problem_4_field(1)
        for _ in range(repeat):
            for mode in MODES:
                system.m.array = relaxed
                spent = [0.0]
                with writing(mode, spent):
                    t0 = time.perf_counter()
                    wm.TimeDriver().drive(system, t=0.2e-9, n=200, dirname=tmp,
                                          verbose=0)
                    results[mode][0].append(time.perf_counter() - t0)
                results[mode][1].append(spent[0])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="snapshots per mesh")
    parser.add_argument("--gap", type=float, default=0.01,
                        help="seconds of numpy work between snapshots")
    parser.add_argument("--repeat", type=int, default=3, help="SP4 runs per mode")
    parser.add_argument("--no-sp4", action="store_true", help="skip the SP4 segment")
    args = parser.parse_args()

    print(f"Time per snapshot (+ row) in the calling thread, bin8, "
          f"{args.count} snapshots {args.gap * 1e3:g} ms apart")
    print(f"{'mesh':>14} {'mode':>7} {'per snapshot':>13} {'close':>9} {'total':>8}")
    for n in [(200, 50, 1), (100, 100, 10)]:
        for mode in MODES:
            median, close, total = per_snapshot(n, mode, args.count, args.gap)
            print(f"{' x '.join(map(str, n)):>14} {mode:>7} {median * 1e3:10.3f} ms"
                  f" {close * 1e3:6.2f} ms {total:6.2f} s")

    if not args.no_sp4:
        print("\nStandard problem 4, field 1: 0.2 ns from the S-state, 200 outputs")
        for mode, (times, spent) in sp4_segment(args.repeat).items():
            print(f"{mode:>7}: best {min(times):6.2f} s  median "
                  f"{statistics.median(times):6.2f} s  in the writer "
                  f"{statistics.median(spent):5.3f} s  ({len(times)} runs)")


if __name__ == "__main__":
    main()

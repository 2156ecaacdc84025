"""The ``weylmag`` command."""

import argparse
import importlib.metadata
import pathlib
import sys


def _info():
    import numba

    print(f"weylmag {importlib.metadata.version('weylmag')}")
    for pkg in ("numpy", "scipy", "numba", "discretisedfield", "micromagneticmodel"):
        try:
            print(f"  {pkg} {importlib.metadata.version(pkg)}")
        except importlib.metadata.PackageNotFoundError:
            print(f"  {pkg} not installed")
    print(
        f"  numba threads: {numba.get_num_threads()} "
        f"(max {numba.config.NUMBA_NUM_THREADS}; set NUMBA_NUM_THREADS or "
        "drive(..., n_threads=N))"
    )
    return 0


def _fail(message):
    print(f"weylmag sweep: error: {message}", file=sys.stderr)
    return 2


def _sweep(args):
    """Run a sweep file; 0 if every point is done, 1 if some failed, 2 on bad input."""
    from .sweep import SweepFileError, load

    try:
        sweep = load(args.file)
    except SweepFileError as exc:
        return _fail(str(exc))
    if args.scheduler is not None and args.workers is not None:
        return _fail("--workers sets the size of the local cluster; a scheduler brings "
                     "its own workers")
    out = pathlib.Path(args.out or f"{pathlib.Path(args.file).stem}-sweep")
    try:
        table = sweep.compute(out, scheduler=args.scheduler, workers=args.workers,
                              threads=args.threads, retry_failed=args.retry_failed,
                              progress=not args.quiet)
    except OSError as exc:  # an unreachable scheduler, an unwritable directory
        return _fail(" ".join(str(exc).split()))
    csv = pathlib.Path(args.csv) if args.csv else out / "table.csv"
    try:
        table.to_csv(csv, index=False)
    except OSError as exc:
        return _fail(f"cannot write {csv}: {exc.strerror or exc}")
    if not args.quiet:
        paths = ["directory", *(c for c in table.columns if c.endswith("_file"))]
        print(table.drop(columns=paths).to_string(index=False, na_rep="-"))
    failed = int((table["status"] != "done").sum())
    print(f"{len(table)} points: {len(table) - failed} done "
          f"({int(table['computed'].sum())} computed now), {failed} failed; table "
          f"written to {csv}", file=sys.stderr)
    return 1 if failed else 0


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(prog="weylmag", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="print versions and thread settings")
    sweep = sub.add_parser(
        "sweep", help="run a parameter sweep defined in a Python file",
        description="Run the sweep that FILE defines (`sweep`, a weylmag.sweep.Sweep, "
        "or build, run, keep and points) on a dask cluster, skipping the points "
        "already in the sweep directory; print the table and write it as CSV. "
        "Exit status: 0 every point done, 1 some failed, 2 bad input.")
    sweep.add_argument("file", metavar="FILE",
                       help="the Python file defining the sweep")
    sweep.add_argument("--scheduler", metavar="ADDRESS",
                       help="a dask scheduler (tcp://host:port, or a scheduler file "
                       "ending in .json); default: a local cluster")
    sweep.add_argument("--workers", metavar="N", type=_positive_int,
                       help="worker processes of the local cluster (default: one per "
                       "core, or the cores divided by --threads)")
    sweep.add_argument("--threads", metavar="N", type=_positive_int,
                       help="numba and BLAS threads per point (default: the worker's "
                       "share of its host's cores)")
    sweep.add_argument("--out", metavar="DIR",
                       help="the sweep directory (default: FILE's name + '-sweep')")
    sweep.add_argument("--csv", metavar="PATH",
                       help="where to write the table (default: DIR/table.csv)")
    sweep.add_argument("--retry-failed", action="store_true",
                       help="compute points recorded as failed again")
    sweep.add_argument("--quiet", action="store_true",
                       help="no progress bar and no table on stdout")
    args = parser.parse_args(argv)
    if args.command == "info":
        return _info()
    if args.command == "sweep":
        return _sweep(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

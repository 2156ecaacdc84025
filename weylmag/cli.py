"""The ``weylmag`` command."""

import argparse
import importlib.metadata
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


def main(argv=None):
    parser = argparse.ArgumentParser(prog="weylmag", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="print versions and thread settings")
    args = parser.parse_args(argv)
    if args.command == "info":
        return _info()
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

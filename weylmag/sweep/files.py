"""Sweep files: a Python file that defines a sweep, for ``weylmag sweep FILE``.

A sweep file defines either ``sweep``, a :class:`~weylmag.sweep.Sweep`, or
the pieces of one as module-level names: ``build``, ``run``, ``keep`` and
``points``, optionally ``fields`` (see :class:`~weylmag.sweep.Sweep` for
what each may be). For example::

    import discretisedfield as df
    import micromagneticmodel as mm
    import weylmag as wm

    def build(point):
        mesh = df.Mesh(p1=(0, 0, 0), p2=(20e-9, 2e-9, 2e-9), n=(10, 1, 1))
        system = mm.System(name="film")
        system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(H=(0, 0, point["H"]))
        system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.1)
        system.m = df.Field(mesh, nvdim=3, value=(1, 0, 0), norm=8e5)
        return system

    run = [(wm.TimeDriver(), {"t": 1e-10, "n": 10})]
    keep = ["mx", "mz"]
    points = {"H": [1e5, 2e5, 4e5]}

The file runs with ``__name__`` set to ``"__weylmag_sweep__"``, so code
under ``if __name__ == "__main__":`` does not run; its functions are sent to
the workers by value.
"""

import pathlib
import runpy

from .sweep import Sweep

#: The names a sweep file defines when it does not define ``sweep``.
PIECES = ("build", "run", "keep", "points")


class SweepFileError(Exception):
    """A sweep file that cannot be read, run, or turned into a sweep."""


def load(path):
    """The :class:`~weylmag.sweep.Sweep` that the Python file ``path`` defines.

    Raises
    ------
    SweepFileError
        With a one-line message, when the file is missing, does not compile,
        raises when run, or defines no sweep.
    """
    path = pathlib.Path(path)
    if not path.is_file():
        raise SweepFileError(f"{path}: no such file")
    try:
        namespace = runpy.run_path(str(path), run_name="__weylmag_sweep__")
    except SyntaxError as exc:
        raise SweepFileError(
            f"{path}:{exc.lineno}: SyntaxError: {exc.msg}") from None
    except Exception as exc:  # noqa: BLE001 - anything the file raises is its error
        raise SweepFileError(f"{path}: {_one_line(exc)}") from None
    if "sweep" in namespace:
        sweep = namespace["sweep"]
        if not isinstance(sweep, Sweep):
            raise SweepFileError(f"{path}: `sweep` is a {type(sweep).__name__}, not a "
                                 "weylmag.sweep.Sweep")
        return sweep
    missing = [name for name in PIECES if name not in namespace]
    if missing:
        raise SweepFileError(
            f"{path}: defines no {', '.join(missing)}; a sweep file defines `sweep` "
            f"(a weylmag.sweep.Sweep) or {', '.join(PIECES)} (and optionally fields)")
    try:
        return Sweep(*(namespace[name] for name in PIECES),
                     fields=namespace.get("fields"))
    except (TypeError, ValueError) as exc:
        raise SweepFileError(f"{path}: {_one_line(exc)}") from None


def _one_line(exc):
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__

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
    print("optional parts:")
    print(f"  numba threads: {numba.get_num_threads()} (max "
          f"{numba.config.NUMBA_NUM_THREADS}; set NUMBA_NUM_THREADS or "
          "drive(..., n_threads=N))")
    print(f"  pyvista off-screen rendering: {_try_render()}")
    print(f"  kwant: {_try_import('kwant')}")
    print(f"  dask.distributed: {_try_import('distributed', 'dask.distributed')}")
    return 0


def _try_import(package, module=None):
    """'importable (version)' or 'not importable (reason)'."""
    try:
        importlib.import_module(module or package)
    except ImportError as exc:
        return f"not importable ({exc})"
    try:
        return f"importable ({importlib.metadata.version(package)})"
    except importlib.metadata.PackageNotFoundError:
        return "importable"


#: A tiny off-screen scene, rendered in a child process: a broken OpenGL
#: set-up can abort the process that tries it.
_RENDER_CHECK = """
import pyvista as pv
plotter = pv.Plotter(off_screen=True, window_size=(32, 32))
plotter.add_mesh(pv.Sphere(), color="red")
image = plotter.screenshot(return_img=True)
plotter.close()
assert len({tuple(p) for p in image.reshape(-1, image.shape[-1])}) > 1, "blank image"
print(pv.__version__)
"""


def _try_render():
    """'works (pyvista version)' or 'fails (reason)'."""
    import os
    import subprocess

    try:
        done = subprocess.run([sys.executable, "-c", _RENDER_CHECK],
                              capture_output=True, text=True, timeout=120,
                              env=_headless_opengl(dict(os.environ)))
    except subprocess.TimeoutExpired:
        return "fails (a 32 x 32 render took over 120 s)"
    if done.returncode == 0:
        return f"works (pyvista {done.stdout.strip()})"
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    reason = lines[-1].strip() if lines else f"exit status {done.returncode}"
    return f"fails ({reason}); weylmag run draws matplotlib slices instead"


def _fail(message, command="sweep", status=2):
    print(f"weylmag {command}: error: {message}", file=sys.stderr)
    return status


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


def _run(args):
    """Run a preset; 0 on success, 1 if the simulation fails, 2 on a bad file."""
    from .meshes import PresetError, load

    try:
        preset = load(args.preset)
    except PresetError as exc:
        return _fail(str(exc), "run")
    out = pathlib.Path(args.out or ".")
    png = pathlib.Path(args.png) if args.png else out / f"{preset.name}.png"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _fail(f"cannot make {out}: {exc.strerror or exc}", "run")

    def each(i, count, driver, keywords):
        what = ", ".join(f"{k}={v:g}" for k, v in keywords.items())
        print(f"weylmag run: {preset.name}: drive {i + 1} of {count}: "
              f"{type(driver).__name__}({what})", file=sys.stderr)

    try:
        system = preset.drive(short=args.short, dirname=out, verbose=2, each=each)
    except Exception as exc:  # noqa: BLE001 - any failure of the run, reported
        message = " ".join(str(exc).split())
        return _fail(f"{preset.file}: the simulation failed: {type(exc).__name__}: "
                     f"{message}", "run", status=1)
    drive_dir = out / preset.name / f"drive-{system.drive_number - 1}"
    note = _picture(system.m, preset.picture(args.short), png)
    if note:
        print(f"weylmag run: {note}", file=sys.stderr)
    print(f"weylmag run: wrote {drive_dir} and {png}", file=sys.stderr)
    return 0


def _show(args):
    """Draw the last snapshot of a saved drive; 0, or 2 if it cannot be read."""
    import micromagneticdata as md

    path = pathlib.Path(args.drive)
    if path.is_dir() and not path.name.startswith("drive-"):
        drives = sorted((p for p in path.glob("drive-*") if p.name[6:].isdigit()),
                        key=lambda p: int(p.name[6:]))
        if drives:
            path = drives[-1]
    if not (path.is_dir() and path.name[6:].isdigit() and path.name.startswith("drive-")
            and (path / "info.json").is_file()):
        return _fail(f"{args.drive} is not a drive directory (NAME/drive-N with "
                     "info.json) or a directory holding them", "show")
    try:
        drive = md.Drive(name=path.parent.name, number=int(path.name[6:]),
                         dirname=str(path.parent.parent))
        field = drive[-1]
    except Exception as exc:  # noqa: BLE001 - unreadable drives, reported
        message = " ".join(str(exc).split())
        return _fail(f"cannot read {path}: {type(exc).__name__}: {message}", "show")
    png = pathlib.Path(args.png or f"{path.parent.name}-{path.name}.png")
    note = _picture(field, _default_picture(field.mesh), png)
    if note:
        print(f"weylmag show: {note}", file=sys.stderr)
    print(f"weylmag show: wrote {png} (snapshot {drive.n} of {path})", file=sys.stderr)
    return 0


def _default_picture(mesh):
    """Arrows coloured by m_z, seen across the two axes with the most cells."""
    order = sorted(range(3), key=lambda i: -mesh.n[i])
    plane = "".join("xyz"[i] for i in sorted(order[:2]))
    return {"kind": "arrows", "color": "z", "view": plane, "every": None,
            "component": "z"}


def _picture(field, picture, png):
    """Draw ``field`` into ``png`` with pyvista, or a matplotlib slice if pyvista
    cannot render; returns a note saying so, or None."""
    try:
        _pyvista_picture(field, picture, png)
        return None
    except Exception as exc:  # noqa: BLE001 - any rendering failure, reported
        reason = " ".join(str(exc).split()) or type(exc).__name__
        _matplotlib_picture(field, picture, png)
        return (f"pyvista could not render ({type(exc).__name__}: {reason}); drew a "
                f"matplotlib slice into {png} instead")


def _headless_opengl(env):
    """Without a display on Linux, ask VTK for EGL at once (it would try an X
    window first and log that it failed)."""
    if sys.platform.startswith("linux") and not env.get("DISPLAY"):
        env.setdefault("VTK_DEFAULT_OPENGL_WINDOW", "vtkEGLRenderWindow")
    return env


def _pyvista_picture(field, picture, png):
    import os

    _headless_opengl(os.environ)
    import pyvista as pv

    from . import viz

    plotter = pv.Plotter(off_screen=True, window_size=(900, 700))
    try:
        kind, view = picture["kind"], picture["view"]
        if kind == "arrows":
            every = picture["every"] or max(1, max(field.mesh.n) // 40)
            viz.arrows(field, color=picture["color"], every=every, view=view,
                       plotter=plotter, filename=png)
        elif kind == "isosurface":
            viz.isosurface(field, component=picture["component"],
                           color=picture["color"], view=view, plotter=plotter,
                           filename=png)
        else:
            viz.slices(field, normal=_normal(view), component=picture["color"],
                       view=view, plotter=plotter, filename=png)
    finally:
        plotter.close()


def _normal(view):
    """The axis a view looks along ("xy" -> "z"; "iso" -> "z")."""
    if view == "iso":
        return "z"
    return next(a for a in "xyz" if a not in view)


def _matplotlib_picture(field, picture, png):
    """The middle cell layer across the view, coloured by a unit-vector
    component (or the in-plane angle), drawn with matplotlib."""
    import numpy as np
    from matplotlib.figure import Figure

    normal = "xyz".index(_normal(picture["view"]))
    values = np.asarray(field.array, dtype=float)
    layer = np.take(values, field.mesh.n[normal] // 2, axis=normal)
    norm = np.linalg.norm(layer, axis=-1)
    unit = np.divide(layer, norm[..., None], out=np.full_like(layer, np.nan),
                     where=norm[..., None] > 0)
    color = picture["color"]
    if color == "angle":
        image, cmap, limits = np.arctan2(unit[..., 1], unit[..., 0]), "hsv", np.pi
    else:
        image, cmap, limits = unit[..., "xyz".index(color)], "coolwarm", 1.0
    a, b = [i for i in range(3) if i != normal]
    pmin, pmax = field.mesh.region.pmin, field.mesh.region.pmax
    fig = Figure(figsize=(7, 5.5))
    ax = fig.subplots()
    shown = ax.imshow(image.T, origin="lower", cmap=cmap, vmin=-limits, vmax=limits,
                      extent=(pmin[a] * 1e9, pmax[a] * 1e9, pmin[b] * 1e9,
                              pmax[b] * 1e9))
    ax.set_xlabel(f"{'xyz'[a]} (nm)")
    ax.set_ylabel(f"{'xyz'[b]} (nm)")
    fig.colorbar(shown, ax=ax, label="in-plane angle" if color == "angle"
                 else f"m_{color}")
    fig.savefig(png, dpi=100)


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive integer")
    return value


def _preset_names():
    from .meshes import names

    return names()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="weylmag", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("info", help="print versions, thread settings and which optional "
                   "parts (rendering, kwant, dask.distributed) work here")
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
    run = sub.add_parser(
        "run", help="run a simulation preset or TOML file",
        description="Run the simulation that PRESET (a name from "
        "weylmag.meshes.names()) or FILE (a TOML preset file) describes: its "
        "driver calls write DIR/NAME/drive-N, time drives show a progress bar "
        "with the time to finish, and the final state is drawn to a PNG. Exit "
        "status: 0 done, 1 the simulation failed, 2 bad input.")
    run.add_argument("preset", metavar="PRESET_OR_FILE",
                     help="a preset name (" + ", ".join(_preset_names()) + ") or a "
                     ".toml file")
    run.add_argument("--short", action="store_true",
                     help="use the file's [short] values: a run of a few seconds")
    run.add_argument("--out", metavar="DIR",
                     help="where the drives are written (default: the current "
                     "directory)")
    run.add_argument("--png", metavar="FILE",
                     help="the picture of the final state (default: DIR/NAME.png)")
    show = sub.add_parser(
        "show", help="draw the last snapshot of a saved drive",
        description="Draw the last magnetisation snapshot of DRIVE_DIR (NAME/drive-N, "
        "or NAME for its latest drive) to a PNG: arrows coloured by m_z, off-screen "
        "with pyvista, or a matplotlib slice where pyvista cannot render.")
    show.add_argument("drive", metavar="DRIVE_DIR", help="a drive directory")
    show.add_argument("--png", metavar="FILE",
                      help="the picture (default: NAME-drive-N.png)")
    args = parser.parse_args(argv)
    if args.command == "info":
        return _info()
    if args.command == "run":
        return _run(args)
    if args.command == "show":
        return _show(args)
    if args.command == "sweep":
        return _sweep(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

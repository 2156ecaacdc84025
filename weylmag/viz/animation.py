"""Animations of a drive's snapshots: one pyvista scene per snapshot,
written to a GIF (imageio) or a movie (imageio-ffmpeg)."""

import pathlib

import numpy as np

from . import field as _field
from ._pyvista import pyvista
from .trajectory import snapshots

#: Scene functions by name; ``kind`` may also be any function with their
#: conventions (field first, ``plotter=``, ``view=``).
KINDS = {
    "arrows": _field.arrows,
    "isosurface": _field.isosurface,
    "slices": _field.slices,
    "scalar": _field.scalar,
}

_MOVIES = (".mp4", ".mov", ".avi", ".mkv", ".webm")


def animate(
    drive_or_fields,
    filename,
    *,
    kind="arrows",
    fps=5,
    times=None,
    label=True,
    view="iso",
    window_size=(600, 600),
    **kwargs,
):
    """Render every snapshot of a drive into one animation file.

    Parameters
    ----------
    drive_or_fields : micromagneticdata drive or sequence of discretisedfield.Field
        The snapshots, in order.
    filename : str or path
        ``.gif`` (needs imageio) or ``.mp4``, ``.mov``, ``.avi``, ``.mkv``,
        ``.webm`` (need imageio-ffmpeg).
    kind : str or callable, optional
        "arrows", "isosurface", "slices", "scalar" (the functions of
        :mod:`weylmag.viz` of that name) or a function
        ``f(field, *, plotter, view, **kwargs)``. Default "arrows".
    fps : float, optional
        Frames per second. Default 5.
    times : array_like, optional
        One per snapshot (default the drive's table, or the snapshot index).
    label : bool, optional
        Write the time (in ns for a time drive; else the drive's independent
        variable, or the snapshot index) in the corner. Default True.
    view : str, optional
        Camera of the first frame, kept for the others (as in
        :func:`weylmag.viz.arrows`). Default "iso".
    window_size : (int, int), optional
        Frame size in pixels. Default (600, 600).
    **kwargs
        Passed to the scene function of every frame. For "scalar" without a
        ``clim`` the colour range is fixed over all frames.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    pv = pyvista()
    draw = KINDS.get(kind) if isinstance(kind, str) else kind
    if draw is None:
        raise ValueError(
            f"kind must be one of {tuple(KINDS)} or a function, not {kind!r}."
        )
    path = pathlib.Path(filename)
    suffix = path.suffix.lower()
    if suffix != ".gif" and suffix not in _MOVIES:
        raise ValueError(
            f"filename must end in .gif or one of {_MOVIES}, not {path.name!r}."
        )
    _check_writer(suffix)
    name = getattr(drive_or_fields, "x", "t" if times is not None else None)
    fields, times = snapshots(drive_or_fields, times)
    if not fields:
        raise ValueError("there are no snapshots to animate.")
    if draw is _field.scalar and "clim" not in kwargs:
        kwargs["clim"] = _common_range(fields)

    plotter = pv.Plotter(off_screen=True, window_size=tuple(window_size))
    try:
        if suffix == ".gif":
            plotter.open_gif(str(path), fps=fps)
        else:
            plotter.open_movie(str(path), framerate=fps)
        for k, (field, t) in enumerate(zip(fields, times)):
            plotter.clear_actors()
            draw(field, plotter=plotter, view=view if k == 0 else None, **kwargs)
            if label:
                plotter.add_text(_label(name, t, k), font_size=10, name="label")
            plotter.write_frame()
    finally:
        plotter.close()
    return path


def _check_writer(suffix):
    """Raise an error naming the package that writes ``suffix`` if it is missing."""
    import importlib.util

    package = "imageio" if suffix == ".gif" else "imageio_ffmpeg"
    if importlib.util.find_spec(package) is None:
        wheel = package.replace("_", "-")
        raise ImportError(f"writing {suffix} files needs {wheel}: pip install {wheel}")


def _common_range(fields):
    """Range of a scalar field over all snapshots (symmetric if both signs)."""
    low = min(float(np.min(f.array[f.valid])) for f in fields)
    high = max(float(np.max(f.array[f.valid])) for f in fields)
    if low < 0 < high:
        top = max(-low, high)
        return (-top, top)
    return (
        (low, high)
        if high > low
        else (low - (0.5 * abs(low) or 1.0), high + (0.5 * abs(low) or 1.0))
    )


def _label(name, value, index):
    if name == "t":
        return f"t = {value * 1e9:.4g} ns"
    if name is not None:
        return f"{name} = {value:.4g}"
    return f"{index}"

"""Line and map plots with matplotlib: table quantities, texture
trajectories, transmission spectra and instability maps.

Each function draws into ``ax`` (default a new figure, made without pyplot,
so no global state and no display are involved), saves a PNG to
``filename`` when given, and returns the Axes; ``ax.figure`` is the figure.
"""

import numpy as np

from .trajectory import skyrmion_centres, wall_positions

_MAGNETISATION = ("mx", "my", "mz")


def _axes(ax, figsize=(5.0, 3.5)):
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained").add_subplot()


def _save(ax, filename):
    if filename is not None:
        ax.figure.savefig(filename, dpi=120)
    return ax


def table(data, y=_MAGNETISATION, ax=None, *, x="t", filename=None):
    """Table columns against time (or another column).

    Parameters
    ----------
    data : pandas.DataFrame, ubermagtable.Table, drive or mm.System
        A table, or anything with a ``.table`` (a drive, a system).
    y : str or sequence of str, optional
        Columns to plot. Default ("mx", "my", "mz").
    ax : matplotlib.axes.Axes, optional
    x : str, optional
        The abscissa column; "t" in seconds is drawn in ns. Default "t".
    filename : str or path, optional
        Save a PNG here.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> import weylmag.viz as wv
    >>> data = pd.DataFrame({"t": [0, 1e-10, 2e-10], "mx": [1, 0.5, 0], "mz": [0, 0.8, 1]})
    >>> ax = wv.plots.table(data, y=["mx", "mz"])
    >>> [line.get_label() for line in ax.get_lines()]
    ['mx', 'mz']
    """
    if hasattr(data, "table"):
        data = data.table
    units = getattr(data, "units", {}) or {}
    frame = getattr(data, "data", data)
    columns = [y] if isinstance(y, str) else list(y)
    missing = [c for c in [x, *columns] if c not in frame]
    if missing:
        raise ValueError(
            f"no column(s) {missing} in the table; it has {list(frame.columns)}."
        )
    ax = _axes(ax)
    abscissa = frame[x].to_numpy(dtype=float)
    if x == "t" and units.get("t", "s") == "s":
        abscissa, xlabel = abscissa * 1e9, "t (ns)"
    else:
        xlabel = _with_unit(x, units.get(x))
    for column in columns:
        ax.plot(abscissa, frame[column].to_numpy(dtype=float), label=column)
    ax.set_xlabel(xlabel)
    if all(c in _MAGNETISATION for c in columns):
        ax.set_ylabel("m")
    elif len(columns) == 1:
        ax.set_ylabel(_with_unit(columns[0], units.get(columns[0])))
    ax.legend()
    return _save(ax, filename)


def wall_position(
    drive_or_fields, ax=None, *, component=None, axis="x", times=None, filename=None
):
    """Domain-wall position against time (see
    :func:`weylmag.viz.trajectory.wall_positions`), in nm against ns.

    Parameters
    ----------
    drive_or_fields : micromagneticdata drive or sequence of discretisedfield.Field
    ax : matplotlib.axes.Axes, optional
    component, axis, times : optional
        As in :func:`~weylmag.viz.trajectory.wall_positions`.
    filename : str or path, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    times, positions = wall_positions(
        drive_or_fields, component=component, axis=axis, times=times
    )
    ax = _axes(ax)
    shown, label = _display_times(drive_or_fields, times)
    ax.plot(shown, positions * 1e9, "o-", ms=3)
    ax.set_xlabel(label)
    ax.set_ylabel(f"wall position {axis} (nm)")
    return _save(ax, filename)


def skyrmion_centre(
    drive_or_fields, ax=None, *, background=None, times=None, filename=None
):
    """Path of a skyrmion's centre in the plane (see
    :func:`weylmag.viz.trajectory.skyrmion_centres`), in nm, the points
    coloured by time.

    Parameters
    ----------
    drive_or_fields : micromagneticdata drive or sequence of discretisedfield.Field
    ax : matplotlib.axes.Axes, optional
    background, times : optional
        As in :func:`~weylmag.viz.trajectory.skyrmion_centres`.
    filename : str or path, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    times, centres = skyrmion_centres(
        drive_or_fields, background=background, times=times
    )
    ax = _axes(ax)
    x, y = centres[:, 0] * 1e9, centres[:, 1] * 1e9
    ax.plot(x, y, "-", color="0.6", zorder=1)
    shown, label = _display_times(drive_or_fields, times)
    points = ax.scatter(x, y, c=shown, s=14, cmap="viridis", zorder=2)
    ax.figure.colorbar(points, ax=ax, label=label)
    ax.set_xlabel("x (nm)")
    ax.set_ylabel("y (nm)")
    ax.set_aspect("equal", adjustable="datalim")
    return _save(ax, filename)


def transmission(energies, T, ax=None, *, labels=None, unit="eV", filename=None):
    """Transmission against energy.

    Parameters
    ----------
    energies : array_like
        Shape (n,), in ``unit``.
    T : array_like
        Shape (n,) or (n, k) for k curves (spin channels, leads).
    ax : matplotlib.axes.Axes, optional
    labels : sequence of str, optional
        One per curve.
    unit : str, optional
        Energy unit for the label. Default "eV".
    filename : str or path, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> import weylmag.viz as wv
    >>> E = np.linspace(-2, 2, 41)
    >>> ax = wv.plots.transmission(E, np.column_stack([E > 0, 2 * (E > 1)]), labels=["up", "down"])
    >>> len(ax.get_lines())
    2
    """
    energies = np.asarray(energies, dtype=float)
    T = np.asarray(T, dtype=float)
    curves = T.reshape(len(energies), -1)
    if T.ndim > 2 or curves.shape[0] != energies.size:
        raise ValueError(
            f"T must have shape ({energies.size},) or ({energies.size}, k), not {T.shape}."
        )
    ax = _axes(ax)
    for j in range(curves.shape[1]):
        label = None if labels is None else labels[j]
        ax.plot(energies, curves[:, j], label=label)
    ax.set_xlabel(f"E ({unit})")
    ax.set_ylabel("T")
    ax.set_ylim(bottom=0)
    if labels is not None:
        ax.legend()
    return _save(ax, filename)


def instability_map(
    x,
    y,
    z,
    ax=None,
    threshold=None,
    *,
    xlabel="",
    ylabel="",
    zlabel="",
    cmap=None,
    filename=None,
):
    """A quantity z(x, y) as a colour map, with the contour z = threshold
    (the stability boundary, e.g. growth rate 0).

    Parameters
    ----------
    x, y : array_like
        Shapes (nx,) and (ny,).
    z : array_like
        Shape (ny, nx).
    ax : matplotlib.axes.Axes, optional
    threshold : float, optional
        Draw the contour at this level, and centre the colormap on it.
    xlabel, ylabel, zlabel : str, optional
        Axis and colour-bar labels.
    cmap : str, optional
        Default "RdBu_r" with a threshold (red above, blue below), else
        "viridis".
    filename : str or path, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np
    >>> import weylmag.viz as wv
    >>> nu, k = np.linspace(0, 2, 30), np.linspace(-1, 1, 20)
    >>> growth = nu[None, :] - 1 - k[:, None] ** 2
    >>> ax = wv.plots.instability_map(nu, k, growth, threshold=0.0, xlabel="nu", ylabel="k")
    >>> len(ax.collections) > 1  # the map and the threshold contour
    True
    """
    from matplotlib.colors import TwoSlopeNorm

    x, y, z = (np.asarray(a, dtype=float) for a in (x, y, z))
    if z.shape != (y.size, x.size):
        raise ValueError(
            f"z must have shape (len(y), len(x)) = {(y.size, x.size)}, not {z.shape}."
        )
    ax = _axes(ax)
    low, high = np.nanmin(z), np.nanmax(z)
    crosses = threshold is not None and low < threshold < high
    norm = TwoSlopeNorm(vcenter=threshold, vmin=low, vmax=high) if crosses else None
    if cmap is None:
        cmap = "RdBu_r" if threshold is not None else "viridis"
    image = ax.pcolormesh(x, y, z, shading="nearest", cmap=cmap, norm=norm)
    ax.figure.colorbar(image, ax=ax, label=zlabel)
    if crosses:
        ax.contour(x, y, z, levels=[threshold], colors="k", linewidths=1.5)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    return _save(ax, filename)


def _display_times(drive_or_fields, times):
    """Times and their label: ns for a time drive or times in seconds; a
    drive's other independent variable or the snapshot index as given."""
    name = getattr(drive_or_fields, "x", "t")
    if name == "t" and times.size and np.nanmax(np.abs(times)) < 1e-3:
        return times * 1e9, "t (ns)"
    return times, name if name != "t" else "snapshot"


def _with_unit(name, unit):
    return f"{name} ({unit})" if unit else name

"""Texture positions over a drive: a domain wall's position along an axis
and a skyrmion's centre, from each snapshot's magnetisation.

Both take a ``micromagneticdata`` drive (its snapshots, at the times of its
table) or a sequence of ``discretisedfield.Field`` objects with ``times``.
"""

import numpy as np

_AXES = ("x", "y", "z")


def snapshots(drive_or_fields, times=None):
    """The fields of a drive or sequence, and their times (or indices).

    A drive's times are its table's independent variable (``drive.x``: ``t``
    for a TimeDriver) when the table has a row per snapshot.
    """
    import discretisedfield as df

    if isinstance(drive_or_fields, df.Field):
        fields = [drive_or_fields]
    else:
        fields = list(drive_or_fields)
    if times is None:
        times = _drive_times(drive_or_fields, len(fields))
    times = np.asarray(times, dtype=float)
    if times.shape != (len(fields),):
        raise ValueError(
            f"times must have one value per snapshot ({len(fields)}), not {times.shape}."
        )
    return fields, times


def _drive_times(drive, n):
    table = getattr(drive, "table", None)
    x = getattr(drive, "x", None)
    if table is not None and x is not None and x in table.data and len(table.data) == n:
        return table.data[x].to_numpy(dtype=float)
    return np.arange(n, dtype=float)


def unit_component(field, i):
    """The ``i``-th unit-vector component and the mask of drawn cells."""
    norm = field.norm.array[..., 0]
    drawn = (
        (norm > 1e-12 * norm.max()) & field.valid
        if norm.max() > 0
        else np.zeros_like(norm, bool)
    )
    values = np.zeros_like(norm)
    np.divide(field.array[..., i], norm, out=values, where=drawn)
    return values, drawn


def profile(field, component, axis):
    """The unit-vector component averaged over the drawn cells of each layer
    normal to ``axis``: ``(cell centres along axis, profile)``, NaN where a
    layer has no drawn cell."""
    i, a = _AXES.index(component), _AXES.index(axis)
    values, drawn = unit_component(field, i)
    others = tuple(j for j in range(3) if j != a)
    count = drawn.sum(axis=others)
    total = np.where(drawn, values, 0.0).sum(axis=others)
    mean = np.full(count.shape, np.nan)
    np.divide(total, count, out=mean, where=count > 0)
    return np.asarray(getattr(field.mesh.cells, axis)), mean


def wall_positions(drive_or_fields, *, component=None, axis="x", times=None):
    """Domain-wall position along ``axis``: where the profile of a unit-vector
    component crosses zero (linear interpolation between cell centres).

    Parameters
    ----------
    drive_or_fields : micromagneticdata drive or sequence of discretisedfield.Field
    component : {"x", "y", "z"}, optional
        The component that reverses across the wall ("x" for a head-to-head
        wall along x, "z" in a perpendicular film); default the one whose
        profile spans most in the first snapshot.
    axis : {"x", "y", "z"}, optional
        The axis the wall moves along. Default "x".
    times : array_like, optional
        One per field (default the drive's table, or the snapshot index).

    Returns
    -------
    times : numpy.ndarray
    positions : numpy.ndarray
        Wall positions in metres, NaN where the profile has no zero. With
        several zeros, the one nearest the previous snapshot's wall (at first,
        the steepest).

    Examples
    --------
    >>> import discretisedfield as df
    >>> import numpy as np
    >>> import weylmag.viz as wv
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(100e-9, 10e-9, 5e-9), cell=(5e-9, 5e-9, 5e-9))
    >>> def wall(centre):  # m_z falls linearly through zero at the centre
    ...     def value(p):
    ...         mz = (centre - p[0]) / 100e-9
    ...         return (np.sqrt(1 - mz**2), 0, mz)
    ...     return df.Field(mesh, nvdim=3, value=value, norm=8e5)
    >>> walls = [wall(42e-9), wall(61e-9)]
    >>> t, x = wv.wall_positions(walls, times=[0, 1e-9])
    >>> (x * 1e9).round(3).tolist()
    [42.0, 61.0]
    """
    fields, times = snapshots(drive_or_fields, times)
    if component is None and fields:
        spans = [np.ptp(np.nan_to_num(profile(fields[0], c, axis)[1])) for c in _AXES]
        component = _AXES[int(np.argmax(spans))]
    positions = np.full(len(fields), np.nan)
    previous = None
    for k, field in enumerate(fields):
        centres, p = profile(field, component, axis)
        crossings, steepness = _zeros(centres, p)
        if crossings.size == 0:
            continue
        if previous is None:
            choice = np.argmax(steepness)
        else:
            choice = np.argmin(np.abs(crossings - previous))
        positions[k] = previous = crossings[choice]
    return times, positions


def _zeros(x, p):
    """Zeros of the sampled function p(x), and |p| differences across them."""
    ok = np.isfinite(p)
    x, p = x[ok], p[ok]
    if x.size < 2:
        return np.array([]), np.array([])
    a, b = p[:-1], p[1:]
    change = (a * b < 0) | ((a == 0) & (b != 0))
    i = np.flatnonzero(change)
    zeros = x[i] + (x[i + 1] - x[i]) * a[i] / (a[i] - b[i])
    return zeros, np.abs(a[i] - b[i])


def skyrmion_centres(drive_or_fields, *, background=None, times=None):
    """Centre (x, y) of the reversed region: the average position weighted
    by ``max(0, -s m_z)``, s the sign of the background's m_z.

    Parameters
    ----------
    drive_or_fields : micromagneticdata drive or sequence of discretisedfield.Field
    background : {+1, -1}, optional
        Sign of m_z far from the skyrmion; default the sign of the first
        snapshot's average m_z.
    times : array_like, optional
        One per field (default the drive's table, or the snapshot index).

    Returns
    -------
    times : numpy.ndarray
    centres : numpy.ndarray
        Shape (n, 2), in metres; NaN where nothing is reversed. All layers
        along z count. The centre is not unwrapped across periodic faces.

    Examples
    --------
    >>> import discretisedfield as df
    >>> import weylmag.viz as wv
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(60e-9, 60e-9, 5e-9), cell=(5e-9, 5e-9, 5e-9))
    >>> def bubble(p):
    ...     inside = (p[0] - 25e-9) ** 2 + (p[1] - 35e-9) ** 2 < (12e-9) ** 2
    ...     return (0, 0, -1) if inside else (0, 0, 1)
    >>> t, c = wv.skyrmion_centres([df.Field(mesh, nvdim=3, value=bubble)])
    >>> (c * 1e9).round(3).tolist()
    [[25.0, 35.0]]
    """
    fields, times = snapshots(drive_or_fields, times)
    centres = np.full((len(fields), 2), np.nan)
    sign = background
    for k, field in enumerate(fields):
        mz, drawn = unit_component(field, 2)
        if sign is None:
            sign = 1.0 if mz[drawn].mean() >= 0 else -1.0
        weight = np.where(drawn, np.clip(-sign * mz, 0.0, None), 0.0)
        total = weight.sum()
        if total <= 0:
            continue
        w_x = weight.sum(axis=(1, 2))
        w_y = weight.sum(axis=(0, 2))
        centres[k] = (
            w_x @ np.asarray(field.mesh.cells.x) / total,
            w_y @ np.asarray(field.mesh.cells.y) / total,
        )
    return times, centres

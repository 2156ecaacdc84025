"""Material parameters in any form micromagneticmodel allows, as per-cell arrays.

A parameter may be a number (or a 3-vector), a dictionary keyed by subregion
name (with an optional ``"default"`` and, for coupling parameters such as the
exchange stiffness, inter-region keys ``"r1:r2"``), or a
``discretisedfield.Field``. These functions turn each form into flat numpy
arrays on the grid and reject values that cannot be right, naming the
parameter in the error.
"""

import numbers

import discretisedfield as df
import numpy as np


class ParameterError(ValueError):
    """A parameter has a value weylmag cannot use."""


def _check_finite(array, name):
    if not np.all(np.isfinite(array)):
        raise ParameterError(
            f"Parameter {name!r} has non-finite values (nan or inf); "
            "give finite numbers."
        )


def _check_sign(array, name, nonnegative, positive):
    if positive and np.any(array <= 0):
        raise ParameterError(f"Parameter {name!r} must be positive; got {array.min()}.")
    if nonnegative and np.any(array < 0):
        raise ParameterError(
            f"Parameter {name!r} must be non-negative; got {array.min()}."
        )


def region_labels(mesh):
    """Per-cell index of the subregion each cell belongs to.

    Returns
    -------
    labels : numpy.ndarray of int, shape (N,)
        ``-1`` for cells in no subregion, otherwise the position of the
        subregion in ``names``.
    names : list of str
    """
    names = list(mesh.subregions)
    labels = np.full(int(np.prod(mesh.n)), -1, dtype=np.int64)
    if names:
        # Later subregions take precedence over earlier ones, as in discretisedfield.
        value = {name: i for i, name in enumerate(names)}
        value["default"] = -1
        labels = np.rint(df.Field(mesh, nvdim=1, value=value).array.reshape(-1))
        labels = labels.astype(np.int64)
    return labels, names


def _region_dict_to_cells(value, mesh, name, nvdim):
    unknown = [k for k in value if k != "default" and k not in mesh.subregions]
    unknown = [k for k in unknown if ":" not in k]
    if unknown:
        raise ParameterError(
            f"Parameter {name!r} names subregions {unknown} that the mesh does not "
            f"have; the mesh has {list(mesh.subregions)}."
        )
    labels, names = region_labels(mesh)
    default = value.get("default", 0 if nvdim == 1 else (0, 0, 0))
    out = np.empty((labels.size, nvdim))
    out[:] = np.asarray(default, dtype=float).reshape(nvdim)
    for i, region in enumerate(names):
        if region in value:
            out[labels == i] = np.asarray(value[region], dtype=float).reshape(nvdim)
    return out


def scalar(value, mesh, name, *, nonnegative=False, positive=False):
    """A scalar parameter as a flat per-cell array.

    Examples
    --------
    >>> import discretisedfield as df
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(4, 1, 1), n=(4, 1, 1),
    ...                subregions={"a": df.Region(p1=(0, 0, 0), p2=(2, 1, 1))})
    >>> scalar({"a": 2.0, "default": 1.0}, mesh, "K").tolist()
    [2.0, 2.0, 1.0, 1.0]
    """
    n = int(np.prod(mesh.n))
    if isinstance(value, numbers.Real):
        out = np.full(n, float(value))
    elif isinstance(value, dict):
        cells = {k: v for k, v in value.items() if ":" not in k}
        out = _region_dict_to_cells(cells, mesh, name, 1)[:, 0]
    elif isinstance(value, df.Field):
        if value.nvdim != 1:
            raise ParameterError(
                f"Parameter {name!r} must be a scalar field; got nvdim={value.nvdim}."
            )
        out = _on_mesh(value, mesh, name).reshape(n).astype(float)
    else:
        raise ParameterError(
            f"Parameter {name!r} must be a number, a dict of subregion values or a "
            f"discretisedfield.Field; got {type(value).__name__}."
        )
    out = np.ascontiguousarray(out)
    _check_finite(out, name)
    _check_sign(out, name, nonnegative, positive)
    return out


def vector(value, mesh, name):
    """A 3-vector parameter as a per-cell array of shape (N, 3)."""
    n = int(np.prod(mesh.n))
    if isinstance(value, df.Field):
        if value.nvdim != 3:
            raise ParameterError(
                f"Parameter {name!r} must be a vector field; got nvdim={value.nvdim}."
            )
        out = _on_mesh(value, mesh, name).reshape(n, 3).astype(float)
    elif isinstance(value, dict):
        out = _region_dict_to_cells(value, mesh, name, 3)
    else:
        arr = np.asarray(value, dtype=float)
        if arr.shape != (3,):
            raise ParameterError(
                f"Parameter {name!r} must be a 3-vector, a dict of 3-vectors or a "
                f"vector field; got {value!r}."
            )
        out = np.tile(arr, (n, 1))
    out = np.ascontiguousarray(out)
    _check_finite(out, name)
    return out


def unit_vector(value, mesh, name):
    """A direction parameter normalised to unit length in every cell."""
    out = vector(value, mesh, name)
    norm = np.linalg.norm(out, axis=1)
    if np.any(norm == 0):
        raise ParameterError(
            f"Parameter {name!r} is a direction and cannot be the zero vector."
        )
    return out / norm[:, None]


def _on_mesh(field, mesh, name):
    if field.mesh.region != mesh.region or np.any(field.mesh.n != mesh.n):
        try:
            field = field.resample(mesh.n) if field.mesh.region == mesh.region else None
        except Exception:  # noqa: BLE001 - reported below with the parameter name
            field = None
        if field is None:
            raise ParameterError(
                f"Parameter {name!r} is a field on a different mesh; define it on "
                "system.m.mesh."
            )
    return np.asarray(field.array)


def link(value, grid, name, *, nonnegative=False, mean="harmonic"):
    """A coupling parameter (exchange stiffness, DMI constant) on each link.

    Returns an array of shape ``(N, 6)`` with the value on the link from each
    cell towards ``-x, +x, -y, +y, -z, +z``; missing links carry zero.

    * a number applies to every link;
    * a dict is looked up by the subregion pair of the two cells: ``"r"``
      couples cells inside ``r``, ``"r1:r2"`` couples ``r1`` to ``r2`` in both
      orders, ``"default"`` (or zero, as in OOMMF's ``Exchange6Ngbr``) all
      other pairs;
    * a field gives a value per cell and a link takes the harmonic mean of its
      two cells (zero if either is zero), as mumax3 does for the exchange
      stiffness, or with ``mean="arithmetic"`` their average (for constants
      that may change sign, such as D).
    """
    mesh = grid.mesh
    if isinstance(value, numbers.Real):
        per_link = np.full((grid.n, 6), float(value))
    elif isinstance(value, dict):
        labels, names = region_labels(mesh)
        index = {r: i for i, r in enumerate(names)}
        nr = len(names) + 1  # the last row/column: cells in no subregion
        table = np.full((nr, nr), float(value.get("default", 0.0)))
        for key, v in value.items():
            if key == "default":
                continue
            r1, _, r2 = key.partition(":")
            r2 = r2 or r1
            for r in (r1, r2):
                if r not in index:
                    raise ParameterError(
                        f"Parameter {name!r} names subregion {r!r} that the mesh does "
                        f"not have; the mesh has {names}."
                    )
            table[index[r1], index[r2]] = table[index[r2], index[r1]] = float(v)
        lab = np.where(labels < 0, nr - 1, labels)
        per_link = table[lab[:, None], lab[grid.ngb]]
    elif isinstance(value, df.Field):
        cell = scalar(value, mesh, name)
        a, b = cell[:, None], cell[grid.ngb]
        if mean == "arithmetic":
            per_link = 0.5 * (a + b)
        else:
            with np.errstate(divide="ignore", invalid="ignore"):
                per_link = np.where(a + b != 0, 2 * a * b / (a + b), 0.0)
    else:
        raise ParameterError(
            f"Parameter {name!r} must be a number, a dict of subregion values or a "
            f"discretisedfield.Field; got {type(value).__name__}."
        )
    per_link = np.ascontiguousarray(per_link * grid.link)
    _check_finite(per_link, name)
    _check_sign(per_link, name, nonnegative, False)
    return per_link

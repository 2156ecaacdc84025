"""Parameter points: grids, validation and the key that names a point on disk."""

import hashlib
import itertools
import json
import numbers
from collections.abc import Mapping

import numpy as np


def grid(**values):
    """All combinations of named value lists, the last name varying fastest.

    Parameters
    ----------
    **values : sequence
        For each parameter name, the values it takes.

    Returns
    -------
    list of dict
        One dict per point.

    Examples
    --------
    >>> from weylmag.sweep import grid
    >>> grid(H=[1e5, 2e5], alpha=[0.1, 0.2])  # doctest: +NORMALIZE_WHITESPACE
    [{'H': 100000.0, 'alpha': 0.1}, {'H': 100000.0, 'alpha': 0.2},
     {'H': 200000.0, 'alpha': 0.1}, {'H': 200000.0, 'alpha': 0.2}]
    """
    for name, vals in values.items():
        if isinstance(vals, (str, bytes)) or not hasattr(vals, "__iter__"):
            raise TypeError(
                f"grid({name}=...) needs a list of values; got {vals!r}. "
                f"For a single value write {name}=[{vals!r}]."
            )
    names = list(values)
    lists = [list(values[name]) for name in names]
    return [dict(zip(names, combination)) for combination in itertools.product(*lists)]


def as_points(points):
    """A list of point dicts from a list of mappings or a mapping of value lists.

    A mapping ``{name: values}`` is the grid of :func:`grid`. Every value
    must be a number, string, bool, None or a (nested) list of them, so that
    the point can be written as JSON; keys must be strings, and no point may
    appear twice.
    """
    if isinstance(points, Mapping):
        points = grid(**points)
    if isinstance(points, (str, bytes)) or not hasattr(points, "__iter__"):
        raise TypeError(
            "points must be a list of dicts or a dict of value lists (a grid); got "
            f"{type(points).__name__}."
        )
    result, seen = [], {}
    for index, point in enumerate(points):
        if not isinstance(point, Mapping):
            raise TypeError(
                f"point {index} is a {type(point).__name__}; each point is a dict of "
                "parameter values."
            )
        point = {name: plain(value, f"point {index}, {name!r}")
                 for name, value in point.items()}
        for name in point:
            if not isinstance(name, str):
                raise TypeError(f"point {index}: parameter names are strings; got "
                                f"{name!r}.")
        key = point_key(point)
        if key in seen:
            raise ValueError(f"points {seen[key]} and {index} are the same: {point}.")
        seen[key] = index
        result.append(point)
    if not result:
        raise ValueError("A sweep needs at least one point.")
    return result


def plain(value, where="value"):
    """``value`` as JSON-ready Python: numpy scalars and arrays as numbers and lists.

    Examples
    --------
    >>> import numpy as np
    >>> plain(np.float64(0.5)), plain(np.arange(3)), plain((1, "x"))
    (0.5, [0, 1, 2], [1, 'x'])
    """
    if isinstance(value, np.ndarray):
        return plain(value.tolist(), where)
    if isinstance(value, np.generic):
        return plain(value.item(), where)
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [plain(v, where) for v in value]
    raise TypeError(
        f"{where}: {type(value).__name__} cannot be stored as JSON; use numbers, "
        "strings, bools, None or lists of them."
    )


def point_key(point):
    """A short hash of the point's parameters: the name of its result and directory.

    The same parameters give the same key in every run, whatever their order.

    Examples
    --------
    >>> point_key({"H": 1e5, "alpha": 0.1}) == point_key({"alpha": 0.1, "H": 1e5})
    True
    >>> len(point_key({"H": 1e5}))
    12
    """
    text = json.dumps(point, sort_keys=True, separators=(",", ":"), allow_nan=True)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


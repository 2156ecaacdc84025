"""discretisedfield fields as pyvista data sets, and the plotter handling the
scene functions share.

A field becomes the ``vtkRectilinearGrid`` of ``df.Field.to_vtk`` (cell
data ``field``, ``norm``, ``valid`` and one array per component), wrapped by
pyvista, with its lengths divided by a multiplier (by default the mesh's,
so a mesh in metres with nanometre cells is drawn in nm; VTK's tolerances
assume lengths of order one). Added cell arrays:

- ``drawn``: the cell is valid and, for a vector field, not empty (norm 0);
- ``unit``, ``m_x``, ``m_y``, ``m_z``: the unit vector and its components
  (vector fields), which set the colours on the fixed range [-1, 1];
- ``angle``: the in-plane angle ``atan2(m_y, m_x)`` in (-pi, pi].

Cells are ordered as VTK orders them, x fastest: a ``(nx, ny, nz)`` array
flattened in Fortran order.
"""

import numpy as np

#: Cameras by name: looking down the named normal ("xy": along -z).
VIEWS = ("xy", "yx", "xz", "zx", "yz", "zy", "iso")

#: Colour ranges and colormaps of the derived quantities.
COMPONENT_CMAP = "coolwarm"
ANGLE_CMAP = "hsv"
SCALAR_CMAP = "viridis"

_AXES = ("x", "y", "z")


def pyvista():
    """The pyvista module, imported on first use."""
    import pyvista as pv

    return pv


def check_field(field, nvdim, function):
    """Raise an error naming the right call unless ``field`` fits."""
    import discretisedfield as df

    if not isinstance(field, df.Field):
        raise TypeError(
            f"{function} needs a discretisedfield.Field, not {type(field)}."
        )
    if field.mesh.region.ndim != 3:
        raise ValueError(
            f"{function} needs a field on a three-dimensional mesh, not "
            f"ndim={field.mesh.region.ndim}."
        )
    if field.nvdim != nvdim:
        other = "weylmag.viz.scalar" if field.nvdim == 1 else "weylmag.viz.arrows"
        raise ValueError(
            f"{function} needs a field with nvdim={nvdim}, not {field.nvdim}; "
            f"use {other}, or pick a component (field.z)."
        )


def field_grid(field, multiplier=None):
    """``field`` as a pyvista ``RectilinearGrid`` in units of ``multiplier``.

    Parameters
    ----------
    field : discretisedfield.Field
        A field on a three-dimensional mesh.
    multiplier : float, optional
        Length unit of the grid in metres (default ``mesh.region.multiplier``).

    Returns
    -------
    grid : pyvista.RectilinearGrid
        With the cell arrays listed in the module docstring.
    multiplier : float
    """
    pv = pyvista()
    if multiplier is None:
        multiplier = field.mesh.region.multiplier
    grid = pv.wrap(field.to_vtk())
    grid.x = np.asarray(grid.x) / multiplier
    grid.y = np.asarray(grid.y) / multiplier
    grid.z = np.asarray(grid.z) / multiplier

    valid = np.asarray(grid["valid"]).astype(bool)
    if field.nvdim == 1:
        grid["drawn"] = valid.astype(np.uint8)
        return grid, multiplier

    arrays, filled = unit_arrays(grid["field"])
    for name, values in arrays.items():
        grid[name] = values
    grid["drawn"] = (valid & filled).astype(np.uint8)
    return grid, multiplier


def drawn_cells(grid, mask=None):
    """The cells of ``grid`` that are drawn (and in ``mask``, if given)."""
    keep = np.asarray(grid["drawn"]).astype(bool)
    if mask is not None:
        keep = keep & mask
    return grid.extract_cells(np.flatnonzero(keep))


def cell_mask(field, every):
    """Cells whose index along each axis is a multiple of ``every``, VTK order."""
    every = np.broadcast_to(np.asarray(every, dtype=int), (3,))
    if np.any(every < 1):
        raise ValueError(f"every must be positive, not {tuple(every)}.")
    index = np.indices(field.mesh.n)
    keep = np.all(index % every[:, None, None, None] == 0, axis=0)
    return keep.reshape(-1, order="F")


def vdims_of(field):
    """The component names of a vector field ("x", "y", "z" by default)."""
    return tuple(field.vdims) if field.vdims is not None else _AXES[: field.nvdim]


def component_name(vdims, component):
    """The grid array of a unit-vector component (a vdim name, or "x", "y",
    "z" by position), or None if ``component`` is not one."""
    if not isinstance(component, str):
        return None
    if component in vdims:
        return f"m_{_AXES[tuple(vdims).index(component)]}"
    if component in _AXES[: len(vdims)]:
        return f"m_{component}"
    return None


def colouring(vdims, color, cmap=None, clim=None):
    """add_mesh options that colour by ``color``.

    ``color`` is a component (a vdim name, or "x", "y", "z": the unit-vector
    component on [-1, 1]), "angle" (the in-plane angle on [-pi, pi], cyclic
    colormap), "norm" (the magnitude), or else a plain colour for pyvista
    ("black", "#ff8800", an RGB tuple).
    """
    name = component_name(vdims, color)
    if name is not None:
        return {
            "scalars": name,
            "cmap": COMPONENT_CMAP if cmap is None else cmap,
            "clim": (-1.0, 1.0) if clim is None else clim,
        }
    if isinstance(color, str) and color == "angle":
        # Interpolating colours, not angles, across a face keeps the wrap at
        # +-pi from painting the whole colormap into the faces it crosses.
        return {
            "scalars": "angle",
            "cmap": ANGLE_CMAP if cmap is None else cmap,
            "clim": (-np.pi, np.pi) if clim is None else clim,
            "interpolate_before_map": False,
        }
    if isinstance(color, str) and color == "norm":
        options = {"scalars": "norm", "cmap": SCALAR_CMAP if cmap is None else cmap}
        if clim is not None:
            options["clim"] = clim
        return options
    return {"color": color}


def unit_arrays(vectors):
    """Unit vectors, their components and in-plane angle, as named arrays;
    zero vectors stay zero. Also returns which vectors are nonzero."""
    vectors = np.asarray(vectors, dtype=float)
    norm = np.linalg.norm(vectors, axis=-1)
    largest = norm.max() if norm.size else 0.0
    filled = norm > 1e-12 * largest if largest > 0 else np.zeros(norm.shape, bool)
    unit = np.zeros_like(vectors)
    np.divide(vectors, norm[:, None], out=unit, where=filled[:, None])
    arrays = {"unit": unit, "norm": norm}
    for i, axis in enumerate(_AXES[: vectors.shape[1]]):
        arrays[f"m_{axis}"] = unit[:, i]
    if vectors.shape[1] >= 2:
        arrays["angle"] = np.arctan2(unit[:, 1], unit[:, 0])
    return arrays, filled


def axis_vector(normal):
    """A normal given as "x", "y", "z" or three numbers, as a unit vector."""
    if isinstance(normal, str):
        if normal not in _AXES:
            raise ValueError(
                f"normal must be 'x', 'y', 'z' or a vector, not {normal!r}."
            )
        return np.eye(3)[_AXES.index(normal)]
    vector = np.asarray(normal, dtype=float)
    if vector.shape != (3,) or not np.any(vector):
        raise ValueError(
            f"normal must be 'x', 'y', 'z' or a nonzero 3-vector, not {normal}."
        )
    return vector / np.linalg.norm(vector)


def slice_origin(field, normal, origin):
    """The slice origin in metres: the region's centre by default; along an
    axis normal, moved to the centre of the cell layer that contains it."""
    mesh = field.mesh
    pmin = np.asarray(mesh.region.pmin, dtype=float)
    pmax = np.asarray(mesh.region.pmax, dtype=float)
    point = (pmin + pmax) / 2 if origin is None else np.asarray(origin, dtype=float)
    if point.shape != (3,):
        raise ValueError(f"origin must be a point (x, y, z) in metres, not {origin}.")
    if isinstance(normal, str):
        i = _AXES.index(normal)
        cell = mesh.cell[i]
        layer = np.clip(np.floor((point[i] - pmin[i]) / cell), 0, mesh.n[i] - 1)
        point = point.copy()
        point[i] = pmin[i] + (layer + 0.5) * cell
    return point


def open_plotter(plotter, filename):
    """``plotter``, or a new one (off-screen when it only writes a file)."""
    if plotter is not None:
        return plotter
    pv = pyvista()
    return pv.Plotter(off_screen=True) if filename is not None else pv.Plotter()


def region_box(field, multiplier):
    """The field's region as ``(pmin, pmax)`` in units of ``multiplier``."""
    region = field.mesh.region
    return (
        np.asarray(region.pmin, dtype=float) / multiplier,
        np.asarray(region.pmax, dtype=float) / multiplier,
    )


def finish(plotter, view, filename, box=None):
    """Set the camera to ``view``, framing everything drawn and the whole
    ``box`` (so empty cells keep their place in the picture), and save a
    screenshot to ``filename``."""
    if view is not None:
        if view not in VIEWS:
            raise ValueError(f"view must be one of {VIEWS} or None, not {view!r}.")
        bounds = None
        if box is not None:
            lo, hi = box
            drawn = np.asarray(plotter.bounds, dtype=float).reshape(3, 2)
            if plotter.meshes and np.all(drawn[:, 1] >= drawn[:, 0]):
                lo, hi = np.minimum(lo, drawn[:, 0]), np.maximum(hi, drawn[:, 1])
            bounds = tuple(float(v) for pair in zip(lo, hi) for v in pair)
        if view == "iso":
            plotter.view_isometric(bounds=bounds)
        else:
            getattr(plotter, f"view_{view}")(bounds=bounds)
    if filename is not None:
        plotter.screenshot(str(filename))
    return plotter

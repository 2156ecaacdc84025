"""pyvista scenes of fields on a mesh: arrows, isosurfaces, slices and
scalar overlays.

Every function takes a ``discretisedfield.Field`` and keyword-only options,
draws into ``plotter`` (a new ``pyvista.Plotter`` when None), saves a
screenshot to ``filename`` when given (rendering off-screen if it made the
plotter), passes the remaining keywords to pyvista's ``add_mesh`` and
returns the plotter. Lengths are drawn in units of ``multiplier`` (default
the mesh's own, e.g. nm). Vector fields are coloured by their unit vector:
a component on the fixed range [-1, 1] (colormap ``coolwarm``: -1 blue,
+1 red) or the in-plane angle (cyclic ``hsv``). Empty cells (norm 0) and
invalid cells (``field.valid`` False) are not drawn.
"""

import numpy as np

from ._pyvista import (
    axis_vector,
    cell_mask,
    check_field,
    colouring,
    component_name,
    drawn_cells,
    field_grid,
    finish,
    open_plotter,
    pyvista,
    region_box,
    slice_origin,
    vdims_of,
)


def arrows(
    field,
    *,
    color="z",
    every=1,
    scale=0.9,
    cmap=None,
    clim=None,
    multiplier=None,
    view=None,
    plotter=None,
    filename=None,
    **kwargs,
):
    """Arrows along the unit vector of a vector field, one per drawn cell.

    Parameters
    ----------
    field : discretisedfield.Field
        Vector field (``nvdim=3``) on a three-dimensional mesh.
    color : str or colour, optional
        A component ("x", "y", "z" or a vdim name; the unit-vector component
        on [-1, 1]), "angle" (in-plane angle on [-pi, pi]), "norm", or a plain
        colour for every arrow ("black"). Default "z".
    every : int or (int, int, int), optional
        Draw the cells whose index along each axis is a multiple of this.
    scale : float, optional
        Arrow length as a fraction of the spacing between arrows along the
        finest axis that has more than one cell. Default 0.9.
    cmap, clim : optional
        Colormap and colour range (defaults in the module docstring).
    multiplier : float, optional
        Length unit of the scene in metres (default the mesh's).
    view : {"xy", "yx", "xz", "zx", "yz", "zy", "iso"}, optional
        Camera: "xy" looks down z with x to the right. None leaves it alone.
    plotter : pyvista.Plotter, optional
        Draw into this plotter (overlays); default a new one.
    filename : str or path, optional
        Save a screenshot (PNG) here.
    **kwargs
        Passed to ``pyvista.Plotter.add_mesh``.

    Returns
    -------
    pyvista.Plotter

    Examples
    --------
    >>> import discretisedfield as df
    >>> import pyvista as pv
    >>> import weylmag.viz as wv
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(40e-9, 20e-9, 5e-9), cell=(5e-9, 5e-9, 5e-9))
    >>> m = df.Field(mesh, nvdim=3, value=(1, 0, 1), norm=8e5)
    >>> p = wv.arrows(m, every=2, plotter=pv.Plotter(off_screen=True))
    >>> len(p.meshes)
    1
    >>> p.close()
    """
    check_field(field, 3, "weylmag.viz.arrows")
    grid, multiplier = field_grid(field, multiplier)
    plotter = open_plotter(plotter, filename)
    add_arrows(
        plotter,
        field,
        grid,
        multiplier,
        cell_mask(field, every),
        every,
        scale,
        colouring(vdims_of(field), color, cmap, clim),
        kwargs,
    )
    return finish(plotter, view, filename, region_box(field, multiplier))


def add_arrows(
    plotter,
    field,
    grid,
    multiplier,
    mask,
    every,
    scale,
    options,
    kwargs,
    shift=(0, 0, 0),
):
    """Arrows at the centres of the drawn cells of ``grid`` in ``mask``,
    moved by ``shift`` (scene units)."""
    pv = pyvista()
    cells = drawn_cells(grid, mask)
    if cells.n_cells == 0:
        return
    n = np.asarray(field.mesh.n)
    spacing = np.broadcast_to(np.asarray(every), (3,)) * np.asarray(field.mesh.cell)
    spacing = spacing[n > 1] if np.any(n > 1) else spacing
    length = scale * spacing.min() / multiplier
    arrow = pv.Arrow(start=(-0.5, 0.0, 0.0), direction=(1.0, 0.0, 0.0))
    centres = cells.cell_centers()
    centres.points = centres.points + np.asarray(shift, dtype=float)
    glyphs = centres.glyph(orient="unit", scale=False, factor=length, geom=arrow)
    plotter.add_mesh(glyphs, **options, **kwargs)


def isosurface(
    field,
    *,
    value=0.0,
    component="z",
    color="angle",
    cmap=None,
    clim=None,
    outline=True,
    multiplier=None,
    view=None,
    plotter=None,
    filename=None,
    **kwargs,
):
    """Isosurfaces of a unit-vector component: domain walls and skyrmion
    tubes (m_z = 0), Bloch points (where m_z = 0 surfaces pinch off).

    The cell values are averaged onto the cell corners (over the drawn cells
    only) and the surfaces are interpolated between them.

    Parameters
    ----------
    field : discretisedfield.Field
        Vector field (``nvdim=3``) on a three-dimensional mesh.
    value : float or sequence of float, optional
        Level(s) of the unit-vector component, in [-1, 1]. Default 0.
    component : str, optional
        The component whose level sets are drawn. Default "z".
    color : str or colour, optional
        As in :func:`arrows`; default "angle", the in-plane angle
        ``atan2(m_y, m_x)``, which shows a wall's Bloch or Néel character and
        its chirality on a cyclic colormap.
    outline : bool, optional
        Also draw the bounding box of the drawn cells. Default True.
    cmap, clim, multiplier, view, plotter, filename, **kwargs
        As in :func:`arrows`.

    Returns
    -------
    pyvista.Plotter

    Examples
    --------
    >>> import discretisedfield as df
    >>> import pyvista as pv
    >>> import weylmag.viz as wv
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(40e-9, 20e-9, 5e-9), cell=(5e-9, 5e-9, 5e-9))
    >>> m = df.Field(mesh, nvdim=3, norm=8e5,
    ...              value=lambda p: (0, 1, 1) if p[0] < 20e-9 else (0, 1, -1))
    >>> p = wv.isosurface(m, plotter=pv.Plotter(off_screen=True))
    >>> len(p.meshes)  # the wall and the outline
    2
    >>> p.close()
    """
    check_field(field, 3, "weylmag.viz.isosurface")
    vdims = vdims_of(field)
    options = colouring(vdims, color, cmap, clim)
    levels = np.atleast_1d(np.asarray(value, dtype=float))
    if np.any(np.abs(levels) > 1):
        raise ValueError(
            f"value is a level of the unit-vector component, in [-1, 1], not {value}."
        )
    grid, multiplier = field_grid(field, multiplier)
    name = _component_or_error(vdims, component, "weylmag.viz.isosurface")
    plotter = open_plotter(plotter, filename)
    cells = drawn_cells(grid)
    if cells.n_cells == 0:
        return finish(plotter, view, filename, region_box(field, multiplier))
    corners = cells.cell_data_to_point_data()
    surface = corners.contour(isosurfaces=list(levels), scalars=name)
    if surface.n_points > 0:
        # The angle wraps at +-pi; average m_x and m_y, then take the angle.
        surface["angle"] = np.arctan2(surface["m_y"], surface["m_x"])
        if "scalars" in options:
            surface.set_active_scalars(options["scalars"])
        plotter.add_mesh(surface, **options, **kwargs)
    if outline:
        plotter.add_mesh(cells.outline(), color=plotter.theme.outline_color)
    return finish(plotter, view, filename, region_box(field, multiplier))


def slices(
    field,
    *,
    normal="z",
    origin=None,
    component="z",
    cmap=None,
    clim=None,
    multiplier=None,
    view=None,
    plotter=None,
    filename=None,
    **kwargs,
):
    """Planar cuts through a vector field, coloured by a component.

    Parameters
    ----------
    field : discretisedfield.Field
        Vector field (``nvdim=3``) on a three-dimensional mesh.
    normal : str or (float, float, float), optional
        "x", "y" or "z", several axes at once ("xyz": three orthogonal cuts),
        or a normal vector. Default "z".
    origin : (float, float, float), optional
        A point of the cut(s) in metres; default the region's centre. Along an
        axis normal the cut passes through the centres of the cell layer that
        contains ``origin``.
    component : str, optional
        As ``color`` in :func:`arrows`: a component, "angle" or "norm".
        Default "z".
    cmap, clim, multiplier, view, plotter, filename, **kwargs
        As in :func:`arrows`.

    Returns
    -------
    pyvista.Plotter

    Examples
    --------
    >>> import discretisedfield as df
    >>> import pyvista as pv
    >>> import weylmag.viz as wv
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(40e-9, 20e-9, 10e-9), cell=(5e-9, 5e-9, 5e-9))
    >>> m = df.Field(mesh, nvdim=3, value=(0, 1, 1), norm=8e5)
    >>> p = wv.slices(m, normal="xz", plotter=pv.Plotter(off_screen=True))
    >>> len(p.meshes)
    2
    >>> p.close()
    """
    check_field(field, 3, "weylmag.viz.slices")
    options = colouring(vdims_of(field), component, cmap, clim)
    grid, multiplier = field_grid(field, multiplier)
    plotter = open_plotter(plotter, filename)
    cells = drawn_cells(grid)
    for n in _normals(normal):
        cut = _cut(cells, field, n, origin, multiplier)
        if cut.n_cells > 0:
            plotter.add_mesh(cut, **options, **kwargs)
    return finish(plotter, view, filename, region_box(field, multiplier))


def scalar(
    field,
    *,
    m=None,
    kind="slice",
    normal="z",
    origin=None,
    cmap=None,
    clim=None,
    every=1,
    arrow_color="black",
    multiplier=None,
    view=None,
    plotter=None,
    filename=None,
    **kwargs,
):
    """A scalar field (a valley density, a spin density, an energy density)
    as coloured cuts or a volume, optionally under the magnetisation's arrows.

    Parameters
    ----------
    field : discretisedfield.Field
        Scalar field (``nvdim=1``) on a three-dimensional mesh.
    m : discretisedfield.Field, optional
        Magnetisation on the same mesh: its arrows are drawn over the scalar
        (for a single axis-normal cut, those of the cut layer, on the layer's
        upper face), and its empty cells are left out of the scalar too.
    kind : {"slice", "volume"}, optional
        Cuts as in :func:`slices`, or volume rendering with the opacity
        growing with the distance from zero (from the lower end of the range
        for a field of one sign). Default "slice".
    normal, origin : optional
        The cuts, as in :func:`slices` (``kind="slice"`` only).
    cmap, clim : optional
        Default: for a field of both signs ``coolwarm`` on a range symmetric
        about zero, else ``viridis`` from the smallest to the largest value.
    every : int or (int, int, int), optional
        Spacing of the arrows of ``m``, as in :func:`arrows`.
    arrow_color : str or colour, optional
        Colour of the arrows of ``m``, as ``color`` in :func:`arrows`.
        Default "black".
    multiplier, view, plotter, filename : optional
        As in :func:`arrows`.
    **kwargs
        Passed to ``add_mesh`` (``add_volume`` for ``kind="volume"``) of the
        scalar, not to the arrows.

    Returns
    -------
    pyvista.Plotter

    Examples
    --------
    >>> import discretisedfield as df
    >>> import pyvista as pv
    >>> import weylmag.viz as wv
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(40e-9, 20e-9, 5e-9), cell=(5e-9, 5e-9, 5e-9))
    >>> m = df.Field(mesh, nvdim=3, value=(1, 0, 0), norm=8e5)
    >>> rho = df.Field(mesh, nvdim=1, value=lambda p: p[0] - 20e-9)
    >>> p = wv.scalar(rho, m=m, plotter=pv.Plotter(off_screen=True))
    >>> len(p.meshes)  # the cut and the arrows
    2
    >>> p.close()
    """
    check_field(field, 1, "weylmag.viz.scalar")
    if kind not in ("slice", "volume"):
        raise ValueError(f"kind must be 'slice' or 'volume', not {kind!r}.")
    grid, multiplier = field_grid(field, multiplier)
    grid["value"] = np.asarray(grid["field"], dtype=float)
    mgrid = None
    if m is not None:
        check_field(m, 3, "weylmag.viz.scalar (m)")
        if not m.mesh.allclose(field.mesh):
            raise ValueError("m must be defined on the mesh of the scalar field.")
        mgrid, _ = field_grid(m, multiplier)
        grid["drawn"] = np.asarray(grid["drawn"]) & np.asarray(mgrid["drawn"])
    values = np.asarray(grid["value"])[np.asarray(grid["drawn"]).astype(bool)]
    signed, cmap, clim = _scalar_colours(values, cmap, clim)

    plotter = open_plotter(plotter, filename)
    cells = drawn_cells(grid)
    layers = []
    if kind == "slice":
        for n in _normals(normal):
            cut = _cut(cells, field, n, origin, multiplier)
            if cut.n_cells > 0:
                plotter.add_mesh(cut, scalars="value", cmap=cmap, clim=clim, **kwargs)
            if isinstance(n, str):
                layers.append((n, slice_origin(field, n, origin)))
    elif cells.n_cells > 0:
        volume = grid if np.all(grid["drawn"]) else cells
        opacity = np.abs(np.linspace(-1.0, 1.0, 21)) if signed else "linear"
        kwargs.setdefault("opacity", opacity)
        plotter.add_volume(volume, scalars="value", cmap=cmap, clim=clim, **kwargs)

    if m is not None:
        mask, shift = cell_mask(m, every), np.zeros(3)
        if len(layers) == 1:
            # Arrows of the cut layer, on its upper face: in the cut plane
            # they would be half hidden by it.
            axis, point = layers[0]
            i = "xyz".index(axis)
            in_plane = np.array(np.broadcast_to(np.asarray(every), (3,)))
            in_plane[i] = 1
            mask = cell_mask(m, in_plane) & _layer_mask(m, axis, point)
            shift[i] = 0.5 * m.mesh.cell[i] / multiplier
        add_arrows(
            plotter,
            m,
            mgrid,
            multiplier,
            mask,
            every,
            0.9,
            colouring(vdims_of(m), arrow_color),
            {},
            shift,
        )
    return finish(plotter, view, filename, region_box(field, multiplier))


def _component_or_error(vdims, component, function):
    name = component_name(vdims, component)
    if name is None:
        raise ValueError(
            f"{function}: component must be one of {vdims}, not {component!r}."
        )
    return name


def _normals(normal):
    if isinstance(normal, str) and len(normal) > 1:
        return list(normal)
    return [normal]


def _cut(cells, field, normal, origin, multiplier):
    vector = axis_vector(normal)
    point = slice_origin(field, normal, origin) / multiplier
    return cells.slice(normal=vector, origin=point)


def _layer_mask(field, axis, point):
    """Cells (VTK order) in the cell layer normal to ``axis`` containing ``point``."""
    mesh = field.mesh
    i = "xyz".index(axis)
    layer = np.clip(
        np.floor((point[i] - mesh.region.pmin[i]) / mesh.cell[i]), 0, mesh.n[i] - 1
    )
    keep = np.indices(mesh.n)[i] == layer
    return keep.reshape(-1, order="F")


def _scalar_colours(values, cmap, clim):
    """Whether the values have both signs, and the colormap and range."""
    low, high = (
        (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    )
    signed = low < 0 < high
    if clim is None:
        if signed:
            top = max(-low, high)
            clim = (-top, top)
        else:
            pad = 0.5 * abs(low) or 1.0
            clim = (low, high) if high > low else (low - pad, high + pad)
    else:
        signed = clim[0] < 0 < clim[1]
    if cmap is None:
        cmap = "coolwarm" if signed else "viridis"
    return signed, cmap, clim

"""A spin texture on the sites of a tight-binding lattice, as a pyvista
scene: a sphere per site and an arrow along its spin, both coloured by a
spin component."""

import numpy as np

from ._pyvista import colouring, finish, open_plotter, pyvista, unit_arrays


def lattice(
    positions,
    spins,
    *,
    color="z",
    scale=0.8,
    sites=True,
    arrows=True,
    cmap=None,
    clim=None,
    view=None,
    plotter=None,
    filename=None,
    **kwargs,
):
    """Spins on lattice sites.

    Parameters
    ----------
    positions : array_like or discretisedfield.Mesh
        Site positions, shape (N, 2) or (N, 3), in any length unit (lattice
        constants, nm); or a mesh, whose cell centres are the sites (drawn
        in units of ``mesh.region.multiplier``, ordered as
        ``mesh.cells`` indexed "ij": x slowest).
    spins : array_like
        Spin vectors, shape (N, 3) (or ``(*mesh.n, 3)`` with a mesh). Sites
        with a zero spin are not drawn.
    color : str or colour, optional
        "x", "y", "z" (a component of the unit spin, on [-1, 1]), "angle"
        (the in-plane angle), "norm", or a plain colour. Default "z".
    scale : float, optional
        Arrow length as a fraction of the smallest distance between sites;
        the spheres have a fifth of that distance as radius. Default 0.8.
    sites, arrows : bool, optional
        Draw the sites as spheres, and the spins as arrows. Default both.
    cmap, clim, view, plotter, filename, **kwargs
        As in :func:`weylmag.viz.arrows`; ``kwargs`` go to ``add_mesh`` of
        both the spheres and the arrows.

    Returns
    -------
    pyvista.Plotter

    Examples
    --------
    >>> import numpy as np
    >>> import pyvista as pv
    >>> import weylmag.viz as wv
    >>> x, y = np.meshgrid(np.arange(6), np.arange(4), indexing="ij")
    >>> positions = np.column_stack([x.ravel(), y.ravel()])
    >>> spins = np.column_stack([np.cos(x.ravel()), np.zeros(24), np.sin(x.ravel())])
    >>> p = wv.lattice(positions, spins, plotter=pv.Plotter(off_screen=True))
    >>> len(p.meshes)
    2
    >>> p.close()
    """
    pv = pyvista()
    points, spins = _sites(positions, spins)
    arrays, filled = unit_arrays(spins)
    cloud = pv.PolyData(points[filled])
    for name, values in arrays.items():
        cloud[name] = values[filled]
    options = colouring(("x", "y", "z"), color, cmap, clim)

    plotter = open_plotter(plotter, filename)
    if cloud.n_points > 0:
        spacing = _spacing(points[filled])
        if sites:
            sphere = pv.Sphere(radius=1.0, theta_resolution=16, phi_resolution=16)
            balls = cloud.glyph(
                orient=False, scale=False, factor=0.2 * spacing, geom=sphere
            )
            plotter.add_mesh(balls, **options, **kwargs)
        if arrows:
            arrow = pv.Arrow(start=(-0.5, 0.0, 0.0), direction=(1.0, 0.0, 0.0))
            glyphs = cloud.glyph(
                orient="unit", scale=False, factor=scale * spacing, geom=arrow
            )
            plotter.add_mesh(glyphs, **options, **kwargs)
    return finish(plotter, view, filename)


def _sites(positions, spins):
    """Site positions (N, 3) and spins (N, 3) as float arrays."""
    import discretisedfield as df

    spins = np.asarray(spins, dtype=float)
    if isinstance(positions, df.Mesh):
        mesh = positions
        if mesh.region.ndim != 3:
            raise ValueError(
                f"the mesh must be three-dimensional, not ndim={mesh.region.ndim}."
            )
        axes = np.meshgrid(*mesh.cells, indexing="ij")
        points = np.stack([a.ravel() for a in axes], axis=-1) / mesh.region.multiplier
        spins = spins.reshape(-1, 3)
    else:
        points = np.asarray(positions, dtype=float)
        if points.ndim != 2 or points.shape[1] not in (2, 3):
            raise ValueError(
                f"positions must have shape (N, 2) or (N, 3), not {points.shape}."
            )
        if points.shape[1] == 2:
            points = np.column_stack([points, np.zeros(len(points))])
    if spins.shape != (len(points), 3):
        raise ValueError(
            f"spins must have shape ({len(points)}, 3) to match the sites, not {spins.shape}."
        )
    return points, spins


def _spacing(points):
    """The smallest distance between two sites (1 for a single site)."""
    from scipy.spatial import cKDTree

    if len(points) < 2:
        return 1.0
    distances, _ = cKDTree(points).query(points, k=2)
    nearest = distances[:, 1]
    nearest = nearest[nearest > 0]
    return float(nearest.min()) if nearest.size else 1.0

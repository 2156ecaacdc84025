"""Finite-difference grid built from a ``discretisedfield.Mesh``.

Cells are stored as flat arrays in C order of ``mesh.n`` (index
``(ix * ny + iy) * nz + iz``), which is the memory order of
``discretisedfield.Field.array``. The neighbour table ``ngb`` of shape
``(N, 6)`` lists, for the directions ``-x, +x, -y, +y, -z, +z``, the index of
the neighbouring cell. It carries every boundary condition: a face on an open
boundary, or one facing an empty cell (``Ms = 0``), points back to the cell
itself and has ``link = 0``; periodic directions wrap around. Kernels therefore
never branch on boundaries.
"""

import numpy as np

AXIS_OF_DIRECTION = np.array([0, 0, 1, 1, 2, 2])
SIGN_OF_DIRECTION = np.array([-1.0, 1.0, -1.0, 1.0, -1.0, 1.0])


class Grid:
    """Geometry and connectivity of a mesh for the numba kernels.

    Parameters
    ----------
    mesh : discretisedfield.Mesh
        The mesh. Periodicity is read from ``mesh.bc`` (letters ``x``, ``y``,
        ``z``).
    Ms : numpy.ndarray, optional
        Saturation magnetisation per cell (A/m), flat of length ``N``. Cells
        with ``Ms == 0`` are empty: they have no links to their neighbours.

    Examples
    --------
    >>> import discretisedfield as df
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(5e-9, 1e-9, 1e-9), n=(5, 1, 1))
    >>> grid = Grid(mesh)
    >>> grid.ngb[0].tolist()   # -x face of cell 0 is open: it points to itself
    [0, 1, 0, 0, 0, 0]
    >>> grid.link[0].tolist()
    [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    """

    def __init__(self, mesh, Ms=None):
        self.mesh = mesh
        self.shape = tuple(int(v) for v in mesh.n)
        self.n = int(np.prod(self.shape))
        self.cell = np.asarray(mesh.cell, dtype=float)
        self.dV = float(np.prod(self.cell))
        bc = mesh.bc if isinstance(mesh.bc, str) else ""
        self.periodic = tuple(axis in bc for axis in "xyz")
        if Ms is None:
            Ms = np.ones(self.n)
        self.Ms = np.ascontiguousarray(Ms, dtype=float).reshape(self.n)
        self.active = self.Ms > 0
        self.ngb, self.link = self._neighbours()

    def _neighbours(self):
        nx, ny, nz = self.shape
        idx = np.arange(self.n).reshape(self.shape)
        ngb = np.empty((self.n, 6), dtype=np.int64)
        link = np.zeros((self.n, 6))
        for d in range(6):
            axis = AXIS_OF_DIRECTION[d]
            step = int(SIGN_OF_DIRECTION[d])
            # np.roll by -step brings the neighbour at +step onto each cell.
            shifted = np.roll(idx, -step, axis=axis)
            exists = np.ones(self.shape, dtype=bool)
            if not self.periodic[axis] or self.shape[axis] == 1:
                edge = [slice(None)] * 3
                edge[axis] = -1 if step > 0 else 0
                exists[tuple(edge)] = False
            flat_ngb = shifted.reshape(-1)
            ok = exists.reshape(-1) & self.active & self.active[flat_ngb]
            ngb[:, d] = np.where(ok, flat_ngb, np.arange(self.n))
            link[:, d] = ok
        return ngb, link

    def gradient(self, m, out=None):
        """d m / d x_a, shape (N, 3 axes, 3 components), in 1/m.

        The differences of the texture torques
        (:func:`~weylmag._kernels.llg.add_directional_derivative` with a unit
        velocity along each axis): central inside, one-sided at open faces
        and next to empty cells, zero along an axis without links.
        """
        from ._kernels.llg import add_directional_derivative

        out = np.empty((self.n, 3, 3)) if out is None else out
        scale = 1.0 / self.cell
        for axis in range(3):
            along = np.zeros((self.n, 3))
            along[:, axis] = 1.0
            derivative = np.zeros((self.n, 3))
            add_directional_derivative(m, self.ngb, self.link, along, scale, derivative)
            out[:, axis, :] = derivative
        return out

    @property
    def inv_spacing2(self):
        """``1 / d^2`` for each of the six directions (1/m^2)."""
        return 1.0 / self.cell[AXIS_OF_DIRECTION] ** 2

    def __repr__(self):
        pbc = "".join(a for a, p in zip("xyz", self.periodic) if p)
        return f"Grid(shape={self.shape}, cell={tuple(self.cell)}, pbc={pbc!r})"

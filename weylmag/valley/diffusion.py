r"""Quasi-static valley diffusion in a magnetic Weyl semimetal (seed 000).

The valley density :math:`\rho` (particles per m^3: the density of one Weyl
valley minus that of the other) obeys the valley continuity equation,
Eq. 16b of seed 000 with :math:`\partial_t\rho \to 0`,

.. math::

    \frac{\rho}{\tau_v} + \nabla\cdot\mathbf{j} = S, \qquad
    \mathbf{j} = -D\nabla\rho + \mathbf{F},

with the valley relaxation time :math:`\tau_v` (s), the diffusion constant
:math:`D = \sigma/N` (m^2/s), a source :math:`S` (1/(m^3 s)), for instance
the chiral anomaly :math:`\mathbf{E}_c\cdot\mathbf{B}/2\pi^2`, and a given
flux :math:`\mathbf{F} = \sigma\boldsymbol{\varepsilon}` (1/(m^2 s)) driven
by the valley-motive force (Eq. 34). A valley-mixing interface holds
:math:`\rho = 0`; in front of it the density recovers over the valley
diffusion length :math:`\lambda_v = \sqrt{D\tau_v}` (Eq. 31),
:math:`\rho = S\tau_v(1 - e^{-r/\lambda_v})`, and the valley field
:math:`\mathbf{E}_v = -\nabla\rho/N` integrated across the layer is the
bulk value :math:`S\tau_v/N` (Eqs. 29-30).

**Discretisation.** Cell-centred finite volumes on the
:class:`~weylmag.grid.Grid` of the mesh. The unknowns are the active cells
(those of the Weyl semimetal); a cell outside the domain has
:math:`\rho = 0` and the faces towards it are boundary faces. Across the
face between cells i and j, a distance h apart along the axis, flows

.. math::

    \Phi_{ij} = A_f\left[D_f\frac{\rho_i - \rho_j}{h}
    + \frac{\mathbf{F}_i + \mathbf{F}_j}{2}\cdot\mathbf{n}_f\right],
    \qquad D_f = \frac{2D_iD_j}{D_i + D_j},

a valley-mixing boundary face of cell i (:math:`\rho = 0` on the face)
carries :math:`A_f[D_i\rho_i/(h/2) + \mathbf{F}_i\cdot\mathbf{n}_f]`, and
every other boundary face carries nothing (:math:`\mathbf{n}\cdot\mathbf{j}
= 0`). Dividing the outflow by the cell volume gives a matrix, relaxation
on the diagonal plus D times the negative finite-volume Laplacian, that is
symmetric positive definite; it is factorised once and each solve is a
back-substitution. Periodic directions of ``mesh.bc`` wrap around.
"""

import numbers

import discretisedfield as df
import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import splu

from ..grid import AXIS_OF_DIRECTION, SIGN_OF_DIRECTION, Grid
from ..parameters import ParameterError, scalar

#: Names of the mesh's outer faces, in the order of the grid's directions.
SIDES = ("x-", "x+", "y-", "y+", "z-", "z+")
#: Kind of a boundary face that looks into an inactive cell.
EMPTY = len(SIDES)


class ValleyDiffusionSolver:
    r"""Steady valley density for a source and a valley-motive flux.

    Solves

    .. math::

        \frac{\rho}{\tau_v} - \nabla\cdot(D\nabla\rho)
        = S - \nabla\cdot\mathbf{F}

    with :math:`\rho = 0` on valley-mixing faces and
    :math:`\mathbf{n}\cdot(-D\nabla\rho + \mathbf{F}) = 0` on the other
    boundary faces (see the module docstring for the discretisation).

    Parameters
    ----------
    mesh : discretisedfield.Mesh
        The mesh; periodic directions are read from ``mesh.bc``.
    D : float, array of shape (N,), dict or discretisedfield.Field
        Valley diffusion constant (m^2/s), positive in every active cell; a
        number, per-cell values, ``{subregion: value}`` or a scalar field.
        Faces take the harmonic mean of their two cells.
    tau_v : float, array of shape (N,), dict or discretisedfield.Field
        Valley relaxation time (s), positive in every active cell, in the
        same forms as ``D``; ``numpy.inf`` means no relaxation there.
    active : array of bool, shape (N,), optional
        The cells of the Weyl semimetal (default: all). Other cells are not
        unknowns: their density is zero and faces towards them are boundary
        faces.
    mixing : str, callable or sequence of them, optional
        The valley-mixing boundary faces (:math:`\rho = 0`); all other
        boundary faces are closed. Any of

        * ``'x-'``, ``'x+'``, ``'y-'``, ``'y+'``, ``'z-'``, ``'z+'``: an outer
          face of the mesh (not along a periodic axis, which has none);
        * ``'empty'``: the faces between active and inactive cells;
        * ``f(points, normals) -> bool array``: called once with the centres
          (m) and outward unit normals of all boundary faces, both of shape
          (K, 3);
        * a list or tuple of these: their union.

        Default: none.

    zero_mean : bool, optional
        Allow pieces of the domain with neither relaxation nor a mixing face
        (a pure-Neumann problem, such as an electric potential with closed
        faces) and hold the mean of :math:`\rho` over each of them at zero.
        The source there must then integrate to zero.

    Attributes
    ----------
    n : int
        Number of cells N of the mesh.
    active : numpy.ndarray of bool, shape (N,)
        The cells that are unknowns.
    mixing_faces : int
        Number of valley-mixing boundary faces.
    closed_faces : int
        Number of the other (no-flux) boundary faces.
    matrix : scipy.sparse.csc_array
        The operator on the active cells (1/s), in the order of
        ``numpy.flatnonzero(active)``: ``matrix @ rho = S - div F``.

    Examples
    --------
    A slab 20 valley-diffusion lengths thick on a valley-mixing interface:

    >>> import discretisedfield as df
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(200e-9, 2e-9, 2e-9), n=(100, 1, 1))
    >>> solver = ValleyDiffusionSolver(mesh, D=1e-4, tau_v=1e-12, mixing="x-")
    >>> solver
    ValleyDiffusionSolver(shape=(100, 1, 1), active=100/100, mixing_faces=1, lambda_v=[1e-08, 1e-08] m)
    >>> rho = solver.solve(1e36)  # 1/(m^3 s)
    >>> print(f"{rho[-1]:.4g}")  # the bulk value S tau_v, in 1/m^3
    1e+24
    >>> grad = solver.gradient(rho)
    >>> print(f"{(grad[:, 0] * 2e-9).sum():.4g}")  # integral of d rho / dx
    1e+24
    """

    def __init__(self, mesh, *, D, tau_v, active=None, mixing=(), zero_mean=False):
        self.mesh = mesh
        self.n = int(np.prod(mesh.n))
        self.active = _active_cells(active, self.n)
        if not self.active.any():
            raise ValueError("Parameter 'active' selects no cell; mark at least one.")
        grid = Grid(mesh, self.active.astype(float))
        self.shape, self.cell, self.periodic = grid.shape, grid.cell, grid.periodic
        self.D = _per_cell(D, mesh, "D", self.active)
        self.tau_v = _per_cell(tau_v, mesh, "tau_v", self.active, allow_inf=True)
        self._cells = np.flatnonzero(self.active)
        self._find_faces(grid)
        self._mixing = self._select_mixing(mixing)
        self.mixing_faces = int(self._mixing.sum())
        self.closed_faces = int(self._mixing.size - self.mixing_faces)
        self.matrix = self._assemble()
        floating = self._floating_pieces(zero_mean)
        if floating is None:
            # Symmetric positive definite: a symmetric ordering and no pivoting.
            self._lu = splu(
                self.matrix,
                permc_spec="MMD_AT_PLUS_A",
                diag_pivot_thresh=0.0,
                options={"SymmetricMode": True},
            )
        else:
            self._lu = _BorderedSolve(self.matrix, floating)
        self._steppers = {}
        self._build_operators()
        self._rhs = np.empty(self._cells.size)
        self._cell_vectors = np.empty((self.n, 3))

    # ------------------------------------------------------------------ setup

    def _find_faces(self, grid):
        """Interior faces (each once) and boundary faces of the active cells."""
        index = np.indices(self.shape).reshape(3, -1).T
        fi, fj, fa, bc, bd, bk = [], [], [], [], [], []
        for d in range(6):
            axis, sign = AXIS_OF_DIRECTION[d], SIGN_OF_DIRECTION[d]
            # A periodic axis one cell long wraps onto the cell itself.
            self_wrap = self.periodic[axis] and self.shape[axis] == 1
            inner = self.active & ((grid.link[:, d] > 0) | self_wrap)
            if sign > 0:
                cells = np.flatnonzero(inner)
                fi.append(cells)
                fj.append(grid.ngb[cells, d])
                fa.append(np.full(cells.size, axis))
            cells = np.flatnonzero(self.active & ~inner)
            edge = 0 if sign < 0 else self.shape[axis] - 1
            outer = (index[cells, axis] == edge) & (not self.periodic[axis])
            bc.append(cells)
            bd.append(np.full(cells.size, d))
            bk.append(np.where(outer, d, EMPTY))
        self._fi, self._fj, self._fa = (np.concatenate(a) for a in (fi, fj, fa))
        self._bcell, self._bdir, self._bkind = (np.concatenate(a) for a in (bc, bd, bk))
        self._baxis = AXIS_OF_DIRECTION[self._bdir]
        self._bsign = SIGN_OF_DIRECTION[self._bdir]
        centre = np.asarray(self.mesh.region.pmin) + (index + 0.5) * self.cell
        self._bnormal = np.zeros((self._bcell.size, 3))
        self._bnormal[np.arange(self._bcell.size), self._baxis] = self._bsign
        self._bpoint = centre[self._bcell] + 0.5 * self.cell * self._bnormal

    def _select_mixing(self, mixing):
        if mixing is None:
            mixing = ()
        items = [mixing] if isinstance(mixing, str) or callable(mixing) else mixing
        mask = np.zeros(self._bcell.size, dtype=bool)
        valid = ", ".join(repr(s) for s in SIDES + ("empty",))
        for item in items:
            if isinstance(item, str) and item in SIDES:
                axis = "xyz".index(item[0])
                if self.periodic[axis]:
                    raise ValueError(
                        f"Parameter 'mixing' names side {item!r}, but the mesh is "
                        f"periodic along {item[0]} (mesh.bc={self.mesh.bc!r}) and "
                        f"has no {item[0]} faces; remove {item[0]!r} from mesh.bc "
                        "or choose other faces."
                    )
                mask |= self._bkind == SIDES.index(item)
            elif isinstance(item, str) and item == "empty":
                mask |= self._bkind == EMPTY
            elif callable(item):
                chosen = np.asarray(item(self._bpoint.copy(), self._bnormal.copy()))
                if chosen.shape != mask.shape:
                    raise ValueError(
                        "Parameter 'mixing': the callable must return one bool per "
                        f"boundary face, shape {mask.shape}; got {chosen.shape}."
                    )
                mask |= chosen.astype(bool)
            else:
                raise ValueError(
                    f"Parameter 'mixing' has unknown entry {item!r}; use {valid}, a "
                    "callable f(points, normals) -> bool array, or a list of these."
                )
        return mask

    def _assemble(self):
        """The operator per unit volume (1/s) on the active cells, CSC."""
        unknown = np.full(self.n, -1)
        unknown[self._cells] = np.arange(self._cells.size)
        inv_h2 = 1.0 / self.cell**2
        D_i, D_j = self.D[self._fi], self.D[self._fj]
        c = 2 * D_i * D_j / (D_i + D_j) * inv_h2[self._fa]
        i, j = unknown[self._fi], unknown[self._fj]
        mix = self._bcell[self._mixing]
        c_mix = 2 * self.D[mix] * inv_h2[self._baxis[self._mixing]]
        rate = 1.0 / self.tau_v[self._cells]
        rows = np.concatenate([i, j, i, j, unknown[mix], np.arange(self._cells.size)])
        cols = np.concatenate([i, j, j, i, unknown[mix], np.arange(self._cells.size)])
        data = np.concatenate([c, c, -c, -c, c_mix, rate])
        size = self._cells.size
        return sparse.coo_array((data, (rows, cols)), shape=(size, size)).tocsc()

    def _floating_pieces(self, zero_mean):
        """None, or one indicator column per piece whose mean is held at zero.

        Every connected piece of the domain needs relaxation or a mixing face;
        without ``zero_mean`` a piece with neither makes the operator singular.
        """
        pieces, label = connected_components(self.matrix, directed=False)
        unknown = np.full(self.n, -1)
        unknown[self._cells] = np.arange(self._cells.size)
        sink = np.isfinite(self.tau_v[self._cells])
        sink[unknown[self._bcell[self._mixing]]] = True
        drained = np.bincount(label, weights=sink, minlength=pieces) > 0
        if drained.all():
            return None
        floating = np.flatnonzero(~drained)
        if not zero_mean:
            stuck = int(np.isin(label, floating).sum())
            raise ValueError(
                f"The valley-diffusion operator is singular: {stuck} connected "
                "active cells have tau_v = inf and no valley-mixing face, so "
                "nothing removes valley density from them. Give a finite 'tau_v' "
                "there or make one of their boundary faces valley-mixing "
                "('mixing'), or zero_mean=True for a potential defined up to a "
                "constant."
            )
        return np.stack([(label == piece).astype(float) for piece in floating], axis=1)

    def _build_operators(self):
        """Sparse divergence (N x 3N) and gradient (3N x N) with the face rules."""
        n, fi, fj, fa = self.n, self._fi, self._fj, self._fa
        half = 0.5 / self.cell[fa]
        # Divergence: interior faces carry the mean F, mixing faces F_i, others 0.
        mix = self._mixing
        bcell, baxis, bsign = self._bcell[mix], self._baxis[mix], self._bsign[mix]
        rows = np.concatenate([fi, fi, fj, fj, bcell])
        cols = np.concatenate([3 * fi + fa, 3 * fj + fa] * 2 + [3 * bcell + baxis])
        data = np.concatenate([half, half, -half, -half, bsign / self.cell[baxis]])
        self._divergence = sparse.csr_array(
            sparse.coo_array((data, (rows, cols)), shape=(n, 3 * n))
        )
        self._divergence_active = self._divergence[self._cells]
        # Gradient: the mean on interior faces, 0 on mixing faces, rho_i on
        # closed faces (plus (h/2) F_i.n / D_i when there is a flux).
        closed = ~self._mixing
        bcell, baxis = self._bcell[closed], self._baxis[closed]
        bsign = self._bsign[closed]
        rows = np.concatenate([3 * fi + fa] * 2 + [3 * fj + fa] * 2)
        rows = np.concatenate([rows, 3 * bcell + baxis])
        cols = np.concatenate([fi, fj, fi, fj, bcell])
        data = np.concatenate([half, half, -half, -half, bsign / self.cell[baxis]])
        self._gradient = sparse.csr_array(
            sparse.coo_array((data, (rows, cols)), shape=(3 * n, n))
        )
        self._gradient_flux = np.bincount(
            3 * bcell + baxis, weights=0.5 / self.D[bcell], minlength=3 * n
        )
        self._D_active = np.where(self.active, self.D, 0.0)[:, None]
        self._mask = self.active.astype(float)[:, None]

    # ------------------------------------------------------------- properties

    @property
    def lambda_v(self):
        r"""Valley diffusion length :math:`\sqrt{D\tau_v}` per cell (m).

        ``inf`` where ``tau_v`` is, ``nan`` in inactive cells.
        """
        out = np.full(self.n, np.nan)
        out[self._cells] = np.sqrt(self.D[self._cells] * self.tau_v[self._cells])
        return out

    # ---------------------------------------------------------------- solving

    def solve(self, source=None, flux=None, *, out=None):
        r"""The valley density :math:`\rho` (1/m^3), shape (N,).

        Parameters
        ----------
        source : float, array of shape (N,) or discretisedfield.Field, optional
            :math:`S`, valley particles created per unit volume and time
            (1/(m^3 s)). Default 0.
        flux : array of shape (N, 3) or discretisedfield.Field, optional
            :math:`\mathbf{F}` (1/(m^2 s)), the given part of the valley
            current. Default 0.
        out : numpy.ndarray of shape (N,), optional
            Where to write the result.

        Returns
        -------
        numpy.ndarray
            :math:`\rho` per cell, zero in inactive cells.
        """
        rhs = self._right_hand_side(source, flux)
        out = _output(out, (self.n,))
        out.fill(0.0)
        out[self._cells] = self._lu.solve(rhs)
        return out

    def step(self, rho, dt, source=None, flux=None, *, theta=0.5, out=None):
        r"""Advance the time-dependent equation by dt (Eqs. 16b, 34).

        .. math::

            \partial_t\rho + \frac{\rho}{\tau_v} - \nabla\cdot(D\nabla\rho)
            = S - \nabla\cdot\mathbf{F}

        by the theta scheme: Crank-Nicolson (``theta=0.5``, second order) by
        default, backward Euler with ``theta=1`` (first order, no
        oscillation for steps far beyond tau_v). S and F are taken as
        constant over the step (give their mid-step values for second
        order). ``(1/dt + theta A)`` is factorised once per (dt, theta) and
        kept for the next steps. Use it where tau_v is not short compared with
        the motion of the source, e.g. the delayed response of Eqs. 35-36.

        Parameters
        ----------
        rho : array of shape (N,)
            The density at the start of the step (1/m^3).
        dt : float
            Time step (s).
        source, flux : optional
            As for :meth:`solve`.
        theta : float, optional
            Implicitness, 0.5 to 1.
        out : numpy.ndarray of shape (N,), optional
            May be ``rho`` itself.
        """
        if not (dt > 0 and 0.5 <= theta <= 1):
            raise ValueError(
                f"step needs dt > 0 (s) and 0.5 <= theta <= 1; got dt={dt!r}, "
                f"theta={theta!r}."
            )
        rho = _cell_values(rho, self.n, 1, "rho")
        key = (float(dt), float(theta))
        lu = self._steppers.get(key)
        if lu is None:
            if len(self._steppers) >= 4:
                self._steppers.pop(next(iter(self._steppers)))
            identity = sparse.identity(self._cells.size, format="csc")
            lu = splu(sparse.csc_array(identity / dt + theta * self.matrix))
            self._steppers[key] = lu
        current = rho[self._cells]
        rhs = self._right_hand_side(source, flux)
        rhs += current / dt
        if theta < 1:
            rhs -= (1 - theta) * (self.matrix @ current)
        out = _output(out, (self.n,))
        out.fill(0.0)
        out[self._cells] = lu.solve(rhs)
        return out

    def _right_hand_side(self, source, flux):
        """S - div F on the active cells, in the reused buffer."""
        rhs = self._rhs
        if source is None:
            rhs.fill(0.0)
        else:
            S = _cell_values(source, self.n, 1, "source")
            if S.ndim == 0:
                rhs.fill(S)
            else:
                np.take(S, self._cells, out=rhs)
        if flux is not None:
            F = _cell_values(flux, self.n, 3, "flux")
            rhs -= self._divergence_active @ F.reshape(-1)
        return rhs

    def divergence(self, flux, *, out=None):
        r"""Finite-volume :math:`\nabla\cdot\mathbf{F}` (1/(m^3 s)), shape (N,).

        The mean of the two cells on interior faces, :math:`\mathbf{F}_i` on
        valley-mixing faces, nothing through closed faces; zero in inactive
        cells. ``flux`` is an array of shape (N, 3) in 1/(m^2 s).
        """
        F = _cell_values(flux, self.n, 3, "flux")
        out = _output(out, (self.n,))
        out[:] = self._divergence @ F.reshape(-1)
        return out

    def gradient(self, rho, flux=None, *, out=None):
        r"""Green-Gauss :math:`\nabla\rho` (1/m^4), shape (N, 3).

        .. math::

            \mathbf{g}_i = \frac{1}{V_i}\sum_f \rho_f A_f\mathbf{n}_f,

        with :math:`\rho_f` the mean of the two cells on interior faces, 0 on
        valley-mixing faces and, on closed faces, the value that makes
        :math:`\mathbf{n}\cdot\mathbf{j} = 0`:
        :math:`\rho_i + (h/2)\,\mathbf{F}_i\cdot\mathbf{n}/D_i` (just
        :math:`\rho_i` without ``flux``). Inside a uniform region this is the
        central difference, and the sum of :math:`g_x h` along a column is the
        difference of its two end-face values. Zero in inactive cells.

        Parameters
        ----------
        rho : array of shape (N,)
            Valley density (1/m^3); values in inactive cells are not used.
        flux : array of shape (N, 3), optional
            The flux :math:`\mathbf{F}` (1/(m^2 s)) of the solve.
        out : numpy.ndarray of shape (N, 3), optional
        """
        rho = _cell_values(rho, self.n, 1, "rho")
        if rho.ndim == 0:
            raise ValueError(f"Parameter 'rho' must have shape ({self.n},).")
        out = _output(out, (self.n, 3))
        flat = out.reshape(-1)
        flat[:] = self._gradient @ rho
        if flux is not None:
            F = _cell_values(flux, self.n, 3, "flux")
            tmp = self._cell_vectors.reshape(-1)
            np.multiply(self._gradient_flux, F.reshape(-1), out=tmp)
            flat += tmp
        return out

    def current(self, rho, flux=None, *, out=None):
        r"""Cell-centred valley current :math:`-D\nabla\rho + \mathbf{F}`
        (1/(m^2 s)), shape (N, 3), with :meth:`gradient`; zero in inactive
        cells."""
        out = self.gradient(rho, flux, out=out)
        out *= -self._D_active
        if flux is not None:
            F = _cell_values(flux, self.n, 3, "flux")
            np.multiply(F, self._mask, out=self._cell_vectors)
            out += self._cell_vectors
        return out

    def __repr__(self):
        lam = self.lambda_v[self.active]
        return (
            f"ValleyDiffusionSolver(shape={self.shape}, "
            f"active={self._cells.size}/{self.n}, mixing_faces={self.mixing_faces}, "
            f"lambda_v=[{lam.min():.4g}, {lam.max():.4g}] m)"
        )


def _active_cells(active, n):
    if active is None:
        return np.ones(n, dtype=bool)
    active = np.asarray(active)
    if active.size != n or active.dtype != bool:
        raise ValueError(
            f"Parameter 'active' must be a bool array with one entry per cell ({n}); "
            f"got dtype {active.dtype} and shape {active.shape}."
        )
    return active.reshape(n).copy()


def _is_inf(value):
    return isinstance(value, numbers.Real) and value == np.inf


def _per_cell(value, mesh, name, active, *, allow_inf=False):
    """A positive per-cell parameter; ``+inf`` allowed where ``allow_inf``."""
    n = int(np.prod(mesh.n))
    if isinstance(value, (np.ndarray, list, tuple)):
        out = np.asarray(value, dtype=float)
        if out.size != n:
            raise ParameterError(
                f"Parameter {name!r} must have one value per cell ({n}); got shape "
                f"{out.shape}."
            )
        out = out.reshape(n).copy()
    elif allow_inf and _is_inf(value):
        out = np.full(n, np.inf)
    elif allow_inf and isinstance(value, dict):
        finite = {k: 1.0 if _is_inf(v) else v for k, v in value.items()}
        infinite = {k: float(_is_inf(v)) for k, v in value.items()}
        out = scalar(finite, mesh, name)
        out[scalar(infinite, mesh, name) > 0] = np.inf
    elif allow_inf and isinstance(value, df.Field) and np.isposinf(value.array).any():
        where = np.isposinf(value.array)
        finite = df.Field(value.mesh, nvdim=1, value=np.where(where, 1.0, value.array))
        infinite = df.Field(value.mesh, nvdim=1, value=where.astype(float))
        out = scalar(finite, mesh, name)
        out[scalar(infinite, mesh, name) > 0] = np.inf
    else:
        out = scalar(value, mesh, name)
    cells = out[active]
    if np.isnan(cells).any() or (not allow_inf and np.isinf(cells).any()):
        allowed = " (inf means no relaxation)" if allow_inf else ""
        raise ParameterError(
            f"Parameter {name!r} has nan or infinite values in active cells; give "
            f"finite numbers{allowed}."
        )
    if np.any(cells <= 0):
        raise ParameterError(
            f"Parameter {name!r} must be positive in every active cell; got "
            f"{cells.min()}."
        )
    return out


def _cell_values(value, n, components, name):
    """A number (scalars only), or an array/field with one value per cell."""
    if isinstance(value, df.Field):
        value = value.array
    array = np.asarray(value, dtype=float)
    if components == 1 and array.ndim == 0:
        return array
    if array.size != n * components:
        shape = f"({n},)" if components == 1 else f"({n}, {components})"
        raise ValueError(
            f"Parameter {name!r} must have shape {shape}, one value per cell; got "
            f"shape {array.shape}."
        )
    return array.reshape((n,) if components == 1 else (n, components))


def _output(out, shape):
    if out is None:
        return np.empty(shape)
    if out.shape != shape or out.dtype != np.float64 or not out.flags.c_contiguous:
        raise ValueError(
            f"Parameter 'out' must be a C-contiguous float64 array of shape {shape}."
        )
    return out


def pumped_potential(mesh, *, sigma, mu_v, B, active=None, contacts=()):
    r"""The electrochemical potential that a valley density builds up (Eqs. 37-39).

    The valley chemical potential drives the chiral magnetic current
    :math:`\mathbf{j}_\mathrm{cme} = e^2\mu_v\mathbf{B}/(2\pi^2\hbar^2)`
    (A/m^2, Eq. 8); in a steady state the total current
    :math:`\mathbf{J} = -\sigma\nabla\phi + \mathbf{j}_\mathrm{cme}` has
    no divergence, no current leaves through closed faces, and contacts are
    held at :math:`\phi = 0`:

    .. math::

        \nabla\cdot(\sigma\nabla\phi) = \nabla\cdot\mathbf{j}_\mathrm{cme}.

    Without contacts the mean of :math:`\phi` is zero (an open circuit);
    voltages are differences of :math:`\phi`.

    Parameters
    ----------
    mesh : discretisedfield.Mesh
    sigma : float, array of shape (N,), dict or discretisedfield.Field
        Electrical conductivity (S/m).
    mu_v : array of shape (N,)
        Valley chemical potential :math:`\rho_v/N` (J).
    B : array_like
        Magnetic induction (T).
    active : array of bool, shape (N,), optional
        The conducting cells (default: all).
    contacts : optional
        Grounded faces, in the forms of ``mixing`` of
        :class:`ValleyDiffusionSolver`.

    Returns
    -------
    numpy.ndarray of shape (N,)
        :math:`\phi` (V), zero outside ``active``.
    """
    from ..constants import e, hbar

    solver = ValleyDiffusionSolver(
        mesh, D=sigma, tau_v=np.inf, active=active, mixing=contacts, zero_mean=True
    )
    mu_v = _cell_values(mu_v, solver.n, 1, "mu_v")
    B = np.asarray(B, dtype=float).reshape(3)
    j_cme = (e**2 / (2 * np.pi**2 * hbar**2)) * np.outer(mu_v * solver.active, B)
    return solver.solve(flux=j_cme)


class _BorderedSolve:
    """Solve A x = b with the mean of x over given pieces held at zero.

    A is singular on each floating piece (constants are its null space); the
    bordered system ``[[A, C], [C^T, 0]] [x, l] = [b, 0]`` with the pieces'
    indicator columns C is regular.
    """

    def __init__(self, matrix, columns):
        C = sparse.csc_array(columns)
        bordered = sparse.block_array([[matrix, C], [C.T, None]], format="csc")
        self._lu = splu(bordered)
        self._n = matrix.shape[0]
        self._extra = np.zeros(columns.shape[1])

    def solve(self, rhs):
        return self._lu.solve(np.concatenate([rhs, self._extra]))[: self._n]


def valley_density(m, dmdt=None, *, eta, sigma, N, tau_v, beta=0.0, B=(0, 0, 0), E=None,
                   j_c=None, theta=0.0, mixing=()):
    r"""The quasi-static valley density of a magnetisation and its motion.

    What :class:`weylmag.ValleyDiffusion` solves at each step, without a
    micromagnetic system: the chiral-anomaly source
    :math:`e^2\mathbf{E}\cdot\mathbf{B}/(2\pi^2\hbar^2)` (E given, or
    :math:`\sigma^{-1}(\mathbf{j}_c + \theta\mathbf{m}\times\mathbf{j}_c)`)
    and the valley-motive flux :math:`(\sigma/e^2)\eta(1 + \beta\mathbf{m}
    \times)\partial_t\mathbf{m}` (weylmag's m, the magnetisation direction).

    Parameters
    ----------
    m : discretisedfield.Field
        Magnetisation (its norm marks the cells of the semimetal: Ms > 0).
    dmdt : discretisedfield.Field or array of shape (N, 3), optional
        dm/dt of the unit magnetisation (1/s); no valley-motive force without.
    eta, sigma, N, tau_v, beta, B, E, j_c, theta, mixing
        As for :class:`weylmag.ValleyDiffusion` (SI).

    Returns
    -------
    discretisedfield.Field
        :math:`\rho_v` (1/m^3).

    Examples
    --------
    >>> import discretisedfield as df
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(2e-9, 2e-9, 40e-9), n=(1, 1, 20))
    >>> m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=3e5)
    >>> rho = valley_density(m, eta=1e-26, sigma=1e5, N=1e46, tau_v=4e-14,
    ...                      B=(1, 0, 0), j_c=(1e10, 0, 0), mixing="z+")
    >>> f"{rho.array[0, 0, 0, 0]:.3e}"  # the bulk value tau_v e^2 E.B/(2 pi^2 hbar^2)
    '4.677e+20'
    """
    from ..constants import e, hbar
    from ..parameters import scalar, vector

    mesh = m.mesh
    n = int(np.prod(mesh.n))
    M = np.asarray(m.array, dtype=float).reshape(n, 3)
    Ms = np.linalg.norm(M, axis=1)
    active = Ms > 0
    unit = np.divide(M, Ms[:, None], out=np.zeros_like(M), where=active[:, None])
    sigma = scalar(sigma, mesh, "sigma", positive=True)
    solver = ValleyDiffusionSolver(mesh, D=sigma / (e**2 * scalar(N, mesh, "N", positive=True)),
                                   tau_v=tau_v, active=active, mixing=mixing)
    B = np.asarray(B, dtype=float).reshape(3)
    anomaly = e**2 / (2 * np.pi**2 * hbar**2)
    if E is not None and j_c is not None:
        raise ValueError("valley_density: give either E (V/m) or j_c (A/m^2), not both.")
    source = np.zeros(n)
    if E is not None:
        source = anomaly * (vector(E, mesh, "E") @ B)
    elif j_c is not None:
        j = vector(j_c, mesh, "j_c")
        field = (j + theta * np.cross(unit, j)) / sigma[:, None]
        source = anomaly * (field @ B)
    flux = None
    if dmdt is not None:
        rate = _cell_values(dmdt, n, 3, "dmdt")
        force = eta * (rate + beta * np.cross(unit, rate))
        flux = (sigma / e**2)[:, None] * force
    rho = solver.solve(np.where(active, source, 0.0), flux)
    return df.Field(mesh, nvdim=1, value=rho.reshape(*mesh.n, 1), unit="1/m^3")

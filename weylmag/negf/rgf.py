r"""Recursive Green's functions along the transport direction.

With the device cut into columns x = 0..N-1 of :math:`n = 2N_y` orbitals,
:math:`A = E - H - \Sigma` is block-tridiagonal, :math:`A_{x,x\pm1} =
-H_{x,x\pm1}`, and the lead self-energies sit in the first and last
diagonal blocks. One sweep from the left gives the left-connected Green's
functions

.. math::

    g^L_0 = A_{00}^{-1},\qquad
    g^L_x = \bigl(A_{xx} - H_{x,x-1}\,g^L_{x-1}\,H_{x-1,x}\bigr)^{-1},

which are the block LU factors of A (:math:`g^L_x` is the inverse of the
x-th pivot block). From them:

- :math:`G b` by block forward and back substitution,
  :math:`y_x = b_x + H_{x,x-1}g^L_{x-1}y_{x-1}`, :math:`G_{N-1}b = g^L_{N-1}y_{N-1}`,
  :math:`(Gb)_x = g^L_x\bigl(y_x + H_{x,x+1}(Gb)_{x+1}\bigr)`; the back
  substitution stops at the first column asked for, so that
  :math:`G_{N-1,0}` (transmission) needs the forward pass only;
- :math:`G^\dagger b` the same way with :math:`(g^L_x)^\dagger` (the pivots
  of :math:`A^\dagger`);
- the diagonal blocks by :math:`G_{N-1,N-1} = g^L_{N-1}`,
  :math:`G_{xx} = g^L_x + g^L_x H_{x,x+1}G_{x+1,x+1}H_{x+1,x}g^L_x`;
- the site densities of the columns of :math:`Gb` (the scattering states
  of :func:`~weylmag.negf.injected_density`), and the site blocks of
  :math:`(Gb)(G^\dagger c)^\dagger` (the pumped density), summed during the
  back substitutions column by column, so that neither is stored whole.

The sweep may also run from the right (``RGFSolver(sweep="right")``, the
right-connected functions): the same recursions over the columns in
reversed order, with :math:`H_{x-1,x}` as the bonds.

Cost :math:`2Nn^3` (getrf + getri) per energy for the sweep and
:math:`Nn^2k` per pass for k right-hand sides; all energies of a batch are
processed together. The sweep and the bond products are numba kernels
(:mod:`weylmag._kernels.rgf`) that release the GIL, and numpy's products
release it too, so that threads sharing the energies run at once. Leads
must attach to the first or last column (left and right leads); others
need :class:`~weylmag.negf.SparseLUSolver`.
"""

import numpy as np

from .._kernels.rgf import (
    add_site_products,
    add_spin_densities,
    set_bond_product,
    set_nonzero_blocks,
    set_pivots,
)
from .solver import (
    Factorization,
    Solver,
    _check_pairs,
    as_rhs,
    full_rhs,
    group_labels,
    probe_vector,
)
from .nested import NestedDissectionSolver
from .sparselu import SparseLUSolver

__all__ = ["RGFSolver"]


def _h(a):
    return np.conj(np.swapaxes(a, -1, -2))


def _pivots(a, bond, g_prev, out):
    """Pivot inverses of one column into out (see :func:`set_pivots`), naming a singular block."""
    try:
        set_pivots(a, bond, g_prev, out)
    except np.linalg.LinAlgError:
        raise np.linalg.LinAlgError(
            "a diagonal block of E - H - Sigma is singular: an energy on a bound "
            "state of the device?"
        ) from None
    return out


def _right_h(x, bond):
    """x @ H_{x+1,x}^dagger for x of shape (..., m, 2ny)."""
    xr = x.reshape(*x.shape[:-1], bond.shape[0], 2)
    b = np.conj(bond)
    out = xr[..., :, None, 0] * b[:, :, 0] + xr[..., :, None, 1] * b[:, :, 1]
    return out.reshape(x.shape)


def _left(bond, x):
    """H_{x+1,x} @ x for the bond blocks (ny, 2, 2) and x of shape (ne, 2ny, k)."""
    out = np.empty_like(x)
    set_bond_product(bond, x, out)
    return out


class RGFSolver(Solver):
    r"""Recursive Green's function solver (block-tridiagonal along x).

    Parameters
    ----------
    sweep : {"left", "right"}, optional
        The edge the sweep starts from (default "left": left-connected
        Green's functions). A right-hand side costs a forward pass from its
        first non-zero column to the end of the sweep and a back pass over
        the columns asked for, so right-hand sides near the left edge (gates
        on the first columns) are cheaper with ``sweep="right"``. Both agree
        with dense inversion to rounding, except at the leads' channel
        thresholds, where either can fail (Notes).
    tolerance : float, optional
        Largest backward error accepted from the sweep (default 1e-10).

    Notes
    -----
    The sweep inverts the pivot blocks without pivoting across columns, and
    at a channel threshold of the leads (and up to about 1e-9 above it) they
    can be nearly singular. On a 30 x 30 skyrmion layer (J = 2) the
    solutions at the thresholds were wrong by 6e-3 to 0.7 relative
    (backward error 2e-5 to 2e-4), and on 80 x 80 at the thresholds near
    the band edges by factors up to 1e11 (backward error up to 0.15); 1e-9
    above a threshold the backward error was below 1e-10, 1e-6 above or
    below it below 3e-13, elsewhere in the leads' band below 6e-12 and
    outside it up to 3e-11 (20 x 20 to 80 x 80, with and without spin-orbit
    coupling). The factorization therefore solves :math:`A z = p` for a
    fixed random p at every energy and computes :math:`\eta = \|p - Az\|_\infty / (\|A\|_\infty
    \|z\|_\infty + \|p\|_\infty)` (:attr:`RGFFactorization.backward_error`);
    the energies above ``tolerance`` are solved by
    :class:`~weylmag.negf.NestedDissectionSolver` instead, which measures
    its own backward error, or where that is above its tolerance too, by
    :class:`~weylmag.negf.SparseLUSolver` (partial pivoting). At the
    lowest threshold of the 80 x 80 layer the nested dissection's backward
    error was 1e-13 and its solutions agreed with sparse LU to 4e-13.

    Examples
    --------
    G from the solver equals the inverse of the full matrix:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, RGFSolver
    >>> dev = SquareLattice(3, 2, J=0.5).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> E = np.array([1.3])
    >>> fac = RGFSolver().factorize(dev, E, dev.self_energies(E))
    >>> G = fac.solve(np.eye(dev.n_orbitals))[0]
    >>> A = E[0] * np.eye(12) - dev.hamiltonian().toarray()
    >>> for lead, s in zip(dev.leads, dev.self_energies(E)):
    ...     A[np.ix_(lead.orbitals, lead.orbitals)] -= s[0]
    >>> bool(np.allclose(G, np.linalg.inv(A), atol=1e-12))
    True
    """

    def __init__(self, sweep="left", tolerance=1e-10):
        if sweep not in ("left", "right"):
            raise ValueError(f"sweep must be 'left' or 'right'; got {sweep!r}.")
        tolerance = float(tolerance)
        if not 0 < tolerance < 1:
            raise ValueError(
                f"tolerance must be a backward error in (0, 1), e.g. 1e-10; got {tolerance}."
            )
        self.sweep = sweep
        self.tolerance = tolerance
        # for the energies the sweep cannot solve; it keeps its dissections
        self._fallback = NestedDissectionSolver()

    def __repr__(self):
        options = [f"sweep={self.sweep!r}"] if self.sweep != "left" else []
        if self.tolerance != 1e-10:
            options.append(f"tolerance={self.tolerance!r}")
        return f"RGFSolver({', '.join(options)})"

    def factorize(self, device, energies, sigmas):
        return RGFFactorization(
            device, energies, sigmas, reverse=self.sweep == "right", tolerance=self.tolerance,
            fallback=self._fallback,
        )


class RGFFactorization(Factorization):
    """The recursive Green's function sweep at a batch of energies.

    With ``reverse`` it runs from the right edge (right-connected functions).
    Energies whose backward error exceeds ``tolerance`` are solved by the
    solver ``fallback`` (None: sparse LU) instead, or by sparse LU where
    that one's backward error is above its own tolerance (:class:`RGFSolver`,
    Notes).

    Attributes
    ----------
    backward_error : (nE,) ndarray
        Of the sweep's solution of :math:`A z = p` for a fixed random p.
    fallback : (m,) ndarray of int
        The energies solved by another solver.
    fallback_factorization : Factorization or None
        That solver's factorization at those energies.
    """

    def __init__(
        self, device, energies, sigmas, reverse=False, tolerance=1e-10, fallback=None
    ):
        self.device = device
        self.energies = np.atleast_1d(np.asarray(energies))
        nx, _ = device.shape
        n = device.block_size
        ne = len(self.energies)
        self._nx, self._n = nx, n
        # With reverse, the sweep runs over the columns in reversed order: the
        # internal column x is the device's nx - 1 - x, and the bond from the
        # internal x to x + 1 is H_{c-1,c} = (H_{c,c-1})^dagger, c = nx - 1 - x.
        self._reverse = bool(reverse)
        leads_in = [[] for _ in range(nx)]
        for lead, sigma in zip(device.leads, sigmas):
            block = lead.orbitals // n
            if not (np.all(block == block[0]) and block[0] in (0, nx - 1)):
                raise ValueError(
                    f"the lead {lead.name!r} ({lead.side}) is not attached to the first or "
                    "last column: use solver=SparseLUSolver() for this device."
                )
            inside = nx - 1 - block[0] if self._reverse else block[0]
            leads_in[inside].append((lead.orbitals - block[0] * n, sigma))
        diag = device.diagonal_blocks()
        bonds = device.bonds_x()
        if self._reverse:
            diag, bonds = diag[::-1], _h(bonds)[::-1]
        self._bond = np.ascontiguousarray(bonds, dtype=complex)
        self._bond_h = np.ascontiguousarray(_h(self._bond))
        eye = np.eye(n)
        g = np.empty((nx, ne, n, n), dtype=complex)
        none = np.empty((0, n, n), dtype=complex)
        # the forward pass of the probe's solve (_backward_error) runs with
        # the sweep, while each pivot block is still in cache
        probe = probe_vector(nx * n).reshape(nx, n)
        z = np.empty((nx, ne, n, 1), dtype=complex)
        y = np.empty((ne, n, 1), dtype=complex)
        for x in range(nx):
            a = self.energies[:, None, None] * eye - diag[x]
            for local, sigma in leads_in[x]:
                a[:, local[:, None], local[None, :]] -= sigma
            if x == 0:
                _pivots(a, np.zeros((n // 2, 2, 2), dtype=complex), none, g[0])
                y[...] = probe[0, :, None]
            else:
                _pivots(a, self._bond[x - 1], g[x - 1], g[x])
                set_bond_product(self._bond[x - 1], z[x - 1], y)
                y += probe[x, :, None]
            np.matmul(g[x], y, out=z[x])
        self._g = g
        self._g_h = None
        self.backward_error = self._backward_error(diag, leads_in, sigmas, probe, z)
        self.fallback = np.flatnonzero(~(self.backward_error <= tolerance))
        self.fallback_factorization = None
        if len(self.fallback):
            picked = self.energies[self.fallback], [s[self.fallback] for s in sigmas]
            if fallback is not None:
                try:
                    other = fallback.factorize(device, *picked)
                    if np.all(other.backward_error <= fallback.tolerance):
                        self.fallback_factorization = other
                except np.linalg.LinAlgError:
                    pass
            if self.fallback_factorization is None:
                self.fallback_factorization = SparseLUSolver().factorize(device, *picked)

    def _backward_error(self, diag, leads_in, sigmas, probe, z):
        r"""The backward error of the sweep's solution of A z = probe at each energy.

        z holds the forward pass, :math:`g_x y_x` per column, and becomes the
        solution: :math:`z_x \leftarrow z_x + g_xH_{x,x+1}z_{x+1}` from the
        last column down.
        """
        nx, n, ne = self._nx, self._n, len(self.energies)
        bond = np.empty((ne, n, 1), dtype=complex)
        for x in range(nx - 2, -1, -1):
            set_bond_product(self._bond_h[x], z[x + 1], bond)
            z[x] += self._g[x] @ bond
        # A z = E z - D z - Sigma z - H_{x,x-1} z_{x-1} - H_{x,x+1} z_{x+1}
        az = self.energies[:, None, None] * z - np.matmul(diag[:, None], z)
        for x, leads in enumerate(leads_in):
            for local, sigma in leads:
                az[x][:, local] -= sigma @ z[x][:, local]
        for x in range(nx - 1):
            set_bond_product(self._bond[x], z[x], bond)
            az[x + 1] -= bond
            set_bond_product(self._bond_h[x], z[x + 1], bond)
            az[x] -= bond
        residual = np.abs(probe[:, None, :, None] - az).max(axis=(0, 2, 3))
        # an upper bound of |A|_inf: its parts' largest row sums
        norm = (
            np.abs(self.energies)
            + np.abs(diag).sum(axis=-1).max()
            + 2 * np.abs(self._bond).sum(axis=-1).max(initial=0.0)
            + sum(np.abs(sigma).sum(axis=-1).max(axis=-1) for sigma in sigmas)
        )
        return residual / (norm * np.abs(z).max(axis=(0, 2, 3)) + np.abs(probe).max())

    def _patch(self, out, method, *rhs, **options):
        """out with the fallback energies' rows replaced by the other solver's."""
        if self.fallback_factorization is not None:
            picked = [as_rhs(r, len(self.energies))[self.fallback] for r in rhs]
            out[self.fallback] = getattr(self.fallback_factorization, method)(*picked, **options)
        return out

    def _first_block(self, orbitals):
        """The first internal column holding one of ``orbitals`` (0 for all)."""
        if orbitals is None:
            return 0
        blocks = np.asarray(orbitals) // self._n
        if self._reverse:
            return int(self._nx - 1 - np.max(blocks))
        return int(np.min(blocks))

    def _column(self, x):
        """The device column of the internal column x."""
        return self._nx - 1 - x if self._reverse else x

    def _pivots(self, adjoint):
        if not adjoint:
            return self._g
        if self._g_h is None:
            # one strided pass into a C-ordered array
            self._g_h = np.empty_like(self._g)
            np.conjugate(np.swapaxes(self._g, -1, -2), out=self._g_h)
        return self._g_h

    def _prepare(self, rhs):
        """rhs as (nE, nx, n, k), its columns sorted by their first non-zero block.

        The forward pass carries a column only from that block on (the right
        lead's columns of G W are zero until the last block): sorted, the
        columns it carries are a growing prefix. Returns the sorted blocks,
        each sorted column's first block, the order and which blocks of each
        sorted column are non-zero (nx, k).
        """
        r = as_rhs(rhs, len(self.energies))
        nx = self._nx
        b = r.reshape(r.shape[0], nx, self._n, r.shape[-1])
        if self._reverse:
            b = b[:, ::-1]
        used = np.empty((nx, b.shape[-1]), dtype=bool)
        # a right-hand side shared by the energies is broadcast: read it once
        set_nonzero_blocks(b[:1] if r.strides[0] == 0 else b, used)
        first = np.where(used.any(axis=0), np.argmax(used, axis=0), nx - 1)
        order = np.argsort(first, kind="stable")
        if np.any(order != np.arange(len(order))):
            b = b[..., order]
        return b, first[order], order, used[:, order]

    def _columns(self, b, first, used, adjoint, stop):
        r"""Yield (x, (G b)_x) for x from the last column down to ``stop``.

        Forward: :math:`z_x = g_x y_x` over the columns started by x, with
        :math:`y_{x+1} = b_{x+1} + H_{x+1,x}z_x`; back:
        :math:`(Gb)_x = z_x + g_xH_{x,x+1}(Gb)_{x+1}`. With ``adjoint`` the
        pivots are :math:`g_x^\dagger` (those of :math:`A^\dagger`, whose
        off-diagonal blocks are A's since H is Hermitian).
        """
        nx, k = self._nx, b.shape[-1]
        bond, bond_h, pivot = self._bond, self._bond_h, self._pivots(adjoint)
        start = first[0] if k else nx - 1
        started = np.searchsorted(first, np.arange(nx), side="right")  # first <= x
        z = [None] * nx
        buffer = np.empty(b[:, 0].shape, dtype=complex)  # y_x: used once, by z_x
        y = buffer[..., : started[start]]
        y[...] = b[:, start, :, : started[start]]
        for x in range(start, nx - 1):
            z[x] = pivot[x] @ y
            c, c_next = z[x].shape[-1], started[x + 1]
            y = buffer[..., :c_next]
            set_bond_product(bond[x], z[x], y[..., :c])
            y[..., c:] = b[:, x + 1, :, c:c_next]
            if used[x + 1, :c].any():
                y[..., :c] += b[:, x + 1, :, :c]
        current = pivot[nx - 1] @ y
        yield nx - 1, current
        # two buffers for (G b)_x in turn, one for H_{x,x+1} (G b)_{x+1}: the
        # consumer of a block is done with it when asking for the next
        other, rest = np.empty_like(current), np.empty_like(current)
        for x in range(nx - 2, stop - 1, -1):
            set_bond_product(bond_h[x], current, rest)
            current, other = np.matmul(pivot[x], rest, out=other), current
            if x >= start:
                current[..., : z[x].shape[-1]] += z[x]
            yield x, current

    def _substitute(self, rhs, orbitals, adjoint):
        b, first, order, used = self._prepare(rhs)
        ne, nx, n, k = b.shape
        stop = min(self._first_block(orbitals), nx - 1)
        out = np.zeros((ne, nx, n, k), dtype=complex)
        sorted_ = out if np.all(order == np.arange(k)) else np.empty_like(out)
        for x, block in self._columns(b, first, used, adjoint, stop):
            sorted_[:, self._column(x)] = block
        if sorted_ is not out:
            out[..., order] = sorted_
        out = out.reshape(ne, nx * n, k)
        out = out if orbitals is None else out[:, np.asarray(orbitals), :]
        method = "solve_adjoint" if adjoint else "solve"
        return self._patch(out, method, rhs, orbitals=orbitals)

    def spin_densities(self, rhs, groups, rows=None):
        b, first, order, used = self._prepare(full_rhs(rhs, rows, self.device.n_orbitals))
        ne, nx = b.shape[:2]
        labels = group_labels(groups, b.shape[-1])[order]
        out = np.zeros((ne, len(groups), nx, self._n // 2, 4))
        for x, block in self._columns(b, first, used, False, 0):
            add_spin_densities(block, labels, out[:, :, self._column(x)])
        out = out.reshape(ne, len(groups), -1, 4)
        return self._patch(out, "spin_densities", rhs, groups=groups, rows=rows)

    def site_products(self, left, right):
        bl, fl, ol, ul = self._prepare(left)
        br, fr, or_, ur = self._prepare(right)
        _check_pairs(bl, br)
        # sorted column c of left is column ol[c]; its partner sits at position[ol[c]] of right
        position = np.empty_like(or_)
        position[or_] = np.arange(len(or_))
        index = position[ol]
        ne, nx, n = bl.shape[:3]
        out = np.zeros((ne, nx, n // 2, 2, 2), dtype=complex)
        pairs = zip(self._columns(bl, fl, ul, False, 0), self._columns(br, fr, ur, True, 0))
        for (x, u), (_, v) in pairs:
            add_site_products(u, v, index, out[:, self._column(x)])
        return self._patch(out.reshape(ne, nx * n // 2, 2, 2), "site_products", left, right)

    def solve(self, rhs, orbitals=None):
        return self._substitute(rhs, orbitals, adjoint=False)

    def solve_adjoint(self, rhs, orbitals=None):
        return self._substitute(rhs, orbitals, adjoint=True)

    def site_blocks(self):
        nx, n, g = self._nx, self._n, self._g
        ny = n // 2
        ne = len(self.energies)
        out = np.empty((ne, nx, ny, 2, 2), dtype=complex)
        y = np.arange(ny)
        current = g[nx - 1]
        for x in range(nx - 1, -1, -1):
            if x < nx - 1:
                # g_x H_{x,x+1} G_{x+1,x+1} H_{x+1,x} g_x, H_{x,x+1} = H_{x+1,x}^dagger
                left = _right_h(g[x], self._bond[x])
                right = _left(self._bond[x], g[x])
                current = g[x] + left @ current @ right
            out[:, self._column(x)] = (
                current.reshape(ne, ny, 2, ny, 2)[:, y, :, y, :].swapaxes(0, 1)
            )
        return self._patch(out, "site_blocks")

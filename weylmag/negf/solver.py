r"""The interface between the observables and the Green's-function solvers.

A solver turns a device, a batch of energies and the lead self-energies
into a :class:`Factorization` of :math:`A(E) = E - H - \sum_\alpha
\Sigma_\alpha(E)`, which applies the retarded Green's function
:math:`G = A^{-1}` (and :math:`G^\dagger`) to vectors and returns the
site-diagonal blocks of G. Observables only use this interface, so any
solver that implements it can be passed as ``solver=``:
:class:`~weylmag.negf.RGFSolver` (recursive Green's functions, the
default), :class:`~weylmag.negf.NestedDissectionSolver` or
:class:`~weylmag.negf.SparseLUSolver`.
"""

import concurrent.futures

import numpy as np
import threadpoolctl

from .._kernels.rgf import add_site_products, add_spin_densities

__all__ = [
    "Factorization",
    "Solver",
    "channel_groups",
    "default_solver",
    "energy_chunk",
    "full_rhs",
    "lead_columns",
    "lead_rhs",
]


class Solver:
    """Base class: ``factorize(device, energies, sigmas) -> Factorization``."""

    def factorize(self, device, energies, sigmas):
        """Factorize A(E) at the energies (1D array) with the leads' Σ (list)."""
        raise NotImplementedError


class Factorization:
    """G(E) at a batch of energies, applied to vectors.

    Attributes
    ----------
    energies : (nE,) ndarray
    device : Device
    """

    energies = None
    device = None

    def solve(self, rhs, orbitals=None):
        """G @ rhs for rhs of shape (nE, n_orbitals, k) (or (n_orbitals, k)).

        With ``orbitals`` (an index array) only those rows of the result are
        returned, and a solver may skip work the other rows would need.
        """
        raise NotImplementedError

    def solve_adjoint(self, rhs, orbitals=None):
        """G^dagger @ rhs, as :meth:`solve`."""
        raise NotImplementedError

    def site_blocks(self):
        """Site-diagonal 2 x 2 blocks of G, shape (nE, nx, ny, 2, 2)."""
        raise NotImplementedError

    def spin_densities(self, rhs, groups, rows=None):
        r"""Electron and spin densities of the columns of :math:`u = G\,\mathrm{rhs}`, per group.

        Parameters
        ----------
        rhs : (nE, n_orbitals, k) array_like
            Or (nE, len(rows), k) with ``rows``.
        groups : list of slice
            Columns of rhs summed together (e.g. the channels of each lead).
        rows : (m,) array_like of int, optional
            The orbitals of the rows given in rhs; the others are zero (e.g.
            a lead's channels, from :func:`lead_columns`).

        Returns
        -------
        (nE, n_groups, n_sites, 4) ndarray
            :math:`(n, s_x, s_y, s_z) = \sum_c(|u_c|^2, u_c^\dagger\tfrac{\boldsymbol
            \sigma}2u_c)` per site over the columns c of each group.
        """
        u = self.solve(full_rhs(rhs, rows, self.device.n_orbitals))
        labels = group_labels(groups, u.shape[-1])
        out = np.zeros((u.shape[0], len(groups), u.shape[1] // 2, 4))
        add_spin_densities(u, labels, out)
        return out

    def site_products(self, left, right):
        r"""Site-diagonal 2 x 2 blocks of :math:`(G\,L)(G^\dagger R)^\dagger`.

        Parameters
        ----------
        left, right : (nE, n_orbitals, k) array_like
            L and R, right-hand sides with the same number of columns.

        Returns
        -------
        (nE, n_sites, 2, 2) ndarray
            :math:`\sum_c (GL)_{ia,c}\,(G^\dagger R)^*_{ib,c}` at every site i
            (spins a, b).
        """
        _check_pairs(np.asarray(left), np.asarray(right))
        u, v = self.solve(left), self.solve_adjoint(right)
        out = np.zeros((u.shape[0], u.shape[1] // 2, 2, 2), dtype=complex)
        add_site_products(u, v, np.arange(u.shape[-1]), out)
        return out


def site_blocks_by_solves(factorization):
    """Site-diagonal blocks of G by solving for unit vectors, a column of the layer at once.

    Exact to the solves' rounding, at the cost of a full inverse: for solvers
    without a cheaper route (SuperLU) or where that route rounds badly.
    """
    device = factorization.device
    nx, ny = device.shape
    n = device.block_size
    ne = len(factorization.energies)
    out = np.empty((ne, nx, ny, 2, 2), dtype=complex)
    y = np.arange(ny)
    for x in range(nx):
        rows = np.arange(x * n, (x + 1) * n)
        unit = np.zeros((device.n_orbitals, n))
        unit[rows] = np.eye(n)
        column = factorization.solve(unit, orbitals=rows)
        out[:, x] = column.reshape(ne, ny, 2, ny, 2)[:, y, :, y, :].swapaxes(0, 1)
    return out


def _check_pairs(left, right):
    if left.shape[-1] != right.shape[-1]:
        raise ValueError(
            f"left and right must have as many columns; got {left.shape[-1]} and "
            f"{right.shape[-1]}."
        )


def group_labels(groups, k):
    """Group index of each of the k columns, from the slices in ``groups`` (which must cover them)."""
    labels = np.full(k, -1, dtype=np.int64)
    for g, columns in enumerate(groups):
        labels[columns] = g
    if np.any(labels < 0):
        raise ValueError(f"the groups {groups} do not cover the {k} columns.")
    return labels


def energy_chunk(device, budget=2**27):
    """Energies per solver batch so that the block storage stays below ``budget`` bytes."""
    nx, _ = device.shape
    n = device.block_size
    per_energy = 6 * nx * n * n * 16
    return int(max(1, min(512, budget // per_energy)))


def as_rhs(rhs, n_energies):
    """Broadcast a right-hand side to (nE, n_orbitals, k), complex."""
    r = np.asarray(rhs, dtype=complex)
    if r.ndim == 2:
        r = np.broadcast_to(r, (n_energies, *r.shape))
    if r.ndim != 3 or r.shape[0] != n_energies:
        raise ValueError(
            f"rhs must have shape (n_orbitals, k) or ({n_energies}, n_orbitals, k); got "
            f"{np.shape(rhs)}."
        )
    return r


def default_solver(device):
    """RGF when every lead is on the left or right edge, else sparse LU."""
    from .rgf import RGFSolver
    from .sparselu import SparseLUSolver

    if all(lead.side in ("left", "right") for lead in device.leads):
        return RGFSolver()
    return SparseLUSolver()


def lead_rhs(device, blocks):
    """Embed per-lead interface matrices (nE, 2W_a, c_a) as one (nE, n_orbitals, sum c_a).

    Returns the array and the column slice of each lead.
    """
    values, rows, slices = lead_columns(device, blocks)
    return full_rhs(values, rows, device.n_orbitals), slices


def lead_columns(device, blocks):
    """Per-lead interface matrices (nE, 2W_a, c_a) as the lead rows of one right-hand side.

    Returns the rows (nE, m, sum c_a), their orbitals (m,) and the column
    slice of each lead: what :func:`lead_rhs` embeds, for solvers that take
    the nonzero rows alone (``rows=`` of :meth:`Factorization.spin_densities`).
    """
    ne = blocks[0].shape[0]
    widths = [b.shape[-1] for b in blocks]
    # leads on two edges may share the corner site: each orbital is one row
    rows = np.unique(np.concatenate([np.asarray(lead.orbitals) for lead in device.leads]))
    out = np.zeros((ne, len(rows), sum(widths)), dtype=complex)
    slices, start = [], 0
    for lead, block, width in zip(device.leads, blocks, widths):
        out[:, np.searchsorted(rows, lead.orbitals), start : start + width] = block
        slices.append(slice(start, start + width))
        start += width
    return out, rows, slices


def probe_vector(n):
    """A fixed random complex vector of n entries, whose solve measures a backward error.

    Shared by :class:`~weylmag.negf.RGFSolver` and
    :class:`~weylmag.negf.NestedDissectionSolver`.
    """
    return np.random.default_rng(0).standard_normal((n, 2)) @ [1, 1j]


def full_rhs(rhs, rows, n_orbitals):
    """rhs (..., len(rows), k) as the full (..., n_orbitals, k), zero elsewhere (None: rhs)."""
    if rows is None:
        return rhs
    r = np.asarray(rhs)
    out = np.zeros((*r.shape[:-2], n_orbitals, r.shape[-1]), dtype=complex)
    out[..., np.asarray(rows), :] = r
    return out


def thread_map(func, items, workers):
    """``[func(i) for i in items]`` on ``workers`` threads, with BLAS single-threaded meanwhile.

    The solvers' kernels and numpy's products release the GIL, so the
    threads run at once; a multi-threaded BLAS inside each of them would put
    more threads than cores on the machine (six times slower on two cores).
    """
    if workers > 1 and len(items) > 1:
        with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):
            with concurrent.futures.ThreadPoolExecutor(workers) as pool:
                return list(pool.map(func, items))
    return [func(i) for i in items]


def energy_batches(energies, chunk):
    """Split a 1D array of energies into batches of at most ``chunk``."""
    return [energies[s : s + chunk] for s in range(0, len(energies), chunk)]


def channel_groups(blocks):
    """Group the energies of a batch by their open channels.

    Parameters
    ----------
    blocks : list of (nE, 2W_a, c_a) arrays
        Channel matrices of every lead (zero columns are closed channels).

    Returns
    -------
    list of (indices, columns)
        Energy indices sharing one pattern of open channels, and for every
        lead the indices of its open columns; patterns without any open
        channel are left out.
    """
    masks = [np.any(b != 0, axis=-2) for b in blocks]
    full = np.concatenate(masks, axis=1)
    patterns, inverse = np.unique(full, axis=0, return_inverse=True)
    groups = []
    for p, pattern in enumerate(patterns):
        if not pattern.any():
            continue
        columns, start = [], 0
        for m in masks:
            columns.append(np.flatnonzero(pattern[start : start + m.shape[1]]))
            start += m.shape[1]
        groups.append((np.flatnonzero(inverse.ravel() == p), columns))
    return groups

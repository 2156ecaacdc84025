r"""Sparse LU solver: any lead geometry, one factorization per energy.

:math:`A(E) = E - H - \sum_\alpha\Sigma_\alpha(E)` is assembled on a
sparsity pattern fixed by the lattice and the lead interfaces (every
on-site and bond 2 x 2 block and every lead's interface block stored, zero
or not), built once per lattice and lead geometry; each energy only fills
in the values and is factorized by SuperLU with a fill-reducing column
ordering (COLAMD by default). SuperLU as exposed by scipy offers no reuse
of a symbolic factorization, and factorizing with a stored column
permutation (``permc_spec="NATURAL"`` on the permuted matrix) loses its
internal postordering: on a 40 x 40 layer that triples the fill and is
several times slower than a fresh COLAMD ordering, which costs little
(``tests/benchmarks/bench_negf.py``); the ordering is therefore recomputed. Unlike :class:`~weylmag.negf.RGFSolver`
it accepts leads on any edge; the site-diagonal blocks of G need a solve
with every unit vector, which makes
:meth:`SparseLUFactorization.site_blocks` slow on large devices.
"""

import numpy as np
import scipy.sparse
import scipy.sparse.linalg

from .solver import Factorization, Solver, as_rhs, site_blocks_by_solves

__all__ = ["SparseLUSolver"]


class SparseLUSolver(Solver):
    """SuperLU factorization of the full matrix on a fixed sparsity pattern.

    Parameters
    ----------
    ordering : str
        SuperLU ``permc_spec`` (``"COLAMD"``, ``"MMD_AT_PLUS_A"``,
        ``"MMD_ATA"`` or ``"NATURAL"``; the natural order of the orbitals is
        column by column, a band matrix).

    Examples
    --------
    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, RGFSolver, SparseLUSolver
    >>> dev = SquareLattice(4, 3).attach_lead(side="left").attach_lead(
    ...     side="top").finalized()
    >>> E = np.array([2.0])
    >>> fac = SparseLUSolver().factorize(dev, E, dev.self_energies(E))
    >>> fac.site_blocks().shape
    (1, 4, 3, 2, 2)
    """

    def __init__(self, ordering="COLAMD"):
        self.ordering = ordering
        self._patterns = {}

    def __repr__(self):
        return f"SparseLUSolver(ordering={self.ordering!r})"

    def _pattern(self, device):
        key = _Pattern.key(device)
        if key not in self._patterns:
            self._patterns[key] = _Pattern(device)
        return self._patterns[key]

    def factorize(self, device, energies, sigmas):
        pattern = self._pattern(device)
        return SparseLUFactorization(device, energies, sigmas, pattern, self.ordering)


class _Pattern:
    """Fixed sparsity pattern of A for one lattice and lead geometry."""

    @staticmethod
    def key(device):
        """What the pattern depends on: the lattice's shape and the leads' orbitals."""
        return device.shape, tuple(tuple(lead.orbitals) for lead in device.leads)

    def __init__(self, device):
        nx, ny = device.shape
        n = device.block_size
        site = np.arange(nx * ny).reshape(nx, ny)
        rows, cols, sources = [], [], []
        a, b = np.meshgrid([0, 1], [0, 1], indexing="ij")
        a, b = a.ravel(), b.ravel()

        def couple(r, c, kind):
            # 2x2 block between sites r (row) and c (column), all four entries
            rows.append((2 * r[:, None] + a).ravel())
            cols.append((2 * c[:, None] + b).ravel())
            sources.append(np.full(len(r) * 4, kind))

        couple(site.ravel(), site.ravel(), 0)
        couple(site[:, 1:].ravel(), site[:, :-1].ravel(), 0)
        couple(site[:, :-1].ravel(), site[:, 1:].ravel(), 0)
        couple(site[1:, :].ravel(), site[:-1, :].ravel(), 1)
        couple(site[:-1, :].ravel(), site[1:, :].ravel(), 2)
        rows, cols, kind = (
            np.concatenate(rows),
            np.concatenate(cols),
            np.concatenate(sources),
        )
        # where each stencil entry lives in the block arrays
        block_r, block_c = rows // n, cols // n
        self.kind = kind
        self.block = np.where(kind == 1, block_c, block_r)
        self.local = (rows % n, cols % n)
        lead_rows = [
            np.repeat(lead.orbitals, len(lead.orbitals)) for lead in device.leads
        ]
        lead_cols = [
            np.tile(lead.orbitals, len(lead.orbitals)) for lead in device.leads
        ]
        all_rows = np.concatenate([rows, *lead_rows])
        all_cols = np.concatenate([cols, *lead_cols])
        size = device.n_orbitals
        # CSC slots: entries sorted by (column, row); duplicates share a slot
        keys = all_cols.astype(np.int64) * size + all_rows
        unique = np.unique(keys)
        self.positions = np.searchsorted(unique, keys)
        self.indices = (unique % size).astype(np.int32)
        self.indptr = np.searchsorted(unique // size, np.arange(size + 1)).astype(
            np.int32
        )
        self.n_stencil = len(rows)
        self.lead_slices = []
        start = len(rows)
        for lead in device.leads:
            k = len(lead.orbitals)
            self.lead_slices.append(slice(start, start + k * k))
            start += k * k
        self.diag_positions = self.positions[: len(rows)][rows == cols]
        self.size = size
        self.nnz = len(unique)

    def matrices(self, device, energies, sigmas):
        """A(E) as CSC on the fixed pattern, for each energy (sigmas: per lead, (nE, k, k)).

        The part of H is assembled once; each energy adds E on the diagonal
        and the leads' self-energies (one slot per entry of a lead's block).
        """
        diag = device.diagonal_blocks()
        bonds = device.bonds_x()  # H_{(x+1,y),(x,y)}, (nx - 1, ny, 2, 2)
        values = np.empty(self.n_stencil, dtype=complex)
        r, c = self.local
        k0, k1, k2 = self.kind == 0, self.kind == 1, self.kind == 2
        values[k0] = diag[self.block[k0], r[k0], c[k0]]
        values[k1] = bonds[self.block[k1], r[k1] // 2, r[k1] % 2, c[k1] % 2]
        values[k2] = np.conj(bonds[self.block[k2], c[k2] // 2, c[k2] % 2, r[k2] % 2])
        minus_h = np.zeros(self.nnz, dtype=complex)
        np.add.at(minus_h, self.positions[: self.n_stencil], -values)
        for e, energy in enumerate(energies):
            data = minus_h.copy()
            data[self.diag_positions] += energy
            for s, sigma in zip(self.lead_slices, sigmas):
                data[self.positions[s]] -= sigma[e].reshape(-1)
            yield scipy.sparse.csc_matrix(
                (data, self.indices, self.indptr), shape=(self.size, self.size)
            )


class SparseLUFactorization(Factorization):
    """SuperLU factors of A(E) at each energy of a batch."""

    def __init__(self, device, energies, sigmas, pattern, ordering):
        self.device = device
        self.energies = np.atleast_1d(np.asarray(energies))
        self._lu = [
            scipy.sparse.linalg.splu(a, permc_spec=ordering)
            for a in pattern.matrices(device, self.energies, sigmas)
        ]

    def _solve(self, rhs, orbitals, trans):
        r = as_rhs(rhs, len(self.energies))
        out = np.empty(r.shape, dtype=complex)
        for k, lu in enumerate(self._lu):
            out[k] = lu.solve(np.ascontiguousarray(r[k]), trans=trans)
        return out if orbitals is None else out[:, np.asarray(orbitals), :]

    def solve(self, rhs, orbitals=None):
        return self._solve(rhs, orbitals, "N")

    def solve_adjoint(self, rhs, orbitals=None):
        return self._solve(rhs, orbitals, "H")

    def site_blocks(self):
        return site_blocks_by_solves(self)

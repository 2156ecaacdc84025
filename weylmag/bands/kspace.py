r"""Regions of momentum space and the uniform grids that integrate over them.

Every integral in :mod:`weylmag.bands` is a Brillouin-zone average in the
normalisation of the semiclassical theory (seed 001, Eq. 2.7),

.. math::

    \int[d\mathbf{k}]\,F = \int\frac{d^d k}{(2\pi)^d}\,F(\mathbf{k}),

with :math:`\mathbf{k}` in 1/m, so that a density of states per unit length,
area or volume comes out in SI. Two kinds of region:

- :class:`BrillouinZone`: a lattice model, periodic in :math:`\mathbf{k}`;
  the grid is the shifted Monkhorst-Pack grid, which converges
  exponentially for smooth periodic integrands (a gapped band).
- :class:`KBox`: a rectangular box of a continuum (:math:`k\cdot p`) model,
  integrated by the midpoint rule. The box is a momentum cutoff and part of
  the model: a Berry curvature that decays as a power of :math:`1/k` leaves
  a cutoff error that the grid does not remove.
"""

import math
import numbers

import numpy as np

__all__ = ["BrillouinZone", "KBox"]

#: Finite-difference step in k as a fraction of the largest extent of the region.
DK_FRACTION = 1e-7


def _dimension_check(dim, name):
    if dim not in (1, 2, 3):
        raise ValueError(f"{name} must describe 1, 2 or 3 dimensions; got {dim}.")


class _Region:
    """Shared grid machinery: subclasses set ``origin`` (d,) and ``axes`` (d, d)."""

    periodic = False

    @property
    def dim(self):
        """Number of momentum components d."""
        return self.axes.shape[0]

    @property
    def volume(self):
        """k-space volume of the region (1/m^d)."""
        return abs(float(np.linalg.det(self.axes)))

    @property
    def default_dk(self):
        """Finite-difference step in k (1/m): ``DK_FRACTION`` times the largest extent."""
        return DK_FRACTION * float(np.max(np.linalg.norm(self.axes, axis=1)))

    def weight(self, n_k):
        r"""Weight of one grid point, :math:`V_k/(n^d(2\pi)^d)` (1/m^d)."""
        return self.volume / (n_k**self.dim * (2 * math.pi) ** self.dim)

    def points(self, n_k, start=0, stop=None):
        """Grid points ``start`` to ``stop`` (flat index) of the n_k^d grid, shape (N, d), 1/m.

        The grid has ``n_k`` points along each axis at the fractions
        ``(j + 1/2)/n_k`` of the axis: the midpoints of a box, or the shifted
        Monkhorst-Pack grid of a Brillouin zone (which avoids the
        high-symmetry points where Dirac and Weyl nodes sit).
        """
        n_k = _grid_size(n_k)
        total = n_k**self.dim
        stop = total if stop is None else min(stop, total)
        index = np.arange(start, stop)
        fractions = np.stack(np.unravel_index(index, (n_k,) * self.dim), axis=-1)
        fractions = (fractions + 0.5) / n_k
        return self.origin + fractions @ self.axes

    def chunks(self, n_k, size):
        """Yield the grid points in blocks of at most ``size`` (bounded memory)."""
        total = _grid_size(n_k) ** self.dim
        for start in range(0, total, size):
            yield self.points(n_k, start, start + size)


def _grid_size(n_k):
    if not isinstance(n_k, numbers.Integral) or n_k < 1:
        raise ValueError(
            f"n_k must be a positive integer (points per axis); got {n_k!r}."
        )
    return int(n_k)


class BrillouinZone(_Region):
    r"""The Brillouin zone of a lattice, spanned by reciprocal-lattice vectors.

    Parameters
    ----------
    reciprocal_vectors : array_like, shape (d, d)
        The rows are the primitive reciprocal-lattice vectors
        :math:`\mathbf{b}_i` (1/m), :math:`\mathbf{a}_i\cdot\mathbf{b}_j =
        2\pi\delta_{ij}`. Any primitive cell of the reciprocal lattice is a
        Brillouin zone for a Hamiltonian with :math:`H(\mathbf{k} +
        \mathbf{b}_i) = H(\mathbf{k})` (up to a unitary transformation).

    Examples
    --------
    >>> bz = BrillouinZone.cubic(1e-9, dim=2)
    >>> bz
    BrillouinZone(reciprocal_vectors=[[6283185307.18, 0.0], [0.0, 6283185307.18]])
    >>> round(bz.weight(1) * 1e-18, 12)  # V_BZ/(2 pi)^2 = 1/a^2, in 1/nm^2
    1.0
    """

    periodic = True

    def __init__(self, reciprocal_vectors):
        b = np.atleast_2d(np.asarray(reciprocal_vectors, dtype=float))
        if b.ndim != 2 or b.shape[0] != b.shape[1]:
            raise ValueError(
                "reciprocal_vectors must be a square (d, d) array whose rows are the "
                f"reciprocal-lattice vectors; got shape {b.shape}."
            )
        _dimension_check(b.shape[0], "reciprocal_vectors")
        if not np.all(np.isfinite(b)) or abs(np.linalg.det(b)) == 0:
            raise ValueError(
                "reciprocal_vectors must be finite and linearly independent; "
                f"got {b.tolist()}."
            )
        self.axes = b
        self.origin = np.zeros(b.shape[0])

    @classmethod
    def from_lattice(cls, lattice_vectors):
        r"""The zone of real-space primitive vectors (rows, m): :math:`B = 2\pi A^{-T}`."""
        a = np.atleast_2d(np.asarray(lattice_vectors, dtype=float))
        if a.ndim != 2 or a.shape[0] != a.shape[1] or abs(np.linalg.det(a)) == 0:
            raise ValueError(
                "lattice_vectors must be a square (d, d) array of linearly independent "
                f"rows (m); got {a.tolist()}."
            )
        return cls(2 * math.pi * np.linalg.inv(a).T)

    @classmethod
    def cubic(cls, a, dim=3):
        r"""Simple cubic (square, chain) lattice of constant ``a`` (m): :math:`b = 2\pi/a`."""
        if not (isinstance(a, numbers.Real) and a > 0):
            raise ValueError(f"a must be a positive lattice constant (m); got {a!r}.")
        _dimension_check(dim, "dim")
        return cls(2 * math.pi / a * np.eye(dim))

    def __repr__(self):
        rows = [[round(float(x), 2) for x in row] for row in self.axes]
        return f"BrillouinZone(reciprocal_vectors={rows})"


class KBox(_Region):
    r"""A rectangular region of a continuum model: :math:`k_i \in [k_i^-, k_i^+]`.

    Parameters
    ----------
    bounds : sequence of (float, float)
        One ``(k_min, k_max)`` pair per momentum component (1/m).

    Examples
    --------
    >>> box = KBox.centered((0.0, 0.0), 1e9)
    >>> box
    KBox(bounds=[(-1000000000.0, 1000000000.0), (-1000000000.0, 1000000000.0)])
    >>> box.points(2)[:, 0] / 1e9
    array([-0.5, -0.5,  0.5,  0.5])
    """

    def __init__(self, bounds):
        try:
            lo_hi = np.array(bounds, dtype=float).reshape(-1, 2)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"bounds must be one (k_min, k_max) pair per dimension (1/m); got {bounds!r}."
            ) from error
        if np.size(bounds) != lo_hi.size:
            raise ValueError(
                f"bounds must be one (k_min, k_max) pair per dimension (1/m); got {bounds!r}."
            )
        _dimension_check(lo_hi.shape[0], "bounds")
        if not np.all(np.isfinite(lo_hi)) or np.any(lo_hi[:, 1] <= lo_hi[:, 0]):
            raise ValueError(
                f"every pair of bounds must be finite with k_min < k_max; got {bounds!r}."
            )
        self.bounds = lo_hi
        self.origin = lo_hi[:, 0].copy()
        self.axes = np.diag(lo_hi[:, 1] - lo_hi[:, 0])

    @classmethod
    def centered(cls, center, half_width):
        """The box ``center +- half_width`` (1/m; ``half_width`` a number or one per axis)."""
        c = np.atleast_1d(np.asarray(center, dtype=float))
        w = np.broadcast_to(np.asarray(half_width, dtype=float), c.shape)
        return cls(np.stack([c - w, c + w], axis=-1))

    def __repr__(self):
        pairs = [(float(lo), float(hi)) for lo, hi in self.bounds]
        return f"KBox(bounds={pairs})"

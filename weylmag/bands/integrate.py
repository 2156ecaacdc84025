r"""Integration over a k-space region with grid doubling until converged.

:func:`integrate` evaluates

.. math::

    I_n = \sum_{\mathbf{k}\in\text{grid}_n} w_n\,F(\mathbf{k})
    \;\approx\; \int\frac{d^dk}{(2\pi)^d}\,F(\mathbf{k})

on grids of :math:`n^d` points (see :mod:`weylmag.bands.kspace`), doubling
n until :math:`\max|I_n - I_{n/2}| \le \text{atol} + \text{rtol}\max|I_n|`,
and reports :math:`I_n` with the error estimate :math:`\max|I_n - I_{n/2}|`
(conservative for a converging sequence: the error of :math:`I_n` is
smaller than the last change).
"""

import dataclasses
import numbers
import warnings

import numpy as np

from .kspace import _Region

__all__ = [
    "DEFAULT_MAX_N_K",
    "DEFAULT_N_K",
    "BandIntegral",
    "ConvergenceWarning",
    "integrate",
]

#: First grid (points per axis) by dimension.
DEFAULT_N_K = {1: 256, 2: 32, 3: 16}
#: Largest grid (points per axis) by dimension: 2^20, 4096^2 and 128^3 points.
DEFAULT_MAX_N_K = {1: 2**20, 2: 4096, 3: 128}
#: k points handled per block (bounds memory).
CHUNK = 16384


class ConvergenceWarning(UserWarning):
    """The k-grid reached ``max_n_k`` before the requested tolerance."""


@dataclasses.dataclass(frozen=True)
class BandIntegral:
    """A k-space integral with its convergence record.

    Attributes
    ----------
    value : ndarray or float
        The integral on the finest grid, in ``unit``.
    error : float
        ``max|I_n - I_{n/2}|`` of the last doubling, in ``unit``.
    n_k : int
        Points per axis of the finest grid.
    converged : bool
        Whether ``error`` met the tolerance.
    history : tuple of (int, ndarray)
        ``(n_k, value)`` for every grid evaluated.
    unit : str
        SI unit of ``value``.
    """

    value: object
    error: float
    n_k: int
    converged: bool
    history: tuple
    unit: str = ""

    def scaled(self, factor, unit):
        """The same integral times ``factor`` (a number or an array-valued map)."""
        f = factor if callable(factor) else (lambda v: v * factor)
        history = tuple((n, f(v)) for n, v in self.history)
        previous = history[-2][1] if len(history) > 1 else history[-1][1]
        error = float(np.max(np.abs(np.asarray(history[-1][1]) - np.asarray(previous))))
        return BandIntegral(
            history[-1][1], error, self.n_k, self.converged, history, unit
        )

    def __repr__(self):
        v = np.asarray(self.value)
        shown = f"{float(v):.6g}" if v.ndim == 0 else f"array(shape={v.shape})"
        return (
            f"BandIntegral(value={shown}, error={self.error:.3g}, n_k={self.n_k}, "
            f"converged={self.converged}, unit={self.unit!r})"
        )


def _grid_sum(function, region, n_k, chunk):
    total = None
    for k in region.chunks(n_k, chunk):
        part = np.asarray(function(k))
        if part.shape[:1] != (len(k),):
            raise ValueError(
                f"the integrand must return one value per k point, shape ({len(k)}, ...); "
                f"got {part.shape}."
            )
        s = part.sum(axis=0)
        total = s if total is None else total + s
    return total * region.weight(n_k)


def integrate(
    function, region, *, n_k=None, rtol=1e-4, atol=0.0, max_n_k=None, unit=""
):
    r"""Integrate :math:`\int d^dk/(2\pi)^d\,F(\mathbf{k})` over ``region`` to a tolerance.

    Parameters
    ----------
    function : callable
        ``function(k)`` with k of shape (N, d) (1/m) returning an array of
        shape (N, ...).
    region : BrillouinZone or KBox
        The region.
    n_k : int, optional
        First grid, points per axis (default 256, 32, 16 in 1, 2, 3 D).
    rtol, atol : float
        Stop when ``max|I_n - I_{n/2}| <= atol + rtol * max|I_n|``.
    max_n_k : int, optional
        Largest grid, points per axis (default 2^20, 4096, 128 in 1, 2, 3 D);
        reaching it first gives a :class:`ConvergenceWarning`.
    unit : str
        Unit of the result, for display.

    Returns
    -------
    BandIntegral

    Examples
    --------
    :math:`\int_{-\pi}^{\pi}\frac{dk}{2\pi}\cos^2k = \frac12`, exact on any
    grid of more than two points:

    >>> import numpy as np
    >>> from weylmag.bands import BrillouinZone, integrate
    >>> r = integrate(lambda k: np.cos(k[:, 0]) ** 2, BrillouinZone.cubic(1.0, dim=1), n_k=8)
    >>> round(float(r.value * 2 * np.pi), 12), r.n_k, r.converged
    (3.14159265359, 16, True)
    """
    if not isinstance(region, _Region):
        raise TypeError(
            f"region must be a BrillouinZone or KBox; got {type(region).__name__}."
        )
    d = region.dim
    n = DEFAULT_N_K[d] if n_k is None else n_k
    top = DEFAULT_MAX_N_K[d] if max_n_k is None else max_n_k
    for label, value in (("n_k", n), ("max_n_k", top)):
        if not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(
                f"{label} must be a positive integer (points per axis); got {value!r}."
            )
    if top < 2 * n:
        raise ValueError(
            f"max_n_k ({top}) must allow at least one doubling of n_k ({n}) for an error "
            f"estimate; pass max_n_k >= {2 * n}."
        )
    if not (rtol >= 0 and atol >= 0) or (rtol == 0 and atol == 0):
        raise ValueError(
            f"rtol and atol must be >= 0 and not both 0; got rtol={rtol}, atol={atol}."
        )
    history = []
    previous = None
    while True:
        value = _grid_sum(function, region, n, CHUNK)
        history.append((n, value))
        if previous is not None:
            error = float(np.max(np.abs(value - previous)))
            if error <= atol + rtol * float(np.max(np.abs(value))):
                return BandIntegral(value, error, n, True, tuple(history), unit)
            if 2 * n > top:
                warnings.warn(
                    f"k-space integral not converged at n_k = {n} (change {error:.3g} {unit}, "
                    f"rtol={rtol}, atol={atol}); raise max_n_k, loosen rtol/atol, or, for a "
                    "metal at T = 0, give a temperature T > 0.",
                    ConvergenceWarning,
                    stacklevel=3,
                )
                return BandIntegral(value, error, n, False, tuple(history), unit)
        previous = value
        n *= 2

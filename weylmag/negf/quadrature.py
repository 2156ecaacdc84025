r"""Adaptive energy integration for Green's-function observables.

:func:`integrate_energy` evaluates :math:`\int_a^b F(E)\,dE` for an
array-valued F given at many energies at once (the solvers work on batches
of energies). The range is cut at the break points (lead channel thresholds,
chemical potentials) into pieces; on a finite piece :math:`[e_0, e_1]` the
substitution

.. math::

    E(u) = e_0 + (e_1 - e_0)\sin^2\!\frac{\pi u}{2},\qquad u\in[0, 1],

makes an integrand with square-root behaviour at both ends (a channel
opening, :math:`\sqrt{E - e_0}`, or the :math:`1/\sqrt{E - e_0}` of
:math:`\partial_E\Sigma`) analytic in u. A piece reaching down to
:math:`-\infty` (wide-band leads) uses :math:`E(u) = e_1 - c\,(1-u)^2/u`.
Each piece is integrated by adaptive 7-15 point Gauss-Kronrod quadrature in
u: the interval error is :math:`\max|K_{15} - G_7|` over the components of
F (conservative: the Kronrod value is much more accurate than this), and
the intervals carrying the largest errors are bisected (or, with
``grading``, split closer to the end of a piece they touch), in batches,
until the summed error is below :math:`\max(\text{atol}, \text{rtol}\max|I|)`.
:func:`adaptive_gauss_kronrod` is the same refinement along any
parametrised path, complex contours included (the arc of
:class:`~weylmag.negf.AdiabaticPump`).
"""

import dataclasses
import itertools
import warnings

import numpy as np
import scipy.special

__all__ = [
    "EnergyIntegral",
    "QuadratureWarning",
    "adaptive_gauss_kronrod",
    "fermi_dirac",
    "fermi_window",
    "integrate_energy",
]

#: Fermi tails beyond mu +- TAIL * kT are dropped (f or 1 - f below 5e-18).
TAIL = 40.0

# Gauss-Kronrod 7-15 on [-1, 1] (nodes >= 0; the rule is symmetric).
_XK = np.array(
    [
        0.991455371120812639206854697526329,
        0.949107912342758524526189684047851,
        0.864864423359769072789712788640926,
        0.741531185599394439863864773280788,
        0.586087235467691130294144845693013,
        0.405845151377397166906606412076961,
        0.207784955007898467600689403773245,
        0.000000000000000000000000000000000,
    ]
)
_WK = np.array(
    [
        0.022935322010529224963732008058970,
        0.063092092629978553290700663189204,
        0.104790010322250183839876322541518,
        0.140653259715525918745189590510238,
        0.169004726639267902826583426598550,
        0.190350578064785409913256402421014,
        0.204432940075298892414161999234649,
        0.209482141084727828012999174891714,
    ]
)
_WG = np.array(
    [
        0.129484966168869693270611432679082,
        0.279705391489276667901467771423780,
        0.381830050505118944950369775488975,
        0.417959183673469387755102040816327,
    ]
)
NODES = np.concatenate([-_XK[:-1], _XK[::-1]])
KRONROD_WEIGHTS = np.concatenate([_WK[:-1], _WK[::-1]])
GAUSS_WEIGHTS = np.zeros(15)
GAUSS_WEIGHTS[[1, 3, 5, 7, 9, 11, 13]] = np.concatenate([_WG[:-1], _WG[::-1]])


#: Intervals narrower than this (in the mapped variable u in [0, 1]) are not split.
MIN_WIDTH = 1e-9


class QuadratureWarning(UserWarning):
    """An energy integral stopped at ``max_intervals`` before reaching its tolerance."""


@dataclasses.dataclass(frozen=True)
class EnergyIntegral:
    """An energy integral with its error record.

    Attributes
    ----------
    value : ndarray or float
        The integral (Kronrod estimate summed over the intervals).
    error : float
        Summed interval errors :math:`\\max|K_{15} - G_7|`.
    n_energies : int
        Energies at which the integrand was evaluated.
    n_intervals : int
        Intervals of the final partition.
    converged : bool
        Whether ``error`` met the tolerance.
    breakpoints : tuple of float
        The break points used (range ends included).
    """

    value: object
    error: float
    n_energies: int
    n_intervals: int
    converged: bool
    breakpoints: tuple = ()

    def __repr__(self):
        v = np.asarray(self.value)
        shown = f"{float(v):.6g}" if v.ndim == 0 else f"array(shape={v.shape})"
        return (
            f"EnergyIntegral(value={shown}, error={self.error:.3g}, "
            f"n_energies={self.n_energies}, converged={self.converged})"
        )


def fermi_dirac(energy, mu, kT):
    r"""Fermi-Dirac occupation :math:`f = 1/(1 + e^{(E-\mu)/k_BT})`.

    ``kT = 0`` gives the step (1 below mu, 1/2 at mu, 0 above).

    Examples
    --------
    >>> from weylmag.negf import fermi_dirac
    >>> float(fermi_dirac(0.0, 0.0, 0.1)), float(fermi_dirac(-1.0, 0.0, 0.0))
    (0.5, 1.0)
    """
    e = np.asarray(energy, dtype=float)
    if kT < 0:
        raise ValueError(f"kT must be >= 0; got {kT!r}.")
    if kT == 0:
        return np.where(e < mu, 1.0, np.where(e > mu, 0.0, 0.5))
    return scipy.special.expit(-(e - mu) / kT)


def fermi_window(mu, kT, thresholds=()):
    r"""The window :math:`\mu \pm 40k_BT` as pieces of a path for :func:`adaptive_gauss_kronrod`.

    The integral along it is the thermal average
    :math:`\int(-\partial_Ef)\,F(E)\,dE` (the weight beyond the window is
    below 1e-17). The variable is :math:`p = 1 - f(E)`, so that
    :math:`-\partial_Ef\,dE = dp`: uniform in p, the energies crowd where
    the window is steep. The channel ``thresholds`` inside the window split
    it into pieces, each mapped by :math:`p = p_0 + (p_1 - p_0)(3u^2 - 2u^3)`,
    which makes the square-root behaviour at a threshold analytic in u.

    Returns
    -------
    nodes : callable
        ``nodes(piece, u) -> (E, -f'(E) dE/du)``.
    n_pieces : int

    Examples
    --------
    Sommerfeld's average of :math:`E^2`, :math:`\mu^2 + \pi^2(k_BT)^2/3`:

    >>> import numpy as np
    >>> from weylmag.negf.quadrature import adaptive_gauss_kronrod, fermi_window
    >>> nodes, n_pieces = fermi_window(0.5, 0.01, thresholds=[0.3])
    >>> r = adaptive_gauss_kronrod(lambda e: e**2, nodes, n_pieces, rtol=1e-13)
    >>> n_pieces, bool(np.isclose(r.value, 0.25 + np.pi**2 * 1e-4 / 3, rtol=1e-12, atol=0))
    (2, True)
    """
    inside = [e for e in thresholds if abs(e - mu) < TAIL * kT]
    x = (np.array([mu - TAIL * kT, *inside, mu + TAIL * kT]) - mu) / kT
    # p and 1 - p = f at the ends of the pieces, each without cancellation
    p, q = 1.0 / (1.0 + np.exp(-x)), 1.0 / (1.0 + np.exp(x))

    def nodes(piece, u):
        u = np.asarray(u)
        s, ds = 3.0 * u**2 - 2.0 * u**3, 6.0 * u * (1.0 - u)
        pu = p[piece] + (p[piece + 1] - p[piece]) * s
        qu = q[piece] + (q[piece + 1] - q[piece]) * s
        return mu + kT * (np.log(pu) - np.log(qu)), (p[piece + 1] - p[piece]) * ds

    return nodes, len(x) - 1


class _Piece:
    """A piece [e0, e1] of the energy range with its map u in [0, 1] -> E."""

    def __init__(self, e0, e1, scale):
        self.e0, self.e1, self.scale = e0, e1, scale
        self.tail = np.isneginf(e0)

    def energy(self, u):
        if self.tail:
            e = self.e1 - self.scale * (1 - u) ** 2 / u
        else:
            e = self.e0 + (self.e1 - self.e0) * np.sin(0.5 * np.pi * u) ** 2
            # never evaluate on a break point, even after rounding
            e = np.maximum(e, np.nextafter(self.e0, self.e1))
        return np.minimum(e, np.nextafter(self.e1, self.e0))

    def jacobian(self, u):
        if self.tail:
            return self.scale * (1 - u * u) / (u * u)
        return (self.e1 - self.e0) * 0.5 * np.pi * np.sin(np.pi * u)


def integrate_energy(
    func,
    lower,
    upper,
    breakpoints=(),
    *,
    rtol=1e-8,
    atol=1e-12,
    max_intervals=2000,
    chunk=256,
    tail_scale=4.0,
):
    r"""Integrate an array-valued function of energy over [lower, upper].

    Parameters
    ----------
    func : callable
        ``func(E)`` with E a 1D float array, returning an array of shape
        (len(E), ...).
    lower, upper : float
        Range; ``lower`` may be ``-inf``.
    breakpoints : sequence of float
        Points where F is not analytic (channel thresholds, the steps of
        zero-temperature occupations); those outside the range are ignored.
    rtol, atol : float
        Stop when the summed interval error is below
        ``max(atol, rtol * max|I|)``.
    max_intervals : int
        Limit on the partition; reaching it gives a
        :class:`QuadratureWarning` and ``converged=False``.
    chunk : int
        Largest number of energies per call of ``func``.
    tail_scale : float
        Energy scale c of the map on a piece reaching :math:`-\infty`.

    Returns
    -------
    EnergyIntegral

    Examples
    --------
    :math:`\int_0^1\sqrt{E}\,dE + \int_1^2 dE/\sqrt{2-E} = 2/3 + 2`:

    >>> import numpy as np
    >>> from weylmag.negf import integrate_energy
    >>> f = lambda e: np.where(e < 1, np.sqrt(np.abs(e)), 1 / np.sqrt(np.abs(2 - e)))
    >>> r = integrate_energy(f, 0.0, 2.0, [1.0], rtol=1e-12)
    >>> round(float(r.value), 12), r.converged
    (2.666666666667, True)
    """
    check_tolerances(rtol, atol)
    if np.isposinf(upper) or np.isnan(upper) or np.isnan(lower):
        raise ValueError(f"the upper limit must be finite; got [{lower}, {upper}].")
    if not upper > lower:
        raise ValueError(f"need lower < upper; got [{lower}, {upper}].")
    inner = sorted({float(p) for p in breakpoints if lower < p < upper})
    points = [lower, *inner, upper]
    pieces = [_Piece(a, b, tail_scale) for a, b in itertools.pairwise(points)]

    def nodes(piece, u):
        return pieces[piece].energy(u), pieces[piece].jacobian(u)

    result = adaptive_gauss_kronrod(
        func, nodes, len(pieces), rtol=rtol, atol=atol, max_intervals=max_intervals,
        chunk=chunk, stacklevel=3,
    )
    return dataclasses.replace(result, breakpoints=tuple(points))


def check_tolerances(rtol, atol, initial=1):
    """Raise for tolerances that cannot stop a refinement; return ``int(initial)``."""
    if not (rtol >= 0 and atol >= 0) or (rtol == 0 and atol == 0):
        raise ValueError(
            f"rtol and atol must be >= 0 and not both 0; got {rtol}, {atol}."
        )
    initial = int(initial)
    if initial < 1:
        raise ValueError(f"initial must be >= 1; got {initial}.")
    return initial


def adaptive_gauss_kronrod(
    func,
    nodes,
    n_pieces=1,
    *,
    rtol=1e-8,
    atol=1e-12,
    max_intervals=2000,
    chunk=256,
    initial=1,
    stacklevel=2,
    grading=0.5,
):
    r"""Integrate an array-valued function along pieces of a path by adaptive 7-15 Gauss-Kronrod.

    Each piece k is parametrised by u in [0, 1]: ``nodes(k, u)`` returns the
    points x(u) (real or complex; an array like u) and the Jacobian dx/du,
    and the integral is :math:`\sum_k\int_0^1 F(x_k(u))\,x_k'(u)\,du`.
    Every piece starts as ``initial`` equal intervals in u; the intervals
    carrying the largest errors :math:`\max|K_{15} - G_7|` are bisected, in
    batches, until the summed error is below ``max(atol, rtol * max|I|)``.

    Parameters
    ----------
    func : callable
        ``func(x)`` with x a 1D array of points, returning an array of
        shape (len(x), ...).
    nodes : callable
        ``nodes(k, u) -> (x, dx/du)``.
    n_pieces, initial : int
        Pieces of the path and starting intervals per piece.
    rtol, atol, max_intervals, chunk :
        As in :func:`integrate_energy`.
    stacklevel : int
        Of the :class:`QuadratureWarning` raised when ``max_intervals`` is
        reached.
    grading : float, optional
        Where an interval at an end of a piece (u = 0 or 1) is split, as a
        fraction of its width from that end (default 0.5: every interval is
        bisected). Smaller values reach a structure of scale δ at an end in
        :math:`\log\delta/\log(\text{grading})` splits instead of
        :math:`\log_2\delta`: for a path that touches the real axis at its
        ends, with resonances of G close by.

    Returns
    -------
    EnergyIntegral
        ``n_energies`` counts the points at which func was called.

    Examples
    --------
    Cauchy's formula on the unit circle, :math:`\oint dz/z = 2\pi i`:

    >>> import numpy as np
    >>> from weylmag.negf.quadrature import adaptive_gauss_kronrod
    >>> def circle(k, u):
    ...     z = np.exp(2j * np.pi * u)
    ...     return z, 2j * np.pi * z
    >>> r = adaptive_gauss_kronrod(lambda z: 1 / z, circle, rtol=1e-13)
    >>> complex(np.round(r.value, 12)), r.converged
    (6.28318530718j, True)
    """
    initial = check_tolerances(rtol, atol, initial)
    grading = float(grading)
    if not 0 < grading <= 0.5:
        raise ValueError(
            f"grading must be in (0, 0.5] (0.5 bisects every interval); got {grading}."
        )
    # intervals: rows (piece, u0, u1)
    intervals = [
        (k, j / initial, (j + 1) / initial) for k in range(n_pieces) for j in range(initial)
    ]
    n_energies = 0

    def evaluate(rows):
        nonlocal n_energies
        idx = np.array([r[0] for r in rows])
        u0 = np.array([r[1] for r in rows])
        u1 = np.array([r[2] for r in rows])
        half, mid = 0.5 * (u1 - u0), 0.5 * (u1 + u0)
        u = mid[:, None] + half[:, None] * NODES[None, :]
        parts = {k: nodes(k, u[idx == k]) for k in np.unique(idx)}
        dtype = np.result_type(*(a for x, dx in parts.values() for a in (x, dx)))
        points = np.empty(u.shape, dtype=dtype)
        weights = np.empty(u.shape, dtype=dtype)
        for k, (x, dx) in parts.items():
            sel = idx == k
            points[sel] = x
            weights[sel] = dx * half[sel, None]
        flat = points.ravel()
        values = [
            np.asarray(func(flat[s : s + chunk])) for s in range(0, len(flat), chunk)
        ]
        values = np.concatenate(values, axis=0)
        n_energies += len(flat)
        finite = np.isfinite(values.reshape(len(flat), -1)).all(axis=1)
        if not finite.all():
            raise FloatingPointError(
                f"the integrand is not finite at E = {flat[~finite][:5]} (an unlisted "
                "channel threshold or a pole of G on the real axis?)."
            )
        values = values.reshape(len(rows), 15, *values.shape[1:])
        extra = (None,) * (values.ndim - 2)
        wk = (weights * KRONROD_WEIGHTS)[(..., *extra)]
        wg = (weights * GAUSS_WEIGHTS)[(..., *extra)]
        kronrod = np.sum(wk * values, axis=1)
        gauss = np.sum(wg * values, axis=1)
        err = np.abs(kronrod - gauss).reshape(len(rows), -1).max(axis=1)
        return kronrod, err

    values, errors = evaluate(intervals)
    converged = False
    while True:
        total = values.sum(axis=0)
        error = float(errors.sum())
        tol = max(atol, rtol * float(np.max(np.abs(total))))
        if error <= tol:
            converged = True
            break
        widths = np.array([r[2] - r[1] for r in intervals])
        splittable = (widths > MIN_WIDTH) & (errors > 0)
        if len(intervals) >= max_intervals or not np.any(splittable):
            warnings.warn(
                f"energy integral not converged with {len(intervals)} intervals (error "
                f"{error:.3g}, tolerance {tol:.3g}); raise max_intervals or loosen "
                "rtol/atol. Large cancellations (a quasi-bound state at a channel "
                "threshold) or a bound state in the continuum (a real pole of G inside "
                "the range) also stop the refinement.",
                QuadratureWarning,
                stacklevel=stacklevel,
            )
            break
        errors_s = np.where(splittable, errors, 0.0)
        order = np.argsort(errors_s)[::-1][: int(splittable.sum())]
        excess = np.cumsum(errors_s[order])
        n_split = int(np.searchsorted(excess, error - 0.5 * tol)) + 1
        n_split = min(n_split, len(order), max_intervals - len(intervals))
        split = order[: max(n_split, 1)]
        new_rows = []
        for i in split:
            k, u0, u1 = intervals[i]
            if u0 == 0.0 and u1 < 1.0:
                um = grading * u1
            elif u1 == 1.0 and u0 > 0.0:
                um = 1.0 - grading * (1.0 - u0)
            else:
                um = 0.5 * (u0 + u1)
            new_rows += [(k, u0, um), (k, um, u1)]
        new_values, new_errors = evaluate(new_rows)
        keep = np.ones(len(intervals), dtype=bool)
        keep[split] = False
        intervals = [r for r, k in zip(intervals, keep) if k] + new_rows
        values = np.concatenate([values[keep], new_values], axis=0)
        errors = np.concatenate([errors[keep], new_errors])
    return EnergyIntegral(total, error, n_energies, len(intervals), converged)

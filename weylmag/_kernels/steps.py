"""Integrator arithmetic: stage states, error norms, renormalisation."""

import math

import numba
from numba import prange

from . import kernel



@kernel
def set_stage(m, h, coeffs, ks, nk, out):
    """out = normalise(m + h sum_{j<nk} coeffs_j ks_j); zero rows stay zero."""
    n = m.shape[0]
    for i in prange(n):
        x = m[i, 0]
        y = m[i, 1]
        z = m[i, 2]
        for j in range(nk):
            c = h * coeffs[j]
            if c != 0.0:
                x += c * ks[j, i, 0]
                y += c * ks[j, i, 1]
                z += c * ks[j, i, 2]
        r = math.sqrt(x * x + y * y + z * z)
        if r > 0.0:
            r = 1.0 / r
        out[i, 0] = x * r
        out[i, 1] = y * r
        out[i, 2] = z * r


@numba.njit(cache=True, nogil=True)
def max_combination(h, coeffs, ks, nk):
    """max_i |h sum_j coeffs_j ks_j[i]|: the embedded error estimate (nan if any is)."""
    n = ks.shape[1]
    best = 0.0
    for i in range(n):
        x = 0.0
        y = 0.0
        z = 0.0
        for j in range(nk):
            c = coeffs[j]
            if c != 0.0:
                x += c * ks[j, i, 0]
                y += c * ks[j, i, 1]
                z += c * ks[j, i, 2]
        s = x * x + y * y + z * z
        if s != s:
            return math.nan
        best = max(best, s)
    return h * math.sqrt(best)


@numba.njit(cache=True, nogil=True)
def max_difference(a, b):
    """max_i |a_i - b_i|."""
    n = a.shape[0]
    best = 0.0
    for i in range(n):
        x = a[i, 0] - b[i, 0]
        y = a[i, 1] - b[i, 1]
        z = a[i, 2] - b[i, 2]
        s = x * x + y * y + z * z
        if s != s:
            return math.nan
        best = max(best, s)
    return math.sqrt(best)


@kernel
def normalise(m):
    """Scale every non-zero row of m to unit length, in place."""
    n = m.shape[0]
    for i in prange(n):
        r = math.sqrt(m[i, 0] ** 2 + m[i, 1] ** 2 + m[i, 2] ** 2)
        if r > 0.0:
            m[i, 0] /= r
            m[i, 1] /= r
            m[i, 2] /= r


@numba.njit(cache=True, nogil=True)
def descent_step(m, g, h, m_old, g_old):
    """Save m, g into m_old, g_old, then m <- (m - h g) / |m - h g| on non-zero rows."""
    n = m.shape[0]
    for i in range(n):
        x = m[i, 0]
        y = m[i, 1]
        z = m[i, 2]
        m_old[i, 0] = x
        m_old[i, 1] = y
        m_old[i, 2] = z
        g_old[i, 0] = g[i, 0]
        g_old[i, 1] = g[i, 1]
        g_old[i, 2] = g[i, 2]
        x -= h * g[i, 0]
        y -= h * g[i, 1]
        z -= h * g[i, 2]
        r = math.sqrt(x * x + y * y + z * z)
        if r > 0.0:
            m[i, 0] = x / r
            m[i, 1] = y / r
            m[i, 2] = z / r


@numba.njit(cache=True, nogil=True)
def step_products(m, m_old, g, g_old):
    """(s.s, s.y, y.y) with s = m - m_old, y = g - g_old, summed over all cells."""
    ss = 0.0
    sy = 0.0
    yy = 0.0
    n = m.shape[0]
    for i in range(n):
        for c in range(3):
            s = m[i, c] - m_old[i, c]
            y = g[i, c] - g_old[i, c]
            ss += s * s
            sy += s * y
            yy += y * y
    return ss, sy, yy


@numba.njit(cache=True, nogil=True)
def all_finite(m):
    """Whether every entry of m is finite (no temporary array)."""
    n = m.shape[0]
    for i in range(n):
        for c in range(3):
            if not math.isfinite(m[i, c]):
                return False
    return True

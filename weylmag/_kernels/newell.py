r"""The cell-averaged demagnetisation tensor between two rectangular cells.

For cells of size ``d = (dx, dy, dz)`` whose centres are ``R`` apart, the
field in cell ``i`` averaged over it is ``H_i = -sum_j N(R_i - R_j) M_j``
with

.. math::

    N(\mathbf R) = \int_{[-1,1]^3} \prod_a (1-|t_a|)\;
        V\,n(\mathbf R + \mathbf d \circ \mathbf t)\, d^3t, \qquad
    n(\mathbf r) = -\frac{3\hat{\mathbf r}\hat{\mathbf r} - I}{4\pi r^3},

the point-dipole kernel averaged with the overlap weight of two boxes. Near
cells use the closed forms of Newell, Williams and Dunlop (J. Geophys. Res.
98, 9551 (1993)): N_xx is the 27-point second difference of ``f`` and N_xy
that of ``g``; the other components follow by permuting axes. Those closed
forms lose about ``6 log10(R/d)`` digits to cancellation, so beyond the
asymptotic radius the integral above is done instead by Gauss–Legendre
quadrature on each half of every triangular weight. The integrand is
analytic there, so the quadrature converges geometrically with the ratio
distance / cell size; its order is chosen per axis for ~1e-14 relative
accuracy.

All lengths are in one unit (weylmag passes them in units of the largest
cell edge). Measured against a 24-point reference quadrature, the closed form
is good to 1e-13 to 1e-9 within two largest cell edges and degrades with
distance (1e-7 at 30 edges for cubes, 1e-3 for cells 50:1 flat), while the
quadrature is good to 1e-11 from two edges on.
"""

import math

import numba
import numpy as np
from numba import prange

#: Largest Gauss–Legendre order per half-axis.
MAX_ORDER = 8


def _gauss_tables():
    """Nodes in [0, 1] and weights (1 - s) w of each order 1..MAX_ORDER."""
    nodes = np.zeros((MAX_ORDER + 1, MAX_ORDER))
    weights = np.zeros((MAX_ORDER + 1, MAX_ORDER))
    for n in range(1, MAX_ORDER + 1):
        x, w = np.polynomial.legendre.leggauss(n)
        s = 0.5 * (x + 1.0)
        nodes[n, :n] = s
        weights[n, :n] = 0.5 * w * (1.0 - s)
    return nodes, weights


GAUSS_NODES, GAUSS_WEIGHTS = _gauss_tables()


@numba.njit(cache=True, nogil=True)
def newell_f(x, y, z):
    """Newell's f(x, y, z), even in every argument."""
    x = abs(x)
    y = abs(y)
    z = abs(z)
    x2 = x * x
    y2 = y * y
    z2 = z * z
    R = math.sqrt(x2 + y2 + z2)
    res = (2.0 * x2 - y2 - z2) * R / 6.0
    if x2 + z2 > 0.0:
        res += 0.5 * y * (z2 - x2) * math.asinh(y / math.sqrt(x2 + z2))
    if x2 + y2 > 0.0:
        res += 0.5 * z * (y2 - x2) * math.asinh(z / math.sqrt(x2 + y2))
    if x * R > 0.0:
        res -= x * y * z * math.atan(y * z / (x * R))
    return res


@numba.njit(cache=True, nogil=True)
def newell_g(x, y, z):
    """Newell's g(x, y, z): odd in x and in y, even in z."""
    sign = 1.0
    if x < 0.0:
        sign = -sign
        x = -x
    if y < 0.0:
        sign = -sign
        y = -y
    z = abs(z)
    x2 = x * x
    y2 = y * y
    z2 = z * z
    R = math.sqrt(x2 + y2 + z2)
    res = -x * y * R / 3.0
    if x2 + y2 > 0.0:
        res += x * y * z * math.asinh(z / math.sqrt(x2 + y2))
    if y2 + z2 > 0.0:
        res += y / 6.0 * (3.0 * z2 - y2) * math.asinh(x / math.sqrt(y2 + z2))
    if x2 + z2 > 0.0:
        res += x / 6.0 * (3.0 * z2 - x2) * math.asinh(y / math.sqrt(x2 + z2))
    if z * R > 0.0:
        res -= z * z2 / 6.0 * math.atan(x * y / (z * R))
    if y * R > 0.0:
        res -= 0.5 * z * y2 * math.atan(x * z / (y * R))
    if x * R > 0.0:
        res -= 0.5 * z * x2 * math.atan(y * z / (x * R))
    return sign * res


@numba.njit(cache=True, nogil=True)
def _second_difference(use_g, X, Y, Z, dx, dy, dz):
    """sum over the 27-point stencil with weights (1, -2, 1) per axis."""
    total = 0.0
    for i in range(-1, 2):
        wi = -2.0 if i == 0 else 1.0
        for j in range(-1, 2):
            wj = -2.0 if j == 0 else 1.0
            for k in range(-1, 2):
                wk = -2.0 if k == 0 else 1.0
                x = X + i * dx
                y = Y + j * dy
                z = Z + k * dz
                if use_g:
                    v = newell_g(x, y, z)
                else:
                    v = newell_f(x, y, z)
                total += wi * wj * wk * v
    return -total / (4.0 * math.pi * dx * dy * dz)


@numba.njit(cache=True, nogil=True)
def newell_tensor(X, Y, Z, dx, dy, dz, out):
    """Closed-form N (xx, yy, zz, xy, xz, yz) at displacement (X, Y, Z) into out."""
    out[0] = _second_difference(False, X, Y, Z, dx, dy, dz)
    out[1] = _second_difference(False, Y, X, Z, dy, dx, dz)
    out[2] = _second_difference(False, Z, Y, X, dz, dy, dx)
    out[3] = _second_difference(True, X, Y, Z, dx, dy, dz)
    out[4] = _second_difference(True, X, Z, Y, dx, dz, dy)
    out[5] = _second_difference(True, Y, Z, X, dy, dz, dx)


@numba.njit(cache=True, nogil=True)
def _order(distance, d):
    """Quadrature order per half-axis for ~1e-14 at this distance / cell size."""
    ratio = 4.0 * distance / d
    if ratio <= 1.0:
        return MAX_ORDER
    n = int(math.ceil(7.0 / math.log10(ratio)))
    return max(1, min(MAX_ORDER, n))


@numba.njit(cache=True, nogil=True)
def quadrature_tensor(X, Y, Z, dx, dy, dz, nodes, weights, out):
    """N at a distant displacement by Gauss–Legendre quadrature, into out."""
    distance = math.sqrt(X * X + Y * Y + Z * Z)
    nx = _order(distance, dx)
    ny = _order(distance, dy)
    nz = _order(distance, dz)
    sxx = 0.0
    syy = 0.0
    szz = 0.0
    sxy = 0.0
    sxz = 0.0
    syz = 0.0
    for a in range(2 * nx):
        ta = nodes[nx, a % nx] * (1.0 if a < nx else -1.0)
        wa = weights[nx, a % nx]
        x = X + ta * dx
        for b in range(2 * ny):
            tb = nodes[ny, b % ny] * (1.0 if b < ny else -1.0)
            wab = wa * weights[ny, b % ny]
            y = Y + tb * dy
            for c in range(2 * nz):
                tc = nodes[nz, c % nz] * (1.0 if c < nz else -1.0)
                w = wab * weights[nz, c % nz]
                z = Z + tc * dz
                r2 = x * x + y * y + z * z
                w = w / (r2 * r2 * math.sqrt(r2))
                sxx += w * (3.0 * x * x - r2)
                syy += w * (3.0 * y * y - r2)
                szz += w * (3.0 * z * z - r2)
                sxy += w * 3.0 * x * y
                sxz += w * 3.0 * x * z
                syz += w * 3.0 * y * z
    pref = -dx * dy * dz / (4.0 * math.pi)
    out[0] = pref * sxx
    out[1] = pref * syy
    out[2] = pref * szz
    out[3] = pref * sxy
    out[4] = pref * sxz
    out[5] = pref * syz


@numba.njit(cache=True, nogil=True)
def tensor_at(X, Y, Z, dx, dy, dz, radius, nodes, weights, out):
    """N at (X, Y, Z): closed form inside ``radius``, quadrature beyond.

    A negative ``radius`` uses the closed form everywhere.
    """
    if radius >= 0.0 and X * X + Y * Y + Z * Z >= radius * radius:
        quadrature_tensor(X, Y, Z, dx, dy, dz, nodes, weights, out)
    else:
        newell_tensor(X, Y, Z, dx, dy, dz, out)


@numba.njit(cache=True, nogil=True, parallel=True)
def set_octant(offset, dx, dy, dz, radius, nodes, weights, out):
    """out[:, i, j, k] = N at displacement ((offset[0] + i) dx, ...).

    ``out`` has shape (6, n0, n1, n2); ``offset`` shifts the first index of
    each axis (used for the periodic images).
    """
    n0, n1, n2 = out.shape[1], out.shape[2], out.shape[3]
    for i in prange(n0):
        buf = np.empty(6)
        X = (offset[0] + i) * dx
        for j in range(n1):
            Y = (offset[1] + j) * dy
            for k in range(n2):
                Z = (offset[2] + k) * dz
                tensor_at(X, Y, Z, dx, dy, dz, radius, nodes, weights, buf)
                for c in range(6):
                    out[c, i, j, k] = buf[c]

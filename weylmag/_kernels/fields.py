"""Effective-field kernels of the local and nearest-neighbour energy terms."""

import numba
import numpy as np
from numba import prange

from . import kernel

from .vec import cross



@kernel
def add_exchange(m, ngb, coef, out):
    """out_i += sum_k coef_ik (m_ngb(i,k) - m_i)."""
    n = m.shape[0]
    for i in prange(n):
        hx = 0.0
        hy = 0.0
        hz = 0.0
        for k in range(6):
            j = ngb[i, k]
            c = coef[i, k]
            hx += c * (m[j, 0] - m[i, 0])
            hy += c * (m[j, 1] - m[i, 1])
            hz += c * (m[j, 2] - m[i, 2])
        out[i, 0] += hx
        out[i, 1] += hy
        out[i, 2] += hz


@kernel
def add_dmi(m, ngb, dvec, out):
    """out_i += sum_k dvec_ik x m_ngb(i,k)  (dvec carries sign, D and 1/(mu0 Ms d))."""
    n = m.shape[0]
    for i in prange(n):
        hx = 0.0
        hy = 0.0
        hz = 0.0
        for k in range(6):
            j = ngb[i, k]
            cx, cy, cz = cross(
                dvec[i, k, 0], dvec[i, k, 1], dvec[i, k, 2], m[j, 0], m[j, 1], m[j, 2]
            )
            hx += cx
            hy += cy
            hz += cz
        out[i, 0] += hx
        out[i, 1] += hy
        out[i, 2] += hz


@kernel
def add_uniaxial(m, u, k1, k2, out):
    """out_i += (k1_i (m.u) + k2_i (m.u)^3) u  with k1 = 2K1/(mu0 Ms), k2 = 4K2/(mu0 Ms)."""
    n = m.shape[0]
    for i in prange(n):
        mu = m[i, 0] * u[i, 0] + m[i, 1] * u[i, 1] + m[i, 2] * u[i, 2]
        s = k1[i] * mu + k2[i] * mu * mu * mu
        out[i, 0] += s * u[i, 0]
        out[i, 1] += s * u[i, 1]
        out[i, 2] += s * u[i, 2]


@kernel
def set_uniaxial_density(m, u, K1, K2, out):
    """out_i = -K1 (m.u)^2 - K2 (m.u)^4."""
    n = m.shape[0]
    for i in prange(n):
        mu = m[i, 0] * u[i, 0] + m[i, 1] * u[i, 1] + m[i, 2] * u[i, 2]
        mu2 = mu * mu
        out[i] = -K1[i] * mu2 - K2[i] * mu2 * mu2


@kernel
def add_cubic(m, u1, u2, u3, kc, out):
    """out_i += kc_i sum_a (m.u_a)[(m.u_b)^2 + (m.u_c)^2] u_a with kc = -2K/(mu0 Ms)."""
    n = m.shape[0]
    for i in prange(n):
        a = m[i, 0] * u1[i, 0] + m[i, 1] * u1[i, 1] + m[i, 2] * u1[i, 2]
        b = m[i, 0] * u2[i, 0] + m[i, 1] * u2[i, 1] + m[i, 2] * u2[i, 2]
        c = m[i, 0] * u3[i, 0] + m[i, 1] * u3[i, 1] + m[i, 2] * u3[i, 2]
        fa = kc[i] * a * (b * b + c * c)
        fb = kc[i] * b * (c * c + a * a)
        fc = kc[i] * c * (a * a + b * b)
        for d in range(3):
            out[i, d] += fa * u1[i, d] + fb * u2[i, d] + fc * u3[i, d]


@kernel
def set_cubic_density(m, u1, u2, u3, K, out):
    """out_i = K [(m.u1)^2 (m.u2)^2 + (m.u2)^2 (m.u3)^2 + (m.u3)^2 (m.u1)^2]."""
    n = m.shape[0]
    for i in prange(n):
        a = m[i, 0] * u1[i, 0] + m[i, 1] * u1[i, 1] + m[i, 2] * u1[i, 2]
        b = m[i, 0] * u2[i, 0] + m[i, 1] * u2[i, 1] + m[i, 2] * u2[i, 2]
        c = m[i, 0] * u3[i, 0] + m[i, 1] * u3[i, 1] + m[i, 2] * u3[i, 2]
        a *= a
        b *= b
        c *= c
        out[i] = K[i] * (a * b + b * c + c * a)


@kernel
def add_transformed(H, matrix, scale, out):
    """out_i += scale * matrix @ H_i (matrix 3x3; scale 0 for empty cells)."""
    n = H.shape[0]
    for i in prange(n):
        for a in range(3):
            s = 0.0
            for b in range(3):
                s += matrix[a, b] * H[i, b]
            out[i, a] += scale[i] * s


@numba.njit(cache=True, nogil=True)
def add_surface_coupling(m, first, second, c1, c2, out):
    """Two-surface (RKKY) exchange between paired cells first[p] <-> second[p].

    out_i += c1_p m_j + 2 c2_p (m_i.m_j) m_j for both cells of each pair, where
    ``c1 = sigma / (mu0 Ms_i d)`` and ``c2 = sigma2 / (mu0 Ms_i d)``.
    """
    for p in range(first.shape[0]):
        i = first[p]
        j = second[p]
        mm = m[i, 0] * m[j, 0] + m[i, 1] * m[j, 1] + m[i, 2] * m[j, 2]
        for d in range(3):
            out[i, d] += (c1[p, 0] + 2.0 * c2[p, 0] * mm) * m[j, d]
            out[j, d] += (c1[p, 1] + 2.0 * c2[p, 1] * mm) * m[i, d]


@kernel
def set_linear_density(m, H, pref, out):
    """out_i = pref_i m_i . H_i  (pref = -mu0 Ms / 2 for bilinear terms, -mu0 Ms for Zeeman)."""
    n = m.shape[0]
    for i in prange(n):
        out[i] = pref[i] * (m[i, 0] * H[i, 0] + m[i, 1] * H[i, 1] + m[i, 2] * H[i, 2])


@numba.njit(inline="always", cache=True, nogil=True)
def exchange_row(mf, shape, coef, periodic, r, accumulate, hf):
    """Uniform exchange field of row ``r`` of the mesh, set or added into hf.

    ``mf`` and ``hf`` are the flat (3N,) views of m and of the field. Row
    ``r = i * n1 + j`` is the line of cells along the last axis; along it the
    three components are consecutive, so every component of the stencil is a
    difference of the flat array at offsets 0 and +-3, and the interior loop
    runs over contiguous memory without branches. The two end cells of the
    row take the boundary conditions of the last axis. Indices are cast to
    unsigned integers, which spares numba's test for negative indices and
    lets LLVM vectorise the loops.
    """
    n0, n1, n2 = shape[0], shape[1], shape[2]
    cx, cy, cz = coef[0], coef[1], coef[2]
    px, py, pz = periodic[0], periodic[1], periodic[2]
    L = 3 * n2
    i = r // n1
    j = r - i * n1
    im = i - 1 if i > 0 else (n0 - 1 if px else i)
    ip = i + 1 if i < n0 - 1 else (0 if px else i)
    jm = j - 1 if j > 0 else (n1 - 1 if py else j)
    jp = j + 1 if j < n1 - 1 else (0 if py else j)
    e = r * L
    # Offsets of the four neighbouring rows from this one.
    da = (im * n1 + j) * L - e
    db = (ip * n1 + j) * L - e
    dc = (i * n1 + jm) * L - e
    dd = (i * n1 + jp) * L - e
    if accumulate:
        for q in range(e + 3, e + L - 3):
            m2 = 2.0 * mf[np.uint64(q)]
            hf[np.uint64(q)] += (
                cx * (mf[np.uint64(q + da)] + mf[np.uint64(q + db)] - m2)
                + cy * (mf[np.uint64(q + dc)] + mf[np.uint64(q + dd)] - m2)
                + cz * (mf[np.uint64(q - 3)] + mf[np.uint64(q + 3)] - m2)
            )
    else:
        for q in range(e + 3, e + L - 3):
            m2 = 2.0 * mf[np.uint64(q)]
            hf[np.uint64(q)] = (
                cx * (mf[np.uint64(q + da)] + mf[np.uint64(q + db)] - m2)
                + cy * (mf[np.uint64(q + dc)] + mf[np.uint64(q + dd)] - m2)
                + cz * (mf[np.uint64(q - 3)] + mf[np.uint64(q + 3)] - m2)
            )
    for end in range(2 if n2 > 1 else 1):
        k = 0 if end == 0 else n2 - 1
        km = k - 1 if k > 0 else (n2 - 1 if pz else k)
        kp = k + 1 if k < n2 - 1 else (0 if pz else k)
        for l in range(3):
            q = e + 3 * k + l
            m2 = 2.0 * mf[q]
            v = (
                cx * (mf[q + da] + mf[q + db] - m2)
                + cy * (mf[q + dc] + mf[q + dd] - m2)
                + cz * (mf[e + 3 * km + l] + mf[e + 3 * kp + l] - m2)
            )
            if accumulate:
                hf[q] += v
            else:
                hf[q] = v


@kernel
def set_exchange_uniform(m, shape, coef, periodic, out):
    """out_i = sum over the six neighbours of coef_axis (m_ngb - m_i).

    The fast path of :func:`add_exchange` for a full box with one coupling
    per axis: neighbours come from index arithmetic, not from tables. An open
    face contributes nothing; ``periodic[a]`` wraps axis ``a``. ``m`` and
    ``out`` are C-contiguous (N, 3). The mesh is walked as rows along its last
    axis (:func:`exchange_row`); give the shape with the axes of length 1
    moved to the front (their terms vanish) so that the rows are long.
    """
    mf = m.reshape(-1)
    hf = out.reshape(-1)
    for r in prange(shape[0] * shape[1]):
        exchange_row(mf, shape, coef, periodic, r, False, hf)


@kernel
def set_exchange_llg_uniform(
    m, shape, coef, periodic, h, accumulate, gamma, alpha, precess, H, out
):
    """Uniform exchange, a uniform field and the uniform LLG in one pass.

    H = exchange(m) + h (+ H where ``accumulate``: the fields of the other
    terms already in it), then ``out`` from H as
    :func:`~weylmag._kernels.llg.set_llg_uniform`. The exchange arguments are
    those of :func:`set_exchange_uniform`; ``m``, ``H`` and ``out`` are
    C-contiguous (N, 3). Each row of the mesh is finished while it is in
    cache, so m is read and H and out are written once. The kernel lives
    beside :func:`exchange_row`, which it inlines, so that numba's cache of
    it is renewed whenever the row changes.
    """
    mf = m.reshape(-1)
    hf = H.reshape(-1)
    of = out.reshape(-1)
    L = 3 * shape[2]
    c = -gamma / (1.0 + alpha * alpha)
    hx = h[0]
    hy = h[1]
    hz = h[2]
    for r in prange(shape[0] * shape[1]):
        exchange_row(mf, shape, coef, periodic, r, accumulate, hf)
        # Flat unsigned indices: a constant stride of 3 between cells and no
        # test for negative indices, so that LLVM vectorises the loop.
        for k in range(shape[2]):
            q = r * L + 3 * k
            k0 = np.uint64(q)
            k1 = np.uint64(q + 1)
            k2 = np.uint64(q + 2)
            mx = mf[k0]
            my = mf[k1]
            mz = mf[k2]
            fx = hf[k0] + hx
            fy = hf[k1] + hy
            fz = hf[k2] + hz
            hf[k0] = fx
            hf[k1] = fy
            hf[k2] = fz
            px, py, pz = cross(mx, my, mz, fx, fy, fz)
            dx, dy, dz = cross(mx, my, mz, px, py, pz)
            of[k0] = c * (precess * px + alpha * dx)
            of[k1] = c * (precess * py + alpha * dy)
            of[k2] = c * (precess * pz + alpha * dz)


@kernel
def add_uniform(m, h, out):
    """out_i += h, one vector for every cell (``m`` only sets the size)."""
    n = m.shape[0]
    hx = h[0]
    hy = h[1]
    hz = h[2]
    for i in prange(n):
        out[i, 0] += hx
        out[i, 1] += hy
        out[i, 2] += hz

"""Landau-Lifshitz-Gilbert right-hand side and the spin-transfer torques."""

import math

import numba
from numba import prange

from . import kernel

from .vec import cross



@kernel
def set_llg(m, H, T, gamma, alpha, precess, free, out):
    """Explicit LLG with an extra Gilbert-form torque T (perpendicular to m).

    out = [-g m x H - a g m x (m x H) + T + a m x T] / (1 + a^2), with
    ``g = gamma0`` per cell (zero in fixed cells) and the precession term
    multiplied by ``precess`` (0 or 1); ``free`` is 0 in fixed cells.
    """
    n = m.shape[0]
    for i in prange(n):
        mx = m[i, 0]
        my = m[i, 1]
        mz = m[i, 2]
        g = gamma[i]
        a = alpha[i]
        px, py, pz = cross(mx, my, mz, H[i, 0], H[i, 1], H[i, 2])
        dx, dy, dz = cross(mx, my, mz, px, py, pz)
        tx = T[i, 0]
        ty = T[i, 1]
        tz = T[i, 2]
        qx, qy, qz = cross(mx, my, mz, tx, ty, tz)
        c = 1.0 / (1.0 + a * a)
        f = free[i]
        g *= f
        out[i, 0] = c * (-g * (precess * px + a * dx) + f * (tx + a * qx))
        out[i, 1] = c * (-g * (precess * py + a * dy) + f * (ty + a * qy))
        out[i, 2] = c * (-g * (precess * pz + a * dz) + f * (tz + a * qz))


@kernel
def set_mxmxH(m, H, out):
    """out = m x (m x H), the negative descent direction of the energy (A/m)."""
    n = m.shape[0]
    for i in prange(n):
        px, py, pz = cross(m[i, 0], m[i, 1], m[i, 2], H[i, 0], H[i, 1], H[i, 2])
        dx, dy, dz = cross(m[i, 0], m[i, 1], m[i, 2], px, py, pz)
        out[i, 0] = dx
        out[i, 1] = dy
        out[i, 2] = dz


@kernel
def add_directional_derivative(m, ngb, link, u, scale, out):
    """out_i += scale * (u_i . grad) m_i by central differences.

    At an open face the difference falls back to one side; a cell with no
    links along an axis gets no derivative along it.
    """
    n = m.shape[0]
    for i in prange(n):
        for axis in range(3):
            lm = link[i, 2 * axis]
            lp = link[i, 2 * axis + 1]
            w = lm + lp
            if w == 0.0:
                continue
            c = scale[axis] * u[i, axis] / w
            jm = ngb[i, 2 * axis]
            jp = ngb[i, 2 * axis + 1]
            for d in range(3):
                out[i, d] += c * (m[jp, d] - m[jm, d])


@kernel
def add_zhang_li(m, g, beta, out):
    """out += -g + beta m x g, where g = (u.grad) m (Gilbert-form Zhang-Li torque).

    With this sign a texture is carried along +u.
    """
    n = m.shape[0]
    for i in prange(n):
        px, py, pz = cross(m[i, 0], m[i, 1], m[i, 2], g[i, 0], g[i, 1], g[i, 2])
        # Project out any component of g along m (g is perpendicular to m only
        # to first order in the cell size).
        dx, dy, dz = cross(px, py, pz, m[i, 0], m[i, 1], m[i, 2])
        b = beta[i]
        out[i, 0] += -dx + b * px
        out[i, 1] += -dy + b * py
        out[i, 2] += -dz + b * pz


@kernel
def add_slonczewski(m, mp, a_j, P, Lambda, eps_prime, out):
    """out += a_j [eps m x (mp x m) - eps' m x mp]  (Gilbert form, a_j = gamma0 beta).

    eps = P L^2 / ((L^2 + 1) + (L^2 - 1) m.mp).
    """
    n = m.shape[0]
    for i in prange(n):
        L2 = Lambda[i] * Lambda[i]
        mdp = m[i, 0] * mp[i, 0] + m[i, 1] * mp[i, 1] + m[i, 2] * mp[i, 2]
        eps = P[i] * L2 / ((L2 + 1.0) + (L2 - 1.0) * mdp)
        qx, qy, qz = cross(m[i, 0], m[i, 1], m[i, 2], mp[i, 0], mp[i, 1], mp[i, 2])
        rx, ry, rz = cross(qx, qy, qz, m[i, 0], m[i, 1], m[i, 2])
        a = a_j[i]
        ep = eps_prime[i]
        out[i, 0] += a * (eps * rx - ep * qx)
        out[i, 1] += a * (eps * ry - ep * qy)
        out[i, 2] += a * (eps * rz - ep * qz)


@numba.njit(cache=True, nogil=True)
def max_norm(v):
    """max_i |v_i| over rows of an (N, 3) array."""
    n = v.shape[0]
    best = 0.0
    for i in range(n):
        s = v[i, 0] * v[i, 0] + v[i, 1] * v[i, 1] + v[i, 2] * v[i, 2]
        if s > best:
            best = s
    return math.sqrt(best)


@kernel
def set_llg_uniform(m, H, gamma, alpha, precess, out):
    """:func:`set_llg` with one gamma0 and alpha, every cell free, no torque."""
    n = m.shape[0]
    c = -gamma / (1.0 + alpha * alpha)
    for i in prange(n):
        mx = m[i, 0]
        my = m[i, 1]
        mz = m[i, 2]
        px, py, pz = cross(mx, my, mz, H[i, 0], H[i, 1], H[i, 2])
        dx, dy, dz = cross(mx, my, mz, px, py, pz)
        out[i, 0] = c * (precess * px + alpha * dx)
        out[i, 1] = c * (precess * py + alpha * dy)
        out[i, 2] = c * (precess * pz + alpha * dz)


@kernel
def add_intrinsic(m, g, v, texture, k_R, normal, out):
    """out += -texture m x g + k_R m x (m x (n x v)), with g = (v . grad) m.

    The intrinsic non-adiabatic torque (texture = 1) and its Rashba partner
    (k_R, surface normal n): together ``-m x (v . grad~) m`` with the chiral
    derivative ``grad~_i m = grad_i m + k_R (n x e_i) x m``.
    """
    n = m.shape[0]
    nx = normal[0]
    ny = normal[1]
    nz = normal[2]
    for i in prange(n):
        mx = m[i, 0]
        my = m[i, 1]
        mz = m[i, 2]
        px, py, pz = cross(mx, my, mz, g[i, 0], g[i, 1], g[i, 2])
        sx, sy, sz = cross(nx, ny, nz, v[i, 0], v[i, 1], v[i, 2])
        qx, qy, qz = cross(mx, my, mz, sx, sy, sz)
        rx, ry, rz = cross(mx, my, mz, qx, qy, qz)
        out[i, 0] += k_R * rx - texture * px
        out[i, 1] += k_R * ry - texture * py
        out[i, 2] += k_R * rz - texture * pz


@kernel
def add_valley(m, ngb, link, u, scale, nu, beta, out):
    """out += -nu m x g - beta nu m x (m x g), with g_a = u . d_a m.

    The valley-mediated torque of a magnetic Weyl semimetal: g is the
    real-space gradient of m . u read as a spin-space vector, by the
    differences of :func:`add_directional_derivative` (central inside,
    one-sided at open faces, zero along an axis without links).
    """
    n = m.shape[0]
    for i in prange(n):
        ux = u[i, 0]
        uy = u[i, 1]
        uz = u[i, 2]
        g0 = 0.0
        g1 = 0.0
        g2 = 0.0
        for axis in range(3):
            w = link[i, 2 * axis] + link[i, 2 * axis + 1]
            if w == 0.0:
                continue
            jm = ngb[i, 2 * axis]
            jp = ngb[i, 2 * axis + 1]
            ga = (scale[axis] / w) * (
                ux * (m[jp, 0] - m[jm, 0])
                + uy * (m[jp, 1] - m[jm, 1])
                + uz * (m[jp, 2] - m[jm, 2])
            )
            if axis == 0:
                g0 = ga
            elif axis == 1:
                g1 = ga
            else:
                g2 = ga
        px, py, pz = cross(m[i, 0], m[i, 1], m[i, 2], g0, g1, g2)
        qx, qy, qz = cross(m[i, 0], m[i, 1], m[i, 2], px, py, pz)
        a = nu[i]
        b = beta[i] * a
        out[i, 0] -= a * px + b * qx
        out[i, 1] -= a * py + b * qy
        out[i, 2] -= a * pz + b * qz


@kernel
def add_field_and_damping_like(m, v, c, beta, out):
    """out += c [m x v + beta m x (m x v)], per cell c and beta."""
    n = m.shape[0]
    for i in prange(n):
        px, py, pz = cross(m[i, 0], m[i, 1], m[i, 2], v[i, 0], v[i, 1], v[i, 2])
        qx, qy, qz = cross(m[i, 0], m[i, 1], m[i, 2], px, py, pz)
        a = c[i]
        b = beta[i] * a
        out[i, 0] += a * px + b * qx
        out[i, 1] += a * py + b * qy
        out[i, 2] += a * pz + b * qz


@kernel
def set_valley_force(m, dmdt, c, beta, out):
    """out = c (dm/dt + beta m x dm/dt), per cell c and beta."""
    n = m.shape[0]
    for i in prange(n):
        px, py, pz = cross(m[i, 0], m[i, 1], m[i, 2], dmdt[i, 0], dmdt[i, 1], dmdt[i, 2])
        a = c[i]
        b = beta[i]
        out[i, 0] = a * (dmdt[i, 0] + b * px)
        out[i, 1] = a * (dmdt[i, 1] + b * py)
        out[i, 2] = a * (dmdt[i, 2] + b * pz)

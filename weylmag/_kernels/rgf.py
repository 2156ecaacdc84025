r"""Kernels of the recursive Green's function sweep (:mod:`weylmag.negf.rgf`).

A column of the device has ``n = 2 ny`` orbitals (site y, spin s at 2y + s).
The hopping between neighbouring columns couples a site only to the site
of the same y, so a bond is ``(ny, 2, 2)``: one 2 x 2 spin block per row.

The kernels release the GIL, so that threads sharing the energies of a batch run
at once. :func:`set_pivots` is the one exception to "allocates nothing":
the LAPACK inversion (getrf + getri) copies its block and takes a
workspace.
"""

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def set_pivots(a, bond, g_prev, out):
    r"""out[e] = (a[e] - B g_prev[e] B^\dagger)^{-1} for every energy e; a is overwritten.

    ``bond`` is B = H_{x,x-1} (ny, 2, 2); with ``g_prev`` of length 0 (the
    first column) nothing is subtracted. Raises ``np.linalg.LinAlgError``
    where a block is singular.
    """
    ne, n = a.shape[0], a.shape[1]
    ny = n // 2
    if g_prev.shape[0] > 0:
        # 2 x 2 blocks: a_ij -= (b_i g_ij) b_j^dagger, 16 multiply-adds per block
        for e in range(ne):
            for i in range(ny):
                l00, l01 = bond[i, 0, 0], bond[i, 0, 1]
                l10, l11 = bond[i, 1, 0], bond[i, 1, 1]
                for j in range(ny):
                    g00, g01 = g_prev[e, 2 * i, 2 * j], g_prev[e, 2 * i, 2 * j + 1]
                    g10, g11 = g_prev[e, 2 * i + 1, 2 * j], g_prev[e, 2 * i + 1, 2 * j + 1]
                    t00, t01 = l00 * g00 + l01 * g10, l00 * g01 + l01 * g11
                    t10, t11 = l10 * g00 + l11 * g10, l10 * g01 + l11 * g11
                    r00, r01 = np.conj(bond[j, 0, 0]), np.conj(bond[j, 0, 1])
                    r10, r11 = np.conj(bond[j, 1, 0]), np.conj(bond[j, 1, 1])
                    a[e, 2 * i, 2 * j] -= t00 * r00 + t01 * r01
                    a[e, 2 * i, 2 * j + 1] -= t00 * r10 + t01 * r11
                    a[e, 2 * i + 1, 2 * j] -= t10 * r00 + t11 * r01
                    a[e, 2 * i + 1, 2 * j + 1] -= t10 * r10 + t11 * r11
    for e in range(ne):
        out[e] = np.linalg.inv(a[e])


@numba.njit(cache=True, nogil=True)
def set_nonzero_blocks(b, used):
    """used[x, c] = whether block x of column c of b (ne, nx, n, k) has a non-zero entry.

    Reads b in memory order and leaves a block as soon as all its columns are
    known to be used, so a dense right-hand side costs one row per block.
    """
    ne, nx, n, k = b.shape
    for x in range(nx):
        used[x, :] = False
        remaining = k
        for e in range(ne):
            for i in range(n):
                for c in range(k):
                    if not used[x, c] and b[e, x, i, c] != 0:
                        used[x, c] = True
                        remaining -= 1
                if remaining == 0:
                    break
            if remaining == 0:
                break


@numba.njit(cache=True, nogil=True)
def set_bond_product(bond, v, out):
    """out[e] = B v[e] for v, out of shape (ne, 2 ny, k), B = bond (ny, 2, 2)."""
    ne, k = v.shape[0], v.shape[2]
    ny = bond.shape[0]
    for e in range(ne):
        for i in range(ny):
            b00, b01 = bond[i, 0, 0], bond[i, 0, 1]
            b10, b11 = bond[i, 1, 0], bond[i, 1, 1]
            for c in range(k):
                up, dn = v[e, 2 * i, c], v[e, 2 * i + 1, c]
                out[e, 2 * i, c] = b00 * up + b01 * dn
                out[e, 2 * i + 1, c] = b10 * up + b11 * dn


@numba.njit(cache=True, nogil=True)
def add_spin_densities(u, labels, out):
    r"""Site densities of the columns of u, summed per group of columns.

    u is (ne, 2 ns, k) (site i, spin s in row 2i + s), ``labels[c]`` the
    group of column c; ``out[e, g, i]`` (ne, n_groups, ns, 4) gains
    :math:`(n, s_x, s_y, s_z)` of the columns of group g at site i:
    :math:`n = |u_\uparrow|^2 + |u_\downarrow|^2`,
    :math:`s_x + i s_y = u_\uparrow^* u_\downarrow`,
    :math:`s_z = (|u_\uparrow|^2 - |u_\downarrow|^2)/2`.
    """
    ne, k = u.shape[0], u.shape[2]
    ns = u.shape[1] // 2
    for e in range(ne):
        for i in range(ns):
            for c in range(k):
                g = labels[c]
                up, dn = u[e, 2 * i, c], u[e, 2 * i + 1, c]
                n_up = up.real * up.real + up.imag * up.imag
                n_dn = dn.real * dn.real + dn.imag * dn.imag
                flip = np.conj(up) * dn
                out[e, g, i, 0] += n_up + n_dn
                out[e, g, i, 1] += flip.real
                out[e, g, i, 2] += flip.imag
                out[e, g, i, 3] += 0.5 * (n_up - n_dn)


@numba.njit(cache=True, nogil=True)
def add_site_products(u, v, index, out):
    r"""Site-diagonal 2 x 2 blocks of :math:`u v^\dagger`, column c of u paired with index[c] of v.

    u, v are (ne, 2 ns, k) (site i, spin s in row 2i + s); ``out[e, i, a, b]``
    (ne, ns, 2, 2) gains :math:`\sum_c u_{2i+a,c}\,v^*_{2i+b,\mathrm{index}[c]}`.
    """
    ne, k = u.shape[0], u.shape[2]
    ns = u.shape[1] // 2
    for e in range(ne):
        for i in range(ns):
            o00 = o01 = o10 = o11 = 0j
            for c in range(k):
                d = index[c]
                u0, u1 = u[e, 2 * i, c], u[e, 2 * i + 1, c]
                v0, v1 = np.conj(v[e, 2 * i, d]), np.conj(v[e, 2 * i + 1, d])
                o00 += u0 * v0
                o01 += u0 * v1
                o10 += u1 * v0
                o11 += u1 * v1
            out[e, i, 0, 0] += o00
            out[e, i, 0, 1] += o01
            out[e, i, 1, 0] += o10
            out[e, i, 1, 1] += o11

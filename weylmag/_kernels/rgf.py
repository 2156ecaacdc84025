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
        for e in range(ne):
            for i in range(ny):
                for j in range(ny):
                    for s in range(2):
                        for r in range(2):
                            acc = 0j
                            for p in range(2):
                                for q in range(2):
                                    acc += (
                                        bond[i, s, p]
                                        * g_prev[e, 2 * i + p, 2 * j + q]
                                        * np.conj(bond[j, r, q])
                                    )
                            a[e, 2 * i + s, 2 * j + r] -= acc
    for e in range(ne):
        out[e] = np.linalg.inv(a[e])


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

r"""Kernels of the nested dissection's dense fronts (:mod:`weylmag.negf.nested`).

A front of node i holds its own orbitals o (first) and its boundary b:
:math:`F = [[F_{oo}, F_{ob}], [F_{bo}, F_{bb}]]`, column-major in a flat
buffer. :func:`factor_fronts` assembles every front of one energy from the
stored entries of A and the update matrices of its children, factors
:math:`F_{oo}` (LU with partial pivoting), forms :math:`X = F_{oo}^{-1}F_{ob}`
and :math:`U = F_{bb} - F_{bo}X` in place, and keeps, per node, the LU
factors, X and :math:`F_{bo}` in one flat buffer, column-major each. The update
matrices live on a stack (postorder: a node's children leave theirs on
top), at offsets found once from the tree.

The LAPACK and BLAS calls go through :mod:`weylmag._kernels.lapack`;
``iw`` (int32, length 8) holds their integer arguments, ``ch`` the codes
of "N", "T", "C" and ``cw`` the complex constants (1, -1, 0). The kernels
release the GIL, so that threads sharing the energies of a batch run at
once, and allocate nothing.
"""

import numba
import numpy as np

from .lapack import zgemm, zgetrf, zgetrs


def scalars():
    """The argument arrays (iw, ch, cw) of one kernel call (not shared between threads)."""
    return (
        np.zeros(8, dtype=np.int32),
        np.frombuffer(b"NTC", dtype=np.uint8).copy(),
        np.array([1.0, -1.0, 0.0], dtype=complex),
    )


@numba.njit(cache=True, nogil=True)
def _gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, iw, ch, cw):
    """c = cw[alpha] op(a) op(b) + cw[beta] c; ta, tb index ch (0: N, 1: T, 2: C)."""
    iw[0], iw[1], iw[2], iw[3], iw[4], iw[5] = m, n, k, lda, ldb, ldc
    zgemm(ch[ta:].ctypes, ch[tb:].ctypes, iw[0:].ctypes, iw[1:].ctypes, iw[2:].ctypes,
          cw[alpha:].ctypes, a.ctypes, iw[3:].ctypes, b.ctypes, iw[4:].ctypes,
          cw[beta:].ctypes, c.ctypes, iw[5:].ctypes)


@numba.njit(cache=True, nogil=True)
def _getrs(trans, n, nrhs, a, lda, ipiv, b, ldb, iw, ch):
    """b = op(A)^-1 b from the LU factors in a; trans indexes ch."""
    iw[0], iw[1], iw[2], iw[3] = n, nrhs, lda, ldb
    zgetrs(ch[trans:].ctypes, iw[0:].ctypes, iw[1:].ctypes, a.ctypes, iw[2:].ctypes,
           ipiv.ctypes, b.ctypes, iw[3:].ctypes, iw[7:].ctypes)


@numba.njit(cache=True, nogil=True)
def _copy_block(src, lds, dst, ldd, rows, cols):
    """dst[r + c ldd] = src[r + c lds] for r < rows, c < cols."""
    for c in range(cols):
        for r in range(rows):
            dst[r + c * ldd] = src[r + c * lds]


@numba.njit(cache=True, nogil=True)
def factor_fronts(data, no, nb, slot_ptr, slots, flat, child_ptr, children, pos_ptr,
                  positions, stack_at, factor_at, pivot_at, factors,
                  pivots, front, stack, iw, ch, cw):
    r"""Factor every front of one energy, in postorder; returns the first singular node or -1.

    ``data`` holds the stored entries of A; node i takes ``data[slots[e]]``
    at flat position ``flat[e]`` of its front for e in
    ``slot_ptr[i]:slot_ptr[i + 1]``, and the update of each child
    ``children[c]`` (c in ``child_ptr[i]:child_ptr[i + 1]``) at the
    positions ``positions[pos_ptr[c]:pos_ptr[c + 1]]``. The factors of node
    i start at ``factors[factor_at[i]]``: :math:`F_{oo}`'s LU (no x no), then
    X (no x nb), then :math:`F_{bo}` (nb x no); its pivots (1-based) at
    ``pivots[pivot_at[i]]``. ``front`` is scratch of the largest front's
    size squared; ``stack`` holds the updates at ``stack_at``.
    """
    for i in range(no.shape[0]):
        o, b = no[i], nb[i]
        s = o + b
        f = front[: s * s]
        f[:] = 0.0
        for e in range(slot_ptr[i], slot_ptr[i + 1]):
            f[flat[e]] = data[slots[e]]
        for c in range(child_ptr[i], child_ptr[i + 1]):
            k = children[c]
            m, at, p = nb[k], stack_at[k], positions[pos_ptr[c] : pos_ptr[c + 1]]
            for col in range(m):
                base, source = p[col] * s, at + col * m
                for row in range(m):
                    f[base + p[row]] += stack[source + row]
        ipiv = pivots[pivot_at[i] :]
        iw[0], iw[1] = o, s
        zgetrf(iw[0:].ctypes, iw[0:].ctypes, f.ctypes, iw[1:].ctypes, ipiv.ctypes, iw[7:].ctypes)
        if iw[7] != 0:
            return i
        lu = factors[factor_at[i] :]
        x = factors[factor_at[i] + o * o :]
        f_bo = factors[factor_at[i] + o * o + o * b :]
        _copy_block(f, s, lu, o, o, o)
        if b == 0:
            continue
        _getrs(0, o, b, f, s, ipiv, f[o * s :], s, iw, ch)
        _copy_block(f[o * s :], s, x, o, o, b)
        _copy_block(f[o:], s, f_bo, b, b, o)
        # U = F_bb - F_bo X, in place, then onto the stack
        _gemm(0, 0, b, b, o, 1, f_bo, b, x, o, 0, f[o + o * s :], s, iw, ch, cw)
        _copy_block(f[o + o * s :], s, stack[stack_at[i] :], b, b, b)
    return -1


@numba.njit(cache=True, nogil=True)
def _transpose(src, lds, dst, ldd, rows, cols):
    """dst[c + r ldd] = src[r + c lds] for r < rows, c < cols."""
    for c in range(cols):
        for r in range(rows):
            dst[c + r * ldd] = src[r + c * lds]


@numba.njit(cache=True, nogil=True)
def solve_fronts(w, k, no, nb, own_at, bnd_ptr, bnd_index, factor_at, factors, pivots,
                 active, needed, transpose, scratch, block, iw, ch, cw):
    r"""w = A^-1 w (A^-T w with ``transpose``) in place from :func:`factor_fronts`' factors.

    ``w`` holds n rows of k columns, row-major, in the tree's order (node
    i's own rows from ``own_at[i]``, its boundary rows
    ``bnd_index[bnd_ptr[i]:bnd_ptr[i + 1]]``), so that the rows of a
    boundary are gathered as whole rows. Only the rows of the nodes marked
    ``active`` (those where the right-hand side is not zero, and their
    ancestors: see :func:`place_rows`) are read; the others are taken as
    zero. Forward, children first, over the active nodes:
    :math:`c_o = F_{oo}^{-1}w_o`, :math:`w_b \mathrel{-}= F_{bo}c_o` (for
    :math:`A^T`: :math:`w_b \mathrel{-}= X^Tw_o`); back, from the root, for
    the nodes marked ``needed``: :math:`x_o = c_o - Xx_b` (for :math:`A^T`:
    :math:`x_o = F_{oo}^{-T}(w_o - F_{bo}^Tx_b)`), with :math:`c_o = 0`
    (:math:`w_o = 0`) on the other nodes. A node's rows, read as a
    column-major k x o matrix, are :math:`w_o^T`, so the products run
    transposed; ``scratch`` holds the largest boundary times k, ``block``
    the largest own block times k (:math:`w_o` column-major, for the LU
    solves).
    """
    for i in range(no.shape[0]):
        if not active[i]:
            continue
        o, b, r0 = no[i], nb[i], own_at[i]
        rows = w[r0 * k :]
        if not transpose:  # c_o = F_oo^-1 w_o
            _transpose(rows, k, block, o, k, o)
            _getrs(0, o, k, factors[factor_at[i] :], o, pivots[r0:], block, o, iw, ch)
            _transpose(block, o, rows, k, o, k)
        if b == 0:
            continue
        if transpose:  # (X^T w_o)^T = w_o^T X
            _gemm(0, 0, k, b, o, 0, rows, k, factors[factor_at[i] + o * o :], o, 2,
                  scratch, k, iw, ch, cw)
        else:  # (F_bo c_o)^T = c_o^T F_bo^T
            _gemm(0, 1, k, b, o, 0, rows, k, factors[factor_at[i] + o * o + o * b :], b, 2,
                  scratch, k, iw, ch, cw)
        bnd = bnd_index[bnd_ptr[i] : bnd_ptr[i + 1]]
        for r in range(b):
            w[bnd[r] * k : bnd[r] * k + k] -= scratch[r * k : r * k + k]
    for i in range(no.shape[0] - 1, -1, -1):
        if not needed[i]:
            continue
        o, b, r0 = no[i], nb[i], own_at[i]
        rows = w[r0 * k :]
        keep = 0 if active[i] else 2  # beta = 1 (c_o or w_o) or 0 (rows never set)
        if b > 0:
            bnd = bnd_index[bnd_ptr[i] : bnd_ptr[i + 1]]
            for r in range(b):
                scratch[r * k : r * k + k] = w[bnd[r] * k : bnd[r] * k + k]
            if transpose:  # (w_o - F_bo^T x_b)^T = w_o^T - x_b^T F_bo
                _gemm(0, 0, k, o, b, 1, scratch, k, factors[factor_at[i] + o * o + o * b :], b,
                      keep, rows, k, iw, ch, cw)
            else:  # (c_o - X x_b)^T = c_o^T - x_b^T X^T
                _gemm(0, 1, k, o, b, 1, scratch, k, factors[factor_at[i] + o * o :], o, keep,
                      rows, k, iw, ch, cw)
        elif not active[i]:  # a root that nothing reaches
            rows[: o * k] = 0.0
        if transpose:
            _transpose(rows, k, block, o, k, o)
            _getrs(1, o, k, factors[factor_at[i] :], o, pivots[r0:], block, o, iw, ch)
            _transpose(block, o, rows, k, o, k)


@numba.njit(cache=True, nogil=True)
def mark_ancestors(marks, parent):
    """Mark the parent of every marked node, nodes in postorder (children first)."""
    for i in range(marks.shape[0]):
        if marks[i] and parent[i] >= 0:
            marks[parent[i]] = True


@numba.njit(cache=True, nogil=True)
def place_rows(w, k, at, values, node_at, no, own_at, parent, active):
    """Put the rows ``values`` (m x k) at the positions ``at`` of w (rows of k, row-major).

    Marks ``active`` the nodes that hold one of the rows (``node_at`` of
    each position) and their ancestors, and zeroes the other rows of those
    nodes: the rows that :func:`solve_fronts` reads. The rows of the other
    nodes are left as they were.
    """
    active[:] = False
    for j in range(at.shape[0]):
        active[node_at[at[j]]] = True
    mark_ancestors(active, parent)
    for i in range(no.shape[0]):
        if active[i]:
            w[own_at[i] * k : (own_at[i] + no[i]) * k] = 0.0
    for j in range(at.shape[0]):
        w[at[j] * k : at[j] * k + k] = values[j]


@numba.njit(cache=True, nogil=True)
def add_row_spin_densities(w, k, labels, out):
    r"""out[g, i] += (n, s_x, s_y, s_z) of site i over the columns c of group ``labels[c]``.

    ``w`` holds the rows of k columns, row-major (site i, spin s in row
    2i + s); the densities are those of
    :func:`weylmag._kernels.rgf.add_spin_densities`.
    """
    for i in range(w.shape[0] // (2 * k)):
        for c in range(k):
            g = labels[c]
            up, dn = w[2 * i * k + c], w[(2 * i + 1) * k + c]
            n_up = up.real * up.real + up.imag * up.imag
            n_dn = dn.real * dn.real + dn.imag * dn.imag
            flip = np.conj(up) * dn
            out[g, i, 0] += n_up + n_dn
            out[g, i, 1] += flip.real
            out[g, i, 2] += flip.imag
            out[g, i, 3] += 0.5 * (n_up - n_dn)

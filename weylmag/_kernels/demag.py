"""Kernels of the FFT demagnetisation: gather M, multiply by N, scatter H.

The FFT buffers are 4-D, ``(3, P0, P1, P2)``, zero-padded along some axes;
the gather and scatter kernels read and write the mesh block of such a
buffer, passed as a (strided) view of shape ``(3, n0, n1, n2)``.
"""

from numba import prange

from . import kernel


@kernel
def set_components(m, Ms, out):
    """out[c, i, j, k] = Ms m_c of the cell at (i, j, k)."""
    n0, n1, n2 = out.shape[1], out.shape[2], out.shape[3]
    for i in prange(n0):
        for j in range(n1):
            for k in range(n2):
                q = (i * n1 + j) * n2 + k
                for c in range(3):
                    out[c, i, j, k] = Ms[q] * m[q, c]


@kernel
def multiply_tensor(N, X):
    """X_k <- -N_k X_k per wave vector k; N (K, 6) real as xx yy zz xy xz yz."""
    n = N.shape[0]
    for k in prange(n):
        mx = X[0, k]
        my = X[1, k]
        mz = X[2, k]
        X[0, k] = -(N[k, 0] * mx + N[k, 3] * my + N[k, 4] * mz)
        X[1, k] = -(N[k, 3] * mx + N[k, 1] * my + N[k, 5] * mz)
        X[2, k] = -(N[k, 4] * mx + N[k, 5] * my + N[k, 2] * mz)


@kernel
def add_components(active, H, out):
    """out_q,c += H[c, i, j, k] for the active cells q = (i, j, k)."""
    n0, n1, n2 = H.shape[1], H.shape[2], H.shape[3]
    for i in prange(n0):
        for j in range(n1):
            for k in range(n2):
                q = (i * n1 + j) * n2 + k
                if active[q]:
                    for c in range(3):
                        out[q, c] += H[c, i, j, k]

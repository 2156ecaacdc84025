"""Kernels of the FFT demagnetisation: gather M, multiply by N, scatter H."""

from numba import prange

from . import kernel


@kernel
def set_components(m, Ms, out):
    """out[c, i] = Ms_i m_i,c  (out is the (3, N) real FFT input)."""
    n = m.shape[0]
    for i in prange(n):
        for c in range(3):
            out[c, i] = Ms[i] * m[i, c]


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
    """out_i,c += H[c, i] in cells with active_i != 0 (H is the (3, N) result)."""
    n = active.shape[0]
    for i in prange(n):
        if active[i]:
            for c in range(3):
                out[i, c] += H[c, i]

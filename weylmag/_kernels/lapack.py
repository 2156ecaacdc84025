r"""LAPACK and BLAS routines callable from numba kernels, with the GIL released.

scipy exports its Fortran LAPACK and BLAS by address
(``scipy.linalg.cython_lapack``, ``scipy.linalg.cython_blas``). Each routine
is registered under a symbol of its own with LLVM and declared to numba as
an external function of that symbol, the way numba reaches its own LAPACK
helpers: compiled kernels refer to the symbol, not to an address, so they
can be cached between processes.

Every argument is a pointer, as in Fortran: a kernel keeps the integer
arguments in an int32 array and the complex scalars in a complex array and
passes views of them (``iw[k:].ctypes``), and passes a matrix as the view
of a flat buffer that starts at its first element, with its leading
dimension (column-major storage). That lets a kernel factor and multiply
the blocks of a larger matrix in place.
"""

import llvmlite.binding
from numba import types
from numba.extending import get_cython_function_address


def _routine(library, name, n_args):
    symbol = f"weylmag_{name}"
    address = get_cython_function_address(f"scipy.linalg.cython_{library}", name)
    llvmlite.binding.add_symbol(symbol, address)
    return types.ExternalFunction(symbol, types.void(*[types.voidptr] * n_args))


#: (m, n, a, lda, ipiv, info): a = P L U in place, ipiv 1-based.
zgetrf = _routine("lapack", "zgetrf", 6)
#: (trans, n, nrhs, a, lda, ipiv, b, ldb, info): b = op(A)^-1 b from zgetrf's factors.
zgetrs = _routine("lapack", "zgetrs", 9)
#: (transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc): c = alpha op(a) op(b) + beta c.
zgemm = _routine("blas", "zgemm", 13)

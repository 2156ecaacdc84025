"""numba kernels on plain arrays.

Every kernel writes into an ``out`` argument and allocates nothing. ``set_*``
kernels overwrite ``out``, ``add_*`` kernels accumulate into it. Nothing else
of weylmag is imported here.

Each kernel is compiled twice, lazily: serially and with ``parallel=True``.
The parallel version runs only for arrays of at least
:data:`PARALLEL_MIN_CELLS` rows and when numba has more than one thread;
below that, starting threads costs more than it saves, and on a shared
two-core machine idle-spinning workers slow everything else down.
"""

import numba

#: Smallest first-array length for which kernels run in parallel.
PARALLEL_MIN_CELLS = 20_000


class Kernel:
    """A numba kernel with a serial and a parallel compilation."""

    def __init__(self, func):
        self.py_func = func
        self.serial = numba.njit(cache=True, nogil=True)(func)
        self.parallel = numba.njit(cache=True, nogil=True, parallel=True)(func)
        self.__doc__ = func.__doc__
        self.__name__ = func.__name__

    def __call__(self, *args):
        if args[0].shape[-2 if args[0].ndim == 3 else 0] >= PARALLEL_MIN_CELLS and (
            numba.get_num_threads() > 1
        ):
            return self.parallel(*args)
        return self.serial(*args)


def kernel(func):
    """Decorator: compile ``func`` as a :class:`Kernel`."""
    return Kernel(func)

"""numba kernels on plain arrays.

Every kernel writes into an ``out`` argument and allocates nothing. ``set_*``
kernels overwrite ``out``, ``add_*`` kernels accumulate into it. Nothing else
of weylmag is imported here.
"""

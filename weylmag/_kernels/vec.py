"""Small vector helpers inlined into the kernels."""

import numba


@numba.njit(inline="always", cache=True)
def cross(ax, ay, az, bx, by, bz):
    return ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx

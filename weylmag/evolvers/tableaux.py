r"""Butcher tableaux of the explicit methods, each with its source.

``dp54`` — Dormand and Prince, J. Comput. Appl. Math. 6, 19 (1980), RK5(4)7M,
first same as last (6 new evaluations per step), fifth order propagated::

    0     |
    1/5   | 1/5
    3/10  | 3/40        9/40
    4/5   | 44/45      -56/15       32/9
    8/9   | 19372/6561 -25360/2187  64448/6561  -212/729
    1     | 9017/3168  -355/33      46732/5247   49/176   -5103/18656
    1     | 35/384      0           500/1113     125/192  -2187/6784    11/84
    ------+--------------------------------------------------------------------
    b     | 35/384      0           500/1113     125/192  -2187/6784    11/84    0
    b^    | 5179/57600  0           7571/16695   393/640  -92097/339200 187/2100 1/40

``rkf54`` — Fehlberg's RK4(5) pair (NASA TR R-315, 1969), six stages, the
fifth-order solution propagated (local extrapolation)::

    0     |
    1/4   | 1/4
    3/8   | 3/32        9/32
    12/13 | 1932/2197  -7200/2197  7296/2197
    1     | 439/216    -8          3680/513   -845/4104
    1/2   | -8/27       2         -3544/2565   1859/4104  -11/40
    ------+----------------------------------------------------------
    b     | 16/135      0          6656/12825  28561/56430 -9/50   2/55
    b^    | 25/216      0          1408/2565   2197/4104   -1/5    0

``bs23`` — Bogacki and Shampine, Appl. Math. Lett. 2, 321 (1989), a 3(2)
pair, first same as last (3 new evaluations per step), third order
propagated. For stiff exchange on fine meshes the step is limited by
stability rather than accuracy; per evaluation this pair covers about 1.8x
the imaginary-axis interval of Dormand-Prince (with alpha = 0.02: y < 1.85
in 3 evaluations against y < 2.08 in 6)::

    0   |
    1/2 | 1/2
    3/4 | 0    3/4
    1   | 2/9  1/3  4/9
    ----+-------------------
    b   | 2/9  1/3  4/9  0
    b^  | 7/24 1/4  1/3  1/8

``rk4`` — the classical fourth-order method (error by step doubling)::

    0   |
    1/2 | 1/2
    1/2 | 0    1/2
    1   | 0    0    1
    ----+-------------------
    b   | 1/6  1/3  1/3  1/6

``rk2`` — Heun's second-order method (error by step doubling)::

    0 |
    1 | 1
    --+---------
    b | 1/2  1/2

``euler`` — forward Euler propagated, the Heun solution as the error
reference (an embedded 1(2) pair; first same as last, so one evaluation per
step)::

    0 |
    1 | 1
    --+---------
    b | 1    0
    b^| 1/2  1/2
"""

from fractions import Fraction as F

import numpy as np

from .base import Tableau


def _arr(rows, size):
    out = np.zeros((size, size))
    for i, row in enumerate(rows):
        out[i, : len(row)] = [float(v) for v in row]
    return out


def _vec(values):
    return np.array([float(v) for v in values])


DP54_A = [
    [],
    [F(1, 5)],
    [F(3, 40), F(9, 40)],
    [F(44, 45), F(-56, 15), F(32, 9)],
    [F(19372, 6561), F(-25360, 2187), F(64448, 6561), F(-212, 729)],
    [F(9017, 3168), F(-355, 33), F(46732, 5247), F(49, 176), F(-5103, 18656)],
    [F(35, 384), 0, F(500, 1113), F(125, 192), F(-2187, 6784), F(11, 84)],
]
DP54_B = [F(35, 384), 0, F(500, 1113), F(125, 192), F(-2187, 6784), F(11, 84), 0]
DP54_BHAT = [
    F(5179, 57600), 0, F(7571, 16695), F(393, 640), F(-92097, 339200),
    F(187, 2100), F(1, 40),
]

RKF54_A = [
    [],
    [F(1, 4)],
    [F(3, 32), F(9, 32)],
    [F(1932, 2197), F(-7200, 2197), F(7296, 2197)],
    [F(439, 216), -8, F(3680, 513), F(-845, 4104)],
    [F(-8, 27), 2, F(-3544, 2565), F(1859, 4104), F(-11, 40)],
]
RKF54_B = [F(16, 135), 0, F(6656, 12825), F(28561, 56430), F(-9, 50), F(2, 55)]
RKF54_BHAT = [F(25, 216), 0, F(1408, 2565), F(2197, 4104), F(-1, 5), 0]


def _embedded(name, A, b, bhat, order, error_order):
    s = len(b)
    c = np.array([float(sum(row)) for row in A])
    return Tableau(
        name=name, a=_arr(A, s), b=_vec(b), c=c, order=order, error_order=error_order,
        b_err=_vec([x - y for x, y in zip(b, bhat)]),
    )


TABLEAUX = {
    "dp54": _embedded("dp54", DP54_A, DP54_B, DP54_BHAT, 5, 5),
    "rkf54": _embedded("rkf54", RKF54_A, RKF54_B, RKF54_BHAT, 5, 5),
    "bs23": _embedded(
        "bs23",
        [[], [F(1, 2)], [0, F(3, 4)], [F(2, 9), F(1, 3), F(4, 9)]],
        [F(2, 9), F(1, 3), F(4, 9), 0],
        [F(7, 24), F(1, 4), F(1, 3), F(1, 8)],
        3,
        3,
    ),
    "euler": _embedded("euler", [[], [1]], [1, 0], [F(1, 2), F(1, 2)], 1, 2),
    "rk4": Tableau(
        name="rk4",
        a=_arr([[], [F(1, 2)], [0, F(1, 2)], [0, 0, 1]], 4),
        b=_vec([F(1, 6), F(1, 3), F(1, 3), F(1, 6)]),
        c=np.array([0.0, 0.5, 0.5, 1.0]),
        order=4,
        error_order=5,
    ),
    "rk2": Tableau(
        name="rk2",
        a=_arr([[], [1]], 2),
        b=_vec([F(1, 2), F(1, 2)]),
        c=np.array([0.0, 1.0]),
        order=2,
        error_order=3,
    ),
}

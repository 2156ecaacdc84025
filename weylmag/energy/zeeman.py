r"""Zeeman energy with the time dependences of ``mm.Zeeman``.

.. math::

    w = -\mu_0 M_s \mathbf{m}\cdot\mathbf{H}(t), \qquad
    \mathbf{H}(t) = s(t)\,\mathbf{H}_0 \;\text{or}\; S(t)\,\mathbf{H}_0

with ``s(t)`` from ``func="sin"`` (``sin 2 pi f (t - t0)``), ``"sinc"``, a
callable returning a number, a callable returning 9 numbers (a 3x3 matrix,
row-major, OOMMF's ``TransformZeeman``) or OOMMF Tcl strings. H in A/m.
"""

import numpy as np

from .. import parameters
from ..constants import mu0
from ..timefunc import TimeFunction
from .._kernels import fields as kf
from .base import CompiledEnergy


class Zeeman(CompiledEnergy):
    """Compiled ``mm.Zeeman``."""

    density_prefactor = 1.0

    def __init__(self, term, problem):
        super().__init__(term, problem)
        self.H0 = parameters.vector(term.H, problem.mesh, "H")
        self.H0[problem.Ms == 0] = 0.0
        self.tf = TimeFunction.from_term(term)
        self.time_dependent = not self.tf.constant
        self._scale = (problem.Ms > 0).astype(float)
        self._matrix = np.eye(3)
        self._mean_H0 = self.H0[problem.Ms > 0].mean(axis=0) if problem.Ms.any() else 0
        # One field in every cell: no per-cell array needs to be read.
        self.uniform = bool(
            problem.Ms.min() > 0
            and (self.tf.kind == "vector" or np.all(self.H0 == self.H0[0]))
        )
        self._H = np.zeros(3)
        if self.uniform and self.tf.constant:
            self._set_uniform(self._matrix)

    def matrix(self, t):
        """The 3x3 multiplier of H0 at time t."""
        if self.tf.constant:
            return self._matrix
        s = self.tf(t)
        if self.tf.kind == "matrix":
            return np.asarray(s, dtype=float)
        if self.tf.kind == "vector":
            raise AssertionError("vector time functions are handled in add_field")
        return float(s) * np.eye(3)

    def _set_uniform(self, matrix):
        # The sums of add_transformed, in its order.
        H0 = self.H0[0]
        for a in range(3):
            s = 0.0
            for b in range(3):
                s += matrix[a, b] * H0[b]
            self._H[a] = s

    def uniform_field(self, t):
        if not self.uniform:
            return None
        if self.tf.kind == "vector":
            self._H[:] = self.tf(t)
        elif not self.tf.constant:
            self._set_uniform(self.matrix(t))
        return self._H

    def add_field(self, m, t, out):
        if self.uniform:
            kf.add_uniform(out, self.uniform_field(t), out)
            return
        if self.tf.kind == "vector":
            out += np.asarray(self.tf(t)) * self._scale[:, None]
            return
        kf.add_transformed(self.H0, self.matrix(t), self._scale, out)

    def table_columns(self, t):
        if self.tf.kind == "vector":
            H = np.asarray(self.tf(t))
        else:
            H = self.matrix(t) @ self._mean_H0
        B = mu0 * np.asarray(H, dtype=float)
        return {
            f"Bx_{self.name}": (B[0], "T"),
            f"By_{self.name}": (B[1], "T"),
            f"Bz_{self.name}": (B[2], "T"),
        }

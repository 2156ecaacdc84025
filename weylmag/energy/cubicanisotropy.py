r"""Cubic anisotropy.

.. math::

    w = K\left[(\mathbf{m}\cdot\mathbf{u}_1)^2(\mathbf{m}\cdot\mathbf{u}_2)^2
    + (\mathbf{m}\cdot\mathbf{u}_2)^2(\mathbf{m}\cdot\mathbf{u}_3)^2
    + (\mathbf{m}\cdot\mathbf{u}_3)^2(\mathbf{m}\cdot\mathbf{u}_1)^2\right],
    \quad \mathbf{u}_3 = \mathbf{u}_1\times\mathbf{u}_2

the sign convention of OOMMF and mumax3 (K > 0: easy axes along u1, u2, u3).
"""

import numpy as np

from .. import parameters
from ..constants import mu0
from .._kernels import fields as kf
from .base import CompiledEnergy


class CubicAnisotropy(CompiledEnergy):
    """Compiled ``mm.CubicAnisotropy`` (K in J/m^3)."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        self.K = np.where(problem.Ms > 0, parameters.scalar(term.K, mesh, "K"), 0.0)
        self.u1 = parameters.unit_vector(term.u1, mesh, "u1")
        u2 = parameters.unit_vector(term.u2, mesh, "u2")
        # Make u2 exactly perpendicular to u1 (the user gives two axes of a cube).
        u2 = u2 - np.sum(u2 * self.u1, axis=1)[:, None] * self.u1
        norm = np.linalg.norm(u2, axis=1)
        if np.any(norm < 1e-12):
            raise ValueError("CubicAnisotropy axes u1 and u2 must not be parallel.")
        self.u2 = np.ascontiguousarray(u2 / norm[:, None])
        self.u3 = np.ascontiguousarray(np.cross(self.u1, self.u2))
        self.kc = -2 * self.K * problem.inv_Ms / mu0

    def add_field(self, m, t, out):
        kf.add_cubic(m, self.u1, self.u2, self.u3, self.kc, out)

    def set_density(self, m, t, H, out):
        kf.set_cubic_density(m, self.u1, self.u2, self.u3, self.K, out)

r"""Uniaxial anisotropy to fourth order.

.. math::

    w = -K_1 (\mathbf{m}\cdot\mathbf{u})^2 - K_2 (\mathbf{m}\cdot\mathbf{u})^4,
    \qquad
    \mathbf{H} = \frac{2K_1}{\mu_0 M_s}(\mathbf{m}\cdot\mathbf{u})\mathbf{u}
    + \frac{4K_2}{\mu_0 M_s}(\mathbf{m}\cdot\mathbf{u})^3\mathbf{u}

``K`` is a synonym of ``K1``. K1, K2 in J/m^3, u a direction (normalised).
"""

import numpy as np

from .. import parameters
from ..constants import mu0
from ..timefunc import attribute
from .._kernels import fields as kf
from .base import CompiledEnergy


class UniaxialAnisotropy(CompiledEnergy):
    """Compiled ``mm.UniaxialAnisotropy``."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        K1 = attribute(term, "K1")
        if K1 is None:
            K1 = attribute(term, "K")
        if K1 is None:
            raise ValueError("UniaxialAnisotropy needs K (or K1) in J/m^3.")
        K2 = attribute(term, "K2")
        self.K1 = parameters.scalar(K1, mesh, "K1")
        self.K2 = parameters.scalar(0.0 if K2 is None else K2, mesh, "K2")
        self.u = parameters.unit_vector(term.u, mesh, "u")
        self.k1 = 2 * self.K1 * problem.inv_Ms / mu0
        self.k2 = 4 * self.K2 * problem.inv_Ms / mu0
        self._K1 = np.where(problem.Ms > 0, self.K1, 0.0)
        self._K2 = np.where(problem.Ms > 0, self.K2, 0.0)

    def add_field(self, m, t, out):
        kf.add_uniaxial(m, self.u, self.k1, self.k2, out)

    def set_density(self, m, t, H, out):
        kf.set_uniaxial_density(m, self.u, self._K1, self._K2, out)

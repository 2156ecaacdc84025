r"""Zhang-Li spin-transfer torque for currents in the plane of a texture.

In the Gilbert form of the LLG equation

.. math::

    \mathbf{T} = -(\mathbf{u}\cdot\nabla)\mathbf{m}
    + \beta\,\mathbf{m}\times(\mathbf{u}\cdot\nabla)\mathbf{m}

so that a texture is carried along +u (at ``beta = alpha`` rigidly, at speed
``(beta/alpha) u`` for a steady wall), as oommfc and mumax3c behave. u in
m/s (scalar along x, a vector, per region, or a field), beta dimensionless;
``func``/``dt``/``tcl_strings`` multiply u by a function of time.
"""

import numbers

import numpy as np

from .. import parameters
from ..timefunc import TimeFunction
from .._kernels import llg as kl
from .base import CompiledTorque


def velocity(u, mesh):
    """The spin-drift velocity as an (N, 3) array; a scalar u points along x."""
    if isinstance(u, numbers.Real):
        return parameters.vector((float(u), 0.0, 0.0), mesh, "u")
    if isinstance(u, dict) and all(isinstance(v, numbers.Real) for v in u.values()):
        return parameters.vector({k: (v, 0.0, 0.0) for k, v in u.items()}, mesh, "u")
    if hasattr(u, "nvdim") and u.nvdim == 1:
        ux = parameters.scalar(u, mesh, "u")
        return np.ascontiguousarray(np.stack([ux, 0 * ux, 0 * ux], axis=1))
    return parameters.vector(u, mesh, "u")


class ZhangLi(CompiledTorque):
    """Compiled ``mm.ZhangLi``."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        self.u = velocity(term.u, mesh)
        self.beta = parameters.scalar(term.beta, mesh, "beta")
        self.tf = TimeFunction.from_term(term)
        self.time_dependent = not self.tf.constant
        self._scale = np.empty(3)
        self._g = np.zeros((problem.grid.n, 3))

    def add_torque(self, m, t, out):
        grid = self.problem.grid
        self._scale[:] = float(self.tf(t)) / grid.cell
        self._g[:] = 0.0
        kl.add_directional_derivative(m, grid.ngb, grid.link, self.u, self._scale, self._g)
        kl.add_zhang_li(m, self._g, self.beta, out)

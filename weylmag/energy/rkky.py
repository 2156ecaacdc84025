r"""RKKY (two-surface) exchange between two subregions across a spacer.

.. math::

    E = -\int_S \left[\sigma\, \mathbf{m}_1\cdot\mathbf{m}_2
    + \sigma_2 (\mathbf{m}_1\cdot\mathbf{m}_2)^2\right] dS

between the facing surfaces of the two subregions (OOMMF's
``Oxs_TwoSurfaceExchange``); each cell of the first surface couples to the
cell of the second surface at the same transverse position. sigma, sigma2 in
J/m^2.
"""

import numpy as np

from ..constants import mu0
from ..timefunc import attribute
from .._kernels import fields as kf
from .base import CompiledEnergy


class RKKY(CompiledEnergy):
    """Compiled ``mm.RKKY``."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        names = list(term.subregions)
        for r in names:
            if r not in mesh.subregions:
                raise ValueError(
                    f"RKKY subregion {r!r} is not in the mesh; it has "
                    f"{list(mesh.subregions)}."
                )
        sr1, sr2 = (mesh.subregions[r] for r in names)
        direction, first, second = sr1.facing_surface(sr2)
        axis = "xyz".index(direction)
        d = mesh.cell[axis]
        i1 = self._layer(mesh, first, axis, first.pmax[axis] - d / 2)
        i2 = self._layer(mesh, second, axis, second.pmin[axis] + d / 2)
        if i1.shape != i2.shape or i1.size == 0:
            raise ValueError(f"RKKY subregions {names} do not face each other.")
        self.first = np.ascontiguousarray(i1.reshape(-1))
        self.second = np.ascontiguousarray(i2.reshape(-1))
        sigma = float(attribute(term, "sigma") or 0.0)
        sigma2 = float(attribute(term, "sigma2") or 0.0)
        inv = problem.inv_Ms / (mu0 * d)
        pair_inv = np.stack([inv[self.first], inv[self.second]], axis=1)
        self.c1 = np.ascontiguousarray(sigma * pair_inv)
        self.c2 = np.ascontiguousarray(sigma2 * pair_inv)
        self.sigma, self.sigma2, self.d = sigma, sigma2, d

    @staticmethod
    def _layer(mesh, region, axis, coordinate):
        """Flat indices of the cells of ``region`` in the layer at ``coordinate``."""
        idx = np.arange(int(np.prod(mesh.n))).reshape(tuple(mesh.n))
        sl = list(mesh.region2slices(region))
        layer = int(round((coordinate - mesh.region.pmin[axis]) / mesh.cell[axis] - 0.5))
        sl[axis] = slice(layer, layer + 1)
        return idx[tuple(sl)]

    def add_field(self, m, t, out):
        kf.add_surface_coupling(m, self.first, self.second, self.c1, self.c2, out)

    def set_density(self, m, t, H, out):
        out[:] = 0.0
        dot = np.sum(m[self.first] * m[self.second], axis=1)
        # Energy per unit area, shared equally by the two cells of a pair.
        e = -(self.sigma * dot + self.sigma2 * dot**2) / (2 * self.d)
        np.add.at(out, self.first, e)
        np.add.at(out, self.second, e)

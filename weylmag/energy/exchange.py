r"""Exchange energy.

.. math::

    E = \int A |\nabla \mathbf{m}|^2 \, dV, \qquad
    \mathbf{H}_i = \frac{2}{\mu_0 M_{s,i}} \sum_{k} A_{ik}
    \frac{\mathbf{m}_{k} - \mathbf{m}_i}{\Delta_k^2}

The discrete energy is the sum over links ``A_ik |m_k - m_i|^2 / Delta^2 dV``
and the field is its exact derivative, so open faces and empty cells need no
special treatment: a missing link carries ``A = 0``.
"""

import numbers

import numpy as np

from .. import parameters
from .._kernels import fields as kf
from ..constants import mu0
from .base import CompiledEnergy


class Exchange(CompiledEnergy):
    """Compiled ``mm.Exchange`` (A in J/m; scalar, dict with "r1:r2" keys, or Field)."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        grid = problem.grid
        # A negative value is allowed only as an inter-region coupling ("r1:r2").
        A = parameters.link(term.A, grid, "A", nonnegative=not isinstance(term.A, dict))
        self.coef = 2 * A * grid.inv_spacing2 * problem.inv_Ms[:, None] / mu0
        # One A and one Ms (to round-off) everywhere: neighbours by index arithmetic.
        Ms = problem.Ms
        self.sets_field = bool(
            isinstance(term.A, numbers.Real)
            and Ms.min() > 0
            and Ms.max() - Ms.min() <= 1e-12 * Ms.max()
        )
        if self.sets_field:
            self._shape = np.array(grid.shape, dtype=np.int64)
            self._periodic = np.array(grid.periodic, dtype=np.bool_)
            self._axis_coef = np.ascontiguousarray(
                2 * float(term.A) * grid.inv_spacing2[::2] / (mu0 * Ms[0])
            )

    def add_field(self, m, t, out):
        kf.add_exchange(m, self.problem.grid.ngb, self.coef, out)

    def set_field(self, m, t, out):
        if not self.sets_field:
            return super().set_field(m, t, out)
        kf.set_exchange_uniform(m, self._shape, self._axis_coef, self._periodic, out)

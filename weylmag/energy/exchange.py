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
        self.fuses_llg = self.sets_field
        if self.sets_field:
            coef = 2 * float(term.A) * grid.inv_spacing2[::2] / (mu0 * Ms[0])
            # Axes of length 1 add exactly nothing; moving them to the front
            # (the memory order is unchanged) makes the kernels' rows long.
            axes = [a for a in range(3) if grid.shape[a] == 1]
            axes += [a for a in range(3) if grid.shape[a] > 1]
            self._shape = np.array([grid.shape[a] for a in axes], dtype=np.int64)
            self._periodic = np.array([grid.periodic[a] for a in axes], dtype=np.bool_)
            self._axis_coef = np.array([coef[a] for a in axes])

    def add_field(self, m, t, out):
        kf.add_exchange(m, self.problem.grid.ngb, self.coef, out)

    def set_field(self, m, t, out):
        if not (self.sets_field and m.flags.c_contiguous and out.flags.c_contiguous):
            return super().set_field(m, t, out)
        kf.set_exchange_uniform(m, self._shape, self._axis_coef, self._periodic, out)

    def set_field_and_llg(self, m, h, accumulate, gamma, alpha, precess, H, out):
        """H = this field + h (+ H if accumulate), and out = the uniform LLG of H.

        See :func:`~weylmag._kernels.fields.set_exchange_llg_uniform`; m, H and
        out must be C-contiguous.
        """
        kf.set_exchange_llg_uniform(
            m, self._shape, self._axis_coef, self._periodic, h, accumulate,
            gamma, alpha, precess, H, out,
        )

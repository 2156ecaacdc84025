r"""Dzyaloshinskii-Moriya interaction in every micromagneticmodel crystal class.

Every class is a special case of the tensor form

.. math::

    w = \sum_i \mathbf{D}_i \cdot (\partial_i \mathbf{m} \times \mathbf{m}),
    \qquad \mathbf{D}_i = D\, \hat{\mathbf{d}}_i

with, per class (``e_i`` the unit vectors):

* ``T``, ``O``: ``d_i = e_i`` (:math:`w = D\,\mathbf{m}\cdot\nabla\times\mathbf{m}`);
* ``Cnv_k``: ``d_i = k x e_i``
  (:math:`w = D(\mathbf{m}\cdot\nabla m_k - m_k \nabla\cdot\mathbf{m})`);
* ``D2d_z``: ``d_x = -e_x, d_y = e_y``; ``D2d_x``: ``d_y = -e_y, d_z = e_z``;
  ``D2d_y``: ``d_z = -e_z, d_x = e_x``.

The discrete energy is a sum over links, ``dV D_i . (m_j x m_i) / Delta_i`` for
``j = i + e_i``, and the field is its exact derivative,

.. math::

    \mathbf{H}_i = -\frac{1}{\mu_0 M_s} \sum_{\pm,a}
    \pm \frac{\mathbf{D}_a \times \mathbf{m}_{i \pm a}}{\Delta_a},

the central-difference form of :math:`-\frac{2}{\mu_0 M_s}\sum_a
\mathbf{D}_a \times \partial_a \mathbf{m}`. At an open surface the missing link
drops out, which imposes the DMI boundary condition
:math:`2A\,\partial_n \mathbf{m} = (\mathbf{D}_n \times \mathbf{m})`-type tilt to first
order in the cell size (the natural boundary condition of the energy).
"""

import numpy as np

from .. import parameters
from ..constants import mu0
from ..grid import AXIS_OF_DIRECTION, SIGN_OF_DIRECTION
from .._kernels import fields as kf
from .base import CompiledEnergy

_E = np.eye(3)


def dmi_directions(crystalclass):
    """The unit tensor ``d_ij`` (row i: the DMI vector for derivatives along i).

    Examples
    --------
    >>> dmi_directions("Cnv_z").tolist()
    [[0.0, 1.0, 0.0], [-1.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    cc = {"Cnv": "Cnv_z", "D2d": "D2d_z", "O": "T"}.get(crystalclass, crystalclass)
    if cc == "T":
        return _E.copy()
    if cc.startswith("Cnv_"):
        k = _E["xyz".index(cc[-1])]
        return np.array([np.cross(k, _E[i]) for i in range(3)])
    if cc.startswith("D2d_"):
        first, second = {"z": (0, 1), "x": (1, 2), "y": (2, 0)}[cc[-1]]
        d = np.zeros((3, 3))
        d[first] = -_E[first]
        d[second] = _E[second]
        return d
    raise ValueError(
        f"Unknown DMI crystalclass {crystalclass!r}; use T, O, Cnv_x, Cnv_y, Cnv_z, "
        "D2d_x, D2d_y or D2d_z."
    )


def link_vectors(D_link, tensor, problem):
    """Kernel coefficients ``-s D_link d_a / (mu0 Ms Delta_a)`` of shape (N, 6, 3).

    ``D_link`` (N, 6) is the DMI constant on each link and ``tensor`` either a
    (3, 3) tensor or an (N, 6, 3) array of per-link DMI vectors per unit D.
    """
    grid = problem.grid
    scale = -SIGN_OF_DIRECTION / grid.cell[AXIS_OF_DIRECTION]  # (6,)
    if tensor.ndim == 2:
        tensor = tensor[AXIS_OF_DIRECTION][None, :, :]
    coef = (D_link * scale)[:, :, None] * tensor
    return np.ascontiguousarray(coef * (problem.inv_Ms / mu0)[:, None, None])


class DMI(CompiledEnergy):
    """Compiled ``mm.DMI`` (D in J/m^2)."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        D = parameters.link(term.D, problem.grid, "D", mean="arithmetic")
        self.dvec = link_vectors(D, dmi_directions(term.crystalclass), problem)

    def add_field(self, m, t, out):
        kf.add_dmi(m, self.problem.grid.ngb, self.dvec, out)

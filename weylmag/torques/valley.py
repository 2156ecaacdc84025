r"""The local valley-mediated torque of a magnetic Weyl semimetal (seed 000, Eqs. 21-24).

A current :math:`\mathbf{j}_c` in a field :math:`\mathbf{B}` builds up, through
the chiral anomaly and the anomalous Hall field of a texture, a valley density
that follows :math:`\mathbf{m}\cdot\mathbf{u}` with
:math:`\mathbf{u}\parallel\mathbf{B}\times\mathbf{j}_c` (Eq. 20). Where valley
relaxation is short compared with the texture, its gradient acts on the
magnetisation as the field

.. math::

    \mathbf{H}_v = \frac{\nu}{\gamma_0}\,\nabla(\mathbf{m}\cdot\mathbf{u}),

whose spin-space components are the real-space derivatives
:math:`(\partial_x, \partial_y, \partial_z)(\mathbf{m}\cdot\mathbf{u})`, which
the spin-momentum locking :math:`v\hat\tau_z\hat{\boldsymbol\sigma}\cdot\mathbf{k}`
of Eq. 1 allows. The torque, in the Gilbert form of the LLG equation, is

.. math::

    \mathbf{T}_v = -\gamma_0\,\mathbf{m}\times\mathbf{H}_v
    - \beta\gamma_0\,\mathbf{m}\times(\mathbf{m}\times\mathbf{H}_v)
    = -\nu\,\mathbf{m}\times\mathbf{g} - \beta\nu\,\mathbf{m}\times
    (\mathbf{m}\times\mathbf{g}), \qquad g_a = \mathbf{u}\cdot\partial_a\mathbf{m},

a field-like part (a DMI-like torque for a mirror broken along u) and a
damping-like "chiral damping" part. :func:`weylmag.valley.torque_parameters`
computes :math:`\nu` (m/s) and u from the physical parameters of Eq. 21.

On a uniform state :math:`\mathbf{m}_0 = \hat{\mathbf{z}}`, u in the plane,
with spin waves :math:`\omega = b + ak^2`
(:math:`a = 2\gamma_0A/\mu_0M_s`, :math:`b = \gamma_0(2K/\mu_0M_s + H_z)`),
the torque pumps energy into waves along u for :math:`|\nu| > 4\alpha\sqrt{ab}`
(Eq. 27; :math:`\beta \ll 1`) and into waves along
:math:`\mathbf{j}_c\perp\mathbf{u}` for :math:`|\nu| > 4(\alpha/\beta)\sqrt{ab}`
(Eq. 28; :math:`\beta \gg 1`).
"""

import micromagneticmodel as mm
import numpy as np

from .. import parameters
from ..timefunc import TimeFunction
from .._kernels import llg as kl
from .base import CompiledTorque


class ValleyTorque(mm.dynamics.DynamicsTerm):
    r"""Valley-mediated torque :math:`-\nu\mathbf{m}\times(1 + \beta\mathbf{m}\times)
    \nabla(\mathbf{m}\cdot\mathbf{u})` (seed 000, Eqs. 21-24).

    Parameters
    ----------
    nu : float, dict or discretisedfield.Field
        Torque velocity (m/s); :func:`weylmag.valley.torque_parameters`
        gives it from eta, the Hall angle, tau_v, N, B and j_c.
    direction : array_like, dict or discretisedfield.Field
        u, the direction of :math:`\mathbf{B}\times\mathbf{j}_c`; normalised.
    beta : float, dict or discretisedfield.Field, optional
        Ratio of the damping-like to the field-like part (default 0).
    func, dt : optional
        A function of time multiplying nu (a current pulse), as for
        ``mm.ZhangLi``.

    Examples
    --------
    >>> import weylmag as wm
    >>> wm.ValleyTorque(nu=25.0, beta=0.1, direction=(1, 0, 0))
    ValleyTorque(nu=25.0, beta=0.1, direction=(1, 0, 0))
    """

    _allowed_attributes = ["nu", "beta", "direction", "func", "dt"]
    _reprlatex = (
        r"-\nu\,\mathbf{m}\times(1 + \beta\,\mathbf{m}\times)"
        r"\nabla(\mathbf{m}\cdot\mathbf{u})"
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        missing = [k for k in ("nu", "direction") if getattr(self, k, None) is None]
        if missing:
            raise ValueError(
                f"ValleyTorque needs nu (m/s) and direction (u, along B x j_c); missing "
                f"{missing}. weylmag.valley.torque_parameters(...) gives both."
            )
        if callable(self.nu) and not hasattr(self.nu, "mesh"):
            raise ValueError(
                "ValleyTorque: nu cannot be a callable; give func= for a time dependence."
            )

    def dmdt(self, m, Heff):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledValleyTorque(self, problem)


class CompiledValleyTorque(CompiledTorque):
    """:class:`ValleyTorque` on the grid."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        self.nu = parameters.scalar(term.nu, mesh, "nu")
        beta = getattr(term, "beta", None)
        self.beta = parameters.scalar(0.0 if beta is None else beta, mesh, "beta")
        self.u = parameters.unit_vector(term.direction, mesh, "direction")
        self.tf = TimeFunction.from_term(term)
        self.time_dependent = not self.tf.constant
        self._scale = np.empty(3)

    def add_torque(self, m, t, out):
        grid = self.problem.grid
        self._scale[:] = float(self.tf(t)) / grid.cell
        kl.add_valley(m, grid.ngb, grid.link, self.u, self._scale, self.nu, self.beta, out)

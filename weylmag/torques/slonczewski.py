r"""Slonczewski spin-transfer torque for a current through a spin valve.

In the Gilbert form (OOMMF ``SpinXferEvolve`` convention)

.. math::

    \mathbf{T} = \gamma_0 \beta_J \left[\epsilon\,\mathbf{m}\times
    (\mathbf{m}_p\times\mathbf{m}) - \epsilon'\,\mathbf{m}\times\mathbf{m}_p
    \right], \qquad \beta_J = \left|\frac{\hbar}{\mu_0 e}\right|
    \frac{J}{t M_s},

    \epsilon = \frac{P\Lambda^2}{(\Lambda^2 + 1) + (\Lambda^2 - 1)
    (\mathbf{m}\cdot\mathbf{m}_p)}

which with the LLG gives exactly the explicit form written in
``mm.Slonczewski``. ``t`` is the thickness of the free layer, taken as the
extent of the mesh along z (the current direction). J in A/m^2, mp a
direction, P and Lambda dimensionless, eps_prime dimensionless.
"""

import numpy as np

from .. import parameters
from ..constants import e, hbar, mu0
from ..timefunc import TimeFunction, attribute
from .._kernels import llg as kl
from .base import CompiledTorque


class Slonczewski(CompiledTorque):
    """Compiled ``mm.Slonczewski``."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        self.J = parameters.scalar(term.J, mesh, "J")
        self.mp = parameters.unit_vector(term.mp, mesh, "mp")
        self.P = parameters.scalar(term.P, mesh, "P", nonnegative=True)
        self.Lambda = parameters.scalar(term.Lambda, mesh, "Lambda", positive=True)
        eps_prime = attribute(term, "eps_prime")
        self.eps_prime = parameters.scalar(eps_prime or 0.0, mesh, "eps_prime")
        thickness = mesh.region.edges[2]
        beta_J = abs(hbar / (mu0 * e)) * self.J * problem.inv_Ms / thickness
        self._a0 = problem.gamma * beta_J
        self._a = self._a0.copy()
        self.tf = TimeFunction.from_term(term)
        self.time_dependent = not self.tf.constant

    def add_torque(self, m, t, out):
        np.multiply(self._a0, float(self.tf(t)), out=self._a)
        kl.add_slonczewski(m, self.mp, self._a, self.P, self.Lambda, self.eps_prime, out)

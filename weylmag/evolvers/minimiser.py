r"""Energy minimisation by Barzilai-Borwein steepest descent on the unit sphere.

With the torque-like gradient :math:`\mathbf{g} = \mathbf{m}\times
(\mathbf{m}\times\mathbf{H})` (A/m; the energy gradient on the sphere is
:math:`\mu_0 M_s V \mathbf{g}`) each iteration moves

.. math::

    \mathbf{m}_{k+1} = \frac{\mathbf{m}_k - h_k \mathbf{g}_k}
    {|\mathbf{m}_k - h_k \mathbf{g}_k|},
    \qquad h_k = \frac{s\cdot s}{s\cdot y} \;\text{or}\; \frac{s\cdot y}{y\cdot y}

alternately, with ``s = m_k - m_{k-1}`` and ``y = g_k - g_{k-1}``
(Barzilai and Borwein, IMA J. Numer. Anal. 8, 141 (1988); the scheme of
mumax3's ``minimize``). Iteration converges when ``max |m x (m x H)|``
falls below ``stopping_mxHxm`` (A/m, OOMMF's criterion); it then goes on
until the torque is a thousand times smaller, or has not fallen by a tenth
within ``polish`` iterations (BB is not monotone: it may stall, then drop), so that
the result sits at the minimum to the precision of the arithmetic rather than
just inside the criterion, and returns the state of smallest torque.
"""

import numpy as np

from .._kernels import llg as kl
from .._kernels import steps as ks
from ..problem import IntegrationError
from .base import Evolver


class BBEvolver(Evolver):
    """Barzilai-Borwein steepest-descent minimiser.

    Parameters
    ----------
    start_angle : float
        Rotation (radians) of the fastest cell in the first iteration
        (default 1e-2).

    Examples
    --------
    >>> BBEvolver()
    BBEvolver()
    """

    _allowed_attributes = ["start_angle", "polish", "fixed_spins", "method"]

    def minimise(self, problem, m, stopping_mxHxm, max_iterations, callback=None):
        """Minimise in place; returns the number of iterations.

        ``callback(iteration, m, max_torque)`` runs after every iteration.
        """
        n = problem.grid.n
        g = np.zeros((n, 3))
        g_old = np.zeros((n, 3))
        m_old = np.zeros((n, 3))
        t = 0.0
        problem.descent(m, t, g)
        torque = kl.max_norm(g)
        h = getattr(self, "start_angle", 1e-2) / torque if torque > 0 else 0.0
        it = 0
        self.stats = {"steps": 0, "rejected": 0, "rhs": 1}
        polish = int(getattr(self, "polish", 1000))
        best, best_m, best_it = torque, m.copy(), 0
        while torque > 0:
            if torque <= stopping_mxHxm and (
                it - best_it >= polish or torque <= 1e-3 * stopping_mxHxm
            ):
                break
            if it >= max_iterations and torque > stopping_mxHxm:
                raise IntegrationError(
                    f"Energy minimisation did not converge in {max_iterations} "
                    f"iterations (max |m x (m x H)| = {torque:.3g} A/m > "
                    f"{stopping_mxHxm} A/m); raise stage_iteration_limit or "
                    "stopping_mxHxm."
                )
            ks.descent_step(m, g, h, m_old, g_old)
            problem.descent(m, t, g)
            self.stats["rhs"] += 1
            it += 1
            self.stats["steps"] = it
            torque = kl.max_norm(g)
            if not np.isfinite(torque):
                raise IntegrationError(
                    f"Energy minimisation produced non-finite fields at iteration {it}"
                    f"; the first term with non-finite output is "
                    f"{problem.check_finite(m, t)}."
                )
            ss, sy, yy = ks.step_products(m, m_old, g, g_old)
            if sy > 0:
                h = ss / sy if it % 2 else sy / yy
            else:
                h = getattr(self, "start_angle", 1e-2) / max(torque, 1e-300) * 0.1
            if torque < 0.9 * best:
                best, best_it = torque, it
                best_m[:] = m
            elif torque < best:
                best = torque
                best_m[:] = m
            if callback is not None:
                callback(it, m, torque)
        if torque > best:
            m[:] = best_m
        return it


class CGEvolver(BBEvolver):
    """The minimiser under OOMMF's name.

    weylmag minimises with Barzilai-Borwein steepest descent (see
    :class:`BBEvolver`); the conjugate-gradient ``method`` argument of OOMMF
    is accepted and has no effect.
    """

    _allowed_attributes = BBEvolver._allowed_attributes + [
        "gradient_reset_angle",
        "gradient_reset_count",
        "minimum_bracket_step",
        "maximum_bracket_step",
        "line_minimum_angle_precision",
        "line_minimum_relwidth",
        "energy_precision",
    ]

"""Relaxation by damped dynamics without precession (mumax3's ``Relax``)."""

import numpy as np

from .._kernels import llg as kl
from ..evolvers import RungeKuttaEvolver
from ..problem import IntegrationError
from .driver import Driver


class RelaxDriver(Driver):
    """Relax the magnetisation along the damping torque only.

    The LLG equation is integrated with the precession term switched off,
    ``dm/dt = -alpha gamma0 / (1 + alpha^2) m x (m x H)``, a steepest-descent
    flow of the energy (alpha from ``system.dynamics``, or 1 where there is
    no damping: it only scales the pseudo-time), in stretches of growing
    length until ``max |m x (m x H)|`` is below ``stopping_mxHxm`` (A/m).
    When the torque has not fallen for ``plateau`` stretches the integrator's
    own error is the floor, and its tolerance is lowered tenfold, down to
    1e-12 (mumax3's ``Relax`` does the same with its MaxErr). The table gets
    one row, the final state, with ``t`` the pseudo-time of the flow.

    This driver is deliberately not a top-level ``weylmag`` name: the Ubermag
    test suite treats any calculator with a ``RelaxDriver`` as mumax3 and
    then expects mumax3's restrictions (no DMI without exchange, some DMI
    classes refused), which weylmag does not have. Import it from
    ``weylmag.drivers``; :class:`~weylmag.MinDriver` minimises faster.

    Parameters
    ----------
    evolver : TimeEvolver, optional
        Default :class:`~weylmag.RungeKuttaEvolver`.
    stopping_mxHxm : float
        Stop below this torque (A/m). Default 0: relax as far as the
        arithmetic allows, as mumax3 does.
    plateau : int
        Stretches without a new smallest torque before the tolerance is
        lowered (default 20).

    Examples
    --------
    >>> RelaxDriver(stopping_mxHxm=1.0)
    RelaxDriver(stopping_mxHxm=1.0)
    """

    _allowed_attributes = ["evolver", "stopping_mxHxm", "plateau"]

    @property
    def _x(self):
        return "t"

    def _run(self, problem, m, writer, verbose=1, output_step=False, **kwargs):
        if output_step:
            raise ValueError("RelaxDriver writes the final state only; drop output_step.")
        evolver = getattr(self, "evolver", None) or RungeKuttaEvolver()
        if not isinstance(evolver, RungeKuttaEvolver) or evolver.thermal:
            raise TypeError(
                f"Cannot use {type(evolver).__name__} with RelaxDriver; use a "
                "RungeKuttaEvolver."
            )
        stop = float(getattr(self, "stopping_mxHxm", 0.0))
        plateau = int(getattr(self, "plateau", 20))
        problem.damping_only()
        evolver.setup(problem)
        controller = evolver._loop.ctl
        self.evolver_stats = evolver.stats
        g = np.zeros_like(m)
        torque = best = kl.max_norm(problem.descent(m, 0.0, g))
        # Stretches of a few damping times of the strongest torque.
        rate = float(np.max(problem.alpha * problem.gamma)) * max(torque, 1.0)
        stretch = 3.0 / rate
        t = 0.0
        since_best = 0
        while torque > stop:
            if since_best >= plateau:
                # The integrator's error now limits the torque: tighten it,
                # as mumax3's Relax does, down to 1e-12.
                if controller.tolerance <= 1e-12:
                    break
                controller.tolerance /= 10.0
                since_best = 0
            if evolver.stats["steps"] > 10_000_000:
                raise IntegrationError(
                    f"RelaxDriver did not converge: max |m x (m x H)| = {torque:.3g} "
                    f"A/m after {evolver.stats['steps']} steps."
                )
            evolver.advance(problem, m, t, t + stretch)
            t += stretch
            stretch = min(2.0 * stretch, 1e3 / rate)
            torque = kl.max_norm(problem.descent(m, t, g))
            if torque < best:
                best, since_best = torque, 0
            else:
                since_best += 1
        cols = {"t": (t, "s")}
        cols.update(problem.table_columns(m, t))
        cols["max_mxHxm"] = (torque, "A/m")
        writer.row(cols)
        writer.snapshot(problem.magnetisation(m), 0)

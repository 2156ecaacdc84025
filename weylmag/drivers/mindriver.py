"""Energy minimisation."""

import numpy as np

from .._kernels import llg as kl
from ..evolvers import BBEvolver
from .driver import Driver


def _minimiser(driver):
    evolver = getattr(driver, "evolver", None)
    if evolver is None:
        return BBEvolver()
    if not isinstance(evolver, BBEvolver):
        raise TypeError(
            f"Cannot use {type(evolver).__name__} with {type(driver).__name__}; use "
            "weylmag.CGEvolver() or weylmag.BBEvolver()."
        )
    return evolver


class MinDriver(Driver):
    """Minimise the energy of a system.

    Parameters
    ----------
    evolver : BBEvolver or CGEvolver, optional
    stopping_mxHxm : float
        Stop when ``max |m x (m x H)|`` is below this value (A/m); default 0.1.
    stage_iteration_limit : int
        Raise an error if not converged after this many iterations
        (default 1,000,000).

    Examples
    --------
    >>> MinDriver(stopping_mxHxm=0.01)
    MinDriver(stopping_mxHxm=0.01)
    """

    _allowed_attributes = ["evolver", "stopping_mxHxm", "stage_iteration_limit"]

    @property
    def _x(self):
        return "iteration"

    def _limits(self):
        stop = getattr(self, "stopping_mxHxm", 0.1)
        if not stop > 0:
            raise ValueError(f"stopping_mxHxm must be positive (A/m); got {stop}.")
        return stop, int(getattr(self, "stage_iteration_limit", 1_000_000))

    def _minimise(self, problem, m, writer, output_step, iteration0=0, extra=None):
        evolver = _minimiser(self)
        stop, limit = self._limits()
        g = np.zeros_like(m)

        def row(it, m_now, torque):
            cols = {"iteration": (iteration0 + it, "")}
            cols.update(extra or {})
            cols.update(problem.table_columns(m_now, 0.0))
            cols["max_mxHxm"] = (torque, "A/m")
            writer.row(cols)

        def each_step(it, m_now, torque):
            row(it, m_now, torque)
            writer.snapshot(problem.magnetisation(m_now), iteration0 + it)

        its = evolver.minimise(
            problem, m, stop, limit, callback=each_step if output_step else None
        )
        if not output_step or its == 0:
            torque = kl.max_norm(problem.descent(m, 0.0, g))
            row(its, m, torque)
            writer.snapshot(problem.magnetisation(m), iteration0 + its)
        return its

    def _run(self, problem, m, writer, verbose=1, output_step=False, **kwargs):
        self._minimise(problem, m, writer, output_step)

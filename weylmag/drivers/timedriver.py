"""Time integration of the LLG equation with output at equal intervals."""

import math

import numpy as np
from tqdm.auto import tqdm

from .._kernels import llg as kl
from ..evolvers import RungeKuttaEvolver
from ..evolvers.base import TimeEvolver
from .driver import Driver

#: 1 degree per nanosecond in rad/s.
DEG_PER_NS = math.pi / 180 * 1e9


class TimeDriver(Driver):
    """Drive the magnetisation in time.

    ``drive(system, t=..., n=...)`` integrates for ``t`` seconds and writes
    ``n`` snapshots and table rows at ``t k / n`` (k = 1..n).

    Parameters
    ----------
    evolver : TimeEvolver, optional
        Default: :class:`~weylmag.RungeKuttaEvolver` (Dormand-Prince 5(4)).
        ``system.T > 0`` needs a thermal evolver such as
        :class:`~weylmag.Xf_ThermHeunEvolver`.
    stopping_dm_dt : float, optional
        Stop the drive early once ``max |dm/dt|`` at the end of a stage is
        below this value (degrees per nanosecond, OOMMF's unit).

    Examples
    --------
    >>> import micromagneticmodel as mm
    >>> TimeDriver(evolver=RungeKuttaEvolver(method="rk4"))
    TimeDriver(evolver=RungeKuttaEvolver(method='rk4'))
    """

    _allowed_attributes = ["evolver", "stopping_dm_dt"]
    _keywords = Driver._keywords | {"t", "n"}

    @property
    def _x(self):
        return "t"

    def _checkargs(self, kwargs):
        if "t" not in kwargs or "n" not in kwargs:
            raise TypeError("TimeDriver.drive() needs t (s) and n (number of outputs).")
        t, n = kwargs["t"], kwargs["n"]
        if not isinstance(t, (int, float)) or not math.isfinite(t) or t <= 0:
            raise ValueError(f"Cannot drive with t={t!r}; t must be a positive time (s).")
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n <= 0:
            raise ValueError(f"Cannot drive with n={n!r}; n must be a positive integer.")

    def _check_system(self, system):
        if len(system.dynamics) == 0:
            raise RuntimeError("System's dynamics is not defined")
        super()._check_system(system)

    def _evolver(self, problem):
        evolver = getattr(self, "evolver", None)
        if evolver is None:
            if problem.temperature > 0:
                raise RuntimeError(
                    f"system.T = {problem.temperature} K needs a thermal evolver; pass "
                    "TimeDriver(evolver=weylmag.Xf_ThermHeunEvolver())."
                )
            return RungeKuttaEvolver()
        if not isinstance(evolver, TimeEvolver):
            raise TypeError(
                f"Cannot use {type(evolver).__name__} with TimeDriver; use "
                "RungeKuttaEvolver, EulerEvolver or a thermal evolver."
            )
        if problem.temperature > 0 and not evolver.thermal:
            raise RuntimeError(
                f"{type(evolver).__name__} is deterministic but system.T = "
                f"{problem.temperature} K; use a thermal evolver such as "
                "weylmag.Xf_ThermHeunEvolver()."
            )
        return evolver

    def _run(self, problem, m, writer, t, n, verbose=1, output_step=False, **kwargs):
        if output_step:
            raise ValueError(
                "TimeDriver writes n outputs at equal intervals; output_step is a "
                "MinDriver option. Raise n for finer output."
            )
        evolver = self._evolver(problem)
        evolver.setup(problem)
        self.evolver_stats = evolver.stats
        dmdt = np.zeros_like(m)
        stop = getattr(self, "stopping_dm_dt", None)
        stages = range(1, n + 1)
        if verbose >= 2:
            stages = tqdm(stages, desc=f"weylmag {problem.system.name}", unit="output")
        time = 0.0
        for k in stages:
            t_k = t * k / n
            evolver.advance(problem, m, time, t_k)
            time = t_k
            problem.rhs(time, m, dmdt)
            rate = kl.max_norm(dmdt)
            cols = {"t": (t_k, "s")}
            cols.update(problem.table_columns(m, time, dmdt))
            cols["max_dmdt"] = (rate / DEG_PER_NS, "deg/ns")
            cols["steps"] = (evolver.stats["steps"], "")
            writer.row(cols)
            writer.snapshot(problem.magnetisation(m), k)
            if stop is not None and rate / DEG_PER_NS < stop:
                break

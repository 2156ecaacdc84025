"""Adaptive explicit Runge-Kutta evolvers (tableaux in :mod:`.tableaux`)."""

from .base import Controller, RungeKuttaLoop, TimeEvolver
from .tableaux import TABLEAUX

#: OOMMF's method names mapped to weylmag's tableaux. OOMMF's rkf54, rkf54m
#: and rkf54s are variants of Dormand-Prince RK5(4); weylmag keeps the true
#: Fehlberg pair under "rkf54" and runs "rkf54m"/"rkf54s" with Dormand-Prince.
METHODS = {
    "dp54": "dp54",
    "rk45dp": "dp54",
    "rkf54m": "dp54",
    "rkf54s": "dp54",
    "rkf54": "rkf54",
    "bs23": "bs23",
    "rk23": "bs23",
    "rk4": "rk4",
    "rk2": "rk2",
    "rk2heun": "rk2",
    "euler": "euler",
}


class RungeKuttaEvolver(TimeEvolver):
    """Adaptive Runge-Kutta integration of the LLG equation.

    Parameters
    ----------
    method : str
        ``"dp54"`` (default; Dormand-Prince 5(4), first same as last),
        ``"rkf54"`` (Fehlberg 4(5)), ``"bs23"`` (Bogacki-Shampine 3(2), first
        same as last; also ``"rk23"``), ``"rk4"``, ``"rk2"`` (step doubling), or
        OOMMF's names ``"rkf54m"``, ``"rkf54s"`` (run with Dormand-Prince).
    tolerance : float
        Largest accepted change of any cell's m between the embedded solutions
        in one step (radians). Default 1e-5.
    fixed_timestep : float, optional
        Take steps of this size (s) with no error control.
    min_timestep, max_timestep, start_dt : float, optional
        Bounds and first value of the step size (s).

    Examples
    --------
    >>> RungeKuttaEvolver(method="rk4")
    RungeKuttaEvolver(method='rk4')
    """

    _allowed_attributes = [
        "method",
        "tolerance",
        "fixed_timestep",
        "min_timestep",
        "max_timestep",
        "start_dt",
        "start_dm",
        "step_headroom",
        # Accepted for compatibility with oommfc scripts; set by the driver.
        "alpha",
        "gamma_G",
        "gamma_LL",
        "do_precess",
    ]
    _default_method = "dp54"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        method = getattr(self, "method", self._default_method)
        if method not in METHODS:
            raise ValueError(
                f"Unknown Runge-Kutta method {method!r}; use one of {sorted(METHODS)}."
            )
        tol = getattr(self, "tolerance", 1e-5)
        if not tol > 0:
            raise ValueError(f"tolerance must be positive; got {tol}.")
        fixed = getattr(self, "fixed_timestep", None)
        if fixed is not None and not fixed > 0:
            raise ValueError(f"fixed_timestep must be positive; got {fixed}.")

    @property
    def tableau(self):
        return TABLEAUX[METHODS[getattr(self, "method", self._default_method)]]

    def controller(self):
        ctl = Controller(tolerance=getattr(self, "tolerance", 1e-5))
        if hasattr(self, "min_timestep"):
            ctl.min_step = self.min_timestep
        if hasattr(self, "max_timestep"):
            ctl.max_step = self.max_timestep
        if hasattr(self, "step_headroom"):
            ctl.headroom = self.step_headroom
        return ctl

    def setup(self, problem):
        self._loop = RungeKuttaLoop(
            self.tableau,
            self.controller(),
            problem,
            fixed_step=getattr(self, "fixed_timestep", None),
            start_step=getattr(self, "start_dt", None),
        )
        self.stats = self._loop.stats

    def advance(self, problem, m, t, t_end):
        return self._loop.advance(m, t, t_end)


class SpinTEvolver(RungeKuttaEvolver):
    """OOMMF's name for the Zhang-Li evolver; weylmag handles every torque in
    :class:`RungeKuttaEvolver`, so this is the same integrator."""


class SpinXferEvolver(RungeKuttaEvolver):
    """OOMMF's name for the Slonczewski evolver; the same as
    :class:`RungeKuttaEvolver`."""

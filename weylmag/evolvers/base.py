"""Shared machinery of the time integrators: Butcher tableaux, the step-size
controller and the adaptive Runge-Kutta loop.

The state is the unit magnetisation ``m`` of shape (N, 3); every stage state
is renormalised to ``|m| = 1``. The error of a step is the largest change of
any cell's ``m`` between the two embedded solutions (dimensionless, i.e.
radians), compared with ``tolerance``.
"""

import math
from dataclasses import dataclass

import micromagneticmodel as mm
import numpy as np

from .._kernels import steps
from ..problem import IntegrationError

_EPS = float(np.finfo(float).eps)


@dataclass(frozen=True)
class Tableau:
    """An explicit Runge-Kutta method.

    ``a`` (s x s, strictly lower triangular), ``b`` (weights of the propagated
    solution), ``b_err`` (``b - b_hat``, weights of the error estimate, or
    None for methods without an embedded pair, which then use step doubling),
    ``c`` (stage times), ``order`` (of the propagated solution) and
    ``error_order`` (the exponent's denominator after an accepted step).
    """

    name: str
    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    order: int
    error_order: int
    b_err: np.ndarray = None

    @property
    def stages(self):
        return len(self.b)

    @property
    def fsal(self):
        """First same as last: the last stage is evaluated at the new solution."""
        return bool(np.allclose(self.a[-1], self.b) and self.c[-1] == 1.0)


@dataclass
class Controller:
    """Step-size control shared by every adaptive integrator.

    After an accepted step the step grows by ``headroom (tol/err)^(1/p)``,
    after a rejection it shrinks by ``headroom (tol/err)^(1/(p+1))``; the
    factor is clamped to ``[min_factor, max_factor]``.
    """

    tolerance: float = 1e-5
    headroom: float = 0.8
    min_factor: float = 0.2
    max_factor: float = 4.0
    min_step: float = 1e-22
    max_step: float = math.inf

    def factor(self, err, p, accepted):
        if err == 0.0:
            return self.max_factor
        if not math.isfinite(err):
            return self.min_factor
        exponent = 1.0 / p if accepted else 1.0 / (p + 1)
        f = self.headroom * (self.tolerance / err) ** exponent
        return min(self.max_factor, max(self.min_factor, f))


class Evolver(mm.Evolver):
    """Base class of weylmag evolvers (``micromagneticmodel.Evolver``)."""

    _allowed_attributes = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.stats = {"steps": 0, "rejected": 0, "rhs": 0}


class TimeEvolver(Evolver):
    """An evolver that integrates the LLG equation in time."""

    thermal = False

    def setup(self, problem):
        """Prepare buffers for one drive."""
        raise NotImplementedError

    def advance(self, problem, m, t, t_end):
        """Integrate m in place from t to exactly t_end."""
        raise NotImplementedError


def nan_error(problem, m, t, h=0.0):
    """An IntegrationError naming the first term that is not finite in [t, t + h]."""
    where = None
    for time in (t, t + h / 2, t + h):
        where = where or problem.check_finite(m, time)
    where = where or "none (the step itself diverged)"
    return IntegrationError(
        f"The magnetisation became non-finite at t = {t:.6g} s; the first term "
        f"with non-finite output is {where}. Check its parameters."
    )


class RungeKuttaLoop:
    """Adaptive explicit Runge-Kutta integration of ``problem.rhs``.

    Never steps past the requested end time; counts steps, rejections and
    right-hand-side evaluations; reuses the last stage of an FSAL method as
    the first stage of the next step.
    """

    def __init__(self, tableau, controller, problem, fixed_step=None, start_step=None):
        self.tab = tableau
        self.ctl = controller
        self.problem = problem
        n = problem.grid.n
        s = tableau.stages
        self.ks = np.zeros((s, n, 3))
        self.stage = np.zeros((n, 3))
        self.m_new = np.zeros((n, 3))
        self.m_half = np.zeros((n, 3))
        self.m_big = np.zeros((n, 3))
        self.ks_half = np.zeros((s, n, 3))
        self.a = [np.ascontiguousarray(row, dtype=float) for row in tableau.a]
        self.b = np.ascontiguousarray(tableau.b, dtype=float)
        self.b_err = (
            None if tableau.b_err is None else np.ascontiguousarray(tableau.b_err, float)
        )
        self.fsal = tableau.fsal
        self.fixed_step = fixed_step
        self.h = fixed_step or start_step
        self.k1_valid = False
        self.stats = {"steps": 0, "rejected": 0, "rhs": 0}

    def _rhs(self, t, m, out):
        self.stats["rhs"] += 1
        self.problem.rhs(t, m, out)

    def _initial_step(self, m, t):
        k = self.ks[0]
        self._rhs(t, m, k)
        self.k1_valid = True
        rate = float(np.max(np.linalg.norm(k, axis=1)))
        # About 0.1 degree of rotation in the fastest cell for the first step.
        h = 2e-3 / rate if rate > 0 else 1e-13
        return min(h, 1e-12, self.ctl.max_step)

    def _try(self, m, t, h, ks, out, first_valid):
        """One step of size h from (t, m) into out; returns the error estimate."""
        tab = self.tab
        s = tab.stages
        if not first_valid:
            self._rhs(t, m, ks[0])
        for i in range(1, s):
            steps.set_stage(m, h, self.a[i], ks, i, self.stage)
            if self.fsal and i == s - 1:
                out[:] = self.stage
            self._rhs(t + tab.c[i] * h, self.stage, ks[i])
        if not self.fsal:
            steps.set_stage(m, h, self.b, ks, s, out)
        if self.b_err is None:
            return None
        return steps.max_combination(h, self.b_err, ks, s)

    def _try_doubling(self, m, t, h, out):
        """Step doubling for methods without an embedded pair.

        One full step and two half steps from the same f(t, m); the two half
        steps are kept and the Richardson estimate of their error returned.
        """
        self._try(m, t, h, self.ks, self.m_big, self.k1_valid)
        self.ks_half[0] = self.ks[0]
        self._try(m, t, h / 2, self.ks_half, self.m_half, True)
        self._try(self.m_half, t + h / 2, h / 2, self.ks_half, out, False)
        return steps.max_difference(out, self.m_big) / (2**self.tab.order - 1)

    def advance(self, m, t, t_end):
        """Integrate in place to exactly t_end; returns t_end."""
        ctl = self.ctl
        p = self.tab.error_order
        if self.h is None:
            self.h = self._initial_step(m, t)
        while t < t_end:
            remaining = t_end - t
            h = min(self.h, ctl.max_step)
            # Stretch the step by a hair rather than leave a sliver made of
            # the round-off accumulated in t.
            last = remaining <= h * (1 + 1e-9) + 8 * _EPS * abs(t_end)
            if last:
                h = remaining
            if self.fixed_step is not None:
                err = None
                self._try(m, t, h, self.ks, self.m_new, self.k1_valid)
            elif self.b_err is None:
                err = self._try_doubling(m, t, h, self.m_new)
            else:
                err = self._try(m, t, h, self.ks, self.m_new, self.k1_valid)
            if err is not None and not math.isfinite(err):
                # A term that is not finite at a finite m is not a step-size problem.
                if any(self.problem.check_finite(m, t + f * h) for f in (0, 0.5, 1)):
                    raise nan_error(self.problem, m, t, h)
            if err is None or err <= ctl.tolerance:
                m[:] = self.m_new
                t = t_end if last else t + h
                self.stats["steps"] += 1
                if self.fsal:
                    self.ks[0] = self.ks[-1]
                    self.k1_valid = True
                else:
                    self.k1_valid = False
                if self.problem.stateful_terms:
                    first = self.ks[0] if self.k1_valid else None
                    self.problem.step_done(t, m, h, first)
                    self.k1_valid = False  # f(t, m) has changed with the state
                if err is not None and not last:
                    self.h = h * ctl.factor(err, p, True)
                elif err is not None:
                    # A step clipped to the output time keeps the natural step size.
                    self.h = max(self.h, h * ctl.factor(err, p, True))
            else:
                self.stats["rejected"] += 1
                self.k1_valid = True  # ks[0] still holds f(t, m)
                self.h = h * ctl.factor(err, p, False)
                if self.h < ctl.min_step:
                    if not np.all(np.isfinite(self.m_new)):
                        raise nan_error(self.problem, m, t)
                    raise IntegrationError(
                        f"Step size underflow at t = {t:.6g} s (h = {self.h:.3g} s "
                        f"< {ctl.min_step:.3g} s); the dynamics may be stiff or a "
                        "parameter unphysical."
                    )
            # An embedded error estimate already carries every stage's nan.
            if err is None and not steps.all_finite(m):
                raise nan_error(self.problem, m, t)
        return t

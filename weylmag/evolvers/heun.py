r"""Stochastic Heun integration of the LLG equation at finite temperature.

The thermal field of Brown,

.. math::

    \mathbf{H}_\text{th} = \boldsymbol{\eta}
    \sqrt{\frac{2 \alpha k_B T}{\gamma_0 \mu_0 M_s V \Delta t}},

with ``eta`` independent standard normal numbers per cell, component and
step, is held constant during a step; Heun's predictor-corrector then
converges to the Stratonovich solution. Steps have a fixed size
``fixed_timestep`` (shortened to land on output times).
"""

import numpy as np

from .._kernels import steps
from ..constants import kB, mu0
from .base import TimeEvolver, nan_error

_PREDICTOR = np.array([1.0])
_CORRECTOR = np.array([0.5, 0.5])


class ThermHeunEvolver(TimeEvolver):
    """Stochastic Heun evolver (needs ``system.T > 0`` to add noise).

    Parameters
    ----------
    fixed_timestep : float
        Step size in s (default 1e-14).
    seed : int, optional
        Seed of the random number generator (``uniform_seed`` is a synonym).

    Examples
    --------
    >>> ThermHeunEvolver(fixed_timestep=2e-14).step
    2e-14
    """

    thermal = True
    _allowed_attributes = [
        "fixed_timestep",
        "seed",
        "uniform_seed",
        "temperature",
        "alpha",
        "gamma_G",
        "gamma_LL",
        "do_precess",
        "method",
        "min_timestep",
        "max_timestep",
        "start_dm",
        "ito_calculus",
    ]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if not self.step > 0:
            raise ValueError(f"fixed_timestep must be positive; got {self.step}.")

    @property
    def step(self):
        return getattr(self, "fixed_timestep", 1e-14)

    def setup(self, problem):
        n = problem.grid.n
        seed = getattr(self, "seed", getattr(self, "uniform_seed", None))
        self._rng = np.random.default_rng(seed)
        self._k1 = np.zeros((n, 3))
        self._k2 = np.zeros((n, 3))
        self._ks = np.zeros((2, n, 3))
        self._pred = np.zeros((n, 3))
        self._Hth = np.zeros((n, 3))
        T = problem.temperature
        with np.errstate(divide="ignore", invalid="ignore"):
            var = 2 * problem.alpha * kB * T / (problem.gamma * mu0 * problem.Ms)
        var = np.where(np.isfinite(var) & (problem.Ms > 0), var, 0.0)
        self._var = var / problem.grid.dV  # divided by dt at each step
        self.stats = {"steps": 0, "rejected": 0, "rhs": 0}

    def advance(self, problem, m, t, t_end):
        while t < t_end:
            h = min(self.step, t_end - t)
            if t_end - (t + h) < 1e-6 * self.step:
                h = t_end - t
            sigma = np.sqrt(self._var / h)
            self._Hth[:] = self._rng.standard_normal(self._Hth.shape) * sigma[:, None]
            ks = self._ks
            problem.rhs(t, m, ks[0], H_extra=self._Hth)
            steps.set_stage(m, h, _PREDICTOR, ks, 1, self._pred)
            problem.rhs(t + h, self._pred, ks[1], H_extra=self._Hth)
            steps.set_stage(m, h, _CORRECTOR, ks, 2, m)
            self.stats["rhs"] += 2
            self.stats["steps"] += 1
            t = t_end if h == t_end - t else t + h
            problem.step_done(t, m, h)
            if not np.all(np.isfinite(m)):
                raise nan_error(problem, m, t)
        return t


class UHH_ThetaEvolver(ThermHeunEvolver):
    """OOMMF's name for a finite-temperature evolver; weylmag runs stochastic Heun."""


class Xf_ThermHeunEvolver(ThermHeunEvolver):
    """OOMMF's name for the thermal Heun evolver."""


class Xf_ThermSpinXferEvolver(ThermHeunEvolver):
    """OOMMF's name for the thermal evolver with spin transfer; weylmag adds
    every torque term in :class:`ThermHeunEvolver`."""

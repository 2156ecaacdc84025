"""Hysteresis loops: energy minimisation at a sequence of applied fields."""

import micromagneticmodel as mm
import numpy as np

from ..constants import mu0
from .mindriver import MinDriver


class HysteresisDriver(MinDriver):
    """Minimise at each field of a stepped sweep, added to the system's energy.

    ``drive(system, Hmin=..., Hmax=..., n=...)`` sweeps Hmin -> Hmax -> Hmin
    with ``n`` points each way (2n - 1 in all); ``Hsteps=[[H_start, H_end, n],
    ...]`` gives any sequence of segments, a segment's first point being
    dropped when it repeats the previous segment's last. The table column
    ``B_hysteresis`` is mu0 H projected on the direction of the first
    segment (T), with ``Bx_hysteresis``, ``By_hysteresis``, ``Bz_hysteresis``.
    """

    _keywords = MinDriver._keywords | {"Hmin", "Hmax", "n", "Hsteps"}

    @property
    def _x(self):
        return "B_hysteresis"

    def _checkargs(self, kwargs):
        simple = [k for k in ("Hmin", "Hmax", "n") if k in kwargs]
        if simple and "Hsteps" in kwargs:
            raise ValueError("Cannot define both (Hmin, Hmax, n) and Hsteps.")
        if simple:
            if len(simple) != 3:
                raise ValueError("Give all of Hmin, Hmax and n, or Hsteps.")
            Hmin, Hmax, n = kwargs.pop("Hmin"), kwargs.pop("Hmax"), kwargs.pop("n")
            kwargs["Hsteps"] = [[Hmin, Hmax, n], [Hmax, Hmin, n]]
        if "Hsteps" not in kwargs:
            raise ValueError("Cannot drive without (Hmin, Hmax, n) or Hsteps.")
        for step in kwargs["Hsteps"]:
            if len(step) != 3:
                raise ValueError("Each item of Hsteps must be [H_start, H_end, n].")
            for H in step[:2]:
                if np.shape(H) != (3,) or not np.all(np.isfinite(H)):
                    raise ValueError(f"Fields in Hsteps must be 3-vectors; got {H!r}.")
            n = step[2]
            if not isinstance(n, (int, np.integer)) or n < 2:
                raise ValueError(f"Cannot drive with n={n!r}; each segment needs n >= 2.")

    @staticmethod
    def fields(Hsteps):
        """The sequence of applied fields (A/m) of a sweep."""
        out = []
        for H0, H1, n in Hsteps:
            for H in np.linspace(np.asarray(H0, float), np.asarray(H1, float), n):
                if out and np.allclose(H, out[-1], rtol=0, atol=1e-12 * (1 + abs(H).max())):
                    continue
                out.append(H)
        return out

    def _extra_energy(self, kwargs):
        return (mm.Zeeman(H=(0, 0, 0), name="hysteresis"),)

    def _run(self, problem, m, writer, Hsteps, verbose=1, output_step=False, **kwargs):
        zeeman = next(t for t in problem.energy_terms if t.name == "hysteresis")
        direction = np.subtract(Hsteps[0][1], Hsteps[0][0]).astype(float)
        norm = np.linalg.norm(direction)
        direction = direction / norm if norm > 0 else np.array([0.0, 0.0, 1.0])
        iteration = 0
        for H in self.fields(Hsteps):
            zeeman.H0[:] = H * (problem.Ms > 0)[:, None]
            zeeman._mean_H0 = H
            B = mu0 * H
            extra = {"B_hysteresis": (float(B @ direction), "T")}
            iteration += self._minimise(
                problem, m, writer, output_step, iteration0=iteration, extra=extra
            ) + 1

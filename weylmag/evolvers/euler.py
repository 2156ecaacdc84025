"""Adaptive forward Euler, with the Heun solution as its error reference."""

from .rungekutta import RungeKuttaEvolver


class EulerEvolver(RungeKuttaEvolver):
    """Forward Euler with step-size control (one field evaluation per step).

    The error of a step is estimated against Heun's second-order solution,
    which needs the field at the new point: that is also the first stage of the
    next step, so the estimate is free. ``start_dm`` (degrees) is accepted for
    compatibility with OOMMF.

    Examples
    --------
    >>> EulerEvolver(start_dm=0.02).tableau.name
    'euler'
    """

    _default_method = "euler"

    def __init__(self, **kwargs):
        if "method" in kwargs:
            raise ValueError("EulerEvolver takes no method; use RungeKuttaEvolver.")
        super().__init__(**kwargs)

    @property
    def tableau(self):
        from .tableaux import TABLEAUX

        return TABLEAUX["euler"]

"""What every compiled torque term provides.

A torque term adds a Gilbert-form torque ``T`` (perpendicular to m, in 1/s)
into a caller's array; the LLG kernel then forms
``dm/dt = [-gamma0 m x H - alpha gamma0 m x (m x H) + T + alpha m x T]/(1 + alpha^2)``.
"""


class CompiledTorque:
    """Base class of compiled torque terms."""

    time_dependent = False
    #: True for terms that report quantities of the motion (:meth:`observe`).
    observes = False
    #: True for terms whose torque depends on dm/dt of the other terms; the
    #: problem adds them last, when ``out`` holds every other torque.
    uses_dmdt = False
    #: True for terms with a state of their own (a transient valley density),
    #: advanced by :meth:`step_done` after every accepted step.
    stateful = False

    def __init__(self, term, problem):
        self.term = term
        self.name = term.name
        self.problem = problem

    def add_torque(self, m, t, out):
        raise NotImplementedError

    def step_done(self, t, m, h, dmdt=None):
        """Advance the term's own state over an accepted step of size h ending at t."""

    def table_columns(self, t):
        return {}

    def observe(self, m, dmdt, t):
        """Table columns ``{name: (value, unit)}`` computed from m and dm/dt."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}({self.term!r})"

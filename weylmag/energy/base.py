"""What every compiled energy term provides.

A compiled term is made once per drive from a ``micromagneticmodel`` term and
the :class:`~weylmag.problem.Problem`; it turns SI parameters into kernel
coefficients, owns its buffers, and adds its effective field
``H = -(1/(mu0 Ms)) dE/dm`` into a caller's array.
"""

import numpy as np

from .._kernels import fields as kf
from ..constants import mu0


class CompiledEnergy:
    """Base class of compiled energy terms.

    Subclasses implement :meth:`add_field`; a term whose field is linear in
    ``m`` (bilinear energy) inherits the energy density
    ``e = -(1/2) mu0 Ms m . H`` and a Zeeman-like term sets
    ``density_prefactor = 1``.
    """

    #: -prefactor * mu0 Ms m.H is the energy density; 1/2 for bilinear energies.
    density_prefactor = 0.5
    #: Whether the field changes with time (the evolver then cannot cache it).
    time_dependent = False

    def __init__(self, term, problem):
        self.term = term
        self.name = term.name
        self.problem = problem
        self._pref = -self.density_prefactor * mu0 * problem.Ms

    def add_field(self, m, t, out):
        raise NotImplementedError

    #: Whether :meth:`set_field` is faster than zeroing and adding.
    sets_field = False

    def set_field(self, m, t, out):
        """Overwrite ``out`` with the field (terms with a fast path override it)."""
        out[:] = 0.0
        self.add_field(m, t, out)

    #: Whether :meth:`set_field_and_llg` exists (one pass for field and dm/dt).
    fuses_llg = False

    def uniform_field(self, t):
        """The field at time t when it is one vector in every cell, else None.

        :class:`~weylmag.problem.Problem` adds such fields inside the pass
        of a term that :attr:`fuses_llg` instead of reading a per-cell array.
        """
        return None

    def set_density(self, m, t, H, out):
        """Energy density (J/m^3) into ``out``; ``H`` is this term's field at m."""
        kf.set_linear_density(m, H, self._pref, out)

    def table_columns(self, t):
        """Extra scalar columns for the drive table: ``{name: (value, unit)}``."""
        return {}

    def __repr__(self):
        return f"{type(self).__name__}({self.term!r})"


def field_of(term, m, t=0.0):
    """The effective field of one compiled term at m (a new (N, 3) array)."""
    out = np.zeros_like(m)
    term.add_field(m, t, out)
    return out

"""Valley physics of magnetic Weyl semimetals (seed 000).

- :mod:`~weylmag.valley.coefficients`: the seed's closed forms in SI with
  weylmag's sign conventions (the nu of Eq. 21, the Einstein relation, the
  chiral anomaly and Eq. 20, the magnetoconductance, Eq. 33, the valley
  Gilbert enhancement).
- :mod:`~weylmag.valley.diffusion`: :class:`ValleyDiffusionSolver`, the
  quasi-static valley density on a mesh with valley-mixing or closed faces,
  usable on its own (give the source and the valley-motive flux), and
  :func:`valley_density`, the density of a given m and dm/dt.
- :mod:`~weylmag.valley.afm`: :class:`NeelPair`, a two-sublattice Weyl
  antiferromagnet with the staggered fields of Eqs. 17b and 40 (Sec. V).

The terms that act on the magnetisation are :class:`weylmag.ValleyTorque`
(local, Eqs. 21-24) and :class:`weylmag.ValleyDiffusion` (the valley
density solved with the magnetisation); :func:`weylmag.valley_fields`
returns the valley density, current and the pumped charge as fields.
"""

from . import coefficients as coefficients
from .afm import NeelPair as NeelPair
from .afm import ValleyField as ValleyField
from .afm import neel_field as neel_field
from .afm import weyl_coupling as weyl_coupling
from .coefficients import torque_parameters as torque_parameters
from .coefficients import valley_damping as valley_damping
from .diffusion import ValleyDiffusionSolver as ValleyDiffusionSolver
from .diffusion import pumped_potential as pumped_potential
from .diffusion import valley_density as valley_density

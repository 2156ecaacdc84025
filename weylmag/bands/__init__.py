r"""Berry-curvature toolkit on Bloch Hamiltonians (seed 001, Ch. 2; seed 000, Sec. II).

Usable on its own: nothing here imports weylmag's micromagnetic parts.

- :mod:`~weylmag.bands.kspace`: :class:`BrillouinZone` (lattice models) and
  :class:`KBox` (continuum models with a momentum cutoff), and their grids.
- :mod:`~weylmag.bands.model`: :class:`BlochModel`, a callable
  :math:`H(\mathbf{k}, \mathbf{m})` (vectorised over k or not) with its
  derivatives.
- :mod:`~weylmag.bands.curvature`: :func:`berry_curvature`, the
  gauge-invariant sum over states :math:`\sum_n f_n\Omega^n_{ab}` for
  :math:`a, b \in \{\mathbf{k}, \mathbf{m}\}`, and :func:`fermi_dirac`.
- :mod:`~weylmag.bands.integrate`: :func:`integrate`, grid doubling to a
  tolerance, returning a :class:`BandIntegral` (value, error, grid).
- :mod:`~weylmag.bands.observables`: :func:`omega_kk`, :func:`omega_km`,
  :func:`omega_mm`, :func:`anomalous_hall_conductivity`,
  :func:`chern_number`, :func:`sot_field` (Eq. 2.17) and
  :func:`work_density` (Eq. 2.25).
- :mod:`~weylmag.bands.sphere`: :func:`omega_vector`,
  :func:`omega_theta_phi`, :func:`gyromagnetic_ratio` (Eq. 2.16),
  :func:`renormalized_gyromagnetic_ratio` (Eq. 2.33).
- :mod:`~weylmag.bands.freeenergy`: :func:`free_energy` (the grand
  potential G(m)) and :func:`uniaxial_anisotropy`.
- :mod:`~weylmag.bands.extrinsic`: :func:`sot_field_extrinsic`, the
  Fermi-surface (tau) term of Eq. 2.17.
- :mod:`~weylmag.bands.dipole`: :func:`spin_dipole` (the equilibrium spin
  dipole, Eq. 3.56) and :func:`dmi_tensor`, the DMI tensor it gives in
  :class:`weylmag.TensorDMI`'s convention.
- :mod:`~weylmag.bands.fielddmi`: :func:`gate_induced_dmi` (the exact
  field-induced DMI for a field normal to the layer or chain),
  :func:`field_polarization` (Eq. 3.75) and :func:`field_induced_dmi`
  (Eq. 3.59 as the seed writes it, which fails its own Maxwell relation for
  in-plane fields; see its docstring).
- :mod:`~weylmag.bands.models`: the reference models (TI surface, 2D-TI
  edge, Weyl four-band and its lattice form, Qi-Wu-Zhang) with their closed
  forms.

Units are SI: k in 1/m, H in J, :math:`\mu` in J, T in K; the unit vector
m is dimensionless. The curvature sign is seed 001's,
:math:`\Omega_{ab} = -2\,\mathrm{Im}\langle\partial_au|\partial_bu\rangle`,
and the Hall conductivity follows from its semiclassics,
:math:`\sigma_{ij} = -(e^2/\hbar)\bar\Omega_{k_ik_j}` with
:math:`j_i = \sigma_{ij}E_j`.
"""

from . import models as models
from .curvature import berry_curvature as berry_curvature
from .curvature import fermi_dirac as fermi_dirac
from .dipole import dmi_tensor as dmi_tensor
from .dipole import spin_dipole as spin_dipole
from .extrinsic import sot_field_extrinsic as sot_field_extrinsic
from .fielddmi import field_induced_dmi as field_induced_dmi
from .fielddmi import field_polarization as field_polarization
from .fielddmi import gate_induced_dmi as gate_induced_dmi
from .freeenergy import free_energy as free_energy
from .freeenergy import uniaxial_anisotropy as uniaxial_anisotropy
from .integrate import BandIntegral as BandIntegral
from .integrate import ConvergenceWarning as ConvergenceWarning
from .integrate import integrate as integrate
from .kspace import BrillouinZone as BrillouinZone
from .kspace import KBox as KBox
from .model import BlochModel as BlochModel
from .observables import anomalous_hall_conductivity as anomalous_hall_conductivity
from .observables import chern_number as chern_number
from .observables import omega_kk as omega_kk
from .observables import omega_km as omega_km
from .observables import omega_mm as omega_mm
from .observables import sot_field as sot_field
from .observables import work_density as work_density
from .sphere import gyromagnetic_ratio as gyromagnetic_ratio
from .sphere import omega_theta_phi as omega_theta_phi
from .sphere import omega_vector as omega_vector
from .sphere import renormalized_gyromagnetic_ratio as renormalized_gyromagnetic_ratio
from .wall import wall_spin_density as wall_spin_density

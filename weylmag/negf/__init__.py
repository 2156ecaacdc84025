r"""Tight-binding electrons coupled to the magnetisation: NEGF (seed 004).

Usable on its own: nothing here imports weylmag's micromagnetic parts.
Three stages, as in kwant:

1. **Build**: :class:`SquareLattice`, an :math:`N_x\times N_y` spin-1/2
   layer (x is the transport direction) with on-site energies, hopping
   :math:`-t`, s-d exchange :math:`(J/2)\,\boldsymbol\sigma\cdot\mathbf m_i`,
   Rashba spin-orbit hopping and column gates, and leads attached to its
   edges (:meth:`SquareLattice.attach_lead`). Leads
   (:mod:`~weylmag.negf.leads`) work on plain matrices:
   :class:`SquareLead` (exact closed form per transverse mode),
   :class:`TightBindingLead` (Sancho-Rubio decimation for any cell
   Hamiltonian), :class:`WideBandLead`.
2. **Finalize**: :class:`Device`, immutable; :meth:`Device.with_gates` and
   :meth:`Device.with_magnetisation` make changed copies without
   rebuilding.
3. **Solve**: a solver factorizes :math:`E - H - \Sigma` at a batch of
   energies (:class:`RGFSolver`, recursive Green's functions along x, the
   default; :class:`NestedDissectionSolver`, dense fronts on a bisection
   of the layer, for large layers and any lead geometry;
   :class:`SparseLUSolver`, SuperLU) and the
   observables use it: :func:`transmission`, :func:`scattering_matrix`,
   :func:`dos`, :func:`local_dos`, :func:`resonances`, :func:`electron_density`,
   :func:`spin_density` (lead injectivities, non-equilibrium) and per
   energy :func:`injected_density`,
   :func:`gilbert_damping` (Eq. 19), :func:`gilbert_damping_smatrix`
   (Eq. D1), :func:`inertia_tensor` (Eq. 22). Fermi-sea integrals use
   :func:`integrate_energy` (adaptive Gauss-Kronrod with break points at
   channel thresholds) and return an :class:`EnergyIntegral`.
4. **Pump**: :class:`GatePump` drives gate potentials; to first order in
   the frequency :func:`emissivity`, :func:`pumped_current` and
   :func:`pumped_charge` (seed Eq. 40, Brouwer's formula) and
   :func:`adiabatic_density`, :func:`pumped_spin_density` (the adiabatic
   correction of the frozen :math:`G^<`, seed Appendix C);
   :class:`AdiabaticPump` gives the same density and the pumped current at
   zero temperature from a contour in the complex plane, with the leads'
   self-energies computed once, for the repeated updates of a dynamics run
   (``weylmag.QuantumPumping``). :class:`FloquetPump` gives the density
   averaged over a period and the currents to all orders in ω and in the
   gate amplitudes (Floquet sidebands), where the expansion in ω fails.
   :func:`resonance_lag` gives the first-order density integrated over a
   cycle where narrow resonances cross μ, from the lag of their
   occupation: the adiabatic limit that a quadrature in time meets only as
   spikes.

:mod:`~weylmag.negf.atomistic` maps the atomistic spin Hamiltonian of seed
Eq. 38 onto weylmag's continuum energy terms.

Units: :math:`\hbar = a = 1`, energies in units of the hopping t (one
conversion to SI: energies times t in J, times :math:`\hbar/t` for times).
Spin densities are in units of :math:`\hbar` per site.
"""

from . import atomistic as atomistic
from .builder import SquareLattice as SquareLattice
from .contour import AdiabaticPump as AdiabaticPump
from .contour import PumpState as PumpState
from .crossings import ResonanceLag as ResonanceLag
from .crossings import resonance_lag as resonance_lag
from .builder import magnetisation_from_field as magnetisation_from_field
from .damping import gilbert_damping as gilbert_damping
from .damping import gilbert_damping_smatrix as gilbert_damping_smatrix
from .damping import inertia_tensor as inertia_tensor
from .density import electron_density as electron_density
from .density import fermi_sea as fermi_sea
from .density import injected_density as injected_density
from .density import spin_density as spin_density
from .device import PAULI as PAULI
from .device import AttachedLead as AttachedLead
from .device import Device as Device
from .dos import dos as dos
from .dos import local_dos as local_dos
from .dos import resonances as resonances
from .floquet import FloquetAverage as FloquetAverage
from .floquet import FloquetPump as FloquetPump
from .leads import Lead as Lead
from .leads import SquareLead as SquareLead
from .leads import TightBindingLead as TightBindingLead
from .leads import WideBandLead as WideBandLead
from .leads import chain_surface_green_function as chain_surface_green_function
from .nested import NestedDissectionSolver as NestedDissectionSolver
from .leads import sancho_rubio as sancho_rubio
from .pumping import GatePump as GatePump
from .pumping import adiabatic_density as adiabatic_density
from .pumping import emissivity as emissivity
from .pumping import pumped_charge as pumped_charge
from .pumping import pumped_current as pumped_current
from .pumping import pumped_spin_density as pumped_spin_density
from .quadrature import EnergyIntegral as EnergyIntegral
from .quadrature import QuadratureWarning as QuadratureWarning
from .quadrature import fermi_dirac as fermi_dirac
from .quadrature import integrate_energy as integrate_energy
from .rgf import RGFSolver as RGFSolver
from .solver import Factorization as Factorization
from .solver import Solver as Solver
from .sparselu import SparseLUSolver as SparseLUSolver
from .transport import ScatteringMatrix as ScatteringMatrix
from .transport import scattering_matrix as scattering_matrix
from .transport import transmission as transmission

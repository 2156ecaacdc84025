r"""Spin density pumped by gates into tight-binding electrons, acting on m (seed 004).

A square-lattice layer of conduction electrons (:mod:`weylmag.negf`), one
site per cell of one z layer of the mesh, couples to the magnetisation by
the s-d exchange :math:`J\,\mathbf s\cdot\mathbf m_i` per site. Gates on two
columns, driven out of phase (:class:`~weylmag.negf.GatePump`), pump a spin
density :math:`\mathbf s_D` into the layer, which acts on
:math:`\mathbf m_i` as the field of that exchange energy (seed Eq. 39, where
:math:`dm_i/dt` gains :math:`J\,\mathbf m_i\times\mathbf s_D` in lattice
units):

.. math::

    \mathbf H_i = -\frac{J\,t\,\mathbf s_D(\mathbf r_i)}{\mu_0M_s\,\Delta V},

with J in units of the hopping t (in joules), :math:`\mathbf s_D` in units
of :math:`\hbar` per site and :math:`\Delta V` the cell volume. Precession
and damping act on it as on any field, as in Eq. 39, where it stands inside
the precession term with :math:`\mathbf H_\text{eff}`.

**Units.** The electrons live in lattice units (:math:`\hbar = a = 1`,
energies in units of t); the one conversion is the time,
:math:`t_\text{lattice} = t_\text{SI}\,t/\hbar`, at which the gates are
evaluated. The cell edge in the plane is the lattice constant a. For the
lattice dynamics of Eq. 39 with :math:`\gamma = \hbar = 1` the magnet's
moment per site is :math:`\mu_0M_s\Delta V = \hbar\gamma_0`
(:func:`weylmag.negf.atomistic.continuum_parameters` gives this Ms together
with A, D and K from the lattice constants of Eq. 38).

**What is pumped.** By default :math:`\mathbf s_D` is the first-order
(adiabatic) spin density of :class:`~weylmag.negf.AdiabaticPump`: the
lead-injected density to first order in the gate rates (at zero
temperature, or at the leads' ``kT``), for the frozen device (the current m
and gate values). The zeroth-order spin density of the frozen device (seed
Eq. 14) is not added by default: its static part is the electron-mediated
exchange and anisotropy that the micromagnetic energy terms (Eq. 38's
:math:`J_\text{ex}`, D, K) already stand for. ``density="frozen"`` uses it
instead, and ``density="both"`` the sum :math:`\mathbf s_D^{(0)} +
\mathbf s_D^{(1)}` of seed Eqs. 14 and 15. The density is refreshed once
per accepted time step (and at the start of a drive), as in the seed's
scheme; during a step the field is extrapolated linearly from the last
two refreshes. Held constant instead,
it would carry an error of first order in the step that the integrator's
error estimate does not see (the embedded estimate of an adaptive method
compares stages that all use the same held field). The drive table gets
the pumped charge current into each lead, ``I_<lead>`` (A): :math:`-e`
times the electrons per second that flow out of the device into that lead.
"""

import math

import micromagneticmodel as mm
import numpy as np

from .._kernels import llg as kl
from ..constants import e, hbar, mu0
from .base import CompiledTorque

__all__ = ["QuantumPumping"]


class QuantumPumping(mm.dynamics.DynamicsTerm):
    r"""Field of the spin density that gate pumping injects into a tight-binding layer.

    Parameters
    ----------
    device : weylmag.negf.Device
        The electrons: ``nx x ny`` sites for the ``nx x ny`` cells of one
        layer of the mesh (x the transport direction), with the s-d
        exchange J (units of t) and its leads. Its magnetisation is replaced
        by the mesh's at every refresh.
    pump : weylmag.negf.GatePump
        Gate columns, amplitudes (units of t), ω (units of t/ħ) and phases.
    mu : float
        Fermi energy of the leads (units of t).
    kT : float, optional
        Temperature of the leads (units of t, default 0): resonances of the
        layer narrower than kT are averaged over the Fermi window rather
        than met as spikes in time (:class:`~weylmag.negf.AdiabaticPump`).
    hopping : float
        The hopping t in joules: the energy unit of the device.
    layer : int, optional
        The z layer of cells that carries the electrons (default 0).
    rtol : float, optional
        Relative tolerance of the adaptive contour quadrature of
        :class:`~weylmag.negf.AdiabaticPump` (default 1e-4 of the largest
        site block of the arc integral).
    n_points : int, optional
        A fixed Gauss-Legendre rule of this many contour points instead of
        the adaptive one: cheaper, without an error estimate, and it can
        miss narrow resonances near the Fermi energy by orders of magnitude.
    workers : int, optional
        Threads of :class:`~weylmag.negf.AdiabaticPump` (default 1).
    density : {"pumped", "frozen", "both"}, optional
        The first-order density pumped by the gates (default), the
        zeroth-order density of the frozen device, or their sum (module
        notes).

    The table gets ``I_<lead>``: the pumped charge current into each lead
    (A), :math:`-e` times the electrons per second flowing out of the device
    into that lead; and, with the adaptive quadrature, ``sD_error``: the
    estimated error of the last refresh of the density (:math:`\hbar` per
    site, :attr:`~weylmag.negf.PumpState.error`).

    Examples
    --------
    >>> import numpy as np
    >>> import weylmag as wm
    >>> from weylmag.negf import SquareLattice, GatePump
    >>> dev = SquareLattice(12, 8, J=2.0).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> pump = GatePump((1, 5), (0.8, 0.8), omega=1.0, phases=(0, np.pi / 2))
    >>> term = wm.QuantumPumping(device=dev, pump=pump, mu=1.9, hopping=1.602e-22)
    >>> term.name
    'quantumpumping'
    """

    _allowed_attributes = [
        "device", "pump", "mu", "kT", "hopping", "layer", "rtol", "n_points", "workers",
        "density",
    ]
    _reprlatex = r"-\frac{J t}{\mu_0 M_s \Delta V}\mathbf{s}_D"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        from ..negf import Device, GatePump
        from ..negf.contour import DENSITIES

        if not isinstance(getattr(self, "device", None), Device):
            raise TypeError(
                "QuantumPumping needs device=, a weylmag.negf.Device (build one with "
                "weylmag.negf.SquareLattice(...).attach_lead(...).finalized())."
            )
        if not isinstance(getattr(self, "pump", None), GatePump):
            raise TypeError("QuantumPumping needs pump=, a weylmag.negf.GatePump.")
        mu = getattr(self, "mu", None)
        if mu is None or not math.isfinite(mu):
            raise ValueError("QuantumPumping needs mu=, the Fermi energy in units of t.")
        kT = getattr(self, "kT", None)
        if kT is not None and not (math.isfinite(kT) and kT >= 0):
            raise ValueError(
                f"kT must be the leads' temperature >= 0 in units of t (0: zero "
                f"temperature); got {kT!r}."
            )
        density = getattr(self, "density", None)
        if density is not None and density not in DENSITIES:
            raise ValueError(
                f"density must be one of {DENSITIES} (the first-order pumped spin density, "
                f"the frozen device's, or their sum); got {density!r}."
            )
        hopping = getattr(self, "hopping", None)
        if hopping is None or not (math.isfinite(hopping) and hopping > 0):
            raise ValueError(
                f"hopping must be the positive hopping energy t in joules (e.g. 1 meV = "
                f"1.602e-22); got {hopping!r}."
            )

    def dmdt(self, m, Heff):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledQuantumPumping(self, problem)


class CompiledQuantumPumping(CompiledTorque):
    """:class:`QuantumPumping` on the grid: the pumped density, refreshed once per step."""

    stateful = True

    def __init__(self, term, problem):
        super().__init__(term, problem)
        from ..negf import AdiabaticPump

        mesh = problem.mesh
        nx, ny, nz = (int(n) for n in mesh.n)
        device = term.device
        if device.shape != (nx, ny):
            raise ValueError(
                f"QuantumPumping: the device has {device.shape[0]} x {device.shape[1]} "
                f"sites but a layer of the mesh has {nx} x {ny} cells; build the device "
                "with one site per cell."
            )
        dx, dy, _ = (float(c) for c in mesh.cell)
        if not math.isclose(dx, dy, rel_tol=1e-9):
            raise ValueError(
                f"QuantumPumping: the cells must be square in the plane (the lattice "
                f"constant); got dx = {dx:.6g} m, dy = {dy:.6g} m."
            )
        layer = int(getattr(term, "layer", None) or 0)
        if not 0 <= layer < nz:
            raise ValueError(f"layer must be in [0, {nz - 1}]; got {layer}.")
        self.shape = (nx, ny, nz)
        self.layer = layer
        self.hopping = float(term.hopping)
        self.time_scale = self.hopping / hbar  # lattice time per second
        n_points = getattr(term, "n_points", None)
        rtol = getattr(term, "rtol", None)
        workers = int(getattr(term, "workers", None) or 1)
        self.pump = AdiabaticPump(
            device, float(term.mu), term.pump, kT=float(getattr(term, "kT", None) or 0.0),
            n_points=n_points, rtol=1e-4 if rtol is None else float(rtol), workers=workers,
            density=getattr(term, "density", None) or "pumped",
        )
        Ms = problem.Ms.reshape(nx, ny, nz)[:, :, layer]
        self.on = Ms > 0
        # H = -scale s_D (A/m), scale = J t / (mu0 Ms dV) per site
        J = np.asarray(device.J, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = np.where(self.on, J * self.hopping / (mu0 * Ms * problem.grid.dV), 0.0)
        self.scale = scale
        self.H = np.zeros((nx * ny * nz, 3))
        self._H_now = np.zeros_like(self.H)  # at the last refresh, time self._t
        self._slope = np.zeros_like(self.H)
        self._t = 0.0
        self._c = np.empty(nx * ny * nz)
        self._no_damping_like = np.zeros(nx * ny * nz)
        self.state = None

    def _layer_m(self, m):
        nx, ny, nz = self.shape
        m_layer = np.array(m.reshape(nx, ny, nz, 3)[:, :, self.layer])
        m_layer[~self.on] = 0.0
        return m_layer

    def refresh(self, t, m):
        """Recompute the pumped spin density at time t (s) and magnetisation m.

        The field between refreshes is extrapolated linearly from the last
        two, so that holding it over a step costs an error of second order
        in the step, not first.
        """
        first = self.state is None
        self.state = self.pump.evaluate(t * self.time_scale, self._layer_m(m))
        new = np.zeros_like(self._H_now)
        new.reshape(self.shape + (3,))[:, :, self.layer] = (
            -self.scale[..., None] * self.state.spin
        )
        if first or not t > self._t:
            self._slope[...] = 0.0
        else:
            np.subtract(new, self._H_now, out=self._slope)
            self._slope /= t - self._t
        self._H_now, self._t = new, t

    def add_torque(self, m, t, out):
        if self.state is None:
            self.refresh(t, m)
        np.multiply(self._slope, t - self._t, out=self.H)
        self.H += self._H_now
        # a field: out += -gamma0 m x H
        np.negative(self.problem.gamma, out=self._c)
        kl.add_field_and_damping_like(m, self.H, self._c, self._no_damping_like, out)

    def step_done(self, t, m, h, dmdt=None):
        self.refresh(t, m)

    def table_columns(self, t):
        if self.state is None:
            return {}
        # electrons per lattice time into each lead -> charge current (A)
        currents = -e * self.time_scale * self.state.current
        columns = {
            f"I_{name}": (float(value), "A")
            for name, value in zip(self.term.device.lead_names, currents)
        }
        if np.isfinite(self.state.error):
            columns["sD_error"] = (self.state.error, "")
        return columns

r"""Adiabatic quantum pumping by gate potentials (seed Sec. V, Eq. 40, Appendix C).

Gates :math:`V_k(t)` on columns :math:`l_k` make the frozen Hamiltonian
:math:`H(t) = H_0 + \sum_k V_k(t)P_k` (:math:`P_k` the projector on column
:math:`l_k`, both spins); :class:`GatePump` is the seed's
:math:`V_p = V_1\cos\omega t + V_2\cos(\omega t + \phi)`. Lattice units,
:math:`\hbar = 1`: energies and ω in units of t, times in :math:`\hbar/t`.

**Mixed representation.** With the Green's function in the left time and
the energy, :math:`G(t, E) = \int d\tau\,e^{iE\tau}G(t, t - \tau)`, the
self-energy convolution is :math:`\Sigma\circ G = \Sigma G +
i\,\partial_E\Sigma\,\partial_t G + \dots`, so that to first order in the
frequency

.. math::

    G(t, E) = G_f - iG_f\,\Omega\,\dot G_f,\qquad
    \Omega = 1 - \partial_E\Sigma^r,\qquad \dot G_f = G_f\dot HG_f,

with :math:`G_f(t, E) = [E - H(t) - \Sigma^r(E)]^{-1}` the frozen Green's
function. Seed Eq. C5 has :math:`\Omega = 1`, which neglects the
:math:`\partial_E\Sigma` term of the convolution: exact for energy-independent
(wide-band) leads only. For undriven leads the equal-time density matrix is
exactly :math:`\rho(t) = \int\frac{dE}{2\pi}G(t, E)\Gamma_fG(t, E)^\dagger`,
:math:`\Gamma_f = \sum_\alpha f_\alpha\Gamma_\alpha`, which gives

.. math::

    \rho = \rho_f + \int\frac{dE}{2\pi}\,(X + X^\dagger),\qquad
    X = -iG_f\,\Omega\,G_f\,\dot H\,G_f\Gamma_fG_f^\dagger
      = i\,\partial_E G_f\,\dot H\,G_f\Gamma_fG_f^\dagger

(:func:`adiabatic_density`, :func:`pumped_spin_density`). The same
correction follows from linear response at frequency ω,
:math:`\rho^{(1)} = i\dot\lambda\,\partial_\omega\chi(\omega)|_0`, by partial
integration in E (the tests check this numerically).

**Pumped current.** To first order in ω the particle current into lead α is
Büttiker's emissivity times the gate rates (Brouwer's formula),

.. math::

    I_\alpha(t) = \sum_k\frac{dN_\alpha}{dV_k}\dot V_k,\qquad
    \frac{dN_\alpha}{dV_k} = \int\frac{dE}{2\pi}\Bigl(-\frac{\partial f}{\partial E}\Bigr)
    \mathrm{Tr}\bigl[\Gamma_\alpha G_fP_kG_f^\dagger\bigr]
    = -\frac1{2\pi}\,\mathrm{Im\,Tr}\Bigl[\Pi_\alpha\frac{\partial S}{\partial V_k}
    S^\dagger\Bigr],

(:math:`\Pi_\alpha` the projector on the outgoing channels of α; the second
form follows from the Fisher-Lee relation and
:math:`G - G^\dagger = -iG\Gamma G^\dagger`), at zero temperature at the
Fermi energy, at a temperature its average over the window
(:func:`emissivity`, :func:`pumped_current`). This is seed
Eq. 40, :math:`I_p = \mathrm{Tr}[\Gamma_RG^r\dot V_pG^a]`, with the factor
:math:`1/2\pi` (:math:`e/h` rather than :math:`e/\hbar` in SI) that Eq. 40
omits. Electrons per unit time :math:`t/\hbar`, positive out of the device
into the lead; the charge current is :math:`-e` times this. The charge per
cycle (:func:`pumped_charge`) is :math:`\oint\sum_k (dN_\alpha/dV_k)\,dV_k`,
independent of ω, and by Stokes the enclosed area in the
:math:`(V_1, V_2)` plane weighted by
:math:`\frac1\pi\mathrm{Im\,Tr}[\Pi_\alpha\partial_1S\,\partial_2S^\dagger]`.
"""

import dataclasses

import numpy as np

from .density import fermi_sea, integrate_sea, occupation_weights
from .device import PAULI
from .quadrature import EnergyIntegral, adaptive_gauss_kronrod, fermi_window
from .solver import (
    channel_groups,
    default_solver,
    lead_rhs,
    thread_map,
)
from .transport import _project, _spin_projectors

__all__ = [
    "GatePump",
    "adiabatic_density",
    "emissivity",
    "pumped_charge",
    "pumped_current",
    "pumped_spin_density",
]


@dataclasses.dataclass(frozen=True)
class GatePump:
    r"""Harmonic gate potentials :math:`V_k(t) = V_k\cos(\omega t + \phi_k)` on columns.

    The seed's pump is ``GatePump(columns=(1, 5), amplitudes=(V, V),
    omega=omega_p, phases=(0, phi))``.

    Parameters
    ----------
    columns : tuple of int
        Gated columns (x indices of the device).
    amplitudes : tuple of float
        :math:`V_k` (units of t).
    omega : float
        Angular frequency (units of :math:`t/\hbar`, > 0).
    phases : tuple of float
        :math:`\phi_k` (rad).

    Examples
    --------
    >>> import numpy as np
    >>> from weylmag.negf import GatePump
    >>> pump = GatePump((1, 5), (0.8, 0.8), omega=1.0, phases=(0.0, np.pi / 2))
    >>> pump.values(0.0).round(12).tolist(), round(pump.period, 6)
    ([[0.8, 0.0]], 6.283185)
    """

    columns: tuple
    amplitudes: tuple
    omega: float
    phases: tuple

    def __post_init__(self):
        n = len(self.columns)
        if not (len(self.amplitudes) == len(self.phases) == n):
            raise ValueError(
                "columns, amplitudes and phases need one entry per gate; got "
                f"{len(self.columns)}, {len(self.amplitudes)}, {len(self.phases)}."
            )
        if len(set(self.columns)) != n:
            raise ValueError(f"the gated columns must differ; got {self.columns}.")
        if not self.omega > 0:
            raise ValueError(f"omega must be > 0; got {self.omega!r}.")
        object.__setattr__(self, "columns", tuple(int(c) for c in self.columns))
        object.__setattr__(self, "amplitudes", tuple(map(float, self.amplitudes)))
        object.__setattr__(self, "phases", tuple(map(float, self.phases)))

    @property
    def period(self):
        return 2 * np.pi / self.omega

    def _angles(self, t):
        t = np.atleast_1d(np.asarray(t, dtype=float))
        return self.omega * t[:, None] + np.array(self.phases)

    def values(self, t):
        """Gate potentials at the times t, shape (len(t), n_gates)."""
        return np.array(self.amplitudes) * np.cos(self._angles(t))

    def rates(self, t):
        """dV_k/dt at the times t, shape (len(t), n_gates)."""
        return -self.omega * np.array(self.amplitudes) * np.sin(self._angles(t))

    def device_at(self, device, t):
        """The frozen device at time t: its own gates plus the pump's."""
        gates = device.gates
        for column, value in zip(self.columns, self.values(t)[0]):
            gates[column] = gates.get(column, 0.0) + value
        return device.with_gates(gates)


def _column_orbitals(device, columns):
    nx, _ = device.shape
    n = device.block_size
    for c in columns:
        if int(c) != c or not 0 <= c < nx:
            raise ValueError(
                f"gate columns must be integers in [0, {nx - 1}]; got {c!r}."
            )
    return [np.arange(int(c) * n, (int(c) + 1) * n) for c in columns]


def emissivity(
    device, energy, columns, *, kT=0.0, spin=False, spin_axis=(0.0, 0.0, 1.0), solver=None,
    rtol=1e-8, atol=1e-12,
):
    r"""Emissivities :math:`\frac1{2\pi}\mathrm{Tr}[\Gamma_\alpha GP_kG^\dagger]`.

    Electrons emitted into lead α per unit increase of the potential of
    column :math:`l_k`, at the Fermi energy ``energy`` (zero temperature)
    or averaged with :math:`-\partial_Ef` over the window
    :math:`\mu \pm 40k_BT` (:func:`~weylmag.negf.quadrature.fermi_window`,
    adaptively to ``rtol``, ``atol``).

    Parameters
    ----------
    device : Device
    energy : float
        Fermi energy μ (units of t).
    columns : sequence of int
        Gated columns.
    kT : float, optional
        Temperature of the leads (units of t, default 0).
    spin : bool
        Resolve the spin of the emitted electrons in the lead:
        :math:`\Gamma_\alpha^\sigma = P_\sigma\Gamma_\alpha P_\sigma`, with
        :math:`P_\sigma` the projector on spin along (σ = 0) or against
        (σ = 1) ``spin_axis``, as in :func:`~weylmag.negf.transmission`
        (exact for leads that conserve that spin component).
    spin_axis : (3,) array_like
    solver : Solver, optional
    rtol, atol : float, optional
        Tolerances of the thermal average (kT > 0).

    Returns
    -------
    (n_leads, n_columns) ndarray, or (n_leads, 2, n_columns) with ``spin``
        Leads in ``device.lead_names`` order.

    Examples
    --------
    The emissivities into all leads add up to the density of states on the
    gated column (here of a clean chain, :math:`1/(\pi\sqrt{4 - (E - 4)^2})`
    per spin):

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, emissivity
    >>> dev = SquareLattice(4, 1).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> nu = emissivity(dev, 4.0, [2])
    >>> bool(np.isclose(nu.sum(), 2 / (2 * np.pi)))
    True
    """
    solver = default_solver(device) if solver is None else solver
    orbitals = _column_orbitals(device, columns)
    if kT < 0 or not np.isfinite(kT):
        raise ValueError(f"kT must be a finite temperature >= 0 (units of t); got {kT!r}.")

    projectors = _spin_projectors(spin_axis) if spin else [np.eye(2)]

    def at(energies):
        """(nE, n_leads, n_spin, n_columns) emissivities at the Fermi energies ``energies``."""
        fac = solver.factorize(device, energies, device.self_energies(energies))
        # per lead and spin, the fewest columns W_s with W_s W_s^dagger = P_s Gamma P_s
        parts = [[_fewest_columns(_project(lead.lead.channels(energies), p))
                  for p in projectors] for lead in device.leads]
        rhs, _ = lead_rhs(device, [np.concatenate(spins, axis=-1) for spins in parts])
        # |G^dagger W_alpha|^2 on the gated orbitals, (nE, n_columns, n, channels)
        u = np.abs(fac.solve_adjoint(rhs, np.concatenate(orbitals))) ** 2
        u = u.reshape(len(energies), len(orbitals), -1, u.shape[-1]).sum(axis=2)
        out = np.empty((len(energies), len(device.leads), len(projectors), len(orbitals)))
        start = 0
        for a, spins in enumerate(parts):
            for sigma, w in enumerate(spins):
                stop = start + w.shape[-1]
                out[:, a, sigma] = u[..., start:stop].sum(axis=-1) / (2 * np.pi)
                start = stop
        return out

    if kT == 0:
        out = at(np.array([float(energy)]))[0]
    else:
        out = adaptive_gauss_kronrod(
            at, *fermi_window(float(energy), kT, device.thresholds()), rtol=rtol, atol=atol
        ).value
    return out if spin else out[:, 0]


def _fewest_columns(w):
    """(nE, 2W, r): columns V with V V^dagger = W W^dagger, r the largest rank over the energies.

    A spin projection of a spin-degenerate lead's channels has as many
    columns as the channels but half their rank, and closed channels are zero
    columns: each costs the solver a right-hand side.
    """
    values, vectors = np.linalg.eigh(w @ np.conj(np.swapaxes(w, -1, -2)))
    values, vectors = values[:, ::-1], vectors[:, :, ::-1]
    cut = 1e-13 * np.maximum(1.0, np.abs(values).max(axis=-1, keepdims=True))
    rank = int((values > cut).sum(axis=-1).max(initial=0))
    scale = np.sqrt(np.where(values[:, :rank] > cut, values[:, :rank], 0.0))
    return vectors[:, :, :rank] * scale[:, None, :]


def _lead_index(device, lead):
    if lead is None:
        return slice(None)
    return device.lead_names.index(device.lead(lead).name)


def pumped_current(
    device, energy, pump, t, *, kT=0.0, lead=None, spin=False, spin_axis=(0.0, 0.0, 1.0),
    solver=None, rtol=1e-8, workers=1,
):
    r"""Adiabatic pumped current :math:`I_\alpha = \sum_k (dN_\alpha/dV_k)\dot V_k`.

    Parameters
    ----------
    device : Device
        The device without the pump (its own gates are kept).
    energy : float
        Fermi energy (no bias).
    pump : GatePump
    t : float or 1D array
        Times (units of :math:`\hbar/t`).
    kT, rtol : float, optional
        Temperature of the leads (default 0) and the tolerance of the
        thermal average, as in :func:`emissivity`.
    lead : str, optional
        One lead; default all.
    spin, spin_axis :
        Resolve the spin of the pumped electrons in the lead, as in
        :func:`emissivity`: a last axis (along, against ``spin_axis``).
    solver : Solver, optional
    workers : int, optional
        Threads over the times (default 1; at most the cores).

    Returns
    -------
    ndarray
        (len(t), n_leads), or (len(t),) for one lead: electrons per unit
        time into the lead(s); (..., 2) with ``spin``.

    Examples
    --------
    Proportional to ω at fixed phase ωt:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, GatePump, pumped_current
    >>> dev = SquareLattice(6, 2, J=1.0, m=(1, 0, 0)).attach_lead(
    ...     side="left").attach_lead(side="right").finalized()
    >>> slow, fast = (GatePump((1, 4), (0.5, 0.5), w, (0, 1.0)) for w in (0.1, 0.3))
    >>> a = pumped_current(dev, 2.5, slow, 0.7 / 0.1, lead="right")
    >>> b = pumped_current(dev, 2.5, fast, 0.7 / 0.3, lead="right")
    >>> bool(np.isclose(b[0], 3 * a[0], rtol=1e-12))
    True
    """
    times = np.atleast_1d(np.asarray(t, dtype=float))
    workers = int(workers)
    if workers < 1:
        raise ValueError(f"workers must be >= 1; got {workers}.")

    def current(tj):
        nu = emissivity(
            pump.device_at(device, tj), energy, pump.columns, kT=kT, spin=spin,
            spin_axis=spin_axis, solver=solver, rtol=rtol,
        )
        return nu @ pump.rates(tj)[0]

    out = np.empty((len(times), len(device.leads)) + ((2,) if spin else ()))
    out[:] = thread_map(current, times, workers)
    return out[:, _lead_index(device, lead)]


def pumped_charge(
    device, energy, pump, *, kT=0.0, n_times=64, lead=None, solver=None, workers=1,
):
    r"""Electrons pumped into the lead(s) per cycle, :math:`\int_0^T I_\alpha\,dt`.

    The trapezoidal rule on ``n_times`` equally spaced times, exponentially
    accurate for the smooth periodic current. Independent of ω. ``kT``,
    ``solver`` and ``workers`` as in :func:`pumped_current`.

    Returns
    -------
    (n_leads,) ndarray, or float for one lead.
    """
    times = pump.period * np.arange(n_times) / n_times
    current = pumped_current(
        device, energy, pump, times, kT=kT, lead=lead, solver=solver, workers=workers
    )
    q = current.sum(axis=0) * pump.period / n_times
    return float(q) if lead is not None else q


def adiabatic_density(
    device,
    mu,
    columns,
    kT=0.0,
    *,
    form="exact",
    rtol=1e-8,
    atol=1e-12,
    solver=None,
    max_intervals=2000,
):
    r"""First-order (in the gate rates) density per unit :math:`\dot V_k`.

    The site-diagonal blocks of :math:`\int\frac{dE}{2\pi}(X + X^\dagger)`,
    :math:`X = -iG\Omega GP_kG\Gamma_fG^\dagger` (module docstring), as
    (electron density, spin density) per site.

    Parameters
    ----------
    device : Device
        The frozen device (gates at their instantaneous values).
    mu, kT : float or dict
        Chemical potential(s) and temperature(s) of the leads.
    columns : sequence of int
        Gated columns.
    form : {"exact", "seed"}
        :math:`\Omega = 1 - \partial_E\Sigma^r` (default) or
        :math:`\Omega = 1` (seed Eq. C5, exact for wide-band leads only).
    rtol, atol, max_intervals, solver
        As :func:`~weylmag.negf.spin_density`.

    A device that a lead channel crosses without scattering (a clean strip
    with its gates at zero) has a non-integrable
    :math:`(E - E_n)^{-2}` singularity at that channel's threshold
    :math:`E_n` (the group velocity vanishes there): the adiabatic expansion
    needs :math:`\hbar\omega \ll |E - E_n|` and fails for such a device; the
    quadrature then warns (:class:`~weylmag.negf.QuadratureWarning`). Any
    scattering (gates, a texture) makes the integrand integrable.

    Returns
    -------
    EnergyIntegral
        ``value`` of shape (n_columns, nx, ny, 4): :math:`\partial n/\partial\dot V_k`
        and :math:`\partial\mathbf s/\partial\dot V_k` (units of :math:`\hbar`
        per site per unit :math:`\dot V_k`, i.e. times :math:`\hbar/t^2`).

    Examples
    --------
    Without spin-orbit coupling, magnetisation or spin-polarised leads the
    pumped spin vanishes:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, adiabatic_density
    >>> dev = SquareLattice(3, 2, gates={1: 0.5}).attach_lead(
    ...     side="left").attach_lead(side="right").finalized()
    >>> r = adiabatic_density(dev, 2.0, [1]).value
    >>> r.shape, bool(np.abs(r[..., 1:]).max() < 1e-12 < np.abs(r[..., 0]).max())
    ((1, 3, 2, 4), True)
    """
    if form not in ("exact", "seed"):
        raise ValueError(f"form must be 'exact' or 'seed'; got {form!r}.")
    orbitals = _column_orbitals(device, columns)
    nx, ny = device.shape
    mus, kts, lower, upper, points = fermi_sea(device, mu, kT)
    solver = default_solver(device) if solver is None else solver
    shape = (len(orbitals), nx, ny, 4)

    def integrand(energies):
        sigmas, dsigmas = device.self_energies(energies, derivative=True)
        weights = occupation_weights(energies, mus, kts)
        blocks = [
            lead.lead.channels(energies) * weights[:, a, None, None]
            for a, lead in enumerate(device.leads)
        ]
        out = np.zeros((len(energies), *shape))
        for idx, cols in channel_groups(blocks):
            fac = solver.factorize(device, energies[idx], [s[idx] for s in sigmas])
            rhs, _ = lead_rhs(device, [b[idx][:, :, c] for b, c in zip(blocks, cols)])
            u = fac.solve(rhs)  # G W sqrt(f)
            us = u.reshape(len(idx), nx * ny, 2, -1)
            for k, orb in enumerate(orbitals):
                b = np.zeros_like(u)
                b[:, orb, :] = u[:, orb, :]
                c = fac.solve(b)
                for lead, ds in zip(device.leads, dsigmas):
                    if form == "exact":
                        c[:, lead.orbitals, :] -= ds[idx] @ c[:, lead.orbitals, :]
                d = fac.solve(c).reshape(us.shape)
                # X_rr = -i D_r U_r^dagger; n = 2 Re Tr X_rr, s = Re Tr[sigma X_rr]
                x = -1j * np.einsum("erac,erbc->erab", d, us.conj())
                out[idx, k, ..., 0] = 2 * np.trace(x, axis1=-2, axis2=-1).real.reshape(
                    len(idx), nx, ny
                )
                s = np.einsum("iba,erab->eri", PAULI, x).real
                out[idx, k, ..., 1:] = s.reshape(len(idx), nx, ny, 3)
        return out / (2 * np.pi)

    if not upper > lower:
        return EnergyIntegral(np.zeros(shape), 0.0, 0, 0, True, ())
    return integrate_sea(
        device, integrand, lower, upper, points,
        rtol=rtol, atol=atol, max_intervals=max_intervals,
    )


def pumped_spin_density(device, mu, pump, t, kT=0.0, **options):
    r"""Adiabatic (first order in ω) spin density pumped by the gates at time t.

    :math:`\mathbf s^{(1)}(t) = \sum_k\dot V_k(t)\,\partial\mathbf s/\partial\dot V_k`
    of the device frozen at the gates :math:`V_k(t)`
    (:func:`adiabatic_density`); the frozen part is
    :func:`~weylmag.negf.spin_density` of ``pump.device_at(device, t)``.

    Parameters
    ----------
    device : Device
        The device without the pump.
    mu, kT : float or dict
    pump : GatePump
    t : float
        Time (units of :math:`\hbar/t`).
    **options
        Passed to :func:`adiabatic_density`.

    Returns
    -------
    (nx, ny, 3) ndarray
        Units of :math:`\hbar` per site.
    """
    frozen = pump.device_at(device, t)
    r = adiabatic_density(frozen, mu, pump.columns, kT, **options).value
    return np.einsum("k,kxyi->xyi", pump.rates(t)[0], r[..., 1:])

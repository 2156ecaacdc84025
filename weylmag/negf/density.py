r"""Non-equilibrium electron and spin densities injected by the leads.

With the lesser Green's function of a steady state,
:math:`G^< = \sum_\alpha G\,\Sigma^<_\alpha G^\dagger`,
:math:`\Sigma^<_\alpha = i f_\alpha\Gamma_\alpha`, the density matrix of
site :math:`\mathbf r` (2 x 2 in spin) is a sum of the lead
*injectivities*

.. math::

    \rho_{\mathbf r} = -i\int\frac{dE}{2\pi}\,G^<_{\mathbf r\mathbf r}
    = \sum_\alpha\int\frac{dE}{2\pi}\,f_\alpha(E)\,
      \bigl[G\Gamma_\alpha G^\dagger\bigr]_{\mathbf r\mathbf r},

and the electron and spin densities (seed Eqs. 11, 33) are

.. math::

    n_{\mathbf r} = \mathrm{Tr}_s\,\rho_{\mathbf r},\qquad
    \mathbf s_{\mathbf r} = -\frac i2\int\frac{dE}{2\pi}\mathrm{Tr}_s[\boldsymbol\sigma
    G^<_{\mathbf r\mathbf r}] = \frac12\mathrm{Tr}_s[\boldsymbol\sigma\rho_{\mathbf r}]

(electrons per site, spin in units of :math:`\hbar`). Lead
:math:`\alpha` has chemical potential :math:`\mu_\alpha` and temperature
:math:`k_BT_\alpha`, :math:`f_\alpha` the Fermi-Dirac function. The energy
integral runs over the lead continua, from the lowest channel threshold to
:math:`\max_\alpha \mu_\alpha + 40k_BT_\alpha` (where
:math:`f < 5\cdot10^{-18}`), with every channel threshold and every
:math:`\mu_\alpha` as a break point of
:func:`~weylmag.negf.integrate_energy`. Bound states outside the continua
are not populated by the leads in this steady state and do not contribute:
with spin-degenerate leads, a magnetic device binds states of the spin
that the exchange attracts just below the continuum, so the injected
density of a small magnetic device can differ from its thermodynamic
equilibrium density even in sign.
"""

import dataclasses
from collections.abc import Mapping

import numpy as np

from .quadrature import TAIL, EnergyIntegral, fermi_dirac, integrate_energy
from .solver import channel_groups, default_solver, energy_chunk, lead_columns, thread_map

__all__ = ["electron_density", "fermi_sea", "injected_density", "spin_density"]


def _per_lead(device, value, label):
    if isinstance(value, Mapping):
        unknown = set(value) - set(device.lead_names)
        if unknown:
            raise KeyError(
                f"{label} names unknown leads {sorted(unknown)}; the device "
                f"has {list(device.lead_names)}."
            )
        missing = set(device.lead_names) - set(value)
        if missing:
            raise KeyError(f"{label} has no value for the leads {sorted(missing)}.")
        return np.array([float(value[name]) for name in device.lead_names])
    return np.full(len(device.leads), float(value))


def fermi_sea(device, mu, kT=0.0):
    """Occupations and integration range of a steady state.

    Parameters
    ----------
    device : Device
    mu : float or dict
        Chemical potential of every lead, or ``{lead name: mu}``.
    kT : float or dict
        Temperature (energy units) of every lead, or per lead.

    Returns
    -------
    mus, kts : (n_leads,) ndarray
    lower, upper : float
        Range of the Fermi-sea integral (lower may be -inf).
    breakpoints : ndarray
        Channel thresholds and chemical potentials.
    """
    mus = _per_lead(device, mu, "mu")
    kts = _per_lead(device, kT, "kT")
    if np.any(kts < 0):
        raise ValueError(f"kT must be >= 0; got {kts}.")
    lower, top = device.band()
    upper = min(top, float(np.max(mus + TAIL * kts)))
    points = np.concatenate([device.thresholds(), mus])
    return mus, kts, lower, upper, points


def occupation_weights(energies, mus, kts):
    """sqrt(f_alpha(E)), shape (nE, n_leads)."""
    e = np.asarray(energies).real
    return np.sqrt(np.stack([fermi_dirac(e, m, k) for m, k in zip(mus, kts)], axis=-1))


def integrate_sea(device, integrand, lower, upper, points, *, rtol, atol, max_intervals):
    """:func:`integrate_energy` over the Fermi sea of ``device``, batched as its solver needs."""
    return integrate_energy(
        integrand,
        lower,
        upper,
        points,
        rtol=rtol,
        atol=atol,
        max_intervals=max_intervals,
        chunk=energy_chunk(device),
        tail_scale=4.0 * device.t,
    )


def injected_density(device, energy, *, solver=None, weights=None, workers=1):
    r"""Per-lead spectral densities :math:`[G\Gamma_\alpha G^\dagger]_{\mathbf r\mathbf r}/2\pi`.

    The electron and spin densities per unit energy that the scattering
    states coming in from each lead carry at the given energies (what a
    wave-function code obtains as :math:`\sum_n\psi_n^\dagger\psi_n/2\pi`
    and :math:`\sum_n\psi_n^\dagger\tfrac{\boldsymbol\sigma}{2}\psi_n/2\pi`
    over the incoming modes :math:`\psi_n` of the lead). Integrated with
    the lead occupations they give :func:`electron_density` and
    :func:`spin_density`.

    Parameters
    ----------
    device : Device
    energy : float or (nE,) array_like
        Real energies (units of t).
    solver : Solver, optional
    weights : (nE, n_leads) array_like, optional
        Factors applied to the channels of each lead (the amplitude, i.e. the
        square root of the occupation); default 1.
    workers : int, optional
        Threads that share the energies (default 1; at most the cores).
        BLAS runs single-threaded while they work.

    Returns
    -------
    (nE, n_leads, nx, ny, 4) ndarray
        :math:`(n, s_x, s_y, s_z)` per lead and site (spin in units of
        :math:`\hbar`), leads in ``device.lead_names`` order.

    Examples
    --------
    In a clean chain each lead injects :math:`1/(2\pi v)` electrons per
    site and unit energy of each spin, with :math:`v = 2t\sin k`:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, injected_density
    >>> dev = SquareLattice(3, 1).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> rho = injected_density(dev, 4.0)
    >>> bool(np.allclose(rho[0, :, :, :, 0], 2 / (2 * np.pi * 2.0)))
    True
    """
    energies = np.atleast_1d(np.asarray(energy, dtype=float))
    nx, ny = device.shape
    n_leads = len(device.leads)
    solver = default_solver(device) if solver is None else solver
    workers = int(workers)
    if workers < 1:
        raise ValueError(f"workers must be >= 1; got {workers}.")
    sigmas = device.self_energies(energies)
    blocks = [lead.lead.channels(energies) for lead in device.leads]
    if weights is not None:
        w = np.broadcast_to(np.asarray(weights, dtype=float), (len(energies), n_leads))
        blocks = [b * w[:, k, None, None] for k, b in enumerate(blocks)]
    out = np.zeros((len(energies), n_leads, nx * ny, 4))
    # energies of one pattern of open channels share a solve; split further for threads
    tasks = [
        (part, columns)
        for idx, columns in channel_groups(blocks)
        for part in np.array_split(idx, min(workers, len(idx)))
    ]

    def task(idx, columns):
        fac = solver.factorize(device, energies[idx], [s[idx] for s in sigmas])
        rhs, rows, slices = lead_columns(
            device, [b[idx][:, :, c] for b, c in zip(blocks, columns)]
        )
        out[idx] = fac.spin_densities(rhs, slices, rows=rows)

    thread_map(lambda a: task(*a), tasks, workers)
    return out.reshape(len(energies), n_leads, nx, ny, 4) / (2 * np.pi)


def _injected(device, mu, kT, *, rtol, atol, solver, max_intervals):
    """Integral of the per-lead (n, s_x, s_y, s_z) of every site, (n_leads, nx, ny, 4)."""
    nx, ny = device.shape
    mus, kts, lower, upper, points = fermi_sea(device, mu, kT)
    solver = default_solver(device) if solver is None else solver
    if not upper > lower:
        return None, np.zeros((len(device.leads), nx, ny, 4))

    def integrand(energies):
        weights = occupation_weights(energies, mus, kts)
        return injected_density(device, energies, solver=solver, weights=weights)

    result = integrate_sea(
        device, integrand, lower, upper, points,
        rtol=rtol, atol=atol, max_intervals=max_intervals,
    )
    return result, result.value


def _density(device, mu, kT, per_lead, components, **options):
    result, value = _injected(device, mu, kT, **options)
    value = value[..., components]
    value = value if per_lead else value.sum(axis=0)
    if result is None:
        return EnergyIntegral(value, 0.0, 0, 0, True, ())
    return dataclasses.replace(result, value=value)


def spin_density(
    device,
    mu,
    kT=0.0,
    *,
    per_lead=False,
    rtol=1e-8,
    atol=1e-12,
    solver=None,
    max_intervals=2000,
):
    r"""Spin density :math:`\mathbf s_{\mathbf r}` injected by the leads.

    Parameters
    ----------
    device : Device
    mu : float or dict
        Chemical potential of every lead (equilibrium) or ``{name: mu}``.
    kT : float or dict
        Temperature (energy units), one or per lead.
    per_lead : bool
        Return the contribution of each lead (its injectivity), shape
        (n_leads, nx, ny, 3), leads in ``device.lead_names`` order.
    rtol, atol, max_intervals : float, float, int
        Tolerances of :func:`~weylmag.negf.integrate_energy` (on all
        components of all leads at once).
    solver : Solver, optional

    Returns
    -------
    EnergyIntegral
        ``value`` of shape (nx, ny, 3) (spin per site, units of hbar).

    Examples
    --------
    A uniform magnetic chain (ferromagnetic leads continue the device): the
    spin points against m, since J > 0 raises the band of spins along m;
    per site :math:`s_z = (k_{F+} - k_{F-})/2\pi` with
    :math:`\cos k_{F\pm} = (4 \pm J/2 - \mu)/2`:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, SquareLead, spin_density
    >>> lead = SquareLead(1, J=1.0)
    >>> dev = SquareLattice(2, 1, J=1.0).attach_lead(lead, side="left").attach_lead(
    ...     lead, side="right").finalized()
    >>> s = spin_density(dev, mu=3.0).value
    >>> exact = (np.arccos(0.75) - np.arccos(0.25)) / (2 * np.pi)
    >>> bool(abs(s[0, 0, 2] - exact) < 1e-9), bool(abs(s[0, 0, 0]) < 1e-12)
    (True, True)
    """
    options = {
        "rtol": rtol,
        "atol": atol,
        "solver": solver,
        "max_intervals": max_intervals,
    }
    return _density(device, mu, kT, per_lead, slice(1, 4), **options)


def electron_density(
    device,
    mu,
    kT=0.0,
    *,
    per_lead=False,
    rtol=1e-8,
    atol=1e-12,
    solver=None,
    max_intervals=2000,
):
    r"""Electron density :math:`n_{\mathbf r}` (per site, both spins) injected by the leads.

    Parameters and returns as :func:`spin_density`, ``value`` of shape
    (nx, ny) (or (n_leads, nx, ny) with ``per_lead``).

    Examples
    --------
    A clean 1D chain filled to the band centre holds one electron per site
    (half of each spin band):

    >>> from weylmag.negf import SquareLattice, electron_density
    >>> dev = SquareLattice(3, 1).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> round(float(electron_density(dev, mu=4.0).value[1, 0]), 10)
    1.0
    """
    options = {
        "rtol": rtol,
        "atol": atol,
        "solver": solver,
        "max_intervals": max_intervals,
    }
    return _density(device, mu, kT, per_lead, 0, **options)

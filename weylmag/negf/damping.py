r"""Gilbert damping and inertial tensors from Green's functions (seed Eqs. 19, 22, D1).

Notation: the exchange is :math:`H' = \sum_{\mathbf r}(J_{\mathbf r}/2)\,
\boldsymbol\sigma\cdot\mathbf m_{\mathbf r}` (:math:`J` here is the seed's
:math:`JM`), and :math:`V_i = \partial H/\partial m_i = \sum_{\mathbf r}
(J_{\mathbf r}/2)\sigma_i` acts on all sites (a uniform change of m).

**Eq. 19.** The adiabatic (first order in :math:`\dot{\mathbf m}`) spin
response gives the tensor

.. math::

    \alpha_{ij} = \frac{J^2}{4}\int\frac{dE}{2\pi}\,
    \mathrm{Re}\,\mathrm{Tr}\bigl[G^< \sigma_i X \sigma_j\bigr]
    = \int\frac{dE}{2\pi}\,\mathrm{Re}\,\mathrm{Tr}\bigl[G^< V_i X V_j\bigr],
    \qquad G^< = i\sum_\alpha f_\alpha G\Gamma_\alpha G^\dagger,

with :math:`X = G^rG^r` as printed (``form="seed"``), or
:math:`X = G^r(1 - \partial_E\Sigma^r)G^r = -\partial_E G^r`
(``form="exact"``, the default). Appendix C replaces :math:`G(t', E)` by
:math:`G(t, E)` inside the self-energy convolution; keeping the first
order of that expansion gives
:math:`G = G_f - iG_f(1 - \partial_E\Sigma^r)\partial_t G_f`, which turns
the :math:`G^rG^r` of Eq. 15 into :math:`G^r(1 - \partial_E\Sigma^r)G^r`.
The printed :math:`G^rG^r` is therefore exact only when the lead
self-energies do not depend on energy (:class:`~weylmag.negf.WideBandLead`);
with tight-binding leads only the exact form satisfies the
scattering-theory identity below (the tests check both statements).

**Eq. D1.** At the Fermi energy, the scattering-matrix tensor (Brataas,
Tserkovnyak and Bauer)

.. math::

    \alpha'_{ij} = \frac1{4\pi}\,\mathrm{Re}\,\mathrm{Tr}\Bigl[
    \frac{\partial S}{\partial m_i}\frac{\partial S^\dagger}{\partial m_j}\Bigr]
    = \frac{J^2}{16\pi}\,\mathrm{Re}\,\mathrm{Tr}\bigl[
    G^a\Gamma G^r\sigma_i G^r\Gamma G^a\sigma_j\bigr],

(the second factor carries a dagger, as in Brataas et al.; the seed's
D1 omits it, its D2 is the form above), :math:`\partial S/\partial m_i =
iW^\dagger G V_i G W`, :math:`\Gamma = \sum_\alpha\Gamma_\alpha`.

**Exact relation** (zero temperature, no bias, any texture and spin-orbit
coupling): partial integration of the symmetric part of Eq. 19 (seed Eq.
D4) with :math:`-\partial_E G^r` gives

.. math::

    \tfrac12(\alpha_{ij} + \alpha_{ji}) = -\frac{J^2}{32\pi}\mathrm{Re}\,\mathrm{Tr}
    \bigl[G^a\Gamma G^r\sigma_i G^r\Gamma G^a\sigma_j\bigr] = -\tfrac12\,\alpha'_{ij},

where Appendix D, which drops the constants of Eq. D4, states agreement
up to the factor :math:`(JM)^2/16\pi` of Eq. D2. The Gilbert damping of a
macrospin of spin S (units of :math:`\hbar`) follows from seed Eqs. 13 and
15: :math:`\dot{\mathbf m} = \dots - \mathbf m\times(\alpha^{\rm G}\dot{\mathbf
m})` for m along the spin (seed Eq. 18), and :math:`+\alpha^{\rm G}\mathbf
m\times\dot{\mathbf m}` for m along the magnetisation, with

.. math::

    \alpha^{\rm G}_{ij} = -\frac2S\,\alpha_{ij},\qquad
    \tfrac12(\alpha^{\rm G}_{ij} + \alpha^{\rm G}_{ji}) = \frac{\alpha'_{ij}}S \ge 0

(seed Eq. 19 as printed lacks this factor :math:`-2/S`). The antisymmetric
part of :math:`\alpha_{ij}` (a gyromagnetic renormalisation) has no
scattering-matrix counterpart here.

**Textures.** Eq. 19 with :math:`\sigma_i` on all sites is the response of
the total spin to a uniform :math:`\dot{\mathbf m}`; ``resolve="site"``
returns its site-resolved form :math:`\alpha^{\mathbf r}_{ij}` with
:math:`\sigma_i` restricted to site :math:`\mathbf r` (the spin at
:math:`\mathbf r`) and :math:`\sigma_j` on all sites; the total is
:math:`\sum_{\mathbf r}\alpha^{\mathbf r}_{ij}`, and the relation to Eq. D1
holds for the total.

**Eq. 22**, the inertial tensor, is evaluated as printed,
:math:`\bar\alpha_{ij} = \frac{J^2}2\int\frac{dE}{2\pi}\,\mathrm{Im}\,
\mathrm{Tr}[G^<\sigma_i (G^r)^3\sigma_j]`, within the seed's approximation of
energy-independent self-energies.

Fermi-sea integrals use :func:`~weylmag.negf.fermi_sea` and
:func:`~weylmag.negf.integrate_energy` (channel thresholds as break
points, where :math:`\partial_E\Sigma` has integrable
:math:`1/\sqrt{E - E_n}` singularities). A bound state embedded in the
continuum (a real pole of G that the leads do not broaden, possible in
symmetric devices) makes the Fermi-sea integrand non-integrable, and a
quasi-bound state just below a channel threshold (the device almost binds
a state there) makes the integrand a large total derivative whose
excursions cancel to many digits; in both cases the requested tolerance
may be out of reach and the quadrature warns
(:class:`~weylmag.negf.QuadratureWarning`). The scattering-matrix tensor
has no such difficulty.
"""

import numpy as np

from .density import fermi_sea, integrate_sea, occupation_weights
from .quadrature import EnergyIntegral, integrate_energy
from .solver import (
    channel_groups,
    default_solver,
    energy_batches,
    energy_chunk,
    lead_rhs,
)

__all__ = ["gilbert_damping", "gilbert_damping_smatrix", "inertia_tensor"]

_FORMS = ("exact", "seed")
_RESOLVE = ("total", "site")


def _stack(v):
    """(3, nE, N, C) -> (nE, N, 3C)."""
    return np.concatenate(list(v), axis=-1)


def _traces(device, v, b, resolve):
    """z_ij = sum conj(v_i) b_j, total (nE, 3, 3) or per site (nE, nx, ny, 3, 3)."""
    nx, ny = device.shape
    ne = v.shape[1]
    c = v.shape[-1]
    bj = b.reshape(ne, device.n_orbitals, 3, c)
    if resolve == "total":
        return np.einsum("ienc,enjc->eij", v.conj(), bj)
    vs = v.reshape(3, ne, nx * ny, 2, c)
    bs = bj.reshape(ne, nx * ny, 2, 3, c)
    return np.einsum("iersc,ersjc->erij", vs.conj(), bs).reshape(ne, nx, ny, 3, 3)


def _fermi_sea_tensor(
    device, mu, kT, kind, form, resolve, rtol, atol, solver, max_intervals
):
    if form not in _FORMS:
        raise ValueError(f"form must be one of {_FORMS}; got {form!r}.")
    if resolve not in _RESOLVE:
        raise ValueError(f"resolve must be one of {_RESOLVE}; got {resolve!r}.")
    mus, kts, lower, upper, points = fermi_sea(device, mu, kT)
    solver = default_solver(device) if solver is None else solver
    derivative = kind == "damping" and form == "exact"

    shape = (3, 3) if resolve == "total" else (*device.shape, 3, 3)

    def integrand(energies):
        if derivative:
            sigmas, dsigmas = device.self_energies(energies, derivative=True)
        else:
            sigmas = device.self_energies(energies)
        weights = occupation_weights(energies, mus, kts)
        blocks = [
            lead.lead.channels(energies) * weights[:, k, None, None]
            for k, lead in enumerate(device.leads)
        ]
        out = np.zeros((len(energies), *shape))
        for idx, columns in channel_groups(blocks):
            fac = solver.factorize(device, energies[idx], [s[idx] for s in sigmas])
            rhs, _ = lead_rhs(
                device, [b[idx][:, :, c] for b, c in zip(blocks, columns)]
            )
            u = fac.solve(rhs)
            v = device.exchange_derivative(u)
            c = fac.solve(_stack(v))
            if derivative:
                for lead, ds in zip(device.leads, dsigmas):
                    c[:, lead.orbitals, :] -= ds[idx] @ c[:, lead.orbitals, :]
            b = fac.solve(c)
            if kind == "damping":
                out[idx] = -_traces(device, v, b, resolve).imag / (2 * np.pi)
            else:
                out[idx] = _traces(device, v, fac.solve(b), resolve).real / np.pi
        return out

    if not upper > lower:
        return EnergyIntegral(np.zeros(shape), 0.0, 0, 0, True, ())
    return integrate_sea(
        device, integrand, lower, upper, points,
        rtol=rtol, atol=atol, max_intervals=max_intervals,
    )


def gilbert_damping(
    device,
    mu,
    kT=0.0,
    *,
    form="exact",
    resolve="total",
    rtol=1e-8,
    atol=1e-12,
    solver=None,
    max_intervals=2000,
):
    r"""Gilbert damping tensor of seed Eq. 19, as a Fermi-sea integral.

    See the module docstring for the definition, the two forms and the
    exact relation to :func:`gilbert_damping_smatrix`.

    Parameters
    ----------
    device : Device
    mu : float or dict
        Chemical potential of every lead, or ``{lead name: mu}`` (a bias).
    kT : float or dict
        Temperature (energy units).
    form : {"exact", "seed"}
        :math:`X = -\partial_E G^r` (default) or :math:`G^rG^r` (Eq. 19 as
        printed).
    resolve : {"total", "site"}
        The (3, 3) tensor, or the (nx, ny, 3, 3) site-resolved tensor.
    rtol, atol, max_intervals
        Tolerances of :func:`~weylmag.negf.integrate_energy` (absolute
        ones in the units of the tensor, dimensionless).
    solver : Solver, optional

    Returns
    -------
    EnergyIntegral

    Examples
    --------
    For a uniform magnet along z without spin-orbit coupling the symmetric
    part is isotropic in the xy plane:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, gilbert_damping
    >>> dev = SquareLattice(2, 2, J=1.0).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> a = gilbert_damping(dev, mu=3.0, rtol=1e-10).value
    >>> s = 0.5 * (a + a.T)
    >>> bool(abs(s[0, 0] - s[1, 1]) < 1e-9 and abs(s[0, 1]) < 1e-9 and s[0, 0] < 0)
    True
    """
    return _fermi_sea_tensor(
        device, mu, kT, "damping", form, resolve, rtol, atol, solver, max_intervals
    )


def inertia_tensor(
    device,
    mu,
    kT=0.0,
    *,
    resolve="total",
    rtol=1e-8,
    atol=1e-12,
    solver=None,
    max_intervals=2000,
):
    r"""Inertial tensor of seed Eq. 22, :math:`\frac{J^2}2\int\frac{dE}{2\pi}
    \mathrm{Im\,Tr}[G^<\sigma_i(G^r)^3\sigma_j]`.

    Parameters as :func:`gilbert_damping` (without ``form``).

    Returns
    -------
    EnergyIntegral
        (3, 3) or, with ``resolve="site"``, (nx, ny, 3, 3).

    Examples
    --------
    >>> from weylmag.negf import SquareLattice, inertia_tensor
    >>> dev = SquareLattice(2, 1, J=0.8).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> inertia_tensor(dev, mu=3.0).value.shape
    (3, 3)
    """
    return _fermi_sea_tensor(
        device, mu, kT, "inertia", "seed", resolve, rtol, atol, solver, max_intervals
    )


def gilbert_damping_smatrix(device, energy, *, solver=None):
    r"""Scattering-matrix damping tensor, seed Eq. D1 (with the dagger):
    :math:`\alpha'_{ij} = \frac1{4\pi}\mathrm{Re\,Tr}[\partial_iS\,\partial_jS^\dagger]`.

    Zero temperature and no bias, at the Fermi energy ``energy``;
    :math:`\partial S/\partial m_i = iW^\dagger G V_i G W` for a uniform
    change of m on all sites. Symmetric and positive semi-definite.

    Parameters
    ----------
    device : Device
    energy : float or 1D array
        Fermi energies (units of t).
    solver : Solver, optional

    Returns
    -------
    (3, 3) or (nE, 3, 3) ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, gilbert_damping_smatrix
    >>> dev = SquareLattice(3, 2, J=1.0, m=(0, 0, 1)).attach_lead(
    ...     side="left").attach_lead(side="right").finalized()
    >>> a = gilbert_damping_smatrix(dev, 2.5)
    >>> bool(np.allclose(a, a.T) and np.all(np.linalg.eigvalsh(a) > -1e-14))
    True
    """
    e = np.asarray(energy, dtype=float)
    energies = np.atleast_1d(e)
    solver = default_solver(device) if solver is None else solver
    orbitals = np.concatenate([lead.orbitals for lead in device.leads])
    out = []
    for batch in energy_batches(energies, energy_chunk(device)):
        fac = solver.factorize(device, batch, device.self_energies(batch))
        rhs, _ = lead_rhs(device, [lead.lead.channels(batch) for lead in device.leads])
        v = device.exchange_derivative(fac.solve(rhs))
        c = fac.solve(_stack(v), orbitals=orbitals)
        w = rhs[:, orbitals, :]
        p = np.conj(np.swapaxes(w, -1, -2)) @ c
        k = w.shape[-1]
        p = p.reshape(len(batch), k, 3, k)
        out.append(np.einsum("eaib,eajb->eij", p, p.conj()).real / (4 * np.pi))
    out = np.concatenate(out, axis=0)
    return out[0] if e.ndim == 0 else out

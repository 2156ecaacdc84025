r"""Electric-field response of the spin dipole (field-induced DMI) and of the polarisation (seed 001, Sec. 3.3-3.4).

An electric field changes the spin dipole of :mod:`weylmag.bands.dipole`,
:math:`T_{jk} \to T^\text{eq}_{jk} + T^E_{jk}`, :math:`T^E_{jk} = \kappa_{ijk}E_i`
(Eq. 3.57), and with it the DMI: :math:`\partial D_{jl}/\partial E_i =
(\mathbf{m}\times\boldsymbol\kappa_{ij})_l` (apply :func:`weylmag.bands.dmi_tensor`
to :math:`\kappa_{ij\cdot}`; this is ``FieldInducedDMI.kappa[j, l, i]``
after dividing a layer's value by the film thickness). Three functions:

- :func:`gate_induced_dmi`: a field along a direction in which the model is
  *confined* (the normal of a layer, the cross-section of a chain), where it
  is a static potential :math:`e E z` and :math:`\kappa = dT^\text{eq}/dE`
  exactly;
- :func:`field_polarization`: the polarisation :math:`P^E_j` a field induces
  (Eq. 3.75);
- :func:`field_induced_dmi`: the seed's wave-packet result for a field along
  the Bloch directions, Eq. 3.59, with its positional shifts (Eqs. 3.27-3.29).

**Thermodynamics** (Sec. 3.4.2). The enthalpy density satisfies
:math:`df = -n\,d\mu - \mathbf{S}\cdot d\mathbf{m} - T_{jk}\,d(\partial_jm_k)
- \mathbf{P}\cdot d\mathbf{E}` (Eq. 3.71), P the electric polarisation of
the electrons (charge :math:`-e`), so

.. math::

    \frac{\partial T^E_{jk}}{\partial E_i} = \frac{\partial P_i}{\partial(\partial_jm_k)},
    \qquad
    e\,\frac{\partial T_{jk}}{\partial\mu} = \frac{\partial P_j}{\partial m_k}
    \quad(\text{Eqs. 3.72-3.74; } \delta n = \nabla\cdot\mathbf{P}/e).

The tests check the second for both :func:`gate_induced_dmi` and
:func:`field_induced_dmi` against :func:`field_polarization`, and the
first for :func:`gate_induced_dmi` against the polarisation of spin
spirals; :func:`field_induced_dmi` does not satisfy the first (see its
docstring).

**Units.** :math:`\kappa` in C m^(2-d) (J m^(1-d) per V/m): C m for a
chain, C for a layer, C/m for a bulk crystal; P in C m^(1-d).
"""

import numpy as np

from ..constants import e
from ._sos import (
    commutator,
    dipole_weights,
    eigensystem,
    inverse_differences,
    mixed_derivatives,
    occupations,
    rotate,
    second_k_derivatives,
    transport,
)
from .curvature import _check_occupation
from .freeenergy import _checked_model
from .integrate import integrate
from .model import unit_vector
from .observables import _field

__all__ = ["field_induced_dmi", "field_polarization", "gate_induced_dmi"]


def _position(model, position):
    z = np.asarray(position)
    n = model.n_bands
    if z.shape != (n, n) or not np.all(np.isfinite(z)):
        raise ValueError(
            f"position must be the ({n}, {n}) matrix (m) of the coordinate along the field "
            f"in the basis of the model's Hamiltonian; got shape {z.shape}."
        )
    scale = max(float(np.max(np.abs(z))), np.finfo(float).tiny)
    if np.max(np.abs(z - z.conj().T)) > 1e-12 * scale:
        raise ValueError("position must be a Hermitian matrix (an observable).")
    return z.astype(complex)


def _gate_density(energy, states, v, mm, z, mu, T):
    """dT_jk/dE per k for H + e E z: shape (N, d, 3), C m."""
    f, g, fp, fpp = occupations(energy, mu, T)
    s, ds = dipole_weights(energy, f, g, fp, fpp, T)
    zb = rotate(states, np.broadcast_to(z, states.shape))
    zd = np.einsum("Nnn->Nn", zb).real
    wt = transport(zb, energy)
    dv = commutator(v, wt[:, None])
    dm = commutator(mm, wt[:, None])
    x = np.einsum("Njnl,Nkln->Njknl", v, mm).imag
    dx = (
        np.einsum("Njnl,Nkln->Njknl", dv, mm) + np.einsum("Njnl,Nkln->Njknl", v, dm)
    ).imag
    states_part = np.einsum("Nnl,Njknl->Njk", s, dx)
    shift = np.einsum("Nnl,Nn,Njknl->Njk", ds, zd, x) - np.einsum(
        "Nln,Nl,Njknl->Njk", ds, zd, x
    )
    return e * (states_part + shift)


def gate_induced_dmi(
    model,
    position,
    m,
    *,
    mu=0.0,
    T=0.0,
    kspace=None,
    n_k=None,
    rtol=1e-6,
    atol=0.0,
    max_n_k=None,
):
    r"""Spin dipole per unit gate field, :math:`\kappa_{jk} = dT^\text{eq}_{jk}/dE` (C m^(2-d)).

    For a field E along a direction z in which the model is confined (its
    Hamiltonian has no momentum along z: the normal of a layer, the
    cross-section of a chain or ribbon), the field is the static potential
    energy :math:`+eEz` of the electrons, :math:`H \to H + eE\hat z`, and the
    field-induced spin dipole is the derivative of the equilibrium one
    (Eq. 3.56) with respect to E. First-order perturbation theory in
    :math:`e\hat z` (see :mod:`weylmag.bands._sos`) gives, with
    :math:`X_{nl} = \mathrm{Im}\,V^j_{nl}M^k_{ln}` and the pair weights
    :math:`s_{nl}` of :mod:`weylmag.bands.dipole`,

    .. math::

        \kappa_{jk} = e\int[d\mathbf{k}]\sum_{n\neq l}\Big[
        s_{nl}\,\mathrm{Im}\big([V^j, \tilde z]_{nl}M^k_{ln} + V^j_{nl}[M^k, \tilde z]_{ln}\big)
        + \Big(\frac{\partial s_{nl}}{\partial\epsilon_n}z_{nn}
        + \frac{\partial s_{nl}}{\partial\epsilon_l}z_{ll}\Big)X_{nl}\Big],
        \qquad \tilde z_{pl} = \frac{z_{pl}}{\epsilon_l - \epsilon_p},

    the first term from the mixing of the states, the second from the shift
    :math:`eEz_{nn}` of the band energies. It holds for metals and
    insulators at any T. The electrochemical potential :math:`\mu` is held at
    the plane z = 0 of ``position``: moving that plane by c adds
    :math:`-ec\,\partial T/\partial\mu`, which for an insulator is
    :math:`-c\,\partial P_j/\partial m_k` (Eq. 3.73, P the polarisation of the
    uniform magnet), a gradient on the sphere of m and so no DMI.

    Parameters
    ----------
    model : BlochModel
        The Hamiltonian (momenta along the confined layer or chain only).
    position : array_like (n, n)
        The coordinate z (m) along the field in the basis of the Hamiltonian,
        Hermitian; diagonal for orbitals at heights :math:`z_a`.
    m, mu, T, kspace, n_k, rtol, atol, max_n_k
        As for :func:`weylmag.bands.spin_dipole`.

    Returns
    -------
    BandIntegral
        ``value`` of shape (d, 3): :math:`T^E_{jk} = \kappa_{jk}E` (C m^(2-d)).

    Examples
    --------
    Orbitals at one height feel a uniform potential, which only shifts
    :math:`\mu`: :math:`\kappa = -e\,z\,\partial T/\partial\mu`, zero without
    spin-orbit coupling.

    >>> import numpy as np
    >>> from weylmag.bands import BlochModel, BrillouinZone, gate_induced_dmi
    >>> from weylmag.bands.models import PAULI
    >>> t, J, a = 1.6e-19, 3e-20, 1e-9
    >>> def h(k, m):
    ...     return (-2 * t * np.cos(k[..., 0, None, None] * a) * np.eye(2)
    ...             + J * np.tensordot(m, PAULI, axes=1))
    >>> chain = BlochModel(h, BrillouinZone.cubic(a, dim=1))
    >>> r = gate_induced_dmi(chain, 2e-10 * np.eye(2), [0, 0, 1], mu=0.3 * t, n_k=64)
    >>> float(np.abs(r.value).max())
    0.0
    """
    model = _checked_model(model, kspace)
    z = _position(model, position)
    m = unit_vector(m)
    _check_occupation(mu, T)

    def integrand(k):
        energy, states, v, mm = eigensystem(model, k, m)
        return _gate_density(energy, states, v, mm, z, mu, T)

    return integrate(
        integrand,
        model.kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
        unit=f"C m^{2 - model.dim}",
    )


def _polarization_density(energy, states, v, mu, T, E, z):
    """P_j per k (N, d), C m, for the field E (Bloch, shape (d,)) or E along ``z`` (scalar)."""
    f = occupations(energy, mu, T)[0]
    df = f[..., :, None] - f[..., None, :]
    w = inverse_differences(energy)  # [o, n] -> 1/(e_o - e_n)
    if z is None:
        ve = np.einsum("i,Ninl->Nnl", E, v)
        pairs = np.einsum("Njon,Nno->Njon", v, ve).real * w[:, None] ** 3
    else:
        zb = rotate(states, np.broadcast_to(z, states.shape))
        pairs = -E * np.einsum("Njon,Nno->Njon", 1j * v, zb).real * w[:, None] ** 2
    return -(e**2) * np.einsum("Non,Njon->Nj", df, pairs)


def field_polarization(
    model,
    m,
    E,
    *,
    position=None,
    mu=0.0,
    T=0.0,
    kspace=None,
    n_k=None,
    rtol=1e-6,
    atol=0.0,
    max_n_k=None,
):
    r"""Electric polarisation induced by a field, :math:`P^E_j = -e\int[d\mathbf{k}]\sum_n f_0\alpha^n_{ji}E_i` (Eq. 3.75; C m^(1-d)).

    The field mixes the bands, :math:`|u_o\rangle \to |u_o\rangle +
    \sum_{n\neq o}|u_n\rangle\,eE_ir^i_{no}/(\epsilon_o - \epsilon_n)` (Eq. 3.23),
    and shifts the Berry connection by :math:`\alpha_{ji}E_i` (Eq. 3.27),

    .. math::

        \alpha^o_{ji} = 2e\,\mathrm{Re}\sum_{n\neq o}\frac{r^j_{on}r^i_{no}}{\epsilon_o - \epsilon_n}
        = 2e\,\mathrm{Re}\sum_{n\neq o}\frac{V^j_{on}V^i_{no}}{(\epsilon_o - \epsilon_n)^3}
        \quad(\text{Eq. 3.28, m}^2/\text{V}),

    with the interband position :math:`r^i_{no} = \langle u_n|i\partial_{k_i}u_o\rangle
    = iV^i_{no}/(\epsilon_o - \epsilon_n)` along a Bloch direction, or the matrix
    element :math:`z_{no}` of ``position`` along a confined one. Each
    electron (charge :math:`-e`) moves by :math:`\alpha E`, so
    :math:`P^E = -e\int f_0\alpha E`; collecting each pair of bands once,
    :math:`\sum_o f_o\alpha^o = e\sum_{o\neq n}(f_o - f_n)\,\mathrm{Re}(r^j_{on}r^i_{no})/(\epsilon_o - \epsilon_n)`.
    For an insulator this is the clamped-ion electronic susceptibility,
    :math:`P_j = \chi_{ji}E_i` with :math:`\chi` positive definite.

    Parameters
    ----------
    model : BlochModel
        The Hamiltonian.
    m : array_like, shape (3,)
        Unit magnetisation direction.
    E : array_like, shape (d,), or float
        Electric field (V/m): along the d Bloch directions, or, with
        ``position``, a number, the field along the confined direction.
    position : array_like (n, n), optional
        The coordinate (m) along a confined field direction, as for
        :func:`gate_induced_dmi`.
    mu, T, kspace, n_k, rtol, atol, max_n_k
        As for :func:`weylmag.bands.spin_dipole`.

    Returns
    -------
    BandIntegral
        ``value`` of shape (d,): the in-layer (in-chain) components
        :math:`P_j` (C m^(1-d)).

    Examples
    --------
    The Rice-Mele chain is polarised along the field:

    >>> import numpy as np
    >>> from weylmag.bands import BlochModel, BrillouinZone, field_polarization
    >>> from weylmag.bands.models import PAULI
    >>> t, a = 1.6e-19, 1e-9
    >>> def h(k, m):
    ...     c = np.stack([t + 0.5 * t * np.cos(k[..., 0] * a), 0.5 * t * np.sin(k[..., 0] * a),
    ...                   0.3 * t + 0 * k[..., 0]], axis=-1)
    ...     return np.tensordot(c, PAULI, axes=1)
    >>> chain = BlochModel(h, BrillouinZone.cubic(a, dim=1))
    >>> bool(field_polarization(chain, [0, 0, 1], [1e6], n_k=64).value[0] > 0)
    True
    """
    model = _checked_model(model, kspace)
    m = unit_vector(m)
    _check_occupation(mu, T)
    if position is None:
        E = _field(model, E)
        z = None
    else:
        z = _position(model, position)
        if not (np.ndim(E) == 0 and np.isfinite(E)):
            raise ValueError(
                "with position given, E must be a number: the field (V/m) along the confined "
                f"direction; got {E!r}."
            )
        E = float(E)

    def integrand(k):
        energy, states, v, _ = eigensystem(model, k, m, spin=False)
        return _polarization_density(energy, states, v, mu, T, E, z)

    return integrate(
        integrand,
        model.kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
        unit=f"C m^{1 - model.dim}",
    )


def _seed_kappa_density(model, k, m, mu, T):
    """Eq. 3.59 per k: shape (N, d, d, 3) [field i, gradient j, m component k], C m."""
    energy, states, v, mm = eigensystem(model, k, m)
    f, g, _, _ = occupations(energy, mu, T)
    w = inverse_differences(energy)  # [o, n] -> 1/(e_o - e_n)
    w2, w3 = w**2, w**3
    vd = np.einsum("Njoo->Njo", v).real
    md = np.einsum("Nkoo->Nko", mm).real
    # beta2[o,i,j,k] = 2 Re sum_{n,l} V^i_on w_on^2 M^k_nl V^j_lo w_ol
    left = v * w2[:, None]  # [i, o, n]
    right = v * np.swapaxes(w, -1, -2)[:, None]  # [j, l, o] -> V^j_lo w_ol
    mr = np.einsum("Nknl,Njlo->Njkno", mm, right)
    beta = 2 * np.einsum("Nion,Njkno->Noijk", left, mr).real
    # beta3[o,i,j,k] = -2 v^j_o Re sum_n V^i_on w_on^3 M^k_no
    r3 = np.einsum("Nion,Nkno->Noik", v * w3[:, None], mm).real
    beta -= 2 * np.einsum("Njo,Noik->Noijk", vd, r3)
    # beta1[o,i,j,k] = -d_{k_j} Re sum_n V^i_on w_on^2 M^k_no
    wt = transport(v, energy)  # [j]
    d2h = rotate(states, second_k_derivatives(model, k, m))  # [j, i]
    km = rotate(states, mixed_derivatives(model, k, m))  # [i, k] = d_{m_k} d_{k_i} H
    dv = d2h + commutator(v[:, None], wt[:, :, None])  # [j, i]
    dm = km + commutator(mm[:, None], wt[:, :, None])  # [j, k]: d_{k_j} M^k
    dw2 = -2 * (vd[:, :, :, None] - vd[:, :, None, :]) * w3[:, None]  # [j, o, n]
    dr = (
        np.einsum("Njion,Non,Nkno->Nojik", dv, w2, mm)
        + np.einsum("Nion,Non,Njkno->Nojik", v, w2, dm)
        + np.einsum("Nion,Njon,Nkno->Nojik", v, dw2, mm)
    ).real
    beta -= np.swapaxes(dr, 2, 3)
    # d alpha^o_ji / d m_k = 2e Re sum_n d_{m_k}[V^j_on V^i_no w_on^3]
    wm = transport(mm, energy)  # [k]
    dvm = np.swapaxes(km, 1, 2) + commutator(v[:, None], wm[:, :, None])  # [k, i]
    dw3 = -3 * (md[:, :, :, None] - md[:, :, None, :]) * (w2 * w2)[:, None]  # [k, o, n]
    dalpha = (
        2
        * e
        * (
            np.einsum("Nkjon,Nino,Non->Nojik", dvm, v, w3)
            + np.einsum("Njon,Nkino,Non->Nojik", v, dvm, w3)
            + np.einsum("Njon,Nino,Nkon->Nojik", v, v, dw3)
        ).real
    )
    return -2 * e * np.einsum("No,Noijk->Nijk", f, beta) + np.einsum(
        "No,Nojik->Nijk", g, dalpha
    )


def field_induced_dmi(
    model, m, *, mu=0.0, T=0.0, kspace=None, n_k=None, rtol=1e-6, atol=0.0, max_n_k=None
):
    r"""The seed's field-induced spin dipole, :math:`\kappa_{ijk} = \int[d\mathbf{k}]\sum_o(-2f_0\,e\beta^o_{ijk} + g_0\,\partial\alpha^o_{ji}/\partial m_k)` (Eq. 3.59; C m^(2-d)).

    For a field along the Bloch directions, :math:`T^E_{jk} = \kappa_{ijk}E_i`
    (Eq. 3.57) with, per band o, the E-field shift :math:`\alpha^o_{ji}` of
    the Berry connection (:func:`field_polarization`, Eq. 3.28) and the shift
    :math:`\beta^o_{ijk}` of the wave-packet centre along i by a gradient
    :math:`\partial_jm_k` (Eqs. 3.27, 3.29).

    **Positional shift by a gradient.** The gradient term of the
    Hamiltonian, :math:`(\hat x - x_c)_j\,\partial_jm_k M^k` with
    :math:`M^k = \partial_{m_k}H` (Eq. 3.18 with :math:`\boldsymbol\sigma = -\partial_{\mathbf{m}}H`),
    mixes into the wave packet of band o the amplitudes of Eq. 3.24,

    .. math::

        C_n = \partial_jm_k\Big[\frac{M^k_{no}}{\epsilon_o - \epsilon_n}(i\partial_{k_j} + a_o - x_c)C_o
        + \Big(\sum_{l\neq o}\frac{M^k_{nl}V^j_{lo}}{(\epsilon_o - \epsilon_l)(\epsilon_o - \epsilon_n)}
        - \frac{iV^j_{oo}M^k_{no}}{(\epsilon_o - \epsilon_n)^2}\Big)C_o\Big]

    (using :math:`A^j_{lo} = iV^j_{lo}/(\epsilon_o - \epsilon_l)`); the centre
    moves by :math:`2\,\mathrm{Re}\sum_n C_o^*C_nA^i_{on}` (Eq. 3.26), and
    for a narrow packet :math:`\int C_o^*F(\mathbf{k})(i\partial_{k_j} + a_o - x_c)C_o
    \to -\tfrac{i}{2}\partial_{k_j}F`. With :math:`A^i_{on} = -iV^i_{on}/(\epsilon_o - \epsilon_n)`:

    .. math::

        \beta^o_{ijk} = -\partial_{k_j}\mathrm{Re}\sum_{n\neq o}
        \frac{M^k_{no}V^i_{on}}{(\epsilon_o - \epsilon_n)^2}
        + 2\,\mathrm{Re}\sum_{n\neq o}\Big[\sum_{l\neq o}
        \frac{M^k_{nl}V^j_{lo}V^i_{on}}{(\epsilon_o - \epsilon_l)(\epsilon_o - \epsilon_n)^2}
        - \frac{V^j_{oo}M^k_{no}V^i_{on}}{(\epsilon_o - \epsilon_n)^3}\Big]

    (m^2), Eq. 3.29 term by term. The k derivative is taken with the
    state derivatives of :mod:`weylmag.bands._sos` (second derivatives of H
    by central differences of ``dH_dk``); so is
    :math:`\partial\alpha^o_{ji}/\partial m_k`. In SI the gradient-field
    energy :math:`E_i\partial_jm_k\beta_{ijk}` of Eq. 3.40 carries the
    charge, hence :math:`-2e f_0\beta`.

    **What it satisfies and what not.** Since :math:`\partial_\mu g_0 = -f_0`
    and, for an insulator, :math:`f_0` does not depend on :math:`\mu`,
    :math:`e\,\partial\kappa_{ijk}/\partial\mu = \partial P^{E_i}_j/\partial m_k`
    per unit field (Eq. 3.74; the seed's middle member should read
    :math:`-\int f_0\partial\alpha_{ji}/\partial m_k`). The other Maxwell
    relation of Eq. 3.71, :math:`\kappa_{ijk} = \partial P_i/\partial(\partial_jm_k)`,
    fails: for the six-band chain of the tests, with E along the chain, the
    polarisation of commensurate spin spirals (Berry phase of the
    supercell, extrapolated in the period) gives the spiral average
    :math:`\langle\kappa_{xxk}(\hat{\mathbf{n}}\times\mathbf{m})_k\rangle = 1.149\times10^{-30}`
    C m (spirals of 40 and 80 cells; 1.152e-30 from 80 and 160), and Eq. 3.59
    gives :math:`3.027\times10^{-30}` C m. In the seed's derivation the
    positional shift enters twice (through the energy correction
    :math:`\chi = -\beta - v\gamma` and as the third term of Eq. 3.58) and
    the only intercell term kept is the one from :math:`\alpha`; neither a
    single shift, :math:`-e\int f_0\beta` (1.27e-30 C m), nor any one of the
    three terms matches the exact value. For a field normal to a layer use
    :func:`gate_induced_dmi`, which is exact.

    It is a single-band expression: it needs bands that do not cross (pairs
    closer than the degeneracy tolerance are left out).

    Parameters
    ----------
    model, m, mu, T, kspace, n_k, rtol, atol, max_n_k
        As for :func:`weylmag.bands.spin_dipole`.

    Returns
    -------
    BandIntegral
        ``value`` of shape (d, d, 3): [field direction i, gradient direction
        j, component k of m], C m^(2-d).
    """
    model = _checked_model(model, kspace)
    m = unit_vector(m)
    _check_occupation(mu, T)

    def integrand(k):
        return _seed_kappa_density(model, k, m, mu, T)

    return integrate(
        integrand,
        model.kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
        unit=f"C m^{2 - model.dim}",
    )

r"""Equilibrium spin dipole of Bloch electrons and the DMI it gives (seed 001, Eqs. 3.41-3.42, 3.56).

**Definition.** In a slowly varying texture :math:`\mathbf{m}(\mathbf{x})`
the grand potential density gains a term linear in the gradients,

.. math::

    G[\mathbf{m}] = G(\mathbf{m}) - T_{jk}(\mathbf{m})\,\partial_jm_k + O(\partial^2),
    \qquad T_{jk} = T^\text{eq}_{p_jm_k}
    = \int[d\mathbf{k}]\sum_n\big(f_0\,t^n_{k_jm_k} - g_0\,\Omega^n_{k_jm_k}\big)

(Eqs. 3.56 and 3.71: :math:`df = -T\cdot d\,\partial\mathbf{m}`), with
:math:`g_0` the grand potential of a state (:mod:`weylmag.bands.freeenergy`),
:math:`\Omega_{k_jm_k} = -2\,\mathrm{Im}\langle\partial_{k_j}u|\partial_{m_k}u\rangle`
the mixed Berry curvature and

.. math::

    t^n_{k_jm_k} = -\mathrm{Im}\,\langle\partial_{k_j}u_n|(\epsilon_n - H)|\partial_{m_k}u_n\rangle

the wave packet's field (spin) dipole, Eq. 3.42: the gradient term of
the Hamiltonian, :math:`\tfrac12\{(\hat x - x_c)_j, \partial_jm_k\,\partial_{m_k}H\}`,
averaged over a wave packet is :math:`-\partial_jm_k\,t_{k_jm_k}`
(Eq. 3.41). The first term is the spin dipole carried by the wave packets,
the second the intercell part that the Berry curvature adds through the
density of states :math:`1 + \Omega_{k_jx_j}` (Eq. 3.64); the structure is
that of the modern theory of orbital magnetisation with the magnetic field
replaced by :math:`\partial_jm_k` and the velocity by
:math:`\partial_{m_k}H`.

**Sum over states.** With :math:`\langle l|\partial_a u_n\rangle =
\langle l|\partial_aH|n\rangle/(\epsilon_n - \epsilon_l)`,
:math:`t^n_{ab} = -\mathrm{Im}\sum_{l\neq n}\langle n|\partial_aH|l\rangle
\langle l|\partial_bH|n\rangle/(\epsilon_n - \epsilon_l)` and
:math:`\Omega^n_{ab}` the same sum with :math:`2/(\epsilon_n - \epsilon_l)^2`.
Collecting each pair of states once,

.. math::

    T_{jk} = \int[d\mathbf{k}]\sum_{n\neq l} s_{nl}\,
    \mathrm{Im}\,V^j_{nl}M^k_{ln},\qquad
    s_{nl} = \frac{1}{\epsilon_n - \epsilon_l}\Big[\frac{g_n - g_l}{\epsilon_n - \epsilon_l}
    - \frac{f_n + f_l}{2}\Big],

with :math:`V^j = \partial_{k_j}H` and :math:`M^k = \partial_{m_k}H` in the
eigenbasis. :math:`s_{nl} \to -(\epsilon_n - \epsilon_l)f_0''/12` for
close pairs, so degenerate states drop out and T is gauge invariant; at
T = 0 pairs of equal occupation give nothing and for an insulator

.. math::

    T_{jk} = \int[d\mathbf{k}]\sum_{v\,\text{occ},\,c\,\text{empty}}
    \frac{\epsilon_v + \epsilon_c - 2\mu}{(\epsilon_v - \epsilon_c)^2}\,
    \mathrm{Im}\,V^j_{vc}M^k_{cv}
    = \int[d\mathbf{k}]\sum_{v\,\text{occ}}\mathrm{Im}\,
    \langle\partial_{k_j}u_v|(H + \epsilon_v - 2\mu)|\partial_{m_k}u_v\rangle .

Units: J m^(1-d) (J m / m^d): J for a chain, J/m for a layer, J/m^2 for a bulk
crystal.

**DMI.** Only the part of :math:`\mathbf{T}_j = (T_{jx}, T_{jy}, T_{jz})`
perpendicular to m enters (:math:`\mathbf{m}\cdot\partial_j\mathbf{m} = 0`);
writing :math:`\partial_j\mathbf{m} = (\mathbf{m}\times\partial_j\mathbf{m})
\times\mathbf{m}`,

.. math::

    -T_{jk}\,\partial_jm_k = \mathbf{D}_j\cdot(\partial_j\mathbf{m}\times\mathbf{m}),
    \qquad \mathbf{D}_j = \mathbf{m}\times\mathbf{T}_j ,

the energy density of :class:`weylmag.TensorDMI` (Eq. 3.2) with
:math:`D_{jl} = (\mathbf{m}\times\mathbf{T}_j)_l`: the DM vector is the
spin dipole turned by :math:`+90^\circ` about m. :func:`dmi_tensor`
returns this (d, 3) array in J/m^(d-1); for TensorDMI (J/m^2, rows x, y,
z) divide a layer's (d = 2) tensor by the film thickness and pad the
missing rows with zeros. Where T depends on m, terms
:math:`T_{jk} = \partial\Phi_j/\partial m_k` are a total derivative
:math:`\partial_j\Phi_j` and change no energy; a spin spiral averages them
out, which is how the tests check T against an independent calculation.
"""

import numpy as np

from ._sos import dipole_weights, eigensystem, occupations
from .curvature import _check_occupation
from .freeenergy import _checked_model
from .integrate import BandIntegral, integrate
from .model import unit_vector

__all__ = ["dmi_tensor", "spin_dipole"]


def dipole_density(energy, v, mm, mu, T):
    """The integrand of :func:`spin_dipole` from an eigensystem, shape (N, d, 3), J m."""
    f, g, fp, fpp = occupations(energy, mu, T)
    s = dipole_weights(energy, f, g, fp, fpp, T)[0]
    # sum_{nl} s_nl Im(V^j_nl M^k_ln): (s * V^j)_{nl} times M^k_{ln}, traced
    return np.einsum("Nnl,Njnl,Nkln->Njk", s, v, mm).imag


def spin_dipole(
    model, m, *, mu=0.0, T=0.0, kspace=None, n_k=None, rtol=1e-6, atol=0.0, max_n_k=None
):
    r"""Equilibrium spin dipole :math:`T^\text{eq}_{k_jm_k} = \int[d\mathbf{k}]\sum_n(f_0t - g_0\Omega)` (Eq. 3.56).

    Parameters
    ----------
    model : BlochModel
        The Hamiltonian and its k-space region.
    m : array_like, shape (3,)
        Unit magnetisation direction.
    mu : float
        Chemical potential (J).
    T : float
        Temperature (K).
    kspace : BrillouinZone or KBox, optional
        Integrate over this region instead of ``model.kspace``.
    n_k, rtol, atol, max_n_k
        Grid control of :func:`weylmag.bands.integrate`.

    Returns
    -------
    BandIntegral
        ``value`` of shape (d, 3): row j the gradient direction, column k the
        component of m; J m^(1-d). The gradient energy density is
        :math:`-T_{jk}\partial_jm_k`.

    Examples
    --------
    Without spin-orbit coupling a spin rotation of all states removes the
    dependence on the direction of m, and the spin dipole vanishes:

    >>> import numpy as np
    >>> from weylmag.bands import BlochModel, BrillouinZone, spin_dipole
    >>> from weylmag.bands.models import PAULI
    >>> t, J, a = 1.6e-19, 3e-20, 1e-9
    >>> def h(k, m):
    ...     return (-2 * t * np.cos(k[..., 0, None, None] * a) * np.eye(2)
    ...             + J * np.tensordot(m, PAULI, axes=1))
    >>> chain = BlochModel(h, BrillouinZone.cubic(a, dim=1))
    >>> r = spin_dipole(chain, [0.6, 0, 0.8], mu=0.3 * t, n_k=64, atol=1e-30)
    >>> bool(np.abs(r.value).max() < 1e-30)
    True
    """
    model = _checked_model(model, kspace)
    m = unit_vector(m)
    _check_occupation(mu, T)

    def integrand(k):
        energy, _, v, mm = eigensystem(model, k, m)
        return dipole_density(energy, v, mm, mu, T)

    return integrate(
        integrand,
        model.kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
        unit=f"J m^{1 - model.dim}",
    )


def dmi_tensor(spin_dipole, m):
    r"""DMI tensor :math:`D_{jl} = (\mathbf{m}\times\mathbf{T}_j)_l` of a spin dipole (J/m^(d-1)).

    With it the gradient energy :math:`-T_{jk}\partial_jm_k` reads
    :math:`\sum_j\mathbf{D}_j\cdot(\partial_j\mathbf{m}\times\mathbf{m})`,
    the convention of :class:`weylmag.TensorDMI` (row j: the DM vector for
    gradients along j).

    Parameters
    ----------
    spin_dipole : array_like (d, 3) or BandIntegral
        :math:`T_{jk}` from :func:`spin_dipole` (J m^(1-d)).
    m : array_like, shape (3,)
        The unit vector at which it was computed.

    Returns
    -------
    ndarray, shape (d, 3)
        J/m^(d-1): J for a chain, J/m for a layer (divide by the thickness
        for TensorDMI's J/m^2), J/m^2 for a bulk crystal.

    Examples
    --------
    >>> dmi_tensor([[0.0, 2.0, 0.0]], [0, 0, 1])  # T_x along y, m along z
    array([[-2.,  0.,  0.]])
    """
    value = spin_dipole.value if isinstance(spin_dipole, BandIntegral) else spin_dipole
    t = np.asarray(value, dtype=float)
    if t.ndim != 2 or t.shape[1] != 3 or t.shape[0] not in (1, 2, 3):
        raise ValueError(
            "spin_dipole must be the (d, 3) tensor T_jk from weylmag.bands.spin_dipole "
            f"(row j the gradient direction); got shape {t.shape}."
        )
    m = unit_vector(m)
    return np.cross(m, t)

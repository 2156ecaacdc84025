r"""The extrinsic (relaxation-time, Fermi-surface) field-induced effective field of Eq. 2.17.

An electric field shifts the distribution (Eq. 2.8 with
:math:`\hbar\dot{\mathbf{k}} = -e\mathbf{E}`, electron charge :math:`-e`)
by :math:`\delta f = (e\tau/\hbar)\,\partial_\epsilon f_0\,\mathbf{E}\cdot\partial_{\mathbf{k}}\epsilon`;
the effective field :math:`-\int[d\mathbf{k}]\sum_n f_n\partial_{\mathbf{m}}\epsilon_n`
of Eq. 2.7 then changes by the second term of Eq. 2.17,

.. math::

    H^{E,\tau}_j = -\frac{e\tau}{\hbar}E_i\int[d\mathbf{k}]\sum_n
    \frac{\partial\epsilon_n}{\partial k_i}\frac{\partial\epsilon_n}{\partial m_j}
    \frac{\partial f_0}{\partial\epsilon}\bigg|_{\epsilon_n},

in J/m^d per unit of the unit vector m, like
:func:`weylmag.bands.sot_field` (the seed sets :math:`\hbar = 1`). By
Hellmann-Feynman :math:`\partial_{k_i}\epsilon_n = V^i_{nn}` and
:math:`\partial_{m_j}\epsilon_n = M^j_{nn}`. Within a degenerate multiplet
the product is replaced by its trace over the multiplet,
:math:`\sum_{n,l\in\text{multiplet}}\mathrm{Re}\,V^i_{nl}M^j_{ln}`, which
does not depend on the basis chosen in it.

**Temperature.** :math:`\partial f_0/\partial\epsilon` is a delta function
on the Fermi surface at T = 0, which a uniform k grid cannot integrate; the
function needs T > 0 and uses the thermal width :math:`k_BT` as the only
broadening. It vanishes in an insulator (no Fermi surface).
"""

import numpy as np

from ..constants import e, hbar
from ._sos import degenerate, eigensystem, occupations
from .curvature import _check_occupation
from .freeenergy import _checked_model
from .integrate import integrate
from .model import unit_vector
from .observables import _field

__all__ = ["sot_field_extrinsic"]


def fermi_surface_tensor(energy, v, mm, fp):
    r""":math:`\sum_n \partial_{k_i}\epsilon_n\,\partial_{m_j}\epsilon_n\,f'_0(\epsilon_n)` per k, shape (N, d, 3), J m."""
    block = degenerate(energy) * fp[..., :, None]
    return np.einsum("Nnl,Ninl,Njln->Nij", block, v, mm).real


def sot_field_extrinsic(
    model,
    m,
    E,
    tau,
    *,
    mu=0.0,
    T,
    kspace=None,
    n_k=None,
    rtol=1e-4,
    atol=0.0,
    max_n_k=None,
):
    r"""Relaxation-time term of Eq. 2.17, :math:`-(e\tau/\hbar)E_i\int[d\mathbf{k}]\sum_n\partial_{k_i}\epsilon_n\partial_{m_j}\epsilon_n f_0'` (J/m^d).

    Parameters
    ----------
    model : BlochModel
        The Hamiltonian and its k-space region.
    m : array_like, shape (3,)
        Unit magnetisation direction.
    E : array_like, shape (d,)
        Electric field (V/m) along the model's d momentum directions.
    tau : float
        Relaxation time (s), > 0.
    mu : float
        Chemical potential (J).
    T : float
        Temperature (K), > 0: the Fermi-surface integral is broadened by
        :math:`\partial f_0/\partial\epsilon` at this temperature.
    kspace, n_k, rtol, atol, max_n_k
        As for :func:`weylmag.bands.sot_field`.

    Returns
    -------
    BandIntegral
        ``value`` of shape (3,), J/m^d, to be added to the intrinsic
        :func:`weylmag.bands.sot_field`.

    Examples
    --------
    The in-plane-magnetised TI surface: in-plane m only shifts the Dirac
    cone, so :math:`\partial_{m_x}\epsilon = -(J/\hbar v)\partial_{k_y}\epsilon`
    and the field is :math:`(e\tau J/4\pi\hbar^2v)\,L\,(-E_y, E_x, 0)` with
    :math:`L = 2k_BT\ln(2\cosh(\mu/2k_BT))` (see
    :func:`weylmag.bands.models.ti_surface_sot_field_extrinsic`):

    >>> from weylmag.bands import models, sot_field_extrinsic
    >>> from weylmag.constants import kB
    >>> surf = models.ti_surface(5e5, 3.2e-21, 4e9)
    >>> h = sot_field_extrinsic(surf, [1, 0, 0], [1e4, 0], 1e-13, T=300, n_k=64)
    >>> ref = models.ti_surface_sot_field_extrinsic(5e5, 3.2e-21, [1, 0, 0], [1e4, 0], 1e-13, 0.0, 300)
    >>> round(float(h.value[1] / ref[1]), 3)
    1.0
    """
    model = _checked_model(model, kspace)
    m = unit_vector(m)
    _check_occupation(mu, T)
    if T == 0:
        raise ValueError(
            "sot_field_extrinsic needs T > 0: the relaxation-time term is a Fermi-surface "
            "integral of df0/de, a delta function at T = 0 that a k grid cannot resolve; "
            "pass the temperature (K), e.g. T=300."
        )
    if not (np.ndim(tau) == 0 and np.isfinite(tau) and tau > 0):
        raise ValueError(f"tau must be a positive relaxation time (s); got {tau!r}.")
    E = _field(model, E)
    prefactor = -e * float(tau) / hbar

    def integrand(k):
        energy, _, v, mm = eigensystem(model, k, m)
        fp = occupations(energy, mu, T)[2]
        return prefactor * np.einsum(
            "i,Nij->Nj", E, fermi_surface_tensor(energy, v, mm, fp)
        )

    return integrate(
        integrand,
        model.kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
        unit=f"J/m^{model.dim}",
    )

r"""The magnetisation-space curvature on the unit sphere: angles and the gyromagnetic ratio.

:math:`\bar\Omega_{m_im_j}` (:func:`weylmag.bands.omega_mm`) is a tensor in
the Cartesian components of the unit vector m. Its vector form (Eq. 2.16)
is :math:`\bar\Omega_i = \tfrac12\epsilon_{ijk}\bar\Omega_{jk}`, and in any
right-handed spherical coordinates :math:`(\theta, \phi)` about a polar
axis :math:`\hat{\mathbf{n}}` (:math:`\partial_\theta\mathbf{m}\times
\partial_\phi\mathbf{m} = \sin\theta\,\mathbf{m}`)

.. math::

    \bar\Omega_{\theta\phi} = \partial_\theta m_i\,\partial_\phi m_j\,\bar\Omega_{m_im_j}
    = \sin\theta\;\mathbf{m}\cdot\bar{\boldsymbol{\Omega}},
    \qquad \sin\theta = |\mathbf{m}\times\hat{\mathbf{n}}|.

Both the usual :math:`(\sin\theta\cos\phi, \sin\theta\sin\phi, \cos\theta)`
about z and the seed's :math:`(\sin\theta\sin\phi, \cos\theta,
\sin\theta\cos\phi)` about y (Sec. 2.4) are right-handed in this sense.

The electrons add :math:`\hbar\,\mathbf{m}\cdot\bar{\boldsymbol{\Omega}}` to
the angular-momentum density along m (Eq. 2.9 with :math:`\hbar` restored),
so a magnet with magnetic-moment density :math:`M` gets from them the
gyromagnetic ratio of Eq. 2.16,

.. math::

    \gamma_s = \frac{M}{\hbar\,\mathbf{m}\cdot\bar{\boldsymbol{\Omega}}}
    = \frac{M\sin\theta}{\hbar\bar\Omega_{\theta\phi}},
    \qquad \frac{1}{\gamma} = \frac{1}{\gamma_f} + \frac{1}{\gamma_s}\quad\text{(Eq. 2.33)}.
"""

import numpy as np

from ..constants import hbar
from .integrate import BandIntegral
from .model import unit_vector

__all__ = [
    "gyromagnetic_ratio",
    "omega_theta_phi",
    "omega_vector",
    "renormalized_gyromagnetic_ratio",
]


def _tensor(omega_mm):
    w = np.asarray(
        omega_mm.value if isinstance(omega_mm, BandIntegral) else omega_mm, dtype=float
    )
    if w.shape != (3, 3):
        raise ValueError(
            "omega_mm must be the (3, 3) tensor from weylmag.bands.omega_mm (or its "
            f"BandIntegral); got shape {w.shape}."
        )
    return w


def omega_vector(omega_mm):
    r"""Vector form :math:`\bar\Omega_i = \tfrac12\epsilon_{ijk}\bar\Omega_{m_jm_k}` (Eq. 2.16).

    Examples
    --------
    >>> omega_vector([[0, 2.0, 0], [-2.0, 0, 0], [0, 0, 0]])
    array([0., 0., 2.])
    """
    w = _tensor(omega_mm)
    return np.array([w[1, 2] - w[2, 1], w[2, 0] - w[0, 2], w[0, 1] - w[1, 0]]) / 2


def omega_theta_phi(omega_mm, m, polar_axis=(0.0, 0.0, 1.0)):
    r"""The curvature per solid angle, :math:`\bar\Omega_{\theta\phi} = \sin\theta\,\mathbf{m}\cdot\bar{\boldsymbol\Omega}`.

    Parameters
    ----------
    omega_mm : array_like (3, 3) or BandIntegral
        :math:`\bar\Omega_{m_im_j}` at m (1/m^d).
    m : array_like, shape (3,)
        The unit vector at which it was computed.
    polar_axis : array_like, shape (3,)
        Unit vector from which :math:`\theta` is measured (z for Eq. 2.31, y
        for Eq. 2.39).

    Returns
    -------
    float
        1/m^d, per radian squared.

    Examples
    --------
    >>> round(omega_theta_phi([[0, 2.0, 0], [-2.0, 0, 0], [0, 0, 0]],
    ...                       [0.6, 0, 0.8]), 6)  # sin(theta) = 0.6, m.Omega = 1.6
    0.96
    """
    m = unit_vector(m)
    n = unit_vector(polar_axis, "polar_axis")
    return float(np.linalg.norm(np.cross(m, n)) * m @ omega_vector(omega_mm))


def gyromagnetic_ratio(omega_mm, m, moment_density):
    r"""Gyromagnetic ratio from the electrons (Eqs. 2.16, 2.32), rad/(s T).

    .. math::

        \gamma_s = \frac{M}{\hbar\,\mathbf{m}\cdot\bar{\boldsymbol\Omega}}

    Parameters
    ----------
    omega_mm : array_like (3, 3) or BandIntegral
        :math:`\bar\Omega_{m_im_j}` at m (1/m^d).
    m : array_like, shape (3,)
        Unit vector.
    moment_density : float
        Magnetic moment per unit length, area or volume of the magnet
        (A m, A, A/m for d = 1, 2, 3).

    Returns
    -------
    float
        rad/(s T); ``inf`` where the curvature vanishes (no renormalisation).

    Examples
    --------
    >>> from weylmag.constants import hbar
    >>> g = gyromagnetic_ratio([[0, 1e16, 0], [-1e16, 0, 0], [0, 0, 0]], [0, 0, 1], 1e-3)
    >>> bool(abs(g * hbar * 1e16 / 1e-3 - 1) < 1e-12)
    True
    """
    along = float(unit_vector(m) @ omega_vector(omega_mm))
    if along == 0:
        return float("inf")
    return float(moment_density) / (hbar * along)


def renormalized_gyromagnetic_ratio(gamma_f, gamma_s):
    r""":math:`\gamma = \gamma_f/(1 + \gamma_f/\gamma_s)` (Eqs. 2.33-2.34), rad/(s T).

    Examples
    --------
    >>> renormalized_gyromagnetic_ratio(2.0, float("inf"))
    2.0
    >>> renormalized_gyromagnetic_ratio(2.0, 2.0)
    1.0
    """
    return gamma_f / (1 + gamma_f / gamma_s)

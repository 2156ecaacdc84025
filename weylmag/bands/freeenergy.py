r"""Electronic grand potential of a uniform magnet and the anisotropy it gives (seed 001, Eq. 2.12).

For non-interacting electrons at chemical potential :math:`\mu` and
temperature T the grand potential per unit length, area or volume is

.. math::

    G(\mathbf{m}) = \int[d\mathbf{k}]\sum_n g_0(\epsilon_n(\mathbf{k}, \mathbf{m})),\qquad
    g_0(\epsilon) = -k_BT\ln\big(1 + e^{-(\epsilon - \mu)/k_BT}\big)
    \ \xrightarrow{T\to0}\ \min(\epsilon - \mu, 0),

(J/m^d) and :math:`-\partial G/\partial\mathbf{m}` is the electronic
effective field of Eq. 2.12 (per unit of the unit vector m). Since
:math:`g_0' = f_0`, :math:`\partial G/\partial\mu = -n` (the electron
density) and, by Hellmann-Feynman,
:math:`\partial G/\partial m_j = \int[d\mathbf{k}]\sum_n f_0\langle n|\partial_{m_j}H|n\rangle`.

**Anisotropy.** G on the unit sphere is the magnetocrystalline anisotropy
energy density the electrons contribute. :func:`uniaxial_anisotropy`
returns :math:`K = G(\mathbf{m}_\perp) - G(\hat{\mathbf{n}})`: for
:math:`G = G_0 - K(\mathbf{m}\cdot\hat{\mathbf{n}})^2 + \dots` this is K
(K > 0: easy axis along n). A continuum model's G depends on its momentum
cutoff, and so may its anisotropy (see
:func:`weylmag.bands.models.ti_surface_free_energy`).
"""

import numpy as np

from ._sos import occupations
from .curvature import _check_occupation
from .integrate import BandIntegral, integrate
from .kspace import _Region
from .model import BlochModel, unit_vector

__all__ = ["free_energy", "uniaxial_anisotropy"]


def _checked_model(model, kspace):
    if not isinstance(model, BlochModel):
        raise TypeError(
            f"model must be a weylmag.bands.BlochModel; got {type(model).__name__}. "
            "Wrap the callable: BlochModel(hamiltonian, kspace)."
        )
    if kspace is not None:
        if not isinstance(kspace, _Region) or kspace.dim != model.dim:
            raise ValueError(
                f"kspace must be a BrillouinZone or KBox of the model's dimension {model.dim}; "
                f"got {kspace!r}."
            )
        model = model.with_kspace(kspace)
    return model


def free_energy(
    model, m, *, mu=0.0, T=0.0, kspace=None, n_k=None, rtol=1e-6, atol=0.0, max_n_k=None
):
    r"""Grand potential density :math:`G(\mathbf{m}) = \int[d\mathbf{k}]\sum_n g_0(\epsilon_n)` (J/m^d).

    Parameters
    ----------
    model : BlochModel
        The Hamiltonian and its k-space region.
    m : array_like, shape (3,)
        Unit magnetisation direction.
    mu : float
        Chemical potential (J).
    T : float
        Temperature (K); at T = 0, :math:`g_0 = \min(\epsilon - \mu, 0)`.
    kspace : BrillouinZone or KBox, optional
        Integrate over this region instead of ``model.kspace``.
    n_k, rtol, atol, max_n_k
        Grid control of :func:`weylmag.bands.integrate`.

    Returns
    -------
    BandIntegral
        A float ``value`` in J/m^d.

    Examples
    --------
    A filled band of a chain has :math:`G = \int[dk](\epsilon - \mu)`; for
    :math:`\epsilon = -2t\cos ka` and :math:`\mu = 3t` (above the band) this
    is :math:`-3t/a`:

    >>> import numpy as np
    >>> from weylmag.bands import BlochModel, BrillouinZone, free_energy
    >>> t, a = 1.6e-19, 1e-9
    >>> chain = BlochModel(lambda k, m: -2 * t * np.cos(k[..., :1, None] * a),
    ...                    BrillouinZone.cubic(a, dim=1))
    >>> r = free_energy(chain, [0, 0, 1], mu=3 * t, n_k=16)
    >>> round(float(r.value * a / t), 10)
    -3.0
    """
    model = _checked_model(model, kspace)
    m = unit_vector(m)
    _check_occupation(mu, T)

    def integrand(k):
        energy = np.linalg.eigvalsh(model.hamiltonian(k, m))
        return occupations(energy, mu, T)[1].sum(axis=-1)

    return integrate(
        integrand,
        model.kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
        unit=f"J/m^{model.dim}",
    )


def _perpendicular(axis):
    trial = np.eye(3)[int(np.argmin(np.abs(axis)))]
    p = trial - (trial @ axis) * axis
    return p / np.linalg.norm(p)


def uniaxial_anisotropy(
    model,
    axis=(0.0, 0.0, 1.0),
    perpendicular=None,
    *,
    mu=0.0,
    T=0.0,
    kspace=None,
    n_k=None,
    rtol=1e-6,
    atol=0.0,
    max_n_k=None,
):
    r"""Uniaxial anisotropy constant :math:`K = G(\mathbf{m}_\perp) - G(\hat{\mathbf{n}})` (J/m^d).

    For a grand potential :math:`G = G_0 - K(\mathbf{m}\cdot\hat{\mathbf{n}})^2`
    (plus terms of higher order) the difference between a direction
    perpendicular to :math:`\hat{\mathbf{n}}` and :math:`\hat{\mathbf{n}}`
    itself is K; K > 0 makes :math:`\hat{\mathbf{n}}` an easy axis. Where the
    model is not uniaxial about :math:`\hat{\mathbf{n}}` the result depends on
    ``perpendicular``.

    Parameters
    ----------
    model : BlochModel
        The Hamiltonian.
    axis : array_like, shape (3,)
        The unit vector :math:`\hat{\mathbf{n}}`.
    perpendicular : array_like, shape (3,), optional
        A unit vector perpendicular to ``axis``; default the Cartesian axis
        least aligned with it, orthogonalised.
    mu, T, kspace, n_k, rtol, atol, max_n_k
        As for :func:`free_energy`.

    Returns
    -------
    BandIntegral
        A float ``value`` in J/m^d; ``error`` is the sum of the two grid errors.

    Examples
    --------
    A spin-split chain, :math:`H = -2t\cos ka + J\mathbf{m}\cdot\boldsymbol\sigma`,
    is isotropic:

    >>> import numpy as np
    >>> from weylmag.bands import BlochModel, BrillouinZone, uniaxial_anisotropy
    >>> from weylmag.bands.models import PAULI
    >>> t, J, a = 1.6e-19, 3e-20, 1e-9
    >>> def h(k, m):
    ...     return (-2 * t * np.cos(k[..., 0, None, None] * a) * np.eye(2)
    ...             + J * np.tensordot(m, PAULI, axes=1))
    >>> chain = BlochModel(h, BrillouinZone.cubic(a, dim=1))
    >>> abs(float(uniaxial_anisotropy(chain, mu=0.5 * t).value)) < 1e-12 * t / a
    True
    """
    axis = unit_vector(axis, "axis")
    if perpendicular is None:
        perpendicular = _perpendicular(axis)
    perpendicular = unit_vector(perpendicular, "perpendicular")
    if abs(float(perpendicular @ axis)) > 1e-9:
        raise ValueError(
            "perpendicular must be perpendicular to axis; got axis . perpendicular = "
            f"{float(perpendicular @ axis):.3g}. Leave it out to have one chosen."
        )
    kw = {
        "mu": mu,
        "T": T,
        "kspace": kspace,
        "n_k": n_k,
        "rtol": rtol,
        "atol": atol,
        "max_n_k": max_n_k,
    }
    hard = free_energy(model, perpendicular, **kw)
    easy = free_energy(model, axis, **kw)
    pairs = dict(easy.history)
    history = tuple((n, v - pairs[n]) for n, v in hard.history if n in pairs)
    return BandIntegral(
        hard.value - easy.value,
        hard.error + easy.error,
        max(hard.n_k, easy.n_k),
        hard.converged and easy.converged,
        history,
        hard.unit,
    )

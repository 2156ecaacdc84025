r"""Gauge-invariant Berry curvatures of the occupied states, point by point in k.

**Sign convention** (seed 001, after Eq. 2.7): for a band :math:`|u_n\rangle`
and parameters :math:`\lambda = (\mathbf{k}, \mathbf{m})`,

.. math::

    \Omega^n_{ab} = -2\,\mathrm{Im}\,\langle\partial_a u_n|\partial_b u_n\rangle
    = \partial_a A_b - \partial_b A_a, \qquad A_a = i\langle u_n|\partial_a u_n\rangle,

which, inserting a complete set of states, is the sum over states

.. math::

    \Omega^n_{ab} = -2\,\mathrm{Im}\sum_{l\neq n}
    \frac{\langle n|\partial_a H|l\rangle\langle l|\partial_b H|n\rangle}
         {(E_n - E_l)^2}.

With this sign the lower band of :math:`H = \mathbf{d}\cdot\boldsymbol{\sigma}`
has :math:`\Omega_{ab} = +\tfrac12\hat{\mathbf{d}}\cdot(\partial_a\hat{\mathbf{d}}
\times\partial_b\hat{\mathbf{d}})`: a Weyl node :math:`\boldsymbol{\sigma}\cdot\mathbf{q}`
is a source of :math:`+2\pi` Berry flux for its lower band.

**Occupations.** The functions here return the occupation-weighted sum
:math:`\sum_n f_n\Omega^n_{ab}` with the Fermi-Dirac function
:math:`f_n = f(E_n)` at chemical potential :math:`\mu` (J) and temperature
T (K); T = 0 is the step function (1/2 exactly at :math:`E = \mu`). Pairs of
states enter with :math:`f_n - f_l`,

.. math::

    \sum_n f_n\Omega^n_{ab} = -\sum_{n\neq l}(f_n - f_l)\,
    \frac{\mathrm{Im}\,\langle n|\partial_a H|l\rangle\langle l|\partial_b H|n\rangle}
    {(E_n - E_l)^2},

so degenerate states with equal occupation (a Kramers pair, a filled
multiplet) drop out and the sum stays finite and gauge invariant. Pairs
closer than ``1e-12`` of the spectral scale are dropped.

**Units.** :math:`\Omega_{k_ik_j}` in m^2, :math:`\Omega_{k_im_j}` in m,
:math:`\Omega_{m_im_j}` dimensionless (m is a unit vector).
"""

import numpy as np

from ..constants import kB
from .model import BlochModel, unit_vector

__all__ = ["berry_curvature", "fermi_dirac"]

#: Relative energy separation below which two states count as degenerate.
DEGENERACY_RTOL = 1e-12

_BLOCKS = ("kk", "km", "mk", "mm")


def fermi_dirac(energy, mu=0.0, T=0.0):
    r"""Fermi-Dirac occupation :math:`1/(e^{(E - \mu)/k_BT} + 1)`.

    Parameters
    ----------
    energy : array_like
        Energies (J).
    mu : float
        Chemical potential (J).
    T : float
        Temperature (K); 0 gives the step function, 1/2 at :math:`E = \mu`.

    Examples
    --------
    >>> fermi_dirac([-1.0, 0.0, 1.0])
    array([1. , 0.5, 0. ])
    >>> from weylmag.constants import kB
    >>> round(float(fermi_dirac(kB * 300, 0.0, 300)), 6)
    0.268941
    """
    E = np.asarray(energy, dtype=float)
    _check_occupation(mu, T)
    if T == 0:
        return (E < mu) + 0.5 * (E == mu)
    return 0.5 * (1 - np.tanh((E - mu) / (2 * kB * T)))


def _check_occupation(mu, T):
    if not np.isfinite(mu) or np.ndim(mu) != 0:
        raise ValueError(f"mu must be a finite chemical potential (J); got {mu!r}.")
    if not (np.ndim(T) == 0 and np.isfinite(T) and T >= 0):
        raise ValueError(f"T must be a temperature >= 0 (K); got {T!r}.")


def _weights(energy, occupation):
    """(f_n - f_l)/(E_n - E_l)^2 with degenerate and equally occupied pairs set to 0."""
    dE = energy[..., :, None] - energy[..., None, :]
    df = occupation[..., :, None] - occupation[..., None, :]
    scale = np.max(np.abs(energy), axis=-1, keepdims=True)[..., None]
    keep = (np.abs(dE) > DEGENERACY_RTOL * scale) & (df != 0)
    return np.where(keep, df / np.where(keep, dE, 1.0) ** 2, 0.0)


def curvature_tensor(energy, states, derivatives, occupation):
    r"""The kernel: :math:`\sum_n f_n\Omega^n_{ab}` from eigenpairs and :math:`\partial_aH`.

    Parameters
    ----------
    energy : ndarray, shape (N, n)
        Eigenvalues (J).
    states : ndarray, shape (N, n, n)
        Eigenvectors in the columns.
    derivatives : ndarray, shape (N, P, n, n)
        :math:`\partial_a H` for the P parameters a.
    occupation : ndarray, shape (N, n)
        :math:`f_n`.

    Returns
    -------
    ndarray, shape (N, P, P)
        Antisymmetric in the last two axes.
    """
    N, P, n, _ = derivatives.shape
    # <n|d_a H|l> = sum_jk conj(U_jn) (d_a H)_jk U_kl, summed over the small
    # matrix index with broadcasting: several times faster than numpy's
    # stacked matmul for the 2x2 and 4x4 matrices of typical models.
    conj = states.conj()
    left = np.zeros_like(derivatives, dtype=complex)
    for j in range(n):
        left += conj[:, None, j, :, None] * derivatives[:, :, j, None, :]
    v = np.zeros_like(left)
    for k in range(n):
        v += left[:, :, :, k, None] * states[:, None, None, k, :]
    x = (_weights(energy, occupation)[:, None] * v).reshape(N, P, n * n)
    y = v.swapaxes(-1, -2).reshape(N, P, n * n)  # <l|d_b H|n> at [n, l]
    return -np.einsum("Npa,Nqa->Npq", x, y).imag


def _curvatures(model, k, m, blocks, mu, T):
    """Blocks of the occupation-weighted curvature at the points k (N, d), from one diagonalisation."""
    need_k = any("k" in b for b in blocks)
    need_m = any("m" in b for b in blocks)
    energy, states = np.linalg.eigh(model.hamiltonian(k, m))
    parts = []
    if need_k:
        parts.append(model.dH_dk(k, m))
    if need_m:
        parts.append(model.dH_dm(k, m))
    omega = curvature_tensor(
        energy, states, np.concatenate(parts, axis=-3), fermi_dirac(energy, mu, T)
    )
    d = model.dim if need_k else 0
    idx = {"k": slice(0, d), "m": slice(d, d + 3)}
    return {b: omega[:, idx[b[0]], idx[b[1]]] for b in blocks}


def berry_curvature(model, k, m, which="kk", *, mu=0.0, T=0.0):
    r"""Occupation-weighted Berry curvature :math:`\sum_n f_n\Omega^n_{ab}` at given k points.

    Parameters
    ----------
    model : BlochModel
        The Hamiltonian.
    k : array_like, shape (..., d)
        Momenta (1/m).
    m : array_like, shape (3,)
        Unit magnetisation direction.
    which : {'kk', 'km', 'mk', 'mm'}
        The block: :math:`\Omega_{k_ik_j}` (m^2, shape (d, d)),
        :math:`\Omega_{k_im_j}` (m, (d, 3)), :math:`\Omega_{m_ik_j}` (m, (3, d))
        or :math:`\Omega_{m_im_j}` (dimensionless, (3, 3)).
    mu : float
        Chemical potential (J).
    T : float
        Temperature (K).

    Returns
    -------
    ndarray, shape (..., p, q)

    Examples
    --------
    The lower band of :math:`H = \epsilon\,(k_x\sigma_x + k_y\sigma_y)/k_0 + M\sigma_z`
    at k = 0 has :math:`\Omega_{k_xk_y} = \epsilon^2/(2M^2k_0^2)`:

    >>> import numpy as np
    >>> from weylmag.bands import BlochModel, KBox, berry_curvature
    >>> eps, M, k0 = 1e-20, 2e-21, 1e9
    >>> sx = np.array([[0, 1], [1, 0]]); sy = np.array([[0, -1j], [1j, 0]])
    >>> sz = np.diag([1.0, -1.0])
    >>> def h(k, m):
    ...     return eps / k0 * (k[..., 0, None, None] * sx + k[..., 1, None, None] * sy) + M * sz
    >>> model = BlochModel(h, KBox.centered((0, 0), 1e10))
    >>> omega = berry_curvature(model, [[0.0, 0.0]], [0, 0, 1])
    >>> bool(np.isclose(omega[0, 0, 1], eps**2 / (2 * M**2 * k0**2)))
    True
    """
    if not isinstance(model, BlochModel):
        raise TypeError(
            f"model must be a weylmag.bands.BlochModel; got {type(model).__name__}. "
            "Wrap the callable: BlochModel(hamiltonian, kspace)."
        )
    if which not in _BLOCKS:
        raise ValueError(f"which must be one of {_BLOCKS}; got {which!r}.")
    _check_occupation(mu, T)
    m = unit_vector(m)
    k = np.asarray(k, dtype=float)
    if k.ndim == 0 or k.shape[-1] != model.dim:
        raise ValueError(
            f"k must have the model's {model.dim} components on its last axis; got shape {k.shape}."
        )
    flat = k.reshape(-1, model.dim)
    block = _curvatures(model, flat, m, (which,), mu, T)[which]
    return block.reshape(k.shape[:-1] + block.shape[1:])

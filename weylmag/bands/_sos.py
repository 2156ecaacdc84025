r"""Shared sum-over-states machinery: eigensystems, occupations, pair weights, state derivatives.

Everything here works on blocks of N k points at once and on plain arrays;
the public functions of :mod:`weylmag.bands.freeenergy`,
:mod:`weylmag.bands.extrinsic`, :mod:`weylmag.bands.dipole` and
:mod:`weylmag.bands.fielddmi` are built from it.

**Eigensystem.** At each k, :math:`H|n\rangle = \epsilon_n|n\rangle`
(``numpy.linalg.eigh``) and the derivatives of H in the eigenbasis,
:math:`V^i_{nl} = \langle n|\partial_{k_i}H|l\rangle` (J m) and
:math:`M^k_{nl} = \langle n|\partial_{m_k}H|l\rangle` (J).

**Occupations.** With :math:`x = (\epsilon - \mu)/k_BT`,

.. math::

    f = \frac{1}{e^x + 1},\qquad g = -k_BT\ln(1 + e^{-x}),\qquad
    g' = f,\qquad f' = -\frac{f(1 - f)}{k_BT},\qquad
    f'' = \frac{f(1 - f)(1 - 2f)}{(k_BT)^2};

at T = 0, f is the step (1/2 at :math:`\epsilon = \mu`),
:math:`g = \min(\epsilon - \mu, 0)` and :math:`f' = f'' = 0` (the Fermi
surface carries no weight on a grid).

**State derivatives.** For a parameter :math:`\lambda` with
:math:`W = \partial_\lambda H` in the eigenbasis, first-order perturbation
theory in the parallel-transport gauge gives
:math:`\partial_\lambda|l\rangle = \sum_{p\neq l}|p\rangle W_{pl}/(\epsilon_l - \epsilon_p)`,
so the matrix elements of an operator X change as

.. math::

    \partial_\lambda X_{nl} = (\partial_\lambda X)_{nl} + [X, \tilde W]_{nl},
    \qquad \tilde W_{pl} = \frac{W_{pl}}{\epsilon_l - \epsilon_p}\ (p\neq l),

and :math:`\partial_\lambda\epsilon_n = W_{nn}`. Every product used
downstream closes a loop of band indices, so the gauge terms cancel. Pairs
closer than ``DEGENERACY_RTOL`` of the spectral scale are treated as
degenerate and left out of every energy denominator.
"""

import numpy as np

from ..constants import kB
from .curvature import DEGENERACY_RTOL

#: Below this ratio |E_n - E_l|/k_BT the pair weights use their Taylor series.
TAYLOR_RATIO = 1e-3
#: Finite-difference step for second k derivatives, as a fraction of the largest extent.
D2K_FRACTION = 1e-4


def rotate(states, operators):
    r""":math:`U^\dagger X U` for X of shape (N, ..., n, n)."""
    extra = operators.ndim - 3
    u = states.reshape(states.shape[:1] + (1,) * extra + states.shape[1:])
    return np.swapaxes(u.conj(), -1, -2) @ operators @ u


def eigensystem(model, k, m, *, velocity=True, spin=True):
    """Energies (N, n), states (N, n, n), and V (N, d, n, n), M (N, 3, n, n) in the eigenbasis."""
    energy, states = np.linalg.eigh(model.hamiltonian(k, m))
    v = rotate(states, model.dH_dk(k, m)) if velocity else None
    mm = rotate(states, model.dH_dm(k, m)) if spin else None
    return energy, states, v, mm


def occupations(energy, mu, T):
    """f, g (J), f' (1/J) and f'' (1/J^2) of the energies (see the module docstring)."""
    if T == 0:
        f = (energy < mu) + 0.5 * (energy == mu)
        g = np.minimum(energy - mu, 0.0)
        zero = np.zeros_like(energy)
        return f, g, zero, zero
    kT = kB * T
    x = (energy - mu) / kT
    f = 0.5 * (1 - np.tanh(x / 2))
    g = -kT * np.logaddexp(0.0, -x)
    ff = f * (1 - f)
    return f, g, -ff / kT, ff * (1 - 2 * f) / kT**2


def degenerate(energy):
    """Boolean (N, n, n): pairs closer than the degeneracy tolerance (the diagonal included)."""
    scale = np.max(np.abs(energy), axis=-1, keepdims=True)[..., None]
    scale = np.where(scale > 0, scale, 1.0)
    return (
        np.abs(energy[..., :, None] - energy[..., None, :]) <= DEGENERACY_RTOL * scale
    )


def inverse_differences(energy, power=1):
    r""":math:`1/(\epsilon_n - \epsilon_l)^p` at [n, l], 0 for degenerate pairs and n = l."""
    diff = energy[..., :, None] - energy[..., None, :]
    keep = ~degenerate(energy)
    return np.where(keep, 1.0 / np.where(keep, diff, 1.0) ** power, 0.0)


def transport(operator_w, energy):
    r""":math:`\tilde W_{pl} = W_{pl}/(\epsilon_l - \epsilon_p)` for W of shape (N, ..., n, n)."""
    inv = -inverse_differences(energy)  # [p, l] -> 1/(e_l - e_p)
    extra = operator_w.ndim - 3
    return operator_w * inv.reshape(inv.shape[:1] + (1,) * extra + inv.shape[1:])


def commutator(x, w):
    """[X, W] with broadcasting over leading axes."""
    return x @ w - w @ x


def dipole_weights(energy, f, g, fp, fpp, T):
    r"""Pair weights of the spin dipole and their energy derivatives.

    .. math::

        s_{nl} = \frac{1}{\epsilon_n - \epsilon_l}\Big[\frac{g_n - g_l}{\epsilon_n - \epsilon_l}
        - \frac{f_n + f_l}{2}\Big],\qquad
        \frac{\partial s_{nl}}{\partial\epsilon_n} = \frac{3f_n + f_l}{2\Delta^2}
        - \frac{2(g_n - g_l)}{\Delta^3} - \frac{f'_n}{2\Delta},

    :math:`\Delta = \epsilon_n - \epsilon_l`; :math:`s_{ln} = -s_{nl}` and
    :math:`\partial s_{nl}/\partial\epsilon_l = -(\partial s_{ln}/\partial\epsilon_l)`.
    Both vanish for a degenerate pair (:math:`s \to -\Delta f''/12`); for
    :math:`|\Delta| < 10^{-3}k_BT` the Taylor forms :math:`-\Delta f''(\bar\epsilon)/12`
    and :math:`-f''(\bar\epsilon)/12` are used. At T = 0, pairs of equal
    occupation give exactly 0.

    Returns
    -------
    s, ds : ndarray (N, n, n)
        :math:`s_{nl}` (1/J) and :math:`\partial s_{nl}/\partial\epsilon_n` (1/J^2).
    """
    diff = energy[..., :, None] - energy[..., None, :]
    keep = ~degenerate(energy)
    d = np.where(keep, diff, 1.0)
    dg = g[..., :, None] - g[..., None, :]
    fsum = f[..., :, None] + f[..., None, :]
    s = (dg / d - fsum / 2) / d
    ds = (3 * f[..., :, None] + f[..., None, :]) / (2 * d**2) - 2 * dg / d**3
    ds = ds - fp[..., :, None] / (2 * d)
    if T == 0:
        same = f[..., :, None] == f[..., None, :]
        keep = keep & ~same
    else:
        small = keep & (np.abs(diff) < TAYLOR_RATIO * kB * T)
        if np.any(small):
            # f'' at the midpoint: the mean of the two ends, exact to O(Delta^2)
            fpp_mid = 0.5 * (fpp[..., :, None] + fpp[..., None, :])
            s = np.where(small, -diff * fpp_mid / 12, s)
            ds = np.where(small, -fpp_mid / 12, ds)
    return np.where(keep, s, 0.0), np.where(keep, ds, 0.0)


def second_k_derivatives(model, k, m):
    r""":math:`\partial_{k_i}\partial_{k_j}H` (N, d, d, n, n) by central differences of ``dH_dk``."""
    h = D2K_FRACTION * float(np.max(np.linalg.norm(model.kspace.axes, axis=1)))
    d = model.dim
    rows = []
    for i in range(d):
        step = np.zeros(d)
        step[i] = h
        rows.append((model.dH_dk(k + step, m) - model.dH_dk(k - step, m)) / (2 * h))
    out = np.stack(rows, axis=1)  # [N, i, j]
    return 0.5 * (out + np.swapaxes(out, 1, 2))


def mixed_derivatives(model, k, m):
    r""":math:`\partial_{m_k}\partial_{k_i}H` (N, d, 3, n, n) by central differences of ``dH_dk`` in m."""
    cols = []
    for c in range(3):
        step = np.zeros(3)
        step[c] = model.dm
        cols.append(
            (model.dH_dk(k, m + step) - model.dH_dk(k, m - step)) / (2 * model.dm)
        )
    return np.stack(cols, axis=2)

r"""The spin that narrow resonances leave behind as gates pump them across μ.

To first order in ω the spin density pumped by the gates,
:math:`\mathbf s^{(1)}(t) = \sum_k\dot V_k\,\partial\mathbf s/\partial\dot V_k`
(:func:`~weylmag.negf.pumped_spin_density`), integrated over one period,
:math:`\mathbf I = \int_0^T\mathbf s^{(1)}\,dt = \oint\sum_k
(\partial\mathbf s/\partial\dot V_k)\,dV_k`, is a loop integral in the
gates' plane, independent of ω like the charge per cycle. A resonance of
the frozen device, a pole :math:`E_r - i\Gamma/2` of :math:`G` with the
normalised state :math:`\psi`, is occupied to
:math:`n_0 = \frac12 + \frac1\pi\arctan\frac{\mu - E_r}{\Gamma/2}` at zero
temperature; when the gates move :math:`E_r` the occupation follows at the
rate Γ and lags by :math:`n - n_0 = -\dot n_0/\Gamma`. Across a crossing
of μ, where :math:`n_0` changes by :math:`\Delta n = \pm1` (filled going
down), the lag leaves

.. math::

    \int\mathbf s^{(1)}\,dt = -\frac{\Delta n}{\Gamma}\,\mathbf s_\psi
    + O(1),\qquad \mathbf s_\psi(\mathbf r) = \tfrac12\,\psi_{\mathbf r}^\dagger
    \boldsymbol\sigma\psi_{\mathbf r},

(for one level between wide-band leads the first-order density gives
exactly :math:`\int n^{(1)}dt = -\Delta n/\Gamma` over the crossing, as the
lag does). Where a narrow resonance crosses μ this term, of order
:math:`1/\Gamma`, dominates :math:`\mathbf I`, and its spike, of width
:math:`\Gamma/|dE_r/dt|` in time, is what a quadrature in time struggles
to meet. :func:`resonance_lag` sums it over the crossings of one cycle
from the poles alone; ``tests/negf/test_crossings.py`` checks it against
the quadrature of the first-order density on a double-barrier chain, where
it converges to it as Γ → 0. The expansion in ω holds where the
occupation follows the resonance, :math:`|dE_r/dt| \ll \Gamma^2` for the
narrowest one that crosses; a crossing then lasts far longer than
:math:`1/\Gamma`.
"""

import dataclasses

import numpy as np
import scipy.linalg
import scipy.sparse.linalg

from .contour import check_pump
from .device import PAULI
from .dos import open_hamiltonian
from .pumping import _column_orbitals

__all__ = ["ResonanceLag", "resonance_lag"]


@dataclasses.dataclass(frozen=True)
class ResonanceLag:
    """What :func:`resonance_lag` returns.

    Attributes
    ----------
    spin : (nx, ny, 3) ndarray
        :math:`\\int_0^T\\mathbf s^{(1)}dt` from the crossings (units of
        :math:`\\hbar` per site times :math:`\\hbar/t`); the period average
        is ``spin / pump.period``.
    phase, pole, dn : 1D ndarrays
        For every cell of the phase grid and pole that contributed: the
        cell's phase ωt (rad), the pole at its centre and the change of the
        pole's occupation across the cell.
    """

    spin: np.ndarray
    phase: np.ndarray
    pole: np.ndarray
    dn: np.ndarray


def _poles_near(matrix, mu, k):
    """The k poles nearest mu and their normalised right eigenvectors."""
    n = matrix.shape[0]
    if n <= 4 * k + 16:
        w, v = scipy.linalg.eig(matrix.toarray(), check_finite=False)
        keep = np.argsort(np.abs(w - mu), kind="stable")[:k]
        w, v = w[keep], v[:, keep]
    else:
        # shift-invert about mu; a fixed start keeps the result reproducible
        w, v = scipy.sparse.linalg.eigs(
            matrix, k=k, sigma=mu, which="LM", v0=np.ones(n, complex)
        )
    return w, v / np.linalg.norm(v, axis=0)


def resonance_lag(device, mu, pump, *, n_angles=512, n_poles=40, max_width=0.05):
    r"""The spin per cycle that resonances crossing μ leave behind (module docstring).

    The phase ωt of the cycle is cut into ``n_angles`` cells. At each
    cell's centre the ``n_poles`` poles of :math:`H + \Sigma(\mu)` nearest
    μ (:func:`~weylmag.negf.resonances`; shift-invert on the sparse matrix)
    give, for the poles narrower than ``max_width``, the change of their
    occupation across the cell, from their energy and its rate
    :math:`dE_r/d(\omega t) = \sum_k\psi^\dagger P_k\psi\,dV_k/d(\omega t)`
    (:math:`P_k` the gated column; the right eigenvector stands for the
    left one, to leading order in Γ), and the lag term
    :math:`-\Delta n\,\mathbf s_\psi/\Gamma` of each. A crossing inside one
    cell is counted whole; the sum converges as the cells shrink
    (:math:`O(1/n)`, the state and width being taken at the centre).

    Parameters
    ----------
    device : Device
        The device without the pump, at zero temperature.
    mu : float
        Fermi energy of the leads (units of t).
    pump : GatePump
    n_angles : int, optional
        Cells of the cycle (default 512).
    n_poles : int, optional
        Poles nearest μ taken at each cell (default 40; they must include
        every narrow pole that moves across μ within half a cell).
    max_width : float, optional
        Poles at least this wide (units of t) are left out: for them the
        lag is not the leading term (default 0.05).

    Returns
    -------
    ResonanceLag

    Examples
    --------
    A level between two barriers, split by the exchange, that one gate moves
    down across μ and back: both spins fill and empty again (the gained
    occupation is short of 2 by the levels' tails beyond the gate's range),
    and with one gate, which encloses no area, the lags cancel:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLattice, GatePump, resonance_lag
    >>> dev = SquareLattice(5, 1, J=0.5, m=(1, 0, 0), gates={1: 30.0, 3: 30.0}
    ...                     ).attach_lead(side="left").attach_lead(side="right").finalized()
    >>> lag = resonance_lag(dev, 4.1, GatePump((2,), (0.5,), 1.0, (0.0,)), n_angles=64,
    ...                     n_poles=4)
    >>> round(float(lag.dn[lag.dn > 0].sum()), 2), bool(abs(lag.dn.sum()) < 1e-12)
    (1.97, True)
    >>> bool(np.abs(lag.spin).max() < 1e-9)
    True
    """
    mu, _, _ = check_pump(device, mu, pump, 1)
    n_angles, n_poles, max_width = int(n_angles), int(n_poles), float(max_width)
    if n_angles < 8:
        raise ValueError(f"n_angles must be >= 8; got {n_angles}.")
    if not 1 <= n_poles < device.n_orbitals - 1:
        raise ValueError(
            f"n_poles must be between 1 and n_orbitals - 2 = {device.n_orbitals - 2}; "
            f"got {n_poles}."
        )
    if not max_width > 0:
        raise ValueError(f"max_width must be > 0 (units of t); got {max_width!r}.")
    nx, ny = device.shape
    orbitals = _column_orbitals(device, pump.columns)
    cell = 2 * np.pi / n_angles
    spin = np.zeros((nx, ny, 3))
    phases, poles, changes = [], [], []
    for j in range(n_angles):
        phase = (j + 0.5) * cell
        t = phase / pump.omega
        w, v = _poles_near(open_hamiltonian(pump.device_at(device, t), mu), mu, n_poles)
        rates = pump.rates(t)[0] / pump.omega  # dV_k / d(omega t)
        for pole, psi in zip(w, v.T):
            width = -2 * pole.imag
            if not 0 < width < max_width:
                continue
            slope = sum(r * np.vdot(psi[o], psi[o]).real for r, o in zip(rates, orbitals))
            ends = pole.real + np.array([-0.5, 0.5]) * slope * cell
            dn = np.diff(np.arctan((mu - ends) / (0.5 * width)))[0] / np.pi
            if dn == 0:
                continue
            u = psi.reshape(nx, ny, 2)
            s = 0.5 * np.einsum("xya,iab,xyb->xyi", u.conj(), PAULI, u).real
            spin -= (dn / width) * s
            phases.append(phase)
            poles.append(pole)
            changes.append(dn)
    return ResonanceLag(
        spin, np.array(phases), np.array(poles, dtype=complex), np.array(changes)
    )

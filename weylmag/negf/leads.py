r"""Semi-infinite leads and their self-energies, on plain matrices.

A lead is a semi-infinite periodic chain of cells :math:`j = 1, 2, \dots`
attached to a set of device orbitals (the *interface*, cell 0). Every cell
has the Hamiltonian :math:`h_0` and cell :math:`j` is coupled to cell
:math:`j+1` (away from the device) by :math:`H_{j+1,j} = h_1`; the interface
is coupled to cell 1 by the same :math:`h_1`. The lead acts on the device
through the retarded self-energy on the interface orbitals

.. math::

    \Sigma(E) = h_1^\dagger\, g(E)\, h_1, \qquad
    g = \bigl(E - h_0 - h_1^\dagger g\, h_1\bigr)^{-1},

where :math:`g` is the surface Green's function of the isolated lead, the
solution that decays into the lead (or, for propagating modes, carries
current away from the device). The broadening is
:math:`\Gamma = i(\Sigma - \Sigma^\dagger) = W W^\dagger`; the columns of
:math:`W` are the open channels.

Three kinds of lead:

- :class:`SquareLead`: a clean square-lattice strip, spin-degenerate or
  uniformly magnetised, with the exact closed form per transverse mode
  (the reference);
- :class:`TightBindingLead`: any :math:`(h_0, h_1)`, by Sancho-Rubio
  decimation polished by Newton's method on the real axis (the general
  fallback);
- :class:`WideBandLead`: an energy-independent :math:`\Sigma = -i\gamma/2`.

Orbitals are ordered site by site along the interface, spin (up, down
along z) fastest. Energies and hoppings are in units of the device hopping
t (:math:`\hbar = a = 1`); all arrays of energies are real (on the real
axis, retarded) or complex with :math:`\mathrm{Im}\,E \ge 0`.
"""

import numpy as np
import scipy.linalg
import scipy.optimize

from .device import PAULI

__all__ = [
    "Lead",
    "SquareLead",
    "TightBindingLead",
    "WideBandLead",
    "chain_surface_green_function",
    "sancho_rubio",
]


def _energies(energy):
    e = np.asarray(energy)
    if e.ndim > 1:
        raise ValueError(f"energy must be a number or a 1D array; got shape {e.shape}.")
    e = np.atleast_1d(e)
    if np.iscomplexobj(e) and np.any(e.imag < 0):
        raise ValueError(
            "retarded self-energies need Im(energy) >= 0; got an energy with "
            f"Im E = {e.imag.min():.3g}."
        )
    return e


def chain_surface_green_function(z, t=1.0):
    r"""Surface Green's function of a semi-infinite 1D chain, and its derivative.

    For a chain with on-site energy :math:`\epsilon` and hopping :math:`-t`,
    at :math:`z = E - \epsilon`,

    .. math::

        g(z) = \frac{z - s(z)}{2t^2},\qquad
        s(z) = \sqrt{z - 2t}\,\sqrt{z + 2t},\qquad
        \frac{dg}{dz} = -\frac{g}{s},

    the root with :math:`|t\,g| \le 1`: on the real axis
    :math:`s = i\sqrt{4t^2 - z^2}` inside the band :math:`|z| < 2t`
    (retarded, :math:`\mathrm{Im}\,g < 0`), and
    :math:`s = \mathrm{sign}(z)\sqrt{z^2 - 4t^2}` outside (evanescent, g
    real). For complex z (:math:`\mathrm{Im}\,z > 0`) the product of the
    principal square roots is the same analytic branch.

    Parameters
    ----------
    z : array_like
        Energy relative to the chain's on-site energy (units of t).
    t : float
        Hopping magnitude (> 0).

    Returns
    -------
    g, dg : ndarray
        :math:`g(z)` and :math:`dg/dz` (complex). dg diverges at the band
        edges :math:`z = \pm 2t`.

    Examples
    --------
    At the band centre :math:`g = -i/t`:

    >>> from weylmag.negf import chain_surface_green_function
    >>> g, dg = chain_surface_green_function(0.0)
    >>> complex(g), complex(dg)
    (-1j, (0.5+0j))
    """
    z = np.asarray(z)
    if np.isrealobj(z):
        return _chain(z.astype(float), -2.0 * t, 2.0 * t, t)
    s = np.sqrt(z - 2 * t) * np.sqrt(z + 2 * t)
    g = (z - s) / (2 * t * t)
    with np.errstate(divide="ignore", invalid="ignore"):
        dg = -g / s
    return g, dg


def _chain(e, lo, hi, t):
    """Chain g and dg/dE on the real axis, band [lo, hi] = centre -/+ 2t.

    The square roots use the distances to the band edges, E - lo and E - hi,
    so that g and dg/dE stay finite at every energy that is not an edge.
    """
    centre = 0.5 * (lo + hi)
    inside = (e > lo) & (e < hi)
    root = np.sqrt(np.abs((e - lo) * (e - hi)))
    s = np.where(inside, 1j * root, np.sign(e - centre) * root)
    g = (e - centre - s) / (2 * t * t)
    with np.errstate(divide="ignore", invalid="ignore"):
        dg = -g / s
    return g, dg


#: Largest answer (bytes) a lead keeps to give again for the same energies.
REMEMBER_BYTES = 8 * 2**20


class Lead:
    """A semi-infinite lead: self-energy, its energy derivative, channels.

    Subclasses implement ``_self_energy(energy, derivative)`` (returning Σ
    and, on request, dΣ/dE), :meth:`thresholds` and :attr:`band`;
    :meth:`channels` follows from Σ unless a subclass knows it in closed
    form (``_channels(energy)``).

    Attributes
    ----------
    width : int
        Number of interface sites (2 * width orbitals).
    """

    width = 0

    @property
    def n_orbitals(self):
        """Interface orbitals, 2 * width."""
        return 2 * self.width

    def self_energy(self, energy, derivative=False):
        """Σ(E), shape (nE, 2W, 2W); with ``derivative=True`` also dΣ/dE.

        Read-only: the lead keeps its last answer (up to
        :data:`REMEMBER_BYTES`) and gives it again for the same energies, as a
        dynamics run asks at every step.
        """
        return self._remembered("self_energy", energy, derivative)

    def _self_energy(self, energy, derivative):
        raise NotImplementedError

    def thresholds(self):
        """Band edges of the lead (sorted): break points for energy integrals."""
        raise NotImplementedError

    @property
    def band(self):
        """(lowest, highest) energy at which the lead has open channels."""
        edges = self.thresholds()
        return float(edges[0]), float(edges[-1])

    def channels(self, energy):
        r"""Open channels :math:`W` with :math:`\Gamma = W W^\dagger`.

        Returns an array of shape (nE, 2W, 2W): the eigenvectors of
        :math:`\Gamma` scaled by the square roots of their eigenvalues, by
        decreasing eigenvalue; eigenvalues below
        :math:`10^{-13}\max(1, \|\Gamma\|)` (closed channels) give zero
        columns. Read-only, and kept as :meth:`self_energy` is.
        """
        return self._remembered("channels", energy, None)

    def _remembered(self, name, energy, option):
        """``self._<name>(energy[, option])``, or its last answer for the same arguments."""
        e = np.asarray(energy)
        key = (option, e.dtype.str, e.shape, e.tobytes())
        last = self.__dict__.get("_last_" + name)
        if last is not None and last[0] == key:
            return last[1]
        compute = getattr(self, "_" + name)
        result = compute(energy) if option is None else compute(energy, option)
        parts = result if isinstance(result, tuple) else (result,)
        for part in parts:
            part.setflags(write=False)
        if sum(part.nbytes for part in parts) <= REMEMBER_BYTES:
            self.__dict__["_last_" + name] = (key, result)
        return result

    def _channels(self, energy):
        sigma = self.self_energy(energy)
        gamma = 1j * (sigma - np.conj(np.swapaxes(sigma, -1, -2)))
        gamma = 0.5 * (gamma + np.conj(np.swapaxes(gamma, -1, -2)))
        values, vectors = np.linalg.eigh(gamma)
        values, vectors = values[:, ::-1], vectors[:, :, ::-1]
        cut = 1e-13 * np.maximum(1.0, np.abs(values).max(axis=-1, keepdims=True))
        scale = np.sqrt(np.where(values > cut, values, 0.0))
        return vectors * scale[:, None, :]

    def channel_labels(self):
        """One label per column of :meth:`channels`."""
        return [f"channel {k}" for k in range(self.n_orbitals)]


def _spin_basis(m):
    """Eigenvectors of sigma.m (columns) for the eigenvalues +1, -1."""
    m = np.asarray(m, dtype=float)
    if m.shape != (3,) or not np.isclose(np.linalg.norm(m), 1.0):
        raise ValueError(f"m must be a unit 3-vector; got {m!r}.")
    if np.allclose(m, (0, 0, 1)):
        return np.eye(2, dtype=complex)
    _, vectors = np.linalg.eigh(np.einsum("i,ijk->jk", m, PAULI))
    return vectors[:, ::-1]


class SquareLead(Lead):
    r"""Clean square-lattice lead of a given width (closed form).

    The lead is a strip of ``width`` sites across, on-site energy
    :math:`\epsilon_0` (``onsite``), hopping :math:`-t`, coupled to the
    interface sites by :math:`-t`; spin-degenerate by default, or with a
    uniform exchange :math:`(J/2)\,\boldsymbol\sigma\cdot\mathbf m` (a
    ferromagnetic lead). Its transverse eigenmodes

    .. math::

        \phi_n(y) = \sqrt{\tfrac{2}{W+1}}\,\sin\frac{n\pi (y+1)}{W+1},\qquad
        \epsilon_n = \epsilon_0 - 2t\cos\frac{n\pi}{W+1},

    (:math:`y = 0..W-1`, :math:`n = 1..W`) and the spin states
    :math:`\chi_\pm` along m decouple the strip into 1D chains with
    on-site :math:`\epsilon_n \pm J/2`, so that

    .. math::

        \Sigma(E) = \sum_{n,\pm} t^2 g(E - \epsilon_n \mp J/2)\,
        |\phi_n\rangle\langle\phi_n| \otimes |\chi_\pm\rangle\langle\chi_\pm|

    with the chain surface Green's function of
    :func:`chain_surface_green_function`. Channel :math:`(n, \pm)` is open
    for :math:`|E - \epsilon_n \mp J/2| < 2t`, with broadening
    :math:`\Gamma_{n\pm} = \sqrt{4t^2 - (E - \epsilon_n \mp J/2)^2}` (the
    velocity :math:`2t\sin k`); :math:`d\Sigma/dE` diverges at the
    thresholds :math:`\epsilon_n \pm J/2 \pm 2t`.

    Parameters
    ----------
    width : int
        Sites across the lead.
    t : float
        Hopping (units of the device hopping).
    onsite : float, optional
        On-site energy; default 4t (band [0, 8t]).
    J : float
        Exchange splitting (default 0: spin-degenerate lead).
    m : (3,) array_like
        Unit vector of the lead magnetisation (default z); it is also the
        spin axis of the channels.

    Examples
    --------
    A one-site-wide lead is a 1D chain: at the band centre Σ = -i t:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLead
    >>> lead = SquareLead(1)
    >>> np.round(lead.self_energy(4.0)[0], 12)
    array([[0.-1.j, 0.+0.j],
           [0.+0.j, 0.-1.j]])
    """

    def __init__(self, width, t=1.0, onsite=None, *, J=0.0, m=(0.0, 0.0, 1.0)):
        if int(width) != width or width < 1:
            raise ValueError(f"width must be a positive integer; got {width!r}.")
        if not t > 0:
            raise ValueError(f"t must be > 0; got {t!r}.")
        self.width = int(width)
        self.t = float(t)
        self.onsite = 4.0 * self.t if onsite is None else float(onsite)
        self.J = float(J)
        self.m = np.asarray(m, dtype=float)
        self._chi = _spin_basis(self.m)
        w = self.width
        n = np.arange(1, w + 1)
        self.modes = np.sqrt(2.0 / (w + 1)) * np.sin(np.outer(n, n) * np.pi / (w + 1))
        self.mode_energies = self.onsite - 2 * self.t * np.cos(n * np.pi / (w + 1))
        #: Band centres of the channels (n, +) and (n, -), shape (W, 2).
        self.channel_energies = self.mode_energies[:, None] + 0.5 * self.J * np.array(
            [1, -1]
        )

    def __repr__(self):
        extra = (
            "" if self.J == 0 else f", J={self.J!r}, m={tuple(map(float, self.m))!r}"
        )
        return f"SquareLead(width={self.width}, t={self.t!r}, onsite={self.onsite!r}{extra})"

    def _assemble(self, values):
        """sum_{n,s} values[e, n, s] |phi_n><phi_n| x |chi_s><chi_s|, (nE, 2W, 2W)."""
        ne, w = values.shape[0], self.width
        phi = self.modes
        out = np.zeros((ne, w, 2, w, 2), dtype=complex)
        for s in range(2):
            orbital = (phi * values[:, None, :, s]) @ phi.T
            projector = np.outer(self._chi[:, s], self._chi[:, s].conj())
            for a in range(2):
                for b in range(2):
                    if projector[a, b] != 0:
                        out[:, :, a, :, b] += projector[a, b] * orbital
        return out.reshape(ne, 2 * w, 2 * w)

    def _self_energy(self, energy, derivative):
        e = _energies(energy)
        with np.errstate(divide="ignore", invalid="ignore"):
            if np.isrealobj(e):
                c = self.channel_energies
                g, dg = _chain(
                    e[:, None, None].astype(float),
                    c - 2 * self.t,
                    c + 2 * self.t,
                    self.t,
                )
            else:
                g, dg = chain_surface_green_function(
                    e[:, None, None] - self.channel_energies, self.t
                )
            t2 = self.t**2
            sigma = self._assemble(t2 * g)
            if not derivative:
                return sigma
            return sigma, self._assemble(t2 * dg)

    def _channels(self, energy):
        e = _energies(energy).real[:, None, None]
        c = self.channel_energies
        gamma = np.sqrt(np.clip((e - c + 2 * self.t) * (c + 2 * self.t - e), 0.0, None))
        w = self.width
        # column (n, s): phi_n sqrt(Gamma_ns) x chi_s
        out = np.einsum("yn,ens,as->eyans", self.modes, np.sqrt(gamma), self._chi)
        return out.reshape(len(e), 2 * w, 2 * w)

    def channel_labels(self):
        """(n, s) per channel: transverse mode n = 1..W, spin s = +1/-1 along m."""
        return [(n, s) for n in range(1, self.width + 1) for s in (1, -1)]

    def open_channels(self, energy):
        """Number of open channels (both spins) at each energy."""
        e = _energies(energy).real[:, None, None]
        c = self.channel_energies
        return np.sum((e > c - 2 * self.t) & (e < c + 2 * self.t), axis=(-1, -2))

    def thresholds(self):
        c = self.channel_energies.ravel()
        return np.unique(np.concatenate([c - 2 * self.t, c + 2 * self.t]))

    def cell_hamiltonian(self):
        """(h0, h1) of one cell (spinful, 2W x 2W), for :class:`TightBindingLead`."""
        w = self.width
        chain = self.onsite * np.eye(w) - self.t * (np.eye(w, k=1) + np.eye(w, k=-1))
        exchange = 0.5 * self.J * np.einsum("i,ijk->jk", self.m, PAULI)
        return np.kron(chain, np.eye(2)) + np.kron(
            np.eye(w), exchange
        ), -self.t * np.eye(2 * w)


def _stein_solver(a, b):
    """Solver of X - a X b = C through the complex Schur forms of a and b."""
    ta, ua = scipy.linalg.schur(a, output="complex")
    tb, ub = scipy.linalg.schur(b, output="complex")
    n = a.shape[0]
    eye = np.eye(n)

    def solve(c):
        cc = ua.conj().T @ c @ ub
        y = np.zeros_like(cc)
        for j in range(n):
            rhs = cc[:, j] + ta @ (y[:, :j] @ tb[:j, j])
            y[:, j] = scipy.linalg.solve_triangular(eye - tb[j, j] * ta, rhs)
        return ua @ y @ ub.conj().T

    return solve


def _newton(energy, h0, h1, g, tol, max_iter=30):
    """Newton's method on g = (E - h0 - h1^dagger g h1)^-1 from g; None if it fails.

    Converged when a step is below ``tol`` (relative), or when the steps stop
    shrinking quadratically below 1e-6 (the rounding floor, which rises as
    1/sqrt(distance) towards a band edge).
    """
    eye = np.eye(h0.shape[0])
    h1d = h1.conj().T
    previous = np.inf
    for _ in range(max_iter):
        try:
            g_new = np.linalg.inv(energy * eye - h0 - h1d @ g @ h1)
            step = _stein_solver(g_new @ h1d, h1 @ g_new)(g_new - g)
        except (np.linalg.LinAlgError, ValueError):
            return None
        size = np.abs(step).max() / max(1.0, np.abs(g).max())
        if not np.isfinite(size):
            return None
        if size > 0.25 * previous and previous < 1e-6:
            return g
        g = g + step
        if size <= tol:
            return g
        previous = size
    return None


def _is_retarded(g, h1, tol=1e-8):
    """All modes of g decay or carry current away: |eig(g h1)| <= 1 and Gamma >= 0."""
    if np.abs(np.linalg.eigvals(g @ h1)).max() > 1 + tol:
        return False
    sigma = h1.conj().T @ g @ h1
    gamma = 1j * (sigma - sigma.conj().T)
    return np.linalg.eigvalsh(0.5 * (gamma + gamma.conj().T)).min() >= -tol * max(
        1.0, np.abs(gamma).max()
    )


def _decimate(z, h0, h1, tol, max_iter):
    n = h0.shape[0]
    eye = np.eye(n)
    alpha, beta = h1.conj().T.copy(), h1.copy()
    eps_s, eps = h0.copy(), h0.copy()
    scale = max(1.0, np.abs(h0).max(), np.abs(h1).max())
    for _ in range(max_iter):
        g = np.linalg.inv(z * eye - eps)
        agb, bga = alpha @ g @ beta, beta @ g @ alpha
        eps_s = eps_s + agb
        eps = eps + agb + bga
        alpha, beta = alpha @ g @ alpha, beta @ g @ beta
        size = np.abs(alpha).max() + np.abs(beta).max()
        if not np.isfinite(size):
            return None
        if size < tol * scale:
            return np.linalg.inv(z * eye - eps_s)
    return None


def sancho_rubio(
    energy, h0, h1, *, eta=1e-6, tol=1e-14, max_iter=200, newton=True, derivative=False
):
    r"""Surface Green's function of a semi-infinite lead by decimation.

    Sancho-Rubio decimation doubles the decimated length of the lead at
    every step: with :math:`\alpha_0 = h_1^\dagger` (towards the bulk),
    :math:`\beta_0 = h_1`, :math:`\epsilon_0 = \epsilon^s_0 = h_0` and
    :math:`g_k = (z - \epsilon_k)^{-1}`,

    .. math::

        \epsilon^s_{k+1} = \epsilon^s_k + \alpha_k g_k \beta_k,\quad
        \epsilon_{k+1} = \epsilon_k + \alpha_k g_k\beta_k + \beta_k g_k\alpha_k,\quad
        \alpha_{k+1} = \alpha_k g_k\alpha_k,\quad \beta_{k+1} = \beta_k g_k\beta_k,

    until :math:`\|\alpha_k\| + \|\beta_k\| <` ``tol``; then
    :math:`g = (z - \epsilon^s)^{-1}`. On the real axis the iteration runs
    at :math:`z = E + i\eta` (propagating modes decay only through
    :math:`\eta`), and Newton's method on
    :math:`g = (E - h_0 - h_1^\dagger g h_1)^{-1}` moves the root to
    :math:`\eta = 0^+`; each step solves the Stein equation
    :math:`\delta g - (g h_1^\dagger)\,\delta g\,(h_1 g) = C` through complex
    Schur forms. The root is accepted when it is retarded: every eigenvalue
    of :math:`g h_1` (the Bloch factors :math:`\lambda` of the lead's
    modes) has :math:`|\lambda| \le 1` and :math:`\Gamma \ge 0`.
    Otherwise (energies where the decimation is ill-conditioned, or very
    close to a band edge) the root is followed from
    :math:`\eta = 10^{-2}` down to 0 in steps of ten. The derivative solves
    the same Stein equation,
    :math:`dg/dE - (g h_1^\dagger)(dg/dE)(h_1 g) = -g g`.

    Parameters
    ----------
    energy : complex or float
        One energy (units of t), :math:`\mathrm{Im}\,E \ge 0`.
    h0, h1 : (n, n) array_like
        Cell Hamiltonian and hopping :math:`H_{j+1,j}` away from the device.
    eta : float
        Imaginary part for the decimation at real energies.
    tol : float
        Convergence of the decimation and of Newton's method.
    max_iter : int
        Iteration limit of the decimation.
    newton : bool
        Polish the root by Newton's method (default True); without it a real
        energy gives the Green's function at :math:`E + i\eta`.
    derivative : bool
        Also return dg/dE.

    Returns
    -------
    g : (n, n) ndarray
        Surface Green's function; with ``derivative`` also dg/dE.

    Examples
    --------
    A 1D chain at the band centre has g = -i/t (here t = 1):

    >>> import numpy as np
    >>> from weylmag.negf import sancho_rubio
    >>> g = sancho_rubio(4.0, [[4.0]], [[-1.0]])
    >>> np.round(g, 12)
    array([[0.-1.j]])
    """
    h0 = np.asarray(h0, dtype=complex)
    h1 = np.asarray(h1, dtype=complex)
    e = complex(energy)
    scale = max(1.0, np.abs(h0).max(), np.abs(h1).max())
    if e.imag < 0:
        raise ValueError(f"retarded Green's functions need Im(energy) >= 0; got {e}.")
    if e.imag > 0 or not newton:
        g = _decimate(e + (1j * eta if e.imag == 0 else 0), h0, h1, tol, max_iter)
        if g is None:
            raise RuntimeError(
                f"Sancho-Rubio decimation did not converge in {max_iter} steps at "
                f"E = {e}; raise eta or max_iter."
            )
        if newton:  # off the real axis the decaying root is unique: polish it
            polished = _newton(e, h0, h1, g, tol)
            g = g if polished is None else polished
    else:
        start = _decimate(e + 1j * eta * scale, h0, h1, tol, max_iter)
        g = None if start is None else _newton(e, h0, h1, start, tol)
        if g is None or not _is_retarded(g, h1):
            g = _decimate(e + 1e-2j * scale, h0, h1, tol, max_iter)
            for eta_k in scale * 10.0 ** -np.arange(3.0, 16.0):
                g_k = None if g is None else _newton(e + 1j * eta_k, h0, h1, g, tol)
                if g_k is None:
                    break
                g = g_k
            if g is None:
                raise RuntimeError(
                    f"no retarded surface Green's function found at E = {e}."
                )
            # On a band edge Newton's method at eta = 0 is singular: keep the root
            # at the smallest eta reached (within sqrt(eta) of the limit there).
            g_0 = _newton(e, h0, h1, g, tol)
            if g_0 is not None and _is_retarded(g_0, h1):
                g = g_0
    if derivative:
        return g, _stein_solver(g @ h1.conj().T, h1 @ g)(-g @ g)
    return g


class TightBindingLead(Lead):
    r"""A general lead given by its cell Hamiltonian and inter-cell hopping.

    Self-energy :math:`\Sigma = h_1^\dagger g h_1` with the surface Green's
    function of :func:`sancho_rubio` (decimation, then Newton's method on
    the real axis), and :math:`d\Sigma/dE = h_1^\dagger (dg/dE) h_1`.
    The channels are the eigenvectors of :math:`\Gamma` (see
    :meth:`Lead.channels`). The break points for energy integrals are the
    band extrema of :math:`h(k) = h_0 + h_1 e^{-ik} + h_1^\dagger e^{ik}`,
    found on a grid of ``n_k`` points and refined by bounded minimisation.

    Parameters
    ----------
    h0 : (2W, 2W) array_like
        Hermitian cell Hamiltonian (orbitals site by site, spin fastest).
    h1 : (2W, 2W) array_like
        Hopping :math:`H_{j+1,j}` from a cell to the next one away from the
        device (and from the interface to the first cell).
    eta, tol : float
        Passed to :func:`sancho_rubio`.
    n_k : int
        Grid for the band extrema.

    Examples
    --------
    The decimated square-lattice lead agrees with the closed form:

    >>> import numpy as np
    >>> from weylmag.negf import SquareLead, TightBindingLead
    >>> exact = SquareLead(3)
    >>> lead = TightBindingLead(*exact.cell_hamiltonian())
    >>> bool(np.allclose(lead.self_energy(2.5), exact.self_energy(2.5), atol=1e-12))
    True
    """

    def __init__(self, h0, h1, *, eta=1e-6, tol=1e-14, n_k=2048):
        h0 = np.asarray(h0, dtype=complex)
        h1 = np.asarray(h1, dtype=complex)
        if h0.ndim != 2 or h0.shape[0] != h0.shape[1] or h0.shape[0] % 2:
            raise ValueError(
                f"h0 must be a square (2W, 2W) matrix; got shape {h0.shape}."
            )
        if h1.shape != h0.shape:
            raise ValueError(
                f"h1 must have the shape of h0 {h0.shape}; got {h1.shape}."
            )
        if not np.allclose(h0, h0.conj().T, atol=1e-13):
            raise ValueError("h0 must be Hermitian.")
        self.h0, self.h1 = h0, h1
        self.width = h0.shape[0] // 2
        self.eta, self.tol, self.n_k = eta, tol, n_k
        self._thresholds = None

    def __repr__(self):
        return f"TightBindingLead(width={self.width}, eta={self.eta!r})"

    def _self_energy(self, energy, derivative):
        e = _energies(energy)
        h1, h1d = self.h1, self.h1.conj().T
        sig, dsig = [], []
        for value in e:
            if derivative:
                g, dg = sancho_rubio(
                    value, self.h0, h1, eta=self.eta, tol=self.tol, derivative=True
                )
                dsig.append(h1d @ dg @ h1)
            else:
                g = sancho_rubio(value, self.h0, h1, eta=self.eta, tol=self.tol)
            sig.append(h1d @ g @ h1)
        if derivative:
            return np.array(sig), np.array(dsig)
        return np.array(sig)

    def bloch_hamiltonian(self, k):
        """h(k) = h0 + h1 exp(-ik) + h1^dagger exp(ik), for an array of k."""
        k = np.asarray(k, dtype=float)[..., None, None]
        return self.h0 + self.h1 * np.exp(-1j * k) + self.h1.conj().T * np.exp(1j * k)

    def thresholds(self):
        if self._thresholds is None:
            k = np.linspace(-np.pi, np.pi, self.n_k, endpoint=False)
            bands = np.linalg.eigvalsh(self.bloch_hamiltonian(k))
            step = k[1] - k[0]
            edges = []

            def band(q, b, sign):
                return sign * np.linalg.eigvalsh(self.bloch_hamiltonian(q))[b]

            for b in range(bands.shape[1]):
                e = bands[:, b]
                prev, nxt = np.roll(e, 1), np.roll(e, -1)
                for sign in (1.0, -1.0):
                    extrema = (sign * e <= sign * prev) & (sign * e <= sign * nxt)
                    for i in np.flatnonzero(extrema):
                        res = scipy.optimize.minimize_scalar(
                            band,
                            args=(b, sign),
                            bounds=(k[i] - step, k[i] + step),
                            method="bounded",
                            options={"xatol": 1e-12},
                        )
                        edges.append(sign * res.fun)
            edges = np.sort(np.array(edges))
            keep = np.concatenate([[True], np.diff(edges) > 1e-9])
            self._thresholds = edges[keep]
        return self._thresholds


class WideBandLead(Lead):
    r"""Wide-band lead: :math:`\Sigma = -\tfrac{i}{2}\gamma\,1`, independent of energy.

    Each interface orbital is broadened by :math:`\gamma`; the channels are
    :math:`W = \sqrt{\gamma}\,1`, open at every energy (no thresholds; energy
    integrals extend to :math:`-\infty`).

    Parameters
    ----------
    width : int
        Interface sites.
    gamma : float
        Broadening (units of t, > 0).

    Examples
    --------
    >>> from weylmag.negf import WideBandLead
    >>> WideBandLead(1, gamma=0.5).self_energy(0.0)[0]
    array([[0.-0.25j, 0.+0.j  ],
           [0.+0.j  , 0.-0.25j]])
    """

    def __init__(self, width, gamma):
        if int(width) != width or width < 1:
            raise ValueError(f"width must be a positive integer; got {width!r}.")
        if not gamma > 0:
            raise ValueError(f"gamma must be > 0; got {gamma!r}.")
        self.width = int(width)
        self.gamma = float(gamma)

    def __repr__(self):
        return f"WideBandLead(width={self.width}, gamma={self.gamma!r})"

    def _self_energy(self, energy, derivative):
        e = _energies(energy)
        sigma = np.broadcast_to(
            -0.5j * self.gamma * np.eye(self.n_orbitals),
            (len(e), self.n_orbitals, self.n_orbitals),
        ).copy()
        if derivative:
            return sigma, np.zeros_like(sigma)
        return sigma

    def _channels(self, energy):
        e = _energies(energy)
        return np.broadcast_to(
            np.sqrt(self.gamma) * np.eye(self.n_orbitals, dtype=complex),
            (len(e), self.n_orbitals, self.n_orbitals),
        ).copy()

    def thresholds(self):
        return np.array([])

    @property
    def band(self):
        return -np.inf, np.inf

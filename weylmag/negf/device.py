r"""The finalized device: an immutable tight-binding layer with its leads.

A :class:`Device` is made by :meth:`weylmag.negf.SquareLattice.finalized`.
It holds the Hamiltonian in the block-tridiagonal form the solvers use
(columns of :math:`2N_y` orbitals along the transport direction x), the
attached leads with their interface orbitals, and the gate potentials.
Nothing in it changes after construction; :meth:`Device.with_gates` and
:meth:`Device.with_magnetisation` return new devices that share everything
else (no rebuild of hoppings or leads).

Orbital index: ``2 * (x * ny + y) + s`` with site (x, y), spin s = 0 (up
along z), 1 (down). Units: energies in the hopping t, :math:`\hbar = a = 1`.
"""

import dataclasses

import numpy as np
import scipy.sparse

__all__ = ["PAULI", "AttachedLead", "Device"]

#: Pauli matrices sigma_x, sigma_y, sigma_z, shape (3, 2, 2).
PAULI = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]])


def _readonly(a):
    a = np.array(a)
    a.flags.writeable = False
    return a


@dataclasses.dataclass(frozen=True, eq=False)
class AttachedLead:
    """A lead attached to a device.

    Attributes
    ----------
    name : str
        Name used by the observables (``"left"``, ``"right"``, ...).
    lead : Lead
        The lead model (self-energy on plain matrices).
    side : str
        ``"left"`` (x = 0), ``"right"`` (x = nx - 1), ``"bottom"`` (y = 0)
        or ``"top"`` (y = ny - 1).
    sites : (W, 2) ndarray
        Interface sites (x, y), in the lead's transverse order.
    orbitals : (2W,) ndarray
        Interface orbital indices (site by site, spin fastest).
    """

    name: str
    lead: object
    side: str
    sites: np.ndarray
    orbitals: np.ndarray

    def __repr__(self):
        return (
            f"AttachedLead(name={self.name!r}, side={self.side!r}, lead={self.lead!r})"
        )


class Device:
    r"""Finalized square-lattice device: Hamiltonian blocks, leads, gates.

    The Hamiltonian (units of t)

    .. math::

        H = \sum_{\mathbf r} c^\dagger_{\mathbf r}\Bigl[\epsilon_{\mathbf r}
            + V_{x} + \tfrac{J_{\mathbf r}}{2}\,\boldsymbol\sigma\cdot\mathbf m_{\mathbf r}
            \Bigr]c_{\mathbf r}
          + \sum_{\mathbf r}\Bigl[c^\dagger_{\mathbf r+\hat x}(-t - i t_{SO}\sigma_y)c_{\mathbf r}
          + c^\dagger_{\mathbf r+\hat y}(-t + i t_{SO}\sigma_x)c_{\mathbf r} + \text{h.c.}\Bigr]

    with the gate potential :math:`V_x` of column x. In the bulk this is
    :math:`H(\mathbf k) = \epsilon - 2t(\cos k_x + \cos k_y)
    + 2t_{SO}(\sigma_x\sin k_y - \sigma_y\sin k_x)
    + \tfrac J2\boldsymbol\sigma\cdot\mathbf m`, whose spin-orbit part is the
    Rashba form :math:`\alpha(\sigma_x k_y - \sigma_y k_x)`,
    :math:`\alpha = 2t_{SO}a`, at small k.

    Block form: :meth:`diagonal_blocks` are the :math:`H_{xx}` (column
    Hamiltonians, :math:`2N_y\times 2N_y`, gates included) and
    :meth:`hopping_blocks` the :math:`H_{x+1,x}`.

    Do not construct directly: use :class:`weylmag.negf.SquareLattice`.

    Examples
    --------
    A gate barrier on column 2, set without rebuilding the device:

    >>> from weylmag.negf import SquareLattice, transmission
    >>> device = SquareLattice(5, 1).attach_lead(side="left").attach_lead(
    ...     side="right").finalized()
    >>> gated = device.with_gates({2: 3.0})
    >>> gated.gates, gated.leads is device.leads
    ({2: 3.0}, True)
    >>> bool(transmission(gated, 3.0) < transmission(device, 3.0))
    True
    """

    def __init__(self, nx, ny, *, t, onsite, J, m, t_so, leads, gates=None):
        self._nx, self._ny = int(nx), int(ny)
        self._t, self._t_so = float(t), float(t_so)
        self._onsite = _readonly(
            np.broadcast_to(np.asarray(onsite, dtype=float), (nx, ny))
        )
        self._J = _readonly(np.broadcast_to(np.asarray(J, dtype=float), (nx, ny)))
        self._m = _readonly(np.broadcast_to(np.asarray(m, dtype=float), (nx, ny, 3)))
        self._leads = tuple(leads)
        self._gates = self._check_gates(gates or {})
        self._base = None
        self._diag = None
        self._hop = None
        self._base_blocks()
        self.bonds_x()

    # -- construction helpers -------------------------------------------------
    def _check_gates(self, gates):
        out = {}
        for column, value in dict(gates).items():
            if int(column) != column or not 0 <= column < self._nx:
                raise ValueError(
                    f"gate columns must be integers in [0, {self._nx - 1}]; got {column!r}."
                )
            out[int(column)] = float(value)
        return dict(sorted(out.items()))

    def _copy(self, **changes):
        new = object.__new__(Device)
        new.__dict__.update(self.__dict__)
        new.__dict__.update(changes)
        return new

    def with_gates(self, gates):
        """The same device with gate potentials ``{column: V}`` (units of t).

        Replaces all gates; the hoppings, leads and the rest of the on-site
        blocks are shared, not rebuilt.
        """
        return self._copy(_gates=self._check_gates(gates), _diag=None)

    def with_magnetisation(self, m, J=None):
        """The same device with magnetisation ``m`` (nx, ny, 3) (and exchange ``J``).

        ``m`` is used as given (not normalised), so that derivatives with
        respect to its components can be taken.
        """
        m = _readonly(
            np.broadcast_to(np.asarray(m, dtype=float), (self._nx, self._ny, 3))
        )
        J = (
            self._J
            if J is None
            else _readonly(
                np.broadcast_to(np.asarray(J, dtype=float), (self._nx, self._ny))
            )
        )
        new = self._copy(_m=m, _J=J, _base=None, _diag=None)
        new._base_blocks()
        return new

    # -- properties -----------------------------------------------------------
    @property
    def shape(self):
        """(nx, ny): sites along x (transport) and y."""
        return self._nx, self._ny

    @property
    def n_orbitals(self):
        return 2 * self._nx * self._ny

    @property
    def block_size(self):
        """Orbitals per column, 2 ny."""
        return 2 * self._ny

    @property
    def t(self):
        return self._t

    @property
    def t_so(self):
        return self._t_so

    @property
    def onsite(self):
        """On-site energies (nx, ny), without gates."""
        return self._onsite

    @property
    def J(self):
        """Exchange splitting per site (nx, ny)."""
        return self._J

    @property
    def m(self):
        """Magnetisation (nx, ny, 3)."""
        return self._m

    @property
    def gates(self):
        """Gate potentials {column: V}."""
        return dict(self._gates)

    @property
    def leads(self):
        """The attached leads (tuple of :class:`AttachedLead`)."""
        return self._leads

    @property
    def lead_names(self):
        return tuple(lead.name for lead in self._leads)

    def lead(self, name):
        """The attached lead called ``name``."""
        for lead in self._leads:
            if lead.name == name:
                return lead
        raise KeyError(f"no lead {name!r}; the device has {list(self.lead_names)}.")

    def __repr__(self):
        parts = [f"nx={self._nx}", f"ny={self._ny}", f"t={self._t!r}"]
        if self._t_so:
            parts.append(f"t_so={self._t_so!r}")
        if np.any(self._J):
            uniform = np.all(self._J == self._J.flat[0])
            parts.append(f"J={float(self._J.flat[0])!r}" if uniform else "J=array")
        if self._gates:
            parts.append(f"gates={self._gates}")
        parts.append(f"leads={list(self.lead_names)}")
        return f"Device({', '.join(parts)})"

    # -- Hamiltonian ----------------------------------------------------------
    def _base_blocks(self):
        if self._base is None:
            nx, ny, n = self._nx, self._ny, 2 * self._ny
            blocks = np.zeros((nx, ny, 2, ny, 2), dtype=complex)
            site = self._onsite[..., None, None] * np.eye(2) + 0.5 * self._J[
                ..., None, None
            ] * np.einsum("xyi,iab->xyab", self._m, PAULI)
            y = np.arange(ny)
            blocks[:, y, :, y, :] = np.moveaxis(site, 1, 0)
            bond = -self._t * np.eye(2) + 1j * self._t_so * PAULI[0]  # H_{y+1, y}
            blocks[:, y[1:], :, y[:-1], :] = bond
            blocks[:, y[:-1], :, y[1:], :] = bond.conj().T
            self._base = _readonly(blocks.reshape(nx, n, n))
        return self._base

    def diagonal_blocks(self):
        """Column Hamiltonians :math:`H_{xx}`, shape (nx, 2ny, 2ny), gates included."""
        if self._diag is None:
            blocks = np.array(self._base_blocks())
            eye = np.eye(self.block_size)
            for column, value in self._gates.items():
                blocks[column] += value * eye
            self._diag = _readonly(blocks)
        return self._diag

    def bonds_x(self):
        """Site blocks :math:`H_{(x+1,y),(x,y)}` of the x bonds, shape (nx - 1, ny, 2, 2).

        :math:`H_{x+1,x}` is block-diagonal in y with these 2 x 2 blocks.
        """
        if self._hop is None:
            bond = -self._t * np.eye(2) - 1j * self._t_so * PAULI[1]
            self._hop = _readonly(np.broadcast_to(bond, (self._nx - 1, self._ny, 2, 2)))
        return self._hop

    def hopping_blocks(self):
        """Inter-column hoppings :math:`H_{x+1,x}`, shape (nx - 1, 2ny, 2ny)."""
        bonds = self.bonds_x()
        nx, ny = self.shape
        out = np.zeros((nx - 1, ny, 2, ny, 2), dtype=complex)
        y = np.arange(ny)
        out[:, y, :, y, :] = np.moveaxis(bonds, 1, 0)
        return out.reshape(nx - 1, 2 * ny, 2 * ny)

    def hamiltonian(self):
        """The full Hamiltonian as a scipy.sparse CSR matrix (n_orbitals square)."""
        nx, n = self._nx, self.block_size
        diag = scipy.sparse.block_diag(list(self.diagonal_blocks()), format="csr")
        if nx == 1:
            return diag
        hop = scipy.sparse.block_diag(list(self.hopping_blocks()), format="coo")
        shape = (self.n_orbitals, self.n_orbitals)
        lower = scipy.sparse.coo_matrix((hop.data, (hop.row + n, hop.col)), shape=shape)
        return (diag + lower + lower.conj().T).tocsr()

    def exchange_derivative(self, vectors):
        r"""Apply :math:`V_i = \partial H/\partial m_i = \sum_{\mathbf r}(J_{\mathbf r}/2)\sigma_i`.

        Parameters
        ----------
        vectors : (..., n_orbitals, k) array

        Returns
        -------
        (3, ..., n_orbitals, k) array: :math:`V_x v, V_y v, V_z v`.
        """
        v = np.asarray(vectors)
        shape = v.shape
        v = v.reshape(*shape[:-2], self._nx * self._ny, 2, shape[-1])
        half_j = 0.5 * self._J.reshape(-1)[:, None, None]
        out = np.einsum("iab,...rbk->i...rak", PAULI, v) * half_j
        return out.reshape(3, *shape)

    # -- leads ----------------------------------------------------------------
    def self_energies(self, energy, derivative=False):
        """Σ of every lead at the energies (list of (nE, 2W, 2W)); with dΣ/dE."""
        out = [
            lead.lead.self_energy(energy, derivative=derivative) for lead in self._leads
        ]
        if derivative:
            return [s for s, _ in out], [d for _, d in out]
        return out

    def thresholds(self):
        """Sorted channel thresholds of all leads."""
        parts = [
            np.asarray(lead.lead.thresholds(), dtype=float) for lead in self._leads
        ]
        return np.unique(np.concatenate(parts)) if parts else np.array([])

    def band(self):
        """(lowest, highest) energy at which any lead has open channels."""
        bands = [lead.lead.band for lead in self._leads]
        return min(b[0] for b in bands), max(b[1] for b in bands)

r"""The exact period-averaged density of a harmonically gated device (Floquet NEGF).

:class:`~weylmag.negf.AdiabaticPump` expands the density in ω, which needs ω
small against every resonance width of the device at the Fermi energy.
:class:`FloquetPump` solves the driven problem without that expansion, for
gates :math:`V_k\cos(\omega t + \phi_k)` on columns :math:`l_k` of a device
:math:`H_0` (its own static gates included) at zero temperature, every lead
at one chemical potential μ. It returns the density averaged over a period
and the time-averaged particle current into each lead, resolved in spin.

**Floquet matrix.** With :math:`H(t) = H_0 + Ue^{-i\omega t} + U^\dagger
e^{i\omega t}`, :math:`U = \sum_k(V_k/2)e^{-i\phi_k}P_k` diagonal on the gated
orbitals g, the retarded function of the sidebands :math:`|n| \le N` is
:math:`G_F(E) = K(E)^{-1}`,
:math:`K_{nn} = E + n\omega - H_0 - \Sigma(E + n\omega)`,
:math:`K_{n+1,n} = -U`, :math:`K_{n,n+1} = -U^\dagger`. With
:math:`\Gamma_F = \mathrm{diag}_n\Gamma(E + n\omega)`,
:math:`G_F\Gamma_FG_F^\dagger = i(G_F - G_F^\dagger)`, and (shifting the
injection energy of the scattering states by whole quanta) the
period-averaged density matrix and the current into lead α are

.. math::

    2\pi\rho_0 = \sum_n\int dE\,f(E + n\omega)\,G_{0n}\Gamma_nG_{0n}^\dagger
      = i\int f\,(G_{00} - G_{00}^\dagger)\,dE
        + \sum_{n\ne0}\int\Delta_n\,G_{0n}\Gamma_nG_{0n}^\dagger\,dE,

.. math::

    2\pi I_\alpha = \sum_{n\ne0}\int\Delta_n\,
      \mathrm{Tr}[\Gamma_\alpha G_{0n}\Gamma_nG_{0n}^\dagger]\,dE,
    \qquad \Delta_n(E) = f(E + n\omega) - f(E),

the current from the unitarity of the Floquet scattering matrix (the
sideband n = 0 carries none when every lead has one μ). The first integral
is retarded: it runs along the half circle above
:math:`[E_c - N\omega, \mu]` (:math:`E_c` the lowest channel threshold),
where the integrand is smooth, as the frozen density of
:class:`~weylmag.negf.AdiabaticPump` does. :math:`\Delta_n` is -1 on
:math:`(\mu - n\omega, \mu)` for n > 0 and +1 on :math:`(\mu, \mu - n\omega)`
for n < 0: the windows, integrated along the real axis, adaptively, to the
absolute accuracy that ``rtol`` asks of the whole density.

**Folding the windows.** The windows fill :math:`(\mu - N\omega, \mu +
N\omega)`, 2N cells :math:`E = \mu + (k + u)\omega`, 0 < u < 1, and a cell's
sidebands :math:`E + n\omega` are the same u in the cells k + n. The
windows are therefore integrated over u alone, their integrand summed over
the cells: at each u the 4N energies :math:`\mu + (k + u)\omega`,
:math:`-2N \le k < 2N`, are each factorized once and serve every cell
that reaches them. Integrated on its own, each cell would factorize 2N + 1
energies per point, N + 1/2 times as many; and it would need much the same
points, as a resonance of the undriven device reaches every cell at the
same u, through one sideband or another. The cell is cut where
:math:`\mu + (k + u)\omega` is a channel threshold for some k (where
:math:`g_n` has square-root branch points; the map
:math:`u = u_0 + (u_1 - u_0)\sin^2(\pi v/2)` of each piece makes them
analytic).

**Reduction to the gates.** With :math:`g_n` the undriven device at
:math:`E + n\omega` and :math:`A_n = (g_n)_{gg}`, eliminating the sidebands
above and below 0 (continued fractions on the gated orbitals only,
:math:`R_N = A_N`, :math:`R_n = (1 - A_nU^\dagger R_{n+1}U)^{-1}A_n`, and
:math:`L_n` likewise with U and :math:`U^\dagger` exchanged) gives

.. math::

    G_{00} = g_0 + (g_0)_{:g}T(g_0)_{g:},\quad
    T = \Sigma_F(1 - A_0\Sigma_F)^{-1},\quad
    \Sigma_F = U^\dagger R_1U + UL_{-1}U^\dagger,

and :math:`G_{0n} = (g_0)_{:g}P_n(g_n)_{g,\rm leads}` for n ≠ 0, with
:math:`P_n = (1 + TA_0)U^\dagger R_1U^\dagger R_2\cdots U^\dagger K_n^{-1}` for
n > 0 (:math:`K_n = 1 - A_nU^\dagger R_{n+1}U`, so that :math:`R_n = K_n^{-1}A_n`,
and :math:`K_N = 1`) and likewise for n < 0. The leads enter the windows only
through :math:`(g_n)_{g,\rm leads}\Gamma_n(g_n)_{{\rm leads},g} =
i(A_n - A_n^\dagger)`. An energy of the arc needs the site blocks and the
gated columns and rows of :math:`g_0`, and :math:`A_n` (n ≠ 0): 2N + 1
factorizations, with as many right-hand sides as gated orbitals, and dense
algebra of that size; a point u of the windows needs the gated columns of
:math:`g_0` in its 2N cells and :math:`A` at its 4N energies.

**Bound states.** States of the device below the leads' continuum are
counted where they lie above :math:`E_c - N\omega`, the lower end of the
arc, and left out below it, as are the sideband ladder's own. Undriven,
they are counted filled; driven, they are resonances of the sidebands, and
the average is then the density of the scattering states injected above
:math:`E_c`, which fill them through the drive alone (tested). The other
Fermi-sea integrals of the package (:func:`~weylmag.negf.spin_density`,
:class:`~weylmag.negf.AdiabaticPump`) leave out every state below
:math:`E_c`: compare a driven average with the undriven one of the same N
(zero amplitudes), not with those. The sidebands
must be enough for the result to converge (compare two N).
"""

import dataclasses

import numpy as np

from .._kernels.rgf import add_site_products
from .contour import _arc_map, _dagger, _densities, _sweep_to_the_gates, batched, check_pump
from .pumping import _column_orbitals
from .quadrature import adaptive_gauss_kronrod, check_tolerances
from .transport import _project, _spin_projectors

__all__ = ["FloquetAverage", "FloquetPump"]


@dataclasses.dataclass(frozen=True)
class FloquetAverage:
    """The period-averaged quantities of a driven, frozen texture.

    Attributes
    ----------
    density : (nx, ny, 4) ndarray
        Electron and spin density per site averaged over a period (n, s_x,
        s_y, s_z; spin in units of :math:`\\hbar`).
    current : (n_leads, 2) ndarray
        Time-averaged particle current into each lead (electrons per unit
        time :math:`t/\\hbar`), per spin along and against ``spin_axis``;
        leads in ``device.lead_names`` order.
    error : float
        Estimated absolute error of the density matrix's site blocks (sum of
        the Gauss-Kronrod estimates of both integrals).
    n_energies : int
        Energies (arc and windows) at which the sidebands were solved; a
        point of the windows counts once for each of its 2N cells.
    """

    density: np.ndarray
    current: np.ndarray
    error: float
    n_energies: int

    @property
    def spin(self):
        """(nx, ny, 3) period-averaged spin density."""
        return self.density[..., 1:]


class FloquetPump:
    r"""Period-averaged density and currents of harmonic gates, to all orders in ω.

    Parameters
    ----------
    device : Device
        The undriven device.
    mu : float
        Chemical potential of all leads (zero temperature), inside the
        leads' continuum.
    pump : GatePump
        Gated columns, amplitudes, phases and ω.
    n_side : int
        Sidebands :math:`|n| \le N` (at least 1).
    rtol, atol : float, optional
        Tolerances of both adaptive integrals, on the site blocks of
        :math:`2\pi\rho_0` and the currents.
    initial : int, optional
        Starting intervals of the arc; each window piece starts with one.
    spin_axis : (3,) array_like, optional
        Axis along which the currents are resolved in spin (exact for leads
        that conserve it).
    solver : Solver, optional
    workers : int, optional
        Threads over batches of energies.

    Examples
    --------
    Without a drive the average is the equilibrium density (of a device
    that binds no states below the leads' band: its on-site energies exceed
    the leads' 4 t by more than J/2):

    >>> import numpy as np
    >>> from weylmag.negf import FloquetPump, GatePump, SquareLattice, spin_density
    >>> dev = SquareLattice(4, 2, J=1.0, m=(0.6, 0, 0.8), onsite=4.7).attach_lead(
    ...     side="left").attach_lead(side="right").finalized()
    >>> still = GatePump((1, 2), (0.0, 0.0), omega=0.5, phases=(0, np.pi / 2))
    >>> avg = FloquetPump(dev, 2.0, still, 2, rtol=1e-10).average()
    >>> s = spin_density(dev, 2.0, rtol=1e-10).value
    >>> bool(np.allclose(avg.spin, s, rtol=0, atol=1e-8))
    True
    """

    def __init__(
        self, device, mu, pump, n_side, *, rtol=1e-4, atol=1e-10, initial=4,
        spin_axis=(0.0, 0.0, 1.0), solver=None, workers=1,
    ):
        mu, (lower, _), workers = check_pump(device, mu, pump, workers)
        n_side = int(n_side)
        if n_side < 1:
            raise ValueError(f"n_side must be >= 1 (sidebands -N..N); got {n_side}.")
        initial = check_tolerances(rtol, atol, initial)
        self.device, self.mu, self.pump, self.n_side = device, mu, pump, n_side
        self.rtol, self.atol, self.initial = float(rtol), float(atol), initial
        self.workers = workers
        self.solver = _sweep_to_the_gates(device, pump) if solver is None else solver
        self.lower = lower - n_side * pump.omega
        self._projectors = _spin_projectors(spin_axis)
        orbitals = _column_orbitals(device, pump.columns)
        self._gates = np.concatenate(orbitals)
        n = device.block_size
        self._u = np.concatenate(
            [np.full(n, 0.5 * v * np.exp(-1j * p)) for v, p in zip(pump.amplitudes, pump.phases)]
        )
        n_g = len(self._gates)
        self._unit = np.zeros((device.n_orbitals, n_g), complex)
        self._unit[self._gates, np.arange(n_g)] = 1.0
        self._batch = max(1, 2**25 // (16 * device.n_orbitals * n_g))
        # a node of the windows keeps (g_0)_{:g} of its 2N cells
        self._cell_batch = max(1, 2**27 // (32 * n_side * device.n_orbitals * n_g))

    def __repr__(self):
        return (
            f"FloquetPump(device={self.device!r}, mu={self.mu}, pump={self.pump!r}, "
            f"n_side={self.n_side}, rtol={self.rtol}, atol={self.atol}, "
            f"workers={self.workers})"
        )

    # -- the undriven device at the sideband energies ---------------------------
    def _sidebands(self, device, energies):
        """A_n for every n and the gated columns, rows and site blocks of g_0.

        Returns a dict: ``a`` (2N+1, nE, n_g, n_g), ``cols`` (nE, n_orb, n_g)
        = (g_0)_{:g}, ``rows`` (nE, n_orb, n_g) = ((g_0)_{g:})^dagger and
        ``blocks`` (nE, n_sites, 2, 2), the site blocks of g_0.
        """
        a, out = [], {}
        for n in range(-self.n_side, self.n_side + 1):
            z = energies + n * self.pump.omega
            fac = self.solver.factorize(device, z, device.self_energies(z))
            if n == 0:
                out["cols"] = fac.solve(self._unit)
                out["rows"] = fac.solve_adjoint(self._unit)
                out["blocks"] = fac.site_blocks().reshape(len(z), -1, 2, 2)
                a.append(out["cols"][:, self._gates])
            else:
                a.append(fac.solve(self._unit, orbitals=self._gates))
        out["a"] = np.array(a)
        return out

    def _ladder(self, a):
        r"""T and the P_n (n != 0) of the module docstring, from A_n.

        P_n is returned without its last factor, the gated rows of
        :math:`g_n` on the leads, which enter only as
        :math:`(g_n)_{g,\rm leads}\Gamma_n(g_n)_{\rm leads,g} = i(A_n - A_n^\dagger)`.
        """
        N, u = self.n_side, self._u
        ud = np.conj(u)
        eye = np.eye(a.shape[-1])
        # R_n = K_n^-1 A_n for n = N..1 and L_n for n = -N..-1, keeping K_n^-1
        r, l, k_inv = {N: a[2 * N]}, {-N: a[0]}, {N: eye, -N: eye}
        for n in range(N - 1, 0, -1):
            k_inv[n] = np.linalg.inv(eye - a[n + N] @ (ud[:, None] * r[n + 1] * u[None, :]))
            r[n] = k_inv[n] @ a[n + N]
        for n in range(-N + 1, 0):
            k_inv[n] = np.linalg.inv(eye - a[n + N] @ (u[:, None] * l[n - 1] * ud[None, :]))
            l[n] = k_inv[n] @ a[n + N]
        sigma = ud[:, None] * r[1] * u[None, :] + u[:, None] * l[-1] * ud[None, :]
        a0 = a[N]
        t = sigma @ np.linalg.inv(eye - a0 @ sigma)
        p = {}
        up = down = eye + t @ a0
        for n in range(1, N + 1):
            up, down = up * ud[None, :], down * u[None, :]
            p[n], p[-n] = up @ k_inv[n], down @ k_inv[-n]
            if n < N:
                up, down = up @ r[n], down @ l[-n]
        return t, p

    # -- the two integrals --------------------------------------------------------
    def _arc_work(self, device):
        """z -> site blocks of G_00 at the complex energies z, (nE, n_sites * 4)."""

        def work(z):
            s = self._sidebands(device, z)
            t, _ = self._ladder(s["a"])
            blocks = s["blocks"].copy()
            u = s["cols"] @ t
            add_site_products(u, s["rows"], np.arange(u.shape[-1]), blocks)
            return blocks.reshape(len(z), -1)

        return work

    def _window_work(self, device):
        """u -> the windows' site blocks and lead currents, summed over the cells of u.

        Cell k = -N..N-1 is E = mu + (k + u) w; its integrand is
        sum_n Delta_n G_0n Gamma_n G_0n^dagger, where Delta_n(E) = f(E + n w)
        - f(E) is -1 for k < 0 <= k + n and +1 for k + n < 0 <= k. The 4N
        energies mu + (k + u) w, k = -2N..2N-1, are each factorized once and
        serve every cell whose sidebands reach them.
        """
        N, w = self.n_side, self.pump.omega
        sidebands = [n for n in range(-N, N + 1) if n != 0]

        def work(u):
            a, kept = [], {}
            for k in range(-2 * N, 2 * N):
                z = self.mu + (k + u) * w
                sigmas = device.self_energies(z)
                fac = self.solver.factorize(device, z, sigmas)
                if -N <= k < N:
                    cols = fac.solve(self._unit)
                    kept[k] = cols, [1j * (s - _dagger(s)) for s in sigmas]
                    a.append(cols[:, self._gates])
                else:
                    a.append(fac.solve(self._unit, orbitals=self._gates))
            a = np.array(a)
            spectral = 1j * (a - _dagger(a))
            n_orb = self._unit.shape[0]
            blocks = np.zeros((len(u), n_orb // 2, 2, 2), complex)
            currents = np.zeros((len(u), len(self._projectors) * len(device.leads)))
            for k in range(-N, N):
                _, p = self._ladder(a[k + N : k + 3 * N + 1])
                m = 0
                for n in sidebands:
                    sign = float(k + n < 0) - float(k < 0)
                    if sign:
                        m = m + sign * (p[n] @ spectral[k + 2 * N + n] @ _dagger(p[n]))
                cols, gammas = kept.pop(k)
                add_site_products(cols @ m, cols, np.arange(m.shape[-1]), blocks)
                i = 0
                for lead, gamma in zip(device.leads, gammas):
                    rows = cols[:, lead.orbitals]
                    emitted = rows @ m @ _dagger(rows)
                    for proj in self._projectors:
                        # Tr[P Gamma P X] = Tr[(P Gamma)(P X)], as P^2 = P
                        flux = np.einsum(
                            "eij,eji->e", _project(gamma, proj), _project(emitted, proj)
                        )
                        currents[:, i] += flux.real
                        i += 1
            return np.concatenate([blocks.reshape(len(u), -1), currents], 1)

        return work

    def _cell_pieces(self, device):
        """The cell u in (0, 1) cut where a sideband energy mu + (k + u) w is a threshold.

        :math:`g_n` has square-root branch points at the channel thresholds of
        the leads; at the ends of the pieces the map of :meth:`average` makes
        them analytic. Every cell -2N <= k < 2N is folded onto one.
        """
        w, N = self.pump.omega, self.n_side
        points = [0.0, 1.0]
        for x in device.thresholds():
            c = (x - self.mu) / w
            if -2 * N < c < 2 * N:
                points.append(c - np.floor(c))
        points.sort()
        cuts = [0.0]
        for x in points[1:-1]:
            if x - cuts[-1] > 1e-9 and 1.0 - x > 1e-9:
                cuts.append(x)
        cuts.append(1.0)
        return list(zip(cuts[:-1], cuts[1:]))

    def _batched(self, work):
        return batched(work, self.workers, self._batch)

    def average(self, m=None):
        """The period-averaged density and currents (magnetisation m, default the device's).

        Parameters
        ----------
        m : (nx, ny, 3) array_like, optional
            Unit magnetisation of the sites.

        Returns
        -------
        FloquetAverage
        """
        device = self.device if m is None else self.device.with_magnetisation(m)
        options = dict(rtol=self.rtol, atol=self.atol, chunk=240)
        arc = adaptive_gauss_kronrod(
            self._batched(self._arc_work(device)), _arc_map(self.lower, self.mu),
            grading=0.25, initial=self.initial, **options,
        )
        shape = (*device.shape, 2, 2)
        total = 1j * (arc.value.reshape(shape) - _dagger(arc.value.reshape(shape)))
        n_blocks = int(np.prod(shape))
        w = self.pump.omega

        pieces = self._cell_pieces(device)

        def nodes(piece, v):
            """Piece j of the cell, u = u0 + (u1 - u0) sin^2(pi v / 2), E = mu + (k + u) w."""
            u0, u1 = pieces[piece]
            s = np.sin(0.5 * np.pi * v)
            return u0 + (u1 - u0) * s * s, w * (u1 - u0) * 0.5 * np.pi * np.sin(np.pi * v)

        current = np.zeros(2 * len(device.leads))
        error, n_energies = 2 * arc.error, arc.n_energies
        if np.any(self._u):  # without a drive the windows' integrand vanishes
            # the windows to the accuracy asked of the whole density
            atol = max(self.atol, self.rtol * np.abs(total).max())
            window = adaptive_gauss_kronrod(
                batched(self._window_work(device), self.workers, self._cell_batch),
                nodes, len(pieces), **{**options, "atol": atol},
            )
            total = total + window.value[:n_blocks].reshape(shape)
            current = window.value[n_blocks:].real
            error += window.error
            n_energies += 2 * self.n_side * window.n_energies
        return FloquetAverage(
            _densities(total), current.reshape(len(device.leads), 2) / (2 * np.pi),
            float(error / (2 * np.pi)), int(n_energies),
        )

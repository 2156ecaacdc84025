r"""Adiabatic pumping on a contour, for repeated updates.

:func:`~weylmag.negf.adiabatic_density` integrates the first-order density
along the real axis, where every channel threshold of the leads is a break
point: a 40-site-wide lead has 80 of them below the Fermi energy. At zero
temperature, with every lead at one chemical potential μ, most of that
integral can be moved into the complex plane.

With :math:`\Gamma_f = f\Gamma` and :math:`G\Gamma G^\dagger = i(G - G^\dagger)`
on the continuum :math:`E > E_c` (the lowest channel threshold of the leads),
the integrand of the module :mod:`~weylmag.negf.pumping` becomes
:math:`X = -f\,\partial_EG\,\dot H\,(G - G^\dagger)`, and

.. math::

    2\pi\rho^{(1)} = \int_{E_c}^{\mu}(X + X^\dagger)\,dE
    = \bigl[G\dot HG^\dagger\bigr]_{E_c}^{\mu}
      - \Bigl(\int_{E_c}^{\mu}\partial_EG\,\dot HG\,dE + \text{h.c.}\Bigr),

because :math:`\partial_EG\,\dot HG^\dagger + G\dot H\,\partial_EG^\dagger =
\partial_E(G\dot HG^\dagger)`. The remaining integrand is retarded times
retarded, analytic in the upper half plane, so its integral along
:math:`[E_c, \mu]` equals the integral along the half circle above that
segment, where it is smooth: no thresholds, no break points. The arc
:math:`E(\theta) = c + Re^{i\theta}` (centre :math:`c = (E_c + \mu)/2`,
radius :math:`R = (\mu - E_c)/2`, θ from π to 0) is parametrised by
:math:`\theta = \pi(1 - 3u^2 + 2u^3)`, which makes the square-root
behaviour at its ends (the threshold at :math:`E_c`, thresholds near μ)
analytic in u, and integrated in u by adaptive Gauss-Kronrod quadrature
(:func:`~weylmag.negf.quadrature.adaptive_gauss_kronrod`) with an error
estimate, or by a fixed Gauss-Legendre rule. The ends of the arc touch the
real axis, so narrow resonances of the device near :math:`E_c` (states
weakly coupled to leads at their channel threshold) or near μ need many
energies there (the intervals at the ends are split a quarter of their
width from the end, :data:`ARC_GRADING`, which reaches them in fewer
splits); a fixed rule of 48 points can be wrong by orders of magnitude (on
the 40 x 40 skyrmion layer of seed Sec. V by a factor of 340 at one time of
the cycle), where the adaptive rule refines to its tolerance. Bound states
below :math:`E_c`, which the leads do not fill, stay outside the contour, so
the result is the lead-injected density of
:func:`~weylmag.negf.adiabatic_density` (the tests compare the two).

**Finite temperature.** With every lead at one μ and temperature
:math:`k_BT > 0`, integrating :math:`f\,\partial_E(G\dot HG^\dagger)` by parts
turns the boundary term at μ into a thermal average over the Fermi window,

.. math::

    2\pi\rho^{(1)} = \int(-\partial_Ef)\,G\dot HG^\dagger\,dE
      - \bigl[G\dot HG^\dagger\bigr]_{E_c}
      - \Bigl(\int_{E_c}^{\infty}f\,\partial_EG\,\dot HG\,dE + \text{h.c.}\Bigr).

The first integral runs over :math:`\mu \pm 40k_BT` (f below 5e-18
beyond), along the real axis in the variable :math:`p = 1 - f(E)`, which
puts the energies where :math:`-\partial_Ef` is large. The last is moved
onto a path above the real axis: an arc from :math:`E_c` to
:math:`\mu - 40k_BT + ih`, then the line :math:`\text{Im}\,E = h` to
:math:`\mu + 40k_BT + ih` (beyond which f is below 5e-18). With
:math:`h = 2\pi Nk_BT`, f is real on that line, and the N Matsubara poles
:math:`\mu + i\pi(2n+1)k_BT` of f between the path and the real axis
(residue :math:`-k_BT`) add :math:`-2\pi ik_BT\sum_n\partial_EG\,\dot HG` at the
poles. N is chosen so that :math:`h \approx 1/4`, at most 64: the line
then stays clear of the device's resonances. The pumped current becomes
the thermal average of the emissivities over the same window.

With :math:`\partial_EG = -G\Omega G`, :math:`\Omega = 1 - \partial_E\Sigma`,
and :math:`\dot H = \sum_k\dot V_kP_k` supported on the gated columns
(orbitals g), the site-diagonal blocks need only the block columns
:math:`B = G_{:,g}`, the block rows :math:`G_{g,:}` (from :math:`G^\dagger`)
and :math:`C = G\,\Omega\,B\dot V`:
:math:`(\partial_EG\,\dot HG)_{rr} = -\sum_gC_{rg}G_{gr}`. Three solves with
as many right-hand sides as gated orbitals, at each contour energy; the
lead self-energies at those energies are computed once.

The pumped current (Brouwer's formula, :func:`~weylmag.negf.pumped_current`)
needs the emissivities :math:`\frac1{2\pi}\|W_\alpha^\dagger G_{\alpha g}\|^2`
at μ, which the block column B at μ already holds.

**The frozen density.** The zeroth order, the density that the leads inject
into the frozen device (the gates at their instantaneous values), moves
onto the same path: on the continuum
:math:`\sum_\alpha G\Gamma_\alpha G^\dagger = i(G - G^\dagger)`, so

.. math::

    2\pi\rho^{(0)} = i\int f\,(G - G^\dagger)\,dE = i(A - A^\dagger),\qquad
    A = \int_{E_c}f\,G\,dE,

and A, retarded, is the integral of :math:`fG` along the arc (or the thermal
path, plus :math:`-2\pi ik_BT\sum_nG` at the poles): the site-diagonal
blocks of G at each contour energy, no boundary terms. It is what
:func:`~weylmag.negf.spin_density` integrates along the real axis.
"""

import dataclasses

import numpy as np

from .._kernels.rgf import add_site_products
from .device import PAULI
from .pumping import GatePump, _column_orbitals
from .quadrature import TAIL, adaptive_gauss_kronrod, check_tolerances, fermi_window
from .rgf import RGFSolver
from .solver import default_solver, thread_map

__all__ = ["AdiabaticPump", "PumpState"]

#: Where the adaptive rule splits an interval at an end of the zero-temperature
#: arc (a fraction of its width from the end), instead of bisecting it. On the
#: seed's 40 x 40 skyrmion layer, whose resonances lie within 1e-3 of mu and of
#: E_c, six times of the cycle took 150-210 energies instead of 180-330 at rtol
#: 1e-2 (150-240 instead of 240-360 at 1e-3), all within 6e-8 of the largest
#: |s_D| of a 1e-7 reference.
ARC_GRADING = 0.25


@dataclasses.dataclass(frozen=True)
class PumpState:
    """The pumped quantities of one frozen configuration.

    Attributes
    ----------
    t : float
        Time (units of :math:`\\hbar/t`).
    density : (nx, ny, 4) ndarray
        Electron density and spin density per site (:math:`n, s_x, s_y,
        s_z`; spin in units of :math:`\\hbar`): the first-order (pumped)
        density, the frozen one or their sum, as the pump's ``density``
        asks.
    current : (n_leads,) ndarray
        Pumped particle current into each lead (electrons per unit time
        :math:`t/\\hbar`), leads in ``device.lead_names`` order.
    error : float
        Estimated absolute error of the arc quadrature (and, at kT > 0, of
        the Fermi window) in the elements of the site blocks of the density
        matrix, from the summed Gauss-Kronrod interval errors (NaN for a
        fixed rule): a bound on each spin component, twice it on n. It
        bounds the error of the 7-point rule; the 15-point values used are
        usually orders of magnitude better.
    n_energies : int
        Complex energies (and, at kT > 0, real energies of the Fermi window)
        at which the Green's function was evaluated, besides the ends.
    frozen : (nx, ny, 4) ndarray or None
        The zeroth-order part of ``density`` alone: the density the leads
        inject into the frozen device (None where it was not asked for).
    """

    t: float
    density: np.ndarray
    current: np.ndarray
    error: float = float("nan")
    n_energies: int = 0
    frozen: np.ndarray = None

    @property
    def spin(self):
        """(nx, ny, 3) pumped spin density."""
        return self.density[..., 1:]


def _arc_map(lower, end):
    """u in [0, 1] -> the arc from ``lower`` to ``end`` (real or above the axis), and dz/du.

    The arc is the circle through both with its centre on the real axis: the
    half circle above [lower, end] for a real end.
    """
    x, h = np.real(end) - lower, np.imag(end)
    radius = (x * x + h * h) / (2 * x)
    centre = lower + radius
    span = np.pi - np.arctan2(h, lower + x - centre)  # theta runs from pi to pi - span

    def nodes(piece, u):
        theta = np.pi - span * (3.0 * u**2 - 2.0 * u**3)
        dtheta = -span * 6.0 * u * (1.0 - u)
        z = centre + radius * np.exp(1j * theta)
        return z, 1j * radius * np.exp(1j * theta) * dtheta

    return nodes


def _arc(lower, upper, n_points):
    """Gauss-Legendre nodes and weights on the half circle (dz included)."""
    u, w = np.polynomial.legendre.leggauss(n_points)
    z, dz = _arc_map(lower, upper)(0, 0.5 * (u + 1.0))
    return z, 0.5 * w * dz


#: What AdiabaticPump's density holds: first order, zeroth order, their sum.
DENSITIES = ("pumped", "frozen", "both")

#: Height of the thermal path above the real axis near mu (units of t), and the
#: most Matsubara poles below it.
PATH_HEIGHT, MAX_POLES = 0.25, 64


def _fermi(z, mu, kT):
    """Fermi function at complex energies, without overflow."""
    w = (np.asarray(z, dtype=complex) - mu) / kT
    out = np.empty_like(w)
    up = w.real > 0
    e = np.exp(-w[up])
    out[up] = e / (1.0 + e)
    out[~up] = 1.0 / (np.exp(w[~up]) + 1.0)
    return out


def _thermal_path(lower, mu, kT):
    """The path of the Fermi-sea integral at kT > 0 (module docstring) and its poles.

    Returns ``nodes(piece, u) -> (z, f(z) dz/du)`` for two pieces (the arc
    from ``lower`` to ``mu - TAIL kT + ih``, then the line to
    ``mu + TAIL kT + ih``) and the Matsubara poles below the line.
    """
    e1, e2 = mu - TAIL * kT, mu + TAIL * kT
    n_poles = int(np.clip(round(PATH_HEIGHT / (2 * np.pi * kT)), 1, MAX_POLES))
    h = 2 * np.pi * kT * n_poles
    arc = _arc_map(lower, e1 + 1j * h)

    def nodes(piece, u):
        if piece == 0:
            z, dz = arc(0, u)
        else:
            z = e1 + (e2 - e1) * u + 1j * h
            dz = np.full(np.shape(u), e2 - e1, dtype=complex)
        return z, _fermi(z, mu, kT) * dz

    poles = mu + 1j * np.pi * kT * (2 * np.arange(n_poles) + 1)
    return nodes, poles


def _sweep_to_the_gates(device, pump):
    """The default solver, its RGF sweep ending at the gates.

    The gated columns' unit right-hand sides cost a forward pass from their
    column to the end of the sweep: from the right when the gates sit nearer
    the left edge.
    """
    solver = default_solver(device)
    nx = device.shape[0]
    if isinstance(solver, RGFSolver) and min(pump.columns) + max(pump.columns) < nx - 1:
        return RGFSolver(sweep="right")
    return solver


class AdiabaticPump:
    r"""Pumped density and current of one device under a gate pump.

    Built once for a device (its leads, μ, temperature and the pump), then
    evaluated for any magnetisation and time: the lead self-energies at the
    real ends of the contour (and, for a fixed rule, at the contour
    energies) are computed here and reused.

    The arc is integrated by adaptive Gauss-Kronrod quadrature (7-15 points
    per interval of u, starting from ``initial`` intervals) until the
    estimated error of the arc integral is below
    ``max(atol, rtol * max|arc|)``, the maximum over the site blocks: a
    narrow resonance of the frozen device close to μ, which a fixed rule can
    miss by orders of magnitude, gets the energies it needs. The estimate is
    returned with the result (:attr:`PumpState.error`). ``n_points`` instead
    selects a fixed Gauss-Legendre rule of that many points, without an
    error estimate (at zero temperature only).

    At ``kT > 0`` the Fermi window and the path above it are integrated
    adaptively to the same tolerances, and the Matsubara poles below the
    path are added (module docstring). Resonances narrower than kT then
    contribute their thermal average over the window instead of a spike at
    the times they cross μ.

    Parameters
    ----------
    device : Device
        The device without the pump (its own gates are kept); its leads
        fix the contour.
    mu : float
        Fermi energy of every lead (units of t).
    pump : GatePump
    kT : float, optional
        Temperature of every lead (units of t, default 0). The window
        :math:`\mu \pm 40k_BT` must lie inside the leads' continuum.
    rtol, atol : float, optional
        Tolerances of the adaptive arc quadrature (default 1e-6 and 1e-12).
    initial : int, optional
        Starting intervals of the adaptive quadrature (default 4, 60
        energies).
    n_points : int, optional
        A fixed Gauss-Legendre rule of this many points instead (its error
        falls exponentially with n_points, at a rate set by the narrowest
        resonances near the ends of the arc).
    solver : Solver, optional
        Default :class:`~weylmag.negf.RGFSolver` for left/right leads,
        sweeping from the edge farther from the gates (``sweep="right"``
        for gates in the left half).
    workers : int, optional
        Threads that share the arc's energies (default 1; at most the
        cores). BLAS runs single-threaded while they work.
    density : {"pumped", "frozen", "both"}, optional
        What :attr:`PumpState.density` holds: the first-order density
        pumped by the gates (default), the density the leads inject into
        the frozen device (zeroth order: the gates at their instantaneous
        values, module docstring), or their sum. Both share the contour's
        energies and its adaptive refinement; the frozen density alone
        needs only the site blocks of G there, no solves for the gates.
        The pumped current is returned in every case (at kT > 0 from the
        Fermi window, which then costs most of the energies).

    Examples
    --------
    The same numbers as the real-axis integral:

    >>> import numpy as np
    >>> from weylmag.negf import (SquareLattice, GatePump, AdiabaticPump,
    ...                           pumped_spin_density)
    >>> dev = SquareLattice(5, 2, J=1.0, m=(0.6, 0, 0.8), t_so=0.2).attach_lead(
    ...     side="left").attach_lead(side="right").finalized()
    >>> pump = GatePump((1, 3), (0.3, 0.3), omega=0.1, phases=(0, np.pi / 2))
    >>> state = AdiabaticPump(dev, 2.5, pump, rtol=1e-10).evaluate(4.0)
    >>> slow = pumped_spin_density(dev, 2.5, pump, 4.0)
    >>> scale = np.abs(slow).max()
    >>> bool(np.allclose(state.spin, slow, rtol=0, atol=1e-8 * scale))
    True
    >>> bool(state.error < 1e-8 * scale)
    True
    """

    def __init__(
        self, device, mu, pump, *, kT=0.0, rtol=1e-6, atol=1e-12, initial=4, n_points=None,
        solver=None, workers=1, density="pumped",
    ):
        if n_points is not None:
            n_points = int(n_points)
            if n_points < 4:
                raise ValueError(f"n_points must be >= 4 (or None: adaptive); got {n_points}.")
        mu, (lower, upper), workers = check_pump(device, mu, pump, workers)
        initial = check_tolerances(rtol, atol, initial)
        kT = float(kT)
        if not (np.isfinite(kT) and kT >= 0):
            raise ValueError(f"kT must be a finite temperature >= 0 (units of t); got {kT!r}.")
        if kT > 0 and n_points is not None:
            raise ValueError(
                "n_points (a fixed rule) is for kT = 0; at kT > 0 the quadrature is "
                "adaptive: give rtol instead."
            )
        if kT > 0 and not lower < mu - TAIL * kT < mu + TAIL * kT < upper:
            raise ValueError(
                f"the Fermi window mu +- {TAIL:g} kT = [{mu - TAIL * kT:.6g}, "
                f"{mu + TAIL * kT:.6g}] must lie inside the leads' continuum "
                f"({lower:.6g}, {upper:.6g}): lower kT."
            )
        if density not in DENSITIES:
            raise ValueError(
                f"density must be one of {DENSITIES} (first order, zeroth order or their "
                f"sum); got {density!r}."
            )
        self.density = density
        self._parts = [part for part in ("pumped", "frozen") if density in (part, "both")]
        self.device, self.mu, self.pump, self.kT = device, mu, pump, kT
        self.solver = _sweep_to_the_gates(device, pump) if solver is None else solver
        self.rtol, self.atol, self.initial = float(rtol), float(atol), initial
        self.n_points = n_points
        self.workers = workers
        self.lower = lower
        # the gates in the order the sweep meets them, so that the solver's
        # right-hand sides need no reordering
        sequence = np.argsort(pump.columns, kind="stable")
        if getattr(self.solver, "sweep", "left") == "right":
            sequence = sequence[::-1]
        columns = [pump.columns[i] for i in sequence]
        self._orbitals = np.concatenate(_column_orbitals(device, columns))
        self._gate_of = np.repeat(sequence, device.block_size)
        # the gated orbitals' unit columns, shared by every energy
        self._unit = np.zeros((device.n_orbitals, len(self._orbitals)), complex)
        self._unit[self._orbitals, np.arange(len(self._orbitals))] = 1.0
        # the real energies of the boundary terms: mu and E_c, or E_c alone
        # at kT > 0, where mu becomes the Fermi window; without the pumped
        # density only the current at mu (kT = 0)
        if "pumped" in self._parts:
            self._ends = np.array([mu, lower] if kT == 0 else [lower])
        else:
            self._ends = np.array([mu] if kT == 0 else [], dtype=float)
        self._sigma_ends = device.self_energies(self._ends)
        if kT == 0:
            self._nodes, self._n_pieces = _arc_map(lower, mu), 1
        else:
            self._nodes, self._poles = _thermal_path(lower, mu, kT)
            self._n_pieces = 2
            self._window = fermi_window(mu, kT, device.thresholds())
        # about 64 MB per array of right-hand sides in one batch of energies
        per_energy = 16 * device.n_orbitals * len(self._orbitals)
        self._batch = max(1, 2**26 // per_energy)
        if n_points is not None:
            self._z, self._dz = _arc(lower, mu, n_points)
            self._sigma_z, self._dsigma_z = device.self_energies(self._z, derivative=True)

    def __repr__(self):
        quadrature = (
            f"n_points={self.n_points}" if self.n_points is not None
            else f"rtol={self.rtol}, atol={self.atol}"
        )
        return (
            f"AdiabaticPump(device={self.device!r}, mu={self.mu}, pump={self.pump!r}, "
            f"kT={self.kT}, {quadrature}, workers={self.workers}, density={self.density!r})"
        )

    def _arc_blocks(self, frozen, rates, z, sigma, dsigma):
        """(nE, n_parts, nx, ny, 2, 2) site blocks at the energies z.

        The parts are those of ``density``: dG Hdot G = -C G_g,: (pumped),
        G itself (frozen).
        """
        fac = self.solver.factorize(frozen, z, sigma)
        parts = []
        if "pumped" in self._parts:
            c = fac.solve(self._unit)
            c *= rates
            for lead, ds in zip(frozen.leads, dsigma):
                c[:, lead.orbitals, :] -= ds @ c[:, lead.orbitals, :]
            # (G^dagger)_{:,g} = conj(G_{g,:})^T pairs with C = G (Omega B Vdot)
            parts.append(-fac.site_products(c, self._unit).reshape(len(z), *frozen.shape, 2, 2))
        if "frozen" in self._parts:
            parts.append(fac.site_blocks())
        return np.stack(parts, axis=1)

    def _arc_work(self, frozen, rates):
        """z -> the site blocks of :meth:`_arc_blocks` at the energies z."""

        def work(z):
            sigma, dsigma = self.device.self_energies(z, derivative=True)
            return self._arc_blocks(frozen, rates, z, sigma, dsigma)

        return work

    def _window_work(self, frozen, rates):
        """E -> G Hdot G^dagger site blocks and lead currents at real energies, flat."""

        def work(energies):
            sigmas = self.device.self_energies(energies)
            b = self.solver.factorize(frozen, energies, sigmas).solve(self._unit)
            blocks = _gate_products(b, rates, frozen.shape).reshape(len(energies), -1)
            return np.concatenate([blocks, _currents(frozen, b, sigmas, rates)], axis=1)

        return work

    def _window_average(self, frozen, rates, options):
        """G Hdot G^dagger site blocks and lead currents averaged with -f' over the window.

        Returns the blocks (nx, ny, 2, 2), the currents, the energies used and
        the estimated error in rho. The initial intervals are shared by the
        window's pieces (one per channel threshold inside it).
        """
        nodes, n_pieces = self._window
        window = adaptive_gauss_kronrod(
            self._batched(self._window_work(frozen, rates)), nodes, n_pieces,
            **{**options, "initial": max(1, self.initial // n_pieces)},
        )
        split = window.value.shape[0] - len(frozen.leads)
        blocks = window.value[:split].reshape(*frozen.shape, 2, 2)
        current = window.value[split:].real
        return blocks, current, window.n_energies, window.error / (2 * np.pi)

    def _batched(self, work):
        return batched(work, self.workers, self._batch)

    def _fixed_arc(self, frozen, rates):
        """The arc integral by the fixed Gauss-Legendre rule."""

        def work(idx):
            blocks = self._arc_blocks(
                frozen, rates, self._z[idx], [s[idx] for s in self._sigma_z],
                [d[idx] for d in self._dsigma_z],
            )
            return np.einsum("e,e...->...", self._dz[idx], blocks)

        n = min(self.n_points, self.workers * -(-self.n_points // self._batch))
        parts = np.array_split(np.arange(self.n_points), n)
        return sum(thread_map(work, parts, self.workers))

    def evaluate(self, t, m=None):
        """The pumped density and current at time t (magnetisation m, default the device's).

        Parameters
        ----------
        t : float
            Time (units of :math:`\\hbar/t`): the gate values and rates.
        m : (nx, ny, 3) array_like, optional
            Unit magnetisation of the sites.

        Returns
        -------
        PumpState
        """
        device = self.device if m is None else self.device.with_magnetisation(m)
        frozen = self.pump.device_at(device, t)
        rates = self.pump.rates(t)[0][self._gate_of]
        options = dict(rtol=self.rtol, atol=self.atol, initial=self.initial, chunk=240)

        # G Hdot G^dagger at the real ends
        if len(self._ends):
            b = self.solver.factorize(frozen, self._ends, self._sigma_ends).solve(self._unit)
        if self.kT == 0:
            current = _currents(frozen, b[:1], [s[:1] for s in self._sigma_ends], rates)[0]
            n_energies, error = 0, 0.0
        else:
            # the thermal average over the Fermi window instead of the value at mu
            top, current, n_energies, error = self._window_average(frozen, rates, options)
        if "pumped" in self._parts:
            ends = _gate_products(b, rates, frozen.shape)
            total = ends[0] - ends[1] if self.kT == 0 else top - ends[0]

        # -(the integral of f dG Hdot G + h.c.): on the arc, or the thermal path and poles
        if self.n_points is None:
            arc_integrand = self._batched(self._arc_work(frozen, rates))
            # both ends of the zero-temperature arc touch the real axis
            grading = ARC_GRADING if self.kT == 0 else 0.5
            result = adaptive_gauss_kronrod(
                arc_integrand, self._nodes, self._n_pieces, grading=grading, **options
            )
            arc, n_energies = result.value, n_energies + result.n_energies
            # the error of arc + arc^dagger, in rho = total / 2 pi
            error += 2 * result.error / (2 * np.pi)
            if self.kT > 0:
                poles = arc_integrand(self._poles)
                arc = arc - 2j * np.pi * self.kT * poles.sum(axis=0)
                n_energies += len(self._poles)
        else:
            arc, error = self._fixed_arc(frozen, rates), np.nan
            n_energies += self.n_points
        arc = dict(zip(self._parts, arc))
        parts = {}
        if "pumped" in arc:
            parts["pumped"] = _densities(total - arc["pumped"] - _dagger(arc["pumped"]))
        if "frozen" in arc:
            # 2 pi rho = i (A - A^dagger), A the contour integral of f G
            parts["frozen"] = _densities(1j * (arc["frozen"] - _dagger(arc["frozen"])))
        return PumpState(
            float(t), sum(parts.values()), current, float(error), int(n_energies),
            frozen=parts.get("frozen"),
        )


def check_pump(device, mu, pump, workers):
    """Check the arguments shared by the pumps; returns mu, the leads' band and workers."""
    if not isinstance(pump, GatePump):
        raise TypeError(f"pump must be a GatePump; got {type(pump).__name__}.")
    mu = float(mu)
    lower, upper = device.band()
    if not lower < mu < upper:
        raise ValueError(
            f"mu = {mu} must lie inside the leads' continuum ({lower:.6g}, "
            f"{upper:.6g}): the pumped current and density need open channels."
        )
    workers = int(workers)
    if workers < 1:
        raise ValueError(f"workers must be >= 1; got {workers}.")
    return mu, (lower, upper), workers


def batched(work, workers, batch):
    """F(z) for the adaptive rule: work(z) on batches of at most ``batch`` energies,
    shared by the threads."""

    def func(z):
        n = min(len(z), max(workers, -(-len(z) // batch)))
        return np.concatenate(thread_map(work, np.array_split(z, n), workers), axis=0)

    return func


def _dagger(blocks):
    return np.conj(np.swapaxes(blocks, -1, -2))


def _densities(blocks):
    """(n, s_x, s_y, s_z) per site, (nx, ny, 4), from the site blocks of 2 pi rho."""
    rho = blocks / (2 * np.pi)
    density = np.empty(rho.shape[:2] + (4,))
    density[..., 0] = np.trace(rho, axis1=-2, axis2=-1).real
    density[..., 1:] = 0.5 * np.einsum("iba,xyab->xyi", PAULI, rho).real
    return density


def _gate_products(b, rates, shape):
    """Site blocks of G Hdot G^dagger, (nE, nx, ny, 2, 2), from b = G_{:,g}."""
    out = np.zeros((len(b), shape[0] * shape[1], 2, 2), dtype=complex)
    add_site_products(b * rates, b, np.arange(b.shape[-1]), out)
    return out.reshape(len(b), *shape, 2, 2)


def _currents(device, b, sigmas, rates):
    r"""Pumped particle current into each lead at each energy, (nE, n_leads).

    The emissivity of gate g into lead a is :math:`b_g^\dagger\Gamma_a b_g/2\pi`
    with b = G_{:,g} on the lead's orbitals.
    """
    out = np.empty((len(b), len(device.leads)))
    for a, (lead, sigma) in enumerate(zip(device.leads, sigmas)):
        gamma = 1j * (sigma - np.conj(np.swapaxes(sigma, -1, -2)))
        bl = b[:, lead.orbitals, :]
        emissivity = np.einsum("eog,eop,epg->eg", np.conj(bl), gamma, bl).real
        out[:, a] = emissivity @ rates / (2 * np.pi)
    return out

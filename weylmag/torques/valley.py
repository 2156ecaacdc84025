r"""The local valley-mediated torque of a magnetic Weyl semimetal (seed 000, Eqs. 21-24).

A current :math:`\mathbf{j}_c` in a field :math:`\mathbf{B}` builds up, through
the chiral anomaly and the anomalous Hall field of a texture, a valley density
that follows :math:`\mathbf{m}\cdot\mathbf{u}` with
:math:`\mathbf{u}\parallel\mathbf{B}\times\mathbf{j}_c` (Eq. 20). Where valley
relaxation is short compared with the texture, its gradient acts on the
magnetisation as the field

.. math::

    \mathbf{H}_v = \frac{\nu}{\gamma_0}\,\nabla(\mathbf{m}\cdot\mathbf{u}),

whose spin-space components are the real-space derivatives
:math:`(\partial_x, \partial_y, \partial_z)(\mathbf{m}\cdot\mathbf{u})`, which
the spin-momentum locking :math:`v\hat\tau_z\hat{\boldsymbol\sigma}\cdot\mathbf{k}`
of Eq. 1 allows. The torque, in the Gilbert form of the LLG equation, is

.. math::

    \mathbf{T}_v = -\gamma_0\,\mathbf{m}\times\mathbf{H}_v
    - \beta\gamma_0\,\mathbf{m}\times(\mathbf{m}\times\mathbf{H}_v)
    = -\nu\,\mathbf{m}\times\mathbf{g} - \beta\nu\,\mathbf{m}\times
    (\mathbf{m}\times\mathbf{g}), \qquad g_a = \mathbf{u}\cdot\partial_a\mathbf{m},

a field-like part (a DMI-like torque for a mirror broken along u) and a
damping-like "chiral damping" part. :func:`weylmag.valley.torque_parameters`
computes :math:`\nu` (m/s) and u from the physical parameters of Eq. 21.

On a uniform state :math:`\mathbf{m}_0 = \hat{\mathbf{z}}`, u in the plane,
with spin waves :math:`\omega = b + ak^2`
(:math:`a = 2\gamma_0A/\mu_0M_s`, :math:`b = \gamma_0(2K/\mu_0M_s + H_z)`),
the torque pumps energy into waves along u for :math:`|\nu| > 4\alpha\sqrt{ab}`
(Eq. 27; :math:`\beta \ll 1`) and into waves along
:math:`\mathbf{j}_c\perp\mathbf{u}` for :math:`|\nu| > 4(\alpha/\beta)\sqrt{ab}`
(Eq. 28; :math:`\beta \gg 1`). For any beta, the seed's balance (Eq. 26),
:math:`\nu(k_u - \beta k_j)/2 = \alpha(b + ak^2)`, is first met along
:math:`(1, -\beta)/\sqrt{1 + \beta^2}` in the (u, j_c) plane, at
:math:`|\nu| = 4\alpha\sqrt{ab}/\sqrt{1 + \beta^2}`
(``examples/05_valley_instability.py`` measures it).
"""

import warnings

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

from .. import parameters
from ..constants import e, epsilon0, hbar, mu0
from ..timefunc import TimeFunction
from .._kernels import llg as kl
from .base import CompiledTorque


class ValleyTorque(mm.dynamics.DynamicsTerm):
    r"""Valley-mediated torque :math:`-\nu\mathbf{m}\times(1 + \beta\mathbf{m}\times)
    \nabla(\mathbf{m}\cdot\mathbf{u})` (seed 000, Eqs. 21-24).

    Parameters
    ----------
    nu : float, dict or discretisedfield.Field
        Torque velocity (m/s); :func:`weylmag.valley.torque_parameters`
        gives it from eta, the Hall angle, tau_v, N, B and j_c.
    direction : array_like, dict or discretisedfield.Field
        u, the direction of :math:`\mathbf{B}\times\mathbf{j}_c`; normalised.
    beta : float, dict or discretisedfield.Field, optional
        Ratio of the damping-like to the field-like part (default 0).
    func, dt : optional
        A function of time multiplying nu (a current pulse), as for
        ``mm.ZhangLi``.

    Examples
    --------
    >>> import weylmag as wm
    >>> wm.ValleyTorque(nu=25.0, beta=0.1, direction=(1, 0, 0))
    ValleyTorque(nu=25.0, beta=0.1, direction=(1, 0, 0))
    """

    _allowed_attributes = ["nu", "beta", "direction", "func", "dt"]
    _reprlatex = (
        r"-\nu\,\mathbf{m}\times(1 + \beta\,\mathbf{m}\times)"
        r"\nabla(\mathbf{m}\cdot\mathbf{u})"
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        missing = [k for k in ("nu", "direction") if getattr(self, k, None) is None]
        if missing:
            raise ValueError(
                f"ValleyTorque needs nu (m/s) and direction (u, along B x j_c); missing "
                f"{missing}. weylmag.valley.torque_parameters(...) gives both."
            )
        if callable(self.nu) and not hasattr(self.nu, "mesh"):
            raise ValueError(
                "ValleyTorque: nu cannot be a callable; give func= for a time dependence."
            )

    def dmdt(self, m, Heff):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledValleyTorque(self, problem)


class CompiledValleyTorque(CompiledTorque):
    """:class:`ValleyTorque` on the grid."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        self.nu = parameters.scalar(term.nu, mesh, "nu")
        beta = getattr(term, "beta", None)
        self.beta = parameters.scalar(0.0 if beta is None else beta, mesh, "beta")
        self.u = parameters.unit_vector(term.direction, mesh, "direction")
        self.tf = TimeFunction.from_term(term)
        self.time_dependent = not self.tf.constant
        self._scale = np.empty(3)

    def add_torque(self, m, t, out):
        grid = self.problem.grid
        self._scale[:] = float(self.tf(t)) / grid.cell
        kl.add_valley(m, grid.ngb, grid.link, self.u, self._scale, self.nu, self.beta, out)


class ValleyDiffusion(mm.dynamics.DynamicsTerm):
    r"""Valley density solved with the magnetisation (seed 000, Eqs. 13-18, 29-34).

    At every evaluation of the LLG right-hand side the valley density
    :math:`\rho_v` (1/m^3) is solved quasi-statically on the mesh,

    .. math::

        \frac{\rho_v}{\tau_v} + \nabla\cdot\mathbf{j}_v
        = \frac{e^2\,\mathbf{E}\cdot\mathbf{B}}{2\pi^2\hbar^2}, \qquad
        \mathbf{j}_v = -D\nabla\rho_v + \frac{\sigma}{e^2}\boldsymbol\varepsilon,
        \qquad
        \boldsymbol\varepsilon = \eta(1 + \beta\mathbf{m}\times)\partial_t\mathbf{m},

    (the chiral anomaly and the valley-motive force; :math:`D = \sigma/e^2N`),
    and its gradient :math:`\mathbf{E}_v = -\nabla\mu_v`,
    :math:`\mu_v = \rho_v/N`, acts on the magnetisation through the field
    :math:`\mathbf{h} = -(\eta\sigma/e^2)(1 + \beta\mathbf{m}\times)\mathbf{E}_v`
    (J/m^3), i.e. the Gilbert-form torque

    .. math::

        \mathbf{T} = \frac{\gamma_0\eta\sigma}{e^2\mu_0M_s}
        \left[\mathbf{m}\times\mathbf{E}_v
        + \beta\,\mathbf{m}\times(\mathbf{m}\times\mathbf{E}_v)\right].

    The formulas are the seed's in SI with weylmag's m, the magnetisation
    direction (:mod:`weylmag.valley.coefficients`); there, beta has the sign
    that makes this torque the :class:`ValleyTorque` of Eq. 21 where
    :math:`\lambda_v` is short. The part :math:`-\sigma\eta\partial_t\mathbf{m}`
    of the valley current that acts back locally is a Gilbert damping
    enhancement, to be included in alpha (seed, below Eq. 15):
    :func:`weylmag.valley.coefficients.valley_damping` gives it. Where the
    valley current is blocked (closed faces, a thin film) the pumped valley
    field takes this enhancement back, so with ``pumping`` an alpha below it
    leaves the magnet undamped there; the term warns when it is.

    **Assumptions.** By default valley relaxation is fast compared with the
    magnetisation: :math:`\partial_t\rho_v` is dropped (Eq. 16b with
    :math:`\tau_v\partial_t \ll 1`), so the sparse operator is factorised once
    per drive and each evaluation is one back-substitution; ``transient=True``
    keeps it. The valley-motive
    force uses the dm/dt of the other terms and of this term's source-driven
    torque (two back-substitutions per evaluation); leaving out the pumped
    torque's own share of dm/dt is a relative error of order
    :math:`\alpha_v^2`.
    E is the local field of Eq. 19; the redistribution of the current by the
    valley density (the chiral magnetic effect) is left out.

    Parameters
    ----------
    eta : float
        :math:`\hbar k_0` (kg m/s), :math:`\pm k_0` the Weyl points.
    sigma : float, dict or discretisedfield.Field
        Electrical conductivity (S/m).
    N : float, dict or discretisedfield.Field
        Density of states at the Fermi level (1/(J m^3)).
    tau_v : float, dict or discretisedfield.Field
        Valley relaxation time (s); numpy.inf where valleys do not relax.
    beta : float, optional
        Damping-like ratio of Eqs. 17 (default 0).
    B : array_like, optional
        Magnetic induction (T) of the chiral anomaly. Its Zeeman energy is a
        separate ``mm.Zeeman``.
    E : array_like, dict or discretisedfield.Field, optional
        Electrochemical field (V/m). Or:
    j_c : array_like, dict or discretisedfield.Field, optional
        Current density (A/m^2), with the field
        :math:`\mathbf{E} = \sigma^{-1}(\mathbf{j}_c + \theta\mathbf{m}\times
        \mathbf{j}_c)` of Eq. 19.
    theta : float, optional
        Anomalous Hall angle (default 0), as in
        :mod:`weylmag.valley.coefficients`.
    mixing : optional
        Which boundary faces are valley-mixing (:math:`\rho_v = 0`): mesh
        sides ``'x-'`` ... ``'z+'``, ``'empty'`` (faces towards cells with
        Ms = 0) or a callable; see
        :class:`weylmag.valley.diffusion.ValleyDiffusionSolver`. Every other
        boundary face is closed.
    pumping : bool, optional
        Include the valley-motive force (default True).
    transient : bool, optional
        Keep the :math:`\partial_t\rho_v` of Eq. 16b (default False): the
        valley density becomes a state of its own, starting in equilibrium
        with the initial magnetisation, advanced by a backward-Euler step of
        the valley equation after every accepted magnetisation step (with
        the sources at the end of the step) and held fixed within a step.
        This splitting is first order in the step; use it where tau_v is not
        short compared with the motion, e.g. a current switched on faster
        than tau_v. Each new step size costs one sparse factorisation.
    func, dt : optional
        A function of time multiplying E or j_c.

    The drive table gets ``rho_v`` (mean, 1/m^3), ``eps_x/y/z`` (mean
    valley-motive force, N) and ``Tv_x/y/z``, the torque on the magnet
    :math:`\int\mu_0M_s\mathbf{T}/\gamma_0\,dV` (J).

    Examples
    --------
    >>> import weylmag as wm
    >>> wm.ValleyDiffusion(eta=1e-25, sigma=1e5, N=1e46, tau_v=1e-13, B=(1, 0, 0),
    ...                    j_c=(1e10, 0, 0), mixing="z+")
    ValleyDiffusion(eta=1e-25, sigma=100000.0, N=1e+46, tau_v=1e-13, B=(1, 0, 0), j_c=(10000000000.0, 0, 0), mixing='z+')
    """

    _allowed_attributes = [
        "eta", "sigma", "N", "tau_v", "beta", "B", "E", "j_c", "theta", "mixing",
        "pumping", "transient", "func", "dt",
    ]
    _reprlatex = (
        r"\frac{\gamma_0\eta\sigma}{e^2\mu_0M_s}\,\mathbf{m}\times(1 + \beta\,"
        r"\mathbf{m}\times)\mathbf{E}_v"
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        missing = [k for k in ("eta", "sigma", "N", "tau_v") if k not in kwargs]
        if missing:
            raise ValueError(
                f"ValleyDiffusion needs eta (kg m/s), sigma (S/m), N (1/(J m^3)) and "
                f"tau_v (s); missing {missing}."
            )
        if "E" in kwargs and "j_c" in kwargs:
            raise ValueError("ValleyDiffusion: give either E (V/m) or j_c (A/m^2), not both.")
        if "theta" in kwargs and "j_c" not in kwargs:
            raise ValueError(
                "ValleyDiffusion: theta (the Hall angle) acts through the current; give "
                "j_c with it."
            )

    def dmdt(self, m, Heff):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledValleyDiffusion(self, problem)


class CompiledValleyDiffusion(CompiledTorque):
    """:class:`ValleyDiffusion` on the grid: one factorised solve per evaluation."""

    observes = True

    def __init__(self, term, problem):
        super().__init__(term, problem)
        from ..valley.diffusion import ValleyDiffusionSolver

        mesh = problem.mesh
        n = problem.grid.n
        active = problem.grid.active
        self.eta = float(term.eta)
        if not self.eta > 0:
            raise ValueError(f"{term.name}: eta must be positive (kg m/s); got {term.eta!r}.")
        sigma = parameters.scalar(term.sigma, mesh, "sigma", positive=True)
        N = parameters.scalar(term.N, mesh, "N", positive=True)
        self.inv_N = 1.0 / N
        self.sigma_p = sigma / e**2  # particle conductivity, 1/(J m s)
        beta = getattr(term, "beta", None)
        self.beta = parameters.scalar(0.0 if beta is None else beta, mesh, "beta")
        mixing = getattr(term, "mixing", None)
        self.solver = ValleyDiffusionSolver(
            mesh,
            D=self.sigma_p * self.inv_N,
            tau_v=term.tau_v,
            active=active,
            mixing=() if mixing is None else mixing,
        )
        self.pumping = getattr(term, "pumping", None) is not False
        self.tf = TimeFunction.from_term(term)
        self.time_dependent = not self.tf.constant
        B = getattr(term, "B", None)
        self.B = np.zeros(3) if B is None else np.asarray(B, dtype=float)
        if self.B.shape != (3,) or not np.all(np.isfinite(self.B)):
            raise ValueError(f"{term.name}: B must be a finite 3-vector (T); got {B!r}.")
        anomaly = e**2 / (2 * np.pi**2 * hbar**2)  # 1/(m^3 s) per (V/m T)
        # Source S = a E.B with E = E0 (given) or (j + theta m x j)/sigma: keep
        # a.E0.B per cell and, for the Hall part, a theta (j x B)/sigma.
        self.S0 = np.zeros(n)
        self.hall = None
        if getattr(term, "E", None) is not None:
            E = parameters.vector(term.E, mesh, "E")
            self.S0 = anomaly * (E @ self.B)
        elif getattr(term, "j_c", None) is not None:
            j = parameters.vector(term.j_c, mesh, "j_c")
            self.S0 = anomaly * (j @ self.B) / sigma
            theta = float(getattr(term, "theta", None) or 0.0)
            if theta:
                # (m x j).B = m.(j x B)
                self.hall = (anomaly * theta / sigma)[:, None] * np.cross(j, self.B)
        self.S0 = np.ascontiguousarray(np.where(active, self.S0, 0.0))
        # T = c [m x E_v + beta m x (m x E_v)], c = gamma0 eta sigma_p / (mu0 Ms)
        self.c = np.ascontiguousarray(problem.gamma * self.eta * self.sigma_p * problem.inv_Ms / mu0)
        self.force_scale = np.full(n, self.eta)
        self.source = np.zeros(n)
        self.rho = np.zeros(n)
        self.flux = np.zeros((n, 3))
        self.Ev = np.zeros((n, 3))
        self._dmdt = np.zeros((n, 3))
        self._torque = np.zeros((n, 3))
        self._rho_S = np.zeros(n)
        self._Ev_S = np.zeros((n, 3))
        self._source_solved = False
        self.uses_dmdt = self.pumping
        self.stateful = bool(getattr(term, "transient", False))
        self.state = None  # rho_v of the transient form, set at the first evaluation
        self._state_flux = None
        if self.pumping and self.solver.closed_faces:
            self._check_damping(problem)

    def _check_damping(self, problem):
        alpha_v = self.c * self.eta  # gamma0 eta^2 sigma_p / (mu0 Ms)
        short = problem.grid.active & (problem.alpha < alpha_v)
        if np.any(short):
            warnings.warn(
                f"{self.name}: alpha = {problem.alpha[short].min():.3g} is below the valley "
                f"Gilbert enhancement alpha_v = {alpha_v[short].max():.3g} "
                "(weylmag.valley.coefficients.valley_damping), which alpha includes; where "
                "the valley current is blocked the pumped valley field removes it. Give "
                "alpha >= alpha_v, or pumping=False.",
                stacklevel=2,
            )

    def set_source(self, m, t, out):
        """The chiral-anomaly source (1/(m^3 s)) at m and t into out."""
        out[:] = self.S0
        if self.hall is not None:
            out += np.einsum("ij,ij->i", m, self.hall)
        if not self.tf.constant:
            out *= float(self.tf(t))
        return out

    def set_flux(self, m, dmdt, out):
        """sigma/e^2 times the valley-motive force eta (1 + beta m x) dm/dt, into out."""
        kl.set_valley_force(m, dmdt, self.force_scale, self.beta, out)
        out *= self.sigma_p[:, None]
        return out

    def _source_part(self, m, t):
        """rho_v and E_v of the chiral-anomaly source alone.

        Solved once per drive when the source depends neither on m (no Hall
        term) nor on t; otherwise one back-substitution per call.
        """
        if self._source_solved:
            return self._rho_S, self._Ev_S
        self.set_source(m, t, self.source)
        self.solver.solve(self.source, out=self._rho_S)
        self.solver.gradient(self._rho_S, out=self._Ev_S)
        self._Ev_S *= -self.inv_N[:, None]
        self._source_solved = self.hall is None and self.tf.constant
        return self._rho_S, self._Ev_S

    def solve(self, m, t, dmdt=None):
        """rho_v (1/m^3) and E_v = -grad(rho_v)/N (N) at m, t (and dm/dt when pumping).

        By linearity, the density of the source plus that of the
        valley-motive flux; the returned arrays are reused by the next call.
        """
        rho_S, Ev_S = self._source_part(m, t)
        if not (self.pumping and dmdt is not None):
            self.rho[:] = rho_S
            self.Ev[:] = Ev_S
            return self.rho, self.Ev
        flux = self.set_flux(m, dmdt, self.flux)
        self.solver.solve(None, flux, out=self.rho)
        self.rho += rho_S
        self.solver.gradient(self.rho, flux, out=self.Ev)
        self.Ev *= -self.inv_N[:, None]
        return self.rho, self.Ev

    def add_torque(self, m, t, out):
        if self.stateful:
            if self.state is None:
                self._quasi_static(m, t, out)
                self.state = self.rho.copy()
                self._state_flux = self.flux.copy() if self.pumping else None
            self.solver.gradient(self.state, self._state_flux, out=self.Ev)
            self.Ev *= -self.inv_N[:, None]
        else:
            self._quasi_static(m, t, out)
        kl.add_field_and_damping_like(m, self.Ev, self.c, self.beta, out)

    def step_done(self, t, m, h, dmdt=None):
        """Advance the transient valley density over an accepted step ending at t.

        ``dmdt`` is dm/dt at (t, m) when the integrator has it.
        """
        if self.state is None:
            return
        flux = None
        if self.pumping:
            if dmdt is None:
                dmdt = self.problem.rhs(t, m, self._dmdt)
            flux = self.set_flux(m, dmdt, self._state_flux)
        self.set_source(m, t, self.source)
        self.solver.step(self.state, h, self.source, flux, theta=1.0, out=self.state)

    def _quasi_static(self, m, t, out):
        """Solve rho_v and E_v at (m, t); ``out`` holds the other torques."""
        dmdt = None
        if self.pumping:
            # The valley-motive force needs dm/dt: that of the field of this
            # evaluation, the torques added before this term (Problem orders it
            # last) and this term's torque from the source alone.
            p = self.problem
            _, Ev_S = self._source_part(m, t)
            T = self._torque
            T[:] = out
            kl.add_field_and_damping_like(m, Ev_S, self.c, self.beta, T)
            kl.set_llg(m, p.H, T, p.gamma, p.alpha, p.precess, p.free, self._dmdt)
            dmdt = self._dmdt
        self.solve(m, t, dmdt)

    def observe(self, m, dmdt, t):
        """Mean rho_v and valley-motive force, and the net torque, from m and dm/dt."""
        if self.stateful and self.state is not None:
            rho, Ev = self.state, -self.inv_N[:, None] * self.solver.gradient(
                self.state, self._state_flux)
        else:
            rho, Ev = self.solve(m, t, dmdt)
        p = self.problem
        active = p.grid.active
        eps = np.zeros_like(m)
        kl.set_valley_force(m, dmdt, self.force_scale, self.beta, eps)
        # mu0 Ms T / gamma0 = eta sigma_p [m x E_v + beta m x (m x E_v)] (J/m^3)
        density = np.zeros_like(m)
        kl.add_field_and_damping_like(m, Ev, self.eta * self.sigma_p, self.beta, density)
        net = density[active].sum(axis=0) * p.grid.dV
        cols = {"rho_v": (float(rho[active].mean()), "1/m^3")}
        mean_eps = eps[active].mean(axis=0)
        for i, a in enumerate("xyz"):
            cols[f"eps_{a}"] = (float(mean_eps[i]), "N")
        for i, a in enumerate("xyz"):
            cols[f"Tv_{a}"] = (float(net[i]), "J")
        return cols



def fields(system, t=0.0, *, contacts=()):
    r"""The valley quantities of a system with :class:`ValleyDiffusion`, as fields.

    Solved at ``system.m`` and time t with the dm/dt of the LLG equation.

    Returns
    -------
    dict of discretisedfield.Field
        ``rho_v`` (1/m^3), ``E_v`` (:math:`-\nabla\rho_v/N`, N),
        ``j_v`` (valley current :math:`-D\nabla\rho_v + (\sigma/e^2)
        \boldsymbol\varepsilon`, 1/(m^2 s)), ``eps`` (valley-motive force, N),
        ``torque`` (the Gilbert-form torque T, 1/s), ``j_cme`` (the chiral
        magnetic current :math:`e^2\mu_v\mathbf{B}/(2\pi^2\hbar^2)` that the
        valley density drives, A/m^2), ``charge_density``, the charge that
        keeps the total current divergence-free in a metal,
        :math:`\rho_e = -\varepsilon_0 e^2\mathbf{B}\cdot\nabla\mu_v/
        (2\pi^2\hbar^2\sigma)` (C/m^3; Eqs. 37 and 39 in SI), and ``phi``,
        the electrochemical potential that it sets up (V;
        :func:`weylmag.valley.diffusion.pumped_potential` with ``contacts``,
        zero mean without them).

    Examples
    --------
    >>> import discretisedfield as df, micromagneticmodel as mm, weylmag as wm
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(2e-9, 2e-9, 40e-9), n=(1, 1, 20))
    >>> system = mm.System(name="column")
    >>> system.energy = mm.Exchange(A=1e-11)
    >>> system.dynamics = mm.Damping(alpha=0.1) + wm.ValleyDiffusion(
    ...     eta=1e-26, sigma=1e5, N=1e46, tau_v=4e-14, B=(1, 0, 0), j_c=(1e10, 0, 0),
    ...     mixing="z+")
    >>> system.m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=3e5)
    >>> f = wm.valley_fields(system)
    >>> sorted(f)
    ['E_v', 'charge_density', 'eps', 'j_cme', 'j_v', 'phi', 'rho_v', 'torque']
    """
    from ..problem import Problem
    from ..valley.diffusion import pumped_potential

    problem = Problem(system)
    terms = [term for term in problem.torque_terms if isinstance(term, CompiledValleyDiffusion)]
    if not terms:
        raise ValueError(
            "valley_fields needs a system with wm.ValleyDiffusion in system.dynamics."
        )
    term = terms[0]
    m = problem.m0
    dmdt = problem.rhs(t, m, np.empty_like(m))
    rho, Ev = term.solve(m, t, dmdt)
    rho, Ev = rho.copy(), Ev.copy()
    flux = term.set_flux(m, dmdt, np.zeros_like(m)) if term.pumping else None
    eps = np.zeros_like(m)
    kl.set_valley_force(m, dmdt, term.force_scale, term.beta, eps)
    torque = np.zeros_like(m)
    kl.add_field_and_damping_like(m, Ev, term.c, term.beta, torque)
    anomaly = e**2 / (2 * np.pi**2 * hbar**2)
    mu_v = rho * term.inv_N
    j_cme = anomaly * mu_v[:, None] * term.B[None, :]
    sigma = term.sigma_p * e**2
    # rho_e = -eps0 a B . grad(mu_v) / sigma with grad(mu_v) = -E_v
    charge = epsilon0 * anomaly * (Ev @ term.B) / sigma
    mesh = problem.mesh
    shape = tuple(int(v) for v in mesh.n)
    phi = pumped_potential(mesh, sigma=sigma, mu_v=mu_v, B=term.B,
                           active=problem.grid.active, contacts=contacts)

    def field(values, unit):
        nvdim = 1 if values.ndim == 1 else 3
        return df.Field(mesh, nvdim=nvdim, value=values.reshape(*shape, nvdim), unit=unit)

    return {
        "rho_v": field(rho, "1/m^3"),
        "E_v": field(Ev, "N"),
        "j_v": field(term.solver.current(rho, flux), "1/(m^2 s)"),
        "eps": field(eps, "N"),
        "torque": field(torque, "1/s"),
        "j_cme": field(j_cme, "A/m^2"),
        "charge_density": field(charge, "C/m^3"),
        "phi": field(phi, "V"),
    }

"""Compile an ``mm.System`` once per drive into arrays and kernel-backed terms.

The :class:`Problem` owns the grid, the per-cell material arrays, the
compiled energy and torque terms and the work buffers, and evaluates the LLG
right-hand side. It knows nothing about integrators or drivers.
"""

import numpy as np

import micromagneticmodel as mm

from . import energy, parameters, torques
from .constants import gamma0 as default_gamma0
from .constants import mu0
from .grid import Grid
from ._kernels import llg as kl


class IntegrationError(RuntimeError):
    """The integrator could not advance the magnetisation."""


ENERGY_TERMS = {
    "Exchange": energy.Exchange,
    "DMI": energy.DMI,
    "UniaxialAnisotropy": energy.UniaxialAnisotropy,
    "CubicAnisotropy": energy.CubicAnisotropy,
    "Demag": energy.Demag,
    "Zeeman": energy.Zeeman,
    "RKKY": energy.RKKY,
}

TORQUE_TERMS = {
    "ZhangLi": torques.ZhangLi,
    "Slonczewski": torques.Slonczewski,
}


def _compile(term, problem, table, kind):
    own = getattr(term, "_weylmag_compile", None)
    if own is not None:
        return own(problem)
    cls = table.get(type(term).__name__)
    if cls is None:
        raise TypeError(
            f"weylmag does not know the {kind} term {type(term).__name__}; supported: "
            f"{sorted(table)} and the weylmag terms."
        )
    return cls(term, problem)


class Problem:
    """A micromagnetic system compiled for the kernels.

    Parameters
    ----------
    system : micromagneticmodel.System
    fixed_subregions : list of str, optional
        Subregions whose magnetisation does not move.
    extra_energy : iterable of micromagneticmodel energy terms, optional
        Terms added by a driver (the hysteresis field).

    Examples
    --------
    >>> import micromagneticmodel as mm
    >>> system = mm.examples.macrospin()
    >>> problem = Problem(system)
    >>> problem.grid.n, [t.name for t in problem.energy_terms]
    (1, ['zeeman'])
    """

    def __init__(self, system, *, fixed_subregions=None, extra_energy=()):
        if system.m is None:
            raise ValueError("system.m is not set; give the initial magnetisation.")
        self.system = system
        self.mesh = system.m.mesh
        M = np.asarray(system.m.array, dtype=float).reshape(-1, 3)
        if not np.all(np.isfinite(M)):
            raise ValueError("system.m has non-finite values (nan or inf).")
        Ms = np.linalg.norm(M, axis=1)
        if not np.any(Ms > 0):
            raise ValueError(
                "system.m is zero everywhere; give it a norm (Ms, A/m), e.g. "
                "df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=8e5)."
            )
        self.Ms = Ms
        self.m0 = np.ascontiguousarray(
            np.divide(M, Ms[:, None], out=np.zeros_like(M), where=Ms[:, None] > 0)
        )
        with np.errstate(divide="ignore"):
            self.inv_Ms = np.where(Ms > 0, 1.0 / np.where(Ms > 0, Ms, 1.0), 0.0)
        self.grid = Grid(self.mesh, Ms)
        n = self.grid.n

        self._setup_dynamics(system)
        self.free = (Ms > 0).astype(float)
        if fixed_subregions:
            labels, names = parameters.region_labels(self.mesh)
            for r in fixed_subregions:
                if r not in names:
                    raise ValueError(
                        f"fixed_subregions names {r!r}, which the mesh does not have; "
                        f"it has {names}."
                    )
                self.free[labels == names.index(r)] = 0.0
        self.gamma = self.gamma * self.free

        self.energy_terms = [
            _compile(t, self, ENERGY_TERMS, "energy")
            for t in list(system.energy) + list(extra_energy)
        ]
        self.torque_terms = [
            _compile(t, self, TORQUE_TERMS, "dynamics")
            for t in system.dynamics
            if not isinstance(t, (mm.Precession, mm.Damping))
        ]
        # A term that renormalises the gyromagnetic ratio is not a torque: it
        # rescales gamma, alpha and the torques (AnisotropicGyromagneticRatio).
        rescaling = [t for t in self.torque_terms if getattr(t, "rescales_llg", False)]
        if len(rescaling) > 1:
            raise ValueError(
                "system.dynamics has more than one gyromagnetic-ratio term; combine "
                "their angular momenta L into one AnisotropicGyromagneticRatio."
            )
        self.gyration = rescaling[0] if rescaling else None
        self.torque_terms = [t for t in self.torque_terms if t is not self.gyration]
        if self.gyration is not None and any(t.uses_dmdt for t in self.torque_terms):
            raise ValueError(
                f"{self.gyration.name} cannot be combined with terms that use dm/dt "
                f"({[t.name for t in self.torque_terms if t.uses_dmdt]}): their dm/dt "
                "would miss the renormalised gyromagnetic ratio."
            )
        # Terms that need dm/dt of the others (valley pumping) come last.
        self.torque_terms.sort(key=lambda term: term.uses_dmdt)
        self.stateful_terms = [term for term in self.torque_terms if term.stateful]
        self._update_uniform_llg()
        self.temperature = float(system.T or 0.0)
        self.H = np.zeros((n, 3))
        # The term whose kernel can fuse its field with the uniform LLG, and
        # the others, whose uniform fields it adds (decided once).
        self._fused = next((term for term in self.energy_terms if term.fuses_llg), None)
        self._unfused = [term for term in self.energy_terms if term is not self._fused]
        self._h_uniform = np.zeros(3)
        self.T = np.zeros((n, 3))
        self._scratch = np.zeros((n, 3))
        self._density = np.zeros(n)
        if self.gyration is not None:
            self._gamma_r = np.zeros(n)
            self._alpha_r = np.zeros(n)
        self.n_rhs = 0

    def _setup_dynamics(self, system):
        mesh = self.mesh
        precession = [t for t in system.dynamics if isinstance(t, mm.Precession)]
        damping = [t for t in system.dynamics if isinstance(t, mm.Damping)]
        self.precess = 1.0 if precession else 0.0
        g = precession[0].gamma0 if precession else default_gamma0
        self.gamma = parameters.scalar(g, mesh, "gamma0", nonnegative=True)
        a = damping[0].alpha if damping else 0.0
        self.alpha = parameters.scalar(a, mesh, "alpha", nonnegative=True)

    def _update_uniform_llg(self):
        uniform = (
            self.free.min() == 1.0
            and self.gamma.min() == self.gamma.max()
            and self.alpha.min() == self.alpha.max()
        )
        self._uniform_llg = (self.gamma[0], self.alpha[0]) if uniform else None

    def damping_only(self):
        """Switch precession off (a steepest-descent flow of the energy).

        Where the system has no damping (alpha = 0 everywhere) the flow uses
        alpha = 1; alpha only sets the flow's pseudo-time.
        """
        self.precess = 0.0
        if not np.any(self.alpha > 0):
            self.alpha = np.ones_like(self.alpha)
        self._update_uniform_llg()

    # -- fields and energies ------------------------------------------------
    def effective_field(self, m, t, out):
        """Total effective field (A/m) at magnetisation m and time t into out."""
        return self._sum_fields(self.energy_terms, m, t, out)

    @staticmethod
    def _sum_fields(terms, m, t, out):
        # A term that can overwrite the field goes first: no zeroing pass.
        first = next((term for term in terms if term.sets_field), None)
        if first is None:
            out[:] = 0.0
        else:
            first.set_field(m, t, out)
        for term in terms:
            if term is not first:
                term.add_field(m, t, out)
        return out

    def term_field(self, term, m, t, out):
        term.set_field(m, t, out)
        return out

    def term_density(self, term, m, t, out=None):
        """Energy density (J/m^3) of one compiled term, a new array unless out given."""
        out = np.zeros(self.grid.n) if out is None else out
        H = self.term_field(term, m, t, self._scratch)
        term.set_density(m, t, H, out)
        return out

    def energies(self, m, t):
        """Energy (J) of each term, keyed by term name."""
        dV = self.grid.dV
        return {
            term.name: float(self.term_density(term, m, t, self._density).sum() * dV)
            for term in self.energy_terms
        }

    def total_energy(self, m, t):
        return sum(self.energies(m, t).values())

    # -- dynamics -----------------------------------------------------------
    def rhs(self, t, m, out, H_extra=None):
        """dm/dt (1/s) of the LLG equation with all torques, into out."""
        self.n_rhs += 1
        if (
            self._uniform_llg is not None
            and not self.torque_terms
            and self.gyration is None
            and self._fused_rhs(t, m, out, H_extra)
        ):
            return out
        H = self.effective_field(m, t, self.H)
        if H_extra is not None:
            H += H_extra
        T = self.T
        if self.torque_terms:  # without torque terms T stays zero
            T[:] = 0.0
            for term in self.torque_terms:
                term.add_torque(m, t, T)
        if self.gyration is not None:
            r = self.gyration.ratio(m)
            T *= r[:, None]
            gamma = np.multiply(self.gamma, r, out=self._gamma_r)
            alpha = np.multiply(self.alpha, r, out=self._alpha_r)
            kl.set_llg(m, H, T, gamma, alpha, self.precess, self.free, out)
        elif self._uniform_llg is not None and not self.torque_terms:
            kl.set_llg_uniform(m, H, *self._uniform_llg, self.precess, out)
        else:
            kl.set_llg(m, H, T, self.gamma, self.alpha, self.precess, self.free, out)
        return out

    def _fused_rhs(self, t, m, out, H_extra):
        """The uniform LLG without torques in one pass with a term that fuses it.

        The fields of the other terms that are not uniform go into H first;
        the uniform ones are summed into one vector that the fused kernel adds.
        Returns False (nothing done) where no term fuses the LLG or an array
        is not C-contiguous.
        """
        if self._fused is None or not (m.flags.c_contiguous and out.flags.c_contiguous):
            return False
        rest = []
        h = self._h_uniform
        h[:] = 0.0
        for term in self._unfused:
            field = term.uniform_field(t)
            if field is None:
                rest.append(term)
            else:
                h += field
        H = self.H
        if rest:
            self._sum_fields(rest, m, t, H)
            if H_extra is not None:
                H += H_extra
        elif H_extra is not None:
            np.copyto(H, H_extra)
        accumulate = bool(rest) or H_extra is not None
        gamma, alpha = self._uniform_llg
        self._fused.set_field_and_llg(m, h, accumulate, gamma, alpha, self.precess, H, out)
        return True

    def step_done(self, t, m, h, dmdt=None):
        """Tell the terms with a state of their own that a step of size h ended at t.

        Returns True when some state changed (dm/dt at (t, m) is then stale).
        """
        for term in self.stateful_terms:
            term.step_done(t, m, h, dmdt)
        return bool(self.stateful_terms)

    def descent(self, m, t, out):
        """m x (m x H) in free cells (A/m): minus the energy's descent direction."""
        H = self.effective_field(m, t, self.H)
        kl.set_mxmxH(m, H, out)
        out *= self.free[:, None]
        return out

    def check_finite(self, m, t):
        """Raise IntegrationError naming the first term whose field is not finite."""
        for term in self.energy_terms:
            if not np.all(np.isfinite(self.term_field(term, m, t, self._scratch))):
                return f"energy term {term.name!r}"
        T = self._scratch
        for term in self.torque_terms:
            T[:] = 0.0
            term.add_torque(m, t, T)
            if not np.all(np.isfinite(T)):
                return f"dynamics term {term.name!r}"
        return None

    def table_columns(self, m, t, dmdt=None):
        """Scalar outputs for the drive table: ``{name: (value, unit)}``.

        ``dmdt`` (the right-hand side at m and t) is passed on to the terms
        that observe the dynamics (pumped currents and voltages); it is
        computed here when they need it and the caller has not.
        """
        active = self.Ms > 0
        mean = m[active].mean(axis=0)
        cols = {"mx": (mean[0], ""), "my": (mean[1], ""), "mz": (mean[2], "")}
        energies = self.energies(m, t)
        cols["E"] = (sum(energies.values()), "J")
        for name, value in energies.items():
            cols[f"E_{name}"] = (value, "J")
        for term in self.energy_terms + self.torque_terms:
            cols.update(term.table_columns(t))
        observers = [term for term in self.torque_terms if term.observes]
        if observers and dmdt is None:
            dmdt = self.rhs(t, m, np.empty_like(m))
        for term in observers:
            cols.update(term.observe(m, dmdt, t))
        return cols

    def magnetisation(self, m):
        """M = Ms m as an array shaped like ``system.m.array``."""
        return (m * self.Ms[:, None]).reshape(self.system.m.array.shape)

    @property
    def mu0Ms_dV(self):
        return mu0 * self.Ms * self.grid.dV

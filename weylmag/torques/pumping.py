r"""Spin pumping of charge by a moving texture: the Onsager partners of the torques.

A texture that changes in time drives the conduction electrons (seed 003,
Saslow; seed 002, Sec. IV B 1). For carriers of polarisation P the
effective (spin-motive) electric field is

.. math::

    E_i = \frac{P\hbar}{2e}\left[\mathbf{m}\cdot(\partial_t\mathbf{m}\times
    \partial_i\mathbf{m}) + \beta\,\partial_t\mathbf{m}\cdot\partial_i\mathbf{m}
    \right]

(V/m, in the sense that it drives the current :math:`\sigma\mathbf{E}`),
the first term the partner of the adiabatic torque, the second of the
non-adiabatic one. The intrinsic torque of seed 002 pumps the current of
Eq. 21,

.. math::

    j_i = \frac{n_s e\hbar^2}{4J}\sum_j [M^{-1}]_{ij}\,
    \partial_j\mathbf{m}\cdot\partial_t\mathbf{m},

which is the Drude current of the second term with :math:`\beta\to
\beta_\mathrm{int} = \hbar/2J\tau`: give ``beta = beta + beta_int`` to
:class:`SpinMotiveForce` to include it in the voltage.

**Onsager reciprocity as a power identity.** With
:math:`\mathbf{v} = (n_s\mu_B\hbar e/2JM_s)M^{-1}\mathbf{E}` the torque is
:math:`\mathbf{T} = -\mathbf{m}\times(\mathbf{v}\cdot\nabla)\mathbf{m}`, so
:math:`(\mathbf{m}\times\mathbf{T})\cdot\partial_t\mathbf{m}
= (\mathbf{v}\cdot\nabla)\mathbf{m}\cdot\partial_t\mathbf{m}` for any
:math:`\partial_t\mathbf{m}\perp\mathbf{m}`, and cell by cell

.. math::

    \mathbf{j}\cdot\mathbf{E} = \frac{\hbar M_s}{2\mu_B}\,
    (\mathbf{m}\times\mathbf{T})\cdot\partial_t\mathbf{m}
    = \mu_0 M_s\frac{g}{2}\,\mathbf{h}\cdot\partial_t\mathbf{m},

where :math:`\hbar M_s/2\mu_B` is the spin density of the magnet,
:math:`\mathbf{h} = (\mathbf{m}\times\mathbf{T})/\gamma_0` the field that
exerts the torque and :math:`g = \gamma_0\hbar/(\mu_0\mu_B)`: the work done
by E on the pumped current equals the power that the torque exchanges with
the magnet (seed 001, Eqs. 3.5 and 3.61). Both sides use the same discrete
gradient, so the identity holds to rounding on the grid.

**Voltage across a domain wall.** Integrating :math:`E_x` through a wall
:math:`\theta(x - X(t))`, :math:`\phi(t)` (m = +x on the left, -x on the
right, :math:`\phi` the azimuth about x) gives

.. math::

    V = \int E_x\,dx = -\frac{P\hbar}{e}\left(\dot\phi
    + \frac{\beta}{2}\int\theta'^2dx\;\dot X\right)
    = -\frac{P\hbar}{e}\left(\dot\phi + \beta\frac{\dot X}{\Delta}\right).

The LLG equation turns this into an exact statement for a wall driven by
a field H along x in a translation-invariant wire: dotting the LLG with
:math:`\mathbf{m}\times\partial_x\mathbf{m}` and integrating,
:math:`\int\mathbf{H}_\mathrm{eff}\cdot\partial_x\mathbf{m}\,dx = -2H`
(the Zeeman energy jump across the wall), so

.. math::

    V = -\frac{P\hbar}{e}\gamma_0 H
    + \frac{P\hbar}{2e}(\beta - \alpha)\int\partial_t\mathbf{m}\cdot
    \partial_x\mathbf{m}\,dx .

Far above Walker breakdown (:math:`\dot X\to 0`, :math:`\dot\phi\to
\gamma_0 H/(1+\alpha^2)`), :math:`|V| \to P\hbar\gamma_0 H/e =
P(2\mu_B/e)\mu_0 H` for g = 2: Saslow's emf-to-field ratio (seed 003,
Eq. 88). Below breakdown (steady, :math:`\dot\phi = 0`,
:math:`\dot X = \gamma_0 H\Delta/\alpha`), :math:`V = -(P\hbar/e)
(\beta/\alpha)\gamma_0 H`; at :math:`\beta = \alpha`,
:math:`V = -P\hbar\gamma_0 H/e` in every regime.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

from ..constants import e, hbar, m_e
from ..grid import Grid
from .._kernels import llg as kl
from .base import CompiledTorque
from .intrinsic import current_density, inverse_mass_tensor

AXES = "xyz"


def spin_motive_density(grad, m, dmdt, P, beta, out=None):
    r"""E (V/m, shape (N, 3)) of the module formula from arrays on the grid."""
    out = np.empty_like(m) if out is None else out
    adiabatic = np.einsum("nc,nac->na", np.cross(m, dmdt), grad)  # m.(dt m x di m)
    nonadiabatic = np.einsum("nc,nac->na", dmdt, grad)
    np.multiply(P * hbar / (2 * e), adiabatic + beta * nonadiabatic, out=out)
    return out


def _arrays(m, dmdt):
    """Unit magnetisation, Ms, dm/dt and the grid from two fields on one mesh."""
    if not isinstance(m, df.Field) or m.nvdim != 3:
        raise TypeError("m must be a discretisedfield.Field with nvdim=3 (M or m).")
    mesh = m.mesh
    M = m.array.reshape(-1, 3)
    Ms = np.linalg.norm(M, axis=1)
    unit = np.divide(M, Ms[:, None], out=np.zeros_like(M), where=Ms[:, None] > 0)
    if isinstance(dmdt, df.Field):
        if dmdt.mesh != mesh or dmdt.nvdim != 3:
            raise ValueError("dmdt must be a 3-component field on the mesh of m.")
        dmdt = dmdt.array
    dmdt = np.ascontiguousarray(np.asarray(dmdt, dtype=float).reshape(-1, 3))
    if dmdt.shape != unit.shape:
        raise ValueError(f"dmdt has shape {dmdt.shape}; m has {unit.shape} cells.")
    return np.ascontiguousarray(unit), Ms, dmdt, Grid(mesh, Ms)


def _field(mesh, values):
    return df.Field(mesh, nvdim=3, value=values.reshape(*mesh.n, 3))


def spin_motive_field(m, dmdt, *, P, beta=0.0):
    r"""The spin-motive electric field of a moving texture (V/m).

    Parameters
    ----------
    m : discretisedfield.Field
        Magnetisation (its norm is Ms; cells with Ms = 0 are empty).
    dmdt : discretisedfield.Field or array_like
        :math:`\partial_t\mathbf{m}` (1/s), e.g. :func:`dmdt` of a system.
    P : float
        Spin polarisation of the carriers.
    beta : float, optional
        Non-adiabaticity (add :math:`\beta_\mathrm{int}` for the intrinsic
        partner).

    Returns
    -------
    discretisedfield.Field
        :math:`\mathbf{E}` of the module formula, zero in empty cells.

    Examples
    --------
    >>> import discretisedfield as df
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 1e-9, 1e-9), n=(10, 1, 1))
    >>> m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=8e5)
    >>> float(abs(spin_motive_field(m, m.orientation * 1e9, P=0.5).array).max())
    0.0
    """
    unit, _, rate, grid = _arrays(m, dmdt)
    E = spin_motive_density(grid.gradient(unit), unit, rate, P, beta)
    return _field(m.mesh, E)


def intrinsic_current(m, dmdt, *, n_s, J, m_e=m_e, inverse_mass=None):
    r"""The current pumped by the intrinsic torque's partner, seed 002 Eq. 21 (A/m^2).

    :math:`j_i = (n_s e\hbar^2/4J)\sum_j[M^{-1}]_{ij}\,\partial_j\mathbf{m}
    \cdot\partial_t\mathbf{m}`; parameters as for
    :class:`~weylmag.IntrinsicNonadiabaticTorque` (n_s a number or an array
    of cell values).

    Examples
    --------
    >>> import discretisedfield as df
    >>> from weylmag.constants import e
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 1e-9, 1e-9), n=(10, 1, 1))
    >>> m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=8e5)
    >>> j = intrinsic_current(m, m.orientation * 0, n_s=1e28, J=0.5 * e)
    >>> float(abs(j.array).max())
    0.0
    """
    minv = inverse_mass_tensor(None if inverse_mass is not None else m_e, inverse_mass,
                               "intrinsic_current")
    unit, _, rate, grid = _arrays(m, dmdt)
    n_s = np.broadcast_to(np.asarray(n_s, dtype=float).reshape(-1), (grid.n,))
    return _field(m.mesh, current_density(grid.gradient(unit), rate, n_s, J, minv))


def dmdt(system, t=0.0):
    """dm/dt (1/s) of a system in its present state, as a field.

    The right-hand side of the LLG equation with every energy and dynamics
    term of ``system``, at time t.

    Examples
    --------
    >>> import micromagneticmodel as mm
    >>> system = mm.examples.macrospin()
    >>> rate = dmdt(system)
    >>> bool(abs(rate.array).max() > 0)
    True
    """
    from ..problem import Problem

    problem = Problem(system)
    out = np.zeros_like(problem.m0)
    problem.rhs(t, problem.m0, out)
    return _field(system.m.mesh, out)


def probe_weights(mesh, active, probes, axis):
    """Weights w with V = sum(w * E_axis): the line integral between two planes.

    Each cell's share is the length of its overlap with the span between
    the planes (negative when ``probes[1] < probes[0]``), divided by the number of non-empty cells of its layer, so
    that V is the cross-section average of the line integral and changes
    continuously as a texture crosses a plane.
    """
    a = AXES.index(axis)
    first, second = (float(p) for p in probes)
    lo, hi = sorted((first, second))
    pmin, pmax = float(mesh.region.pmin[a]), float(mesh.region.pmax[a])
    if lo < pmin or hi > pmax or lo == hi:
        raise ValueError(
            f"probes={tuple(probes)} must be two different planes inside the mesh "
            f"along {axis}, between {pmin} and {pmax} m."
        )
    d = float(mesh.cell[a])
    edges = pmin + d * np.arange(int(mesh.n[a]) + 1)
    overlap = np.clip(np.minimum(edges[1:], hi) - np.maximum(edges[:-1], lo), 0, None)
    active = active.reshape(*mesh.n)
    layer_count = active.sum(axis=tuple(b for b in range(3) if b != a))
    share = np.divide(overlap, layer_count, out=np.zeros_like(overlap),
                      where=layer_count > 0)
    shape = [1, 1, 1]
    shape[a] = -1
    sign = 1.0 if second > first else -1.0  # V = phi(p2) - phi(p1) in either order
    return sign * (active * share.reshape(shape)).reshape(-1)


class SpinMotiveForce(mm.dynamics.DynamicsTerm):
    r"""Reports the spin-motive field and the voltage between two probe planes.

    Adds no torque: during a drive it writes to the table the mean
    spin-motive field ``E_smf_x/y/z`` (V/m) of the module formula, and with
    ``probes`` the voltage ``V_smf`` (V) between two planes normal to
    ``axis``, :math:`V = \phi(p_2) - \phi(p_1) = \int_{p_1}^{p_2}E\,dl`
    averaged over the cross-section (the open-circuit voltage, seed 003
    Fig. 1). With ``conductivity`` (S/m) it also writes the mean pumped
    current density ``j_smf`` (A/m^2) along ``axis``.

    Parameters
    ----------
    P : float
        Spin polarisation of the carriers.
    beta : float, optional
        Non-adiabaticity of the pumping (the extrinsic beta of the Zhang-Li
        torque plus beta_int for the intrinsic partner), default 0.
    probes : (float, float), optional
        Positions (m) of the two probe planes along ``axis``.
    axis : str, optional
        ``'x'`` (default), ``'y'`` or ``'z'``.
    conductivity : float, optional
        Electrical conductivity (S/m).

    Examples
    --------
    >>> SpinMotiveForce(P=0.5, probes=(10e-9, 90e-9))
    SpinMotiveForce(P=0.5, probes=(1e-08, 9e-08))
    """

    _allowed_attributes = ["P", "beta", "probes", "axis", "conductivity"]
    _reprlatex = r"\mathbf{E}_\mathrm{smf}\ (\text{observed})"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if "P" not in kwargs:
            raise ValueError("SpinMotiveForce needs the spin polarisation P.")
        axis = kwargs.get("axis", "x")
        if axis not in AXES:
            raise ValueError(f"SpinMotiveForce: axis must be 'x', 'y' or 'z'; got {axis!r}.")
        probes = kwargs.get("probes")
        if probes is not None and len(probes) != 2:
            raise ValueError("SpinMotiveForce: probes must be two positions (m).")

    def dmdt(self, m, Heff):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledSpinMotiveForce(self, problem)


class CompiledSpinMotiveForce(CompiledTorque):
    """Computes the columns of :class:`SpinMotiveForce`; adds no torque."""

    observes = True

    def __init__(self, term, problem):
        super().__init__(term, problem)
        grid = problem.grid
        self.P = float(term.P)
        self.beta = float(getattr(term, "beta", 0.0) or 0.0)
        self.axis = getattr(term, "axis", None) or "x"
        self.conductivity = getattr(term, "conductivity", None)
        probes = getattr(term, "probes", None)
        self.weights = (
            None if probes is None
            else probe_weights(problem.mesh, grid.active, probes, self.axis)
        )
        self._grad = np.empty((grid.n, 3, 3))
        self._E = np.empty((grid.n, 3))

    def add_torque(self, m, t, out):
        pass

    def observe(self, m, dmdt, t):
        grid = self.problem.grid
        grad = grid.gradient(m, self._grad)
        E = spin_motive_density(grad, m, dmdt, self.P, self.beta, self._E)
        mean = E[grid.active].mean(axis=0)
        cols = {f"E_smf_{a}": (mean[i], "V/m") for i, a in enumerate(AXES)}
        if self.weights is not None:
            a = AXES.index(self.axis)
            cols["V_smf"] = (float(self.weights @ E[:, a]), "V")
        if self.conductivity is not None:
            cols["j_smf"] = (self.conductivity * mean[AXES.index(self.axis)], "A/m^2")
        return cols

r"""The intrinsic (electric-field-induced) non-adiabatic torque and its Rashba partner.

Seed 002 (Kim, Lee, Lee and Stiles), Eq. 6, last term: an electric field
perturbs the conduction-electron states of a texture
:math:`H = p^2/2m_e + J\boldsymbol\sigma\cdot\mathbf{m}` and tilts their
spins by :math:`\pm(\hbar^2 e/4m_eJ^2)(\mathbf{E}\cdot\nabla)\mathbf{m}`
(Eq. 3), which exerts on the magnetisation the Gilbert-form torque

.. math::

    \mathbf{T}_\mathrm{int} = -\frac{n_s\mu_B\hbar e}{2m_eJM_s}\,
    \mathbf{m}\times(\mathbf{E}\cdot\nabla)\mathbf{m}
    = -\mathbf{m}\times(\mathbf{v}\cdot\nabla)\mathbf{m},
    \qquad
    \mathbf{v} = \frac{n_s\mu_B\hbar e}{2JM_s}\,M^{-1}\mathbf{E}.

For an arbitrary band the electron mass becomes the inverse mass tensor
:math:`[M^{-1}]_{ij} = \hbar^{-2}\partial^2\varepsilon/\partial k_i\partial k_j`
averaged over the spin-weighted Fermi sea (Eq. 12); ``inverse_mass`` is that
average, and :math:`M^{-1} = 1/m_e` for free electrons.

With the Drude current :math:`\mathbf{j}_e = n_e e^2\tau\mathbf{E}/m_e` and
:math:`\mathbf{j}_s = (n_s/n_e)\mathbf{j}_e`, the same torque is a
non-adiabatic Zhang-Li torque :math:`\beta_\mathrm{int}\,\mathbf{m}\times
(\mathbf{u}\cdot\nabla)\mathbf{m}` with (Eq. 20)

.. math::

    \beta_\mathrm{int} = \frac{\hbar}{2J\tau}, \qquad
    \mathbf{u} = -\frac{\mu_B e n_s\tau}{m_e M_s}\mathbf{E},

u being the spin-drift velocity of ``mm.ZhangLi`` (a texture is carried
along +u, with the electron flow, against E). A wall driven by both torques
moves at :math:`(\beta + \beta_\mathrm{int})u/\alpha` below Walker breakdown.
:func:`drude_equivalent` converts one form into the other.

**Rashba partner** (seed 002, Sec. IV B 2, Eq. 26). With Rashba coupling
:math:`(\alpha_R/\hbar)\boldsymbol\sigma\cdot(\mathbf{p}\times\hat{\mathbf{n}})`
every texture term acquires a chiral partner when the derivative is replaced
by the chiral derivative

.. math::

    \tilde\partial_i\mathbf{m} = \partial_i\mathbf{m}
    + k_R(\hat{\mathbf{n}}\times\hat{\mathbf{x}}_i)\times\mathbf{m},
    \qquad k_R = 2\alpha_R m_e/\hbar^2 .

Since :math:`\sum_i v_i(\hat{\mathbf{n}}\times\hat{\mathbf{x}}_i)
= \hat{\mathbf{n}}\times\mathbf{v}`, the torque
:math:`-\mathbf{m}\times(\mathbf{v}\cdot\tilde\nabla)\mathbf{m}` is
:math:`\mathbf{T}_\mathrm{int}` plus the intrinsic spin-orbit torque

.. math::

    \mathbf{T}_R = k_R\,\mathbf{m}\times[\mathbf{m}\times
    (\hat{\mathbf{n}}\times\mathbf{v})]
    = k_R\frac{n_s\mu_B\hbar e}{2m_eJM_s}\,\mathbf{m}\times[\mathbf{m}\times
    (\hat{\mathbf{z}}\times\mathbf{E})]\quad(\text{free electrons}),

which does not need a texture. The same substitution in the exchange energy
:math:`A|\tilde\partial_i\mathbf{m}|^2` gives interfacial DMI with
:math:`D = 2Ak_R` and a hard axis along n (:func:`weylmag.chiral.rashba_partners`).

Onsager partner: the current of Eq. 21 (:func:`weylmag.pumping.intrinsic_current`).
"""

import numbers

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

from .. import parameters
from ..constants import e, hbar, m_e, muB
from ..timefunc import TimeFunction
from .._kernels import llg as kl
from .base import CompiledTorque
from .zhangli import velocity


def beta_int(J, tau):
    r"""The intrinsic non-adiabaticity :math:`\hbar/(2J\tau)` (seed 002, Eq. 20).

    Parameters
    ----------
    J : float
        s-d exchange energy (J); ``J = 1 eV`` is ``1.602e-19``.
    tau : float
        Momentum-relaxation time (s).

    Examples
    --------
    >>> from weylmag.constants import e
    >>> round(beta_int(J=1 * e, tau=1e-14), 3)  # seed 002: 0.03 to 0.33
    0.033
    """
    return hbar / (2 * J * tau)


def drude_equivalent(E, *, n_s, J, tau, Ms, m_e=m_e):
    r"""The Zhang-Li form (beta_int, u) of the torque driven by a field E.

    Parameters
    ----------
    E : array_like
        Electric field (V/m), one vector or an array of vectors.
    n_s : float
        Spin density n_majority - n_minority (1/m^3).
    J : float
        s-d exchange energy (J).
    tau : float
        Momentum-relaxation time (s).
    Ms : float
        Saturation magnetisation (A/m).
    m_e : float, optional
        Effective electron mass (kg), the free-electron mass by default.

    Returns
    -------
    dict
        ``beta_int`` (:math:`\hbar/2J\tau`) and ``u`` (m/s, the spin-drift
        velocity :math:`-\mu_B e n_s\tau\mathbf{E}/(m_e M_s)` of the Drude
        spin current), to use as ``IntrinsicNonadiabaticTorque(beta_int=...,
        u=...)`` or with ``mm.ZhangLi(u=...)``.

    Examples
    --------
    >>> from weylmag.constants import e
    >>> d = drude_equivalent((1e5, 0, 0), n_s=1e28, J=0.5 * e, tau=1e-14, Ms=8e5)
    >>> round(d["beta_int"], 4), d["u"].round(1).tolist()
    (0.0658, [-20.4, -0.0, -0.0])
    """
    E = np.asarray(E, dtype=float)
    return {
        "beta_int": beta_int(J, tau),
        "u": -(muB * e * n_s * tau / (m_e * Ms)) * E,
    }


def inverse_mass_tensor(mass, inverse_mass, name):
    """The 3x3 inverse mass tensor (1/kg) from m_e or an explicit tensor."""
    if inverse_mass is not None and mass is not None:
        raise ValueError(
            f"{name}: give either m_e (free electrons) or inverse_mass (a 3x3 tensor, "
            "1/kg), not both."
        )
    if inverse_mass is None:
        mass = m_e if mass is None else mass
        if not isinstance(mass, numbers.Real) or mass <= 0:
            raise ValueError(f"{name}: m_e must be a positive mass (kg); got {mass!r}.")
        return np.eye(3) / float(mass)
    value = np.asarray(inverse_mass, dtype=float)
    if value.shape != (3, 3) or not np.all(np.isfinite(value)):
        raise ValueError(
            f"{name}: inverse_mass must be a finite 3x3 tensor (1/kg); got shape "
            f"{value.shape}."
        )
    if not np.allclose(value, value.T, rtol=1e-12, atol=0):
        raise ValueError(
            f"{name}: inverse_mass must be symmetric (it is the Hessian of the band "
            "energy over hbar^2)."
        )
    return value


def current_density(grad, dmdt, n_s, J, inverse_mass):
    r"""Eq. 21 on the grid: :math:`j_i = (n_s e\hbar^2/4J)\sum_j[M^{-1}]_{ij}
    \partial_j\mathbf{m}\cdot\partial_t\mathbf{m}` (A/m^2, shape (N, 3)).

    ``grad`` from :meth:`weylmag.grid.Grid.gradient`, n_s per cell.
    """
    overlap = np.einsum("nac,nc->na", grad, dmdt)  # d_j m . d_t m
    return (n_s * (e * hbar**2 / (4 * J)))[:, None] * (overlap @ inverse_mass.T)


class _ElectricTorque(mm.dynamics.DynamicsTerm):
    """The parameters shared by the two electric-field-induced torques."""

    _allowed_attributes = [
        "E", "n_s", "J", "m_e", "inverse_mass", "beta_int", "u", "k_R", "normal",
        "func", "dt",
    ]
    _texture = 1.0

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        electric = [k for k in ("E", "n_s", "J") if k in kwargs]
        drift = [k for k in ("beta_int", "u") if k in kwargs]
        name = type(self).__name__
        if electric and drift:
            raise ValueError(
                f"{name}: give either E, n_s and J (the field form, Eq. 6) or beta_int "
                f"and u (the Zhang-Li form, Eq. 20), not both; got {electric + drift}."
            )
        if drift:
            if len(drift) != 2:
                raise ValueError(f"{name}: the Zhang-Li form needs both beta_int and u.")
            if callable(kwargs["u"]) and not isinstance(kwargs["u"], df.Field):
                raise ValueError(
                    f"{name}: u cannot be a callable; give func= for a time dependence."
                )
        elif len(electric) != 3:
            missing = sorted({"E", "n_s", "J"} - set(electric))
            raise ValueError(
                f"{name} needs E (V/m), n_s (1/m^3) and J (J); missing {missing}. "
                "Or give beta_int and u."
            )
        elif not isinstance(kwargs["J"], numbers.Real) or kwargs["J"] == 0:
            raise ValueError(f"{name}: J must be a non-zero s-d exchange energy (J).")
        if self._texture == 0.0 and not kwargs.get("k_R"):
            raise ValueError(f"{name} needs the Rashba wave number k_R (1/m).")
        if not isinstance(kwargs.get("k_R", 0.0), numbers.Real):
            raise ValueError(f"{name}: k_R must be a number (1/m).")

    _reprlatex = r"-\mathbf{m}\times(\mathbf{v}\cdot\tilde\nabla)\mathbf{m}"

    def dmdt(self, m, Heff):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledIntrinsic(self, problem)


class IntrinsicNonadiabaticTorque(_ElectricTorque):
    r"""The electric-field-induced non-adiabatic torque of seed 002, Eq. 6.

    .. math::

        \mathbf{T} = -\frac{n_s\mu_B\hbar e}{2JM_s}\,\mathbf{m}\times
        \left[(M^{-1}\mathbf{E})\cdot\tilde\nabla\right]\mathbf{m}

    with the chiral derivative of the module docstring (``k_R = 0``: the
    plain gradient, the last term of Eq. 6; ``k_R != 0`` adds the intrinsic
    spin-orbit torque of Eq. 26).

    Parameters
    ----------
    E : array_like, dict, discretisedfield.Field or callable
        Electric field (V/m): a vector, per subregion, a vector field, or a
        function of time ``E(t)`` returning a uniform vector.
    n_s : float, dict or discretisedfield.Field
        Spin density :math:`n_\uparrow - n_\downarrow` of the conduction
        electrons (majority minus minority, 1/m^3).
    J : float
        s-d exchange energy (J), in :math:`H = J\boldsymbol\sigma\cdot\mathbf{m}`.
    m_e : float, optional
        Effective mass (kg); the free-electron mass by default.
    inverse_mass : array_like, optional
        Instead of m_e, the spin-weighted Fermi-sea average of the inverse
        mass tensor (3x3, 1/kg; Eq. 12).
    beta_int, u : float, optional
        Instead of E, n_s and J: the Zhang-Li form
        :math:`\beta_\mathrm{int}\mathbf{m}\times(\mathbf{u}\cdot\nabla)\mathbf{m}`
        (u in m/s as in ``mm.ZhangLi``); see :func:`drude_equivalent`.
    k_R : float, optional
        Rashba wave number :math:`2\alpha_R m_e/\hbar^2` (1/m), default 0.
    normal : array_like, optional
        Surface normal of the Rashba interface, default (0, 0, 1).
    func, dt : optional
        A function of time multiplying E (or u), as for ``mm.ZhangLi``.

    In the field form the drive table also gets ``j_int_x``, ``j_int_y``,
    ``j_int_z``: the sample mean of the current that the moving texture pumps
    (Eq. 21, A/m^2), the Onsager partner of this torque.

    Examples
    --------
    >>> from weylmag.constants import e
    >>> IntrinsicNonadiabaticTorque(E=(1e5, 0, 0), n_s=1e28, J=0.5 * e)
    IntrinsicNonadiabaticTorque(E=(100000.0, 0, 0), n_s=1e+28, J=8.01088317e-20)
    """


class IntrinsicSpinOrbitTorque(_ElectricTorque):
    r"""The intrinsic spin-orbit torque of a Rashba interface (seed 002, Eq. 26).

    .. math::

        \mathbf{T}_R = k_R\frac{n_s\mu_B\hbar e}{2JM_s}\,\mathbf{m}\times
        [\mathbf{m}\times(\hat{\mathbf{n}}\times M^{-1}\mathbf{E})]

    the chiral partner of :class:`IntrinsicNonadiabaticTorque`, acting on
    uniform magnets too. Parameters as there; ``k_R`` (1/m) is required.

    Examples
    --------
    >>> from weylmag.constants import e
    >>> IntrinsicSpinOrbitTorque(E=(1e5, 0, 0), n_s=1e28, J=0.5 * e, k_R=1e8).k_R
    100000000.0
    """

    _texture = 0.0
    _reprlatex = r"k_R\,\mathbf{m}\times[\mathbf{m}\times(\hat{\mathbf{n}}\times\mathbf{v})]"


class CompiledIntrinsic(CompiledTorque):
    """Both electric-field-induced torques, as ``-m x (v . grad~) m``."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        n = problem.grid.n
        self.texture = term._texture
        self.k_R = float(getattr(term, "k_R", 0.0) or 0.0)
        normal = getattr(term, "normal", None)
        normal = np.asarray((0, 0, 1) if normal is None else normal, dtype=float)
        if normal.shape != (3,) or np.linalg.norm(normal) == 0:
            raise ValueError(f"{term.name}: normal must be a non-zero 3-vector.")
        self.normal = normal / np.linalg.norm(normal)
        self.tf = TimeFunction.from_term(term)
        self._E_of_t = None
        if getattr(term, "beta_int", None) is not None:
            u = velocity(term.u, mesh)
            beta = parameters.scalar(term.beta_int, mesh, "beta_int")
            self.v0 = np.ascontiguousarray(-beta[:, None] * u)
        else:
            n_s = parameters.scalar(term.n_s, mesh, "n_s")
            coefficient = n_s * (muB * hbar * e / (2 * float(term.J))) * problem.inv_Ms
            self.observes = bool(self.texture)
            inverse_mass = inverse_mass_tensor(
                getattr(term, "m_e", None), getattr(term, "inverse_mass", None), term.name
            )
            if callable(term.E) and not isinstance(term.E, df.Field):
                self._coefficient = coefficient
                self._inverse_mass = inverse_mass
                self._E_of_t = term.E
                self._check_E(term.E(0.0))
                self.v0 = np.zeros((n, 3))
            else:
                E = parameters.vector(term.E, mesh, "E")
                # v_j = c sum_i E_i Minv_ij (Minv is symmetric).
                self.v0 = np.ascontiguousarray(coefficient[:, None] * (E @ inverse_mass))
            self._current = (n_s, float(term.J), inverse_mass)
        self.time_dependent = self._E_of_t is not None or not self.tf.constant
        self.v = self.v0.copy()
        self._scale = 1.0 / problem.grid.cell
        self._g = np.zeros((n, 3))

    def _check_E(self, value):
        value = np.asarray(value, dtype=float)
        if value.shape != (3,) or not np.all(np.isfinite(value)):
            raise ValueError(
                f"{self.name}: E(t) must return a finite 3-vector (V/m); got {value!r}."
            )
        return value

    def velocity(self, t):
        """The velocity v (m/s, shape (N, 3)) of ``-m x (v . grad~) m`` at time t."""
        if self._E_of_t is not None:
            w = self._inverse_mass @ self._check_E(self._E_of_t(t))
            np.multiply(self._coefficient[:, None], w[None, :], out=self.v)
        elif self.tf.constant:
            return self.v0  # nothing depends on t: no copy per evaluation
        else:
            self.v[:] = self.v0
        if not self.tf.constant:
            self.v *= float(self.tf(t))
        return self.v

    def observe(self, m, dmdt, t):
        """The mean pumped current of Eq. 21, ``j_int_x/y/z`` (A/m^2)."""
        grid = self.problem.grid
        j = current_density(grid.gradient(m), dmdt, *self._current)
        mean = j[grid.active].mean(axis=0)
        return {f"j_int_{a}": (mean[i], "A/m^2") for i, a in enumerate("xyz")}

    def add_torque(self, m, t, out):
        v = self.velocity(t)
        grid = self.problem.grid
        self._g[:] = 0.0
        if self.texture:
            kl.add_directional_derivative(m, grid.ngb, grid.link, v, self._scale, self._g)
        kl.add_intrinsic(m, self._g, v, self.texture, self.k_R, self.normal, out)

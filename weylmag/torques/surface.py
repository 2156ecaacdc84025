r"""Uniform-magnet effects of the electrons of a topological surface (seed 001, Ch. 2).

A ferromagnet on the surface of a topological insulator couples by exchange
to Dirac electrons, :math:`H = \hbar v(-k_y\sigma_x + k_x\sigma_y) +
J\mathbf{m}\cdot\boldsymbol\sigma` (Eq. 2.30). With the chemical potential in
the gap :math:`2|Jm_z|` the filled lower band changes the magnet's dynamics in
two ways, both computed by :mod:`weylmag.bands` and given here as dynamics
terms:

**The Faraday field** (Eq. 2.36). An in-plane electric field exerts, through
the Fermi-sea mixed curvature :math:`\bar\Omega_{km}`, the field
:math:`\mathbf{H}^E = eE_i\bar\Omega_{k_i\mathbf{m}}` per unit m, which for
this model is

.. math::

    \mathbf{H}^E = -\frac{e|J|}{4\pi\hbar v}\,\mathrm{sgn}(m_z)\,(E_x, E_y, 0)
    \quad (\mathrm{J/m^2}),

constant on each hemisphere and reversed across the equator, where the gap
closes. Its curl on the sphere is concentrated on the equator, so no free
energy exists globally: one exists per hemisphere (Eqs. 2.37),
:math:`G_{N,S} = G_s \mp \mathbf{H}^E_N\cdot\mathbf{m}`. :class:`FaradayField`
adds :math:`\mathrm{sgn}(\mathbf{m}\cdot\hat{\mathbf{n}})\mathbf{H}` to the
effective field of the LLG equation, precession and damping alike, without
an energy; :meth:`FaradayField.ti_surface` converts Eq. 2.36 for a film of
thickness d, :math:`\mathbf{H} = \mathbf{H}^E/(\mu_0M_sd)` (A/m).

**The gyromagnetic ratio** (Eqs. 2.16, 2.32-2.34). The magnetisation-space
curvature of the electrons adds the angular momentum
:math:`\hbar\,\mathbf{m}\cdot\bar{\boldsymbol\Omega}` per unit area (Eq. 2.16)
to the ferromagnet's :math:`M_s/\gamma_f` per unit volume, so with
:math:`L(\mathbf{m}) = \hbar\,\mathbf{m}\cdot\bar{\boldsymbol\Omega}/d`

.. math::

    \frac{1}{\gamma} = \frac{1}{\gamma_f} + \frac{L(\mathbf{m})}{M_s},
    \qquad
    L_\text{TI} = \frac{J^2|m_z|}{4\pi\hbar v^2 d}\,\mathrm{sgn}(J)

(:math:`\mathbf{m}\cdot\bar{\boldsymbol\Omega} = \bar\Omega_{\theta\phi}/\sin\theta`
with Eq. 2.31). In weylmag's units (:math:`\gamma_0 = \mu_0\gamma`, m/(A s))
the ratio is :math:`r = \gamma/\gamma_f = 1/(1 + \gamma_0L/\mu_0M_s)`. The
electrons change the angular momentum, not the torques: every torque
density, the Gilbert friction :math:`(\alpha M_s/\gamma_f)\,\mathbf{m}\times
\dot{\mathbf{m}}` included (the seed's damping tensor :math:`\eta` is the
ferromagnet's), is divided by the total angular momentum. The LLG equation
is then the ordinary one with

.. math::

    \gamma_0 \to r\gamma_0, \qquad \alpha \to r\alpha, \qquad
    \mathbf{T} \to r\mathbf{T}

for every Gilbert-form torque T, which :class:`AnisotropicGyromagneticRatio`
applies cell by cell. The thermal field of the stochastic evolvers, whose
variance is proportional to :math:`\alpha/\gamma_0`, is unchanged, as the
friction is.

Signs: J is the coupling of the electron spin to weylmag's m (the direction of
the magnetisation); the seed's sgn(alpha) is sgn(J) for v > 0 and the sign of v
is kept (see :func:`weylmag.bands.models.ti_surface_omega_theta_phi`).
"""

import math

import micromagneticmodel as mm
import numpy as np

from .. import parameters
from ..bands.models import _positive, _velocity
from ..constants import e, hbar, mu0
from ..timefunc import TimeFunction
from .._kernels import kernel
from .._kernels.vec import cross
from .base import CompiledTorque

from numba import prange


@kernel
def add_hemisphere_field(m, n, H, gamma, width, scale, out):
    """out += -gamma m x (s(m . n) H scale), s the sign or tanh((m . n)/width).

    A field-like Gilbert torque whose field reverses across the plane
    m . n = 0; s(0) = 0 for the sign.
    """
    for i in prange(m.shape[0]):
        p = m[i, 0] * n[i, 0] + m[i, 1] * n[i, 1] + m[i, 2] * n[i, 2]
        if width > 0.0:
            s = math.tanh(p / width)
        elif p > 0.0:
            s = 1.0
        elif p < 0.0:
            s = -1.0
        else:
            s = 0.0
        c = -gamma[i] * s * scale
        tx, ty, tz = cross(m[i, 0], m[i, 1], m[i, 2], H[i, 0], H[i, 1], H[i, 2])
        out[i, 0] += c * tx
        out[i, 1] += c * ty
        out[i, 2] += c * tz


class FaradayField(mm.dynamics.DynamicsTerm):
    r"""Field :math:`\mathrm{sgn}(\mathbf{m}\cdot\hat{\mathbf{n}})\,\mathbf{H}`, one value per
    hemisphere (seed 001, Eqs. 2.36-2.37).

    The intrinsic spin-orbit field of an electric field on a magnetised
    topological-insulator surface. It acts like a Zeeman field of opposite
    signs on the two hemispheres :math:`\mathbf{m}\cdot\hat{\mathbf{n}} \gtrless
    0`; it has no global energy and is therefore a dynamics term (the
    minimisers do not see it).

    Parameters
    ----------
    H : array_like, dict or discretisedfield.Field
        The field (A/m) on the hemisphere :math:`\mathbf{m}\cdot\hat{\mathbf{n}} > 0`.
    axis : array_like, optional
        :math:`\hat{\mathbf{n}}`, the pole of that hemisphere (default z).
    width : float, optional
        0 (default) for the exact sign. A positive width replaces the sign by
        :math:`\tanh(\mathbf{m}\cdot\hat{\mathbf{n}}/w)`, smoothing the jump
        over the band of the sphere where the gap :math:`2|Jm_z|` is below
        about :math:`2|J|w` (a thermal smearing, :math:`w \sim k_BT/|J|`). On
        the attracting half-equator the exact sign makes an explicit
        integrator chatter with steps of order tolerance / field.
    func, dt : optional
        A function of time multiplying H (a gate or current pulse), as for
        ``mm.Zeeman``.

    Examples
    --------
    >>> import weylmag as wm
    >>> wm.FaradayField(H=(-1e4, 0, 0))
    FaradayField(H=(-10000.0, 0, 0))
    """

    _allowed_attributes = ["H", "axis", "width", "func", "dt"]
    _reprlatex = r"\mathrm{sgn}(\mathbf{m}\cdot\hat{\mathbf{n}})\,\mathbf{H}^E"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if getattr(self, "H", None) is None:
            raise ValueError(
                "FaradayField needs H (A/m), the field on the hemisphere m . axis > 0; "
                "FaradayField.ti_surface(...) gives it from the surface model."
            )
        width = getattr(self, "width", None)
        if width is not None and not (math.isfinite(width) and width >= 0):
            raise ValueError(f"width must be >= 0 (0 for the exact sign); got {width!r}.")

    @classmethod
    def ti_surface(cls, E, v, J, thickness, Ms, **kwargs):
        r"""Eq. 2.36 for a film of thickness d and saturation Ms on a TI surface.

        :math:`\mathbf{H} = -e|J|(E_x, E_y, 0)/(4\pi\hbar v\,\mu_0M_sd)` on the
        hemisphere :math:`m_z > 0`.

        Parameters
        ----------
        E : array_like
            In-plane electric field (V/m); :math:`E_z` does not act.
        v : float
            Dirac velocity (m/s).
        J : float
            Exchange energy (J) of the electron spin with m.
        thickness, Ms : float
            Film thickness (m) and saturation magnetisation (A/m).
        **kwargs
            ``width``, ``func``, ``dt``, ``name``.

        Examples
        --------
        >>> import weylmag as wm
        >>> term = wm.FaradayField.ti_surface(E=(1e5, 0, 0), v=5e5, J=5e-21,
        ...                                   thickness=2e-9, Ms=1e5)
        >>> round(term.H[0])
        -481
        """
        E = np.asarray(E, dtype=float)
        if E.shape != (3,) or not np.all(np.isfinite(E)):
            raise ValueError(f"E must be a finite 3-vector (V/m); got {E!r}.")
        Ms = _positive(Ms, "Ms", "A/m")
        scale = -e * abs(float(J)) / (
            4 * math.pi * hbar * _velocity(v) * mu0 * Ms * _positive(thickness, "thickness", "m")
        )
        H = tuple(float(x) for x in scale * np.array([E[0], E[1], 0.0]))
        return cls(H=H, axis=(0, 0, 1), **kwargs)

    def dmdt(self, m, Heff):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledFaradayField(self, problem)


class CompiledFaradayField(CompiledTorque):
    """:class:`FaradayField` on the grid."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        mesh = problem.mesh
        self.H = parameters.vector(term.H, mesh, "H")
        axis = getattr(term, "axis", None)
        self.n = parameters.unit_vector((0, 0, 1) if axis is None else axis, mesh, "axis")
        self.width = float(getattr(term, "width", None) or 0.0)
        self.tf = TimeFunction.from_term(term)
        if self.tf.kind != "scalar":
            raise ValueError("FaradayField: func must return a number (a scalar multiplier).")
        self.time_dependent = not self.tf.constant

    def add_torque(self, m, t, out):
        add_hemisphere_field(
            m, self.n, self.H, self.problem.gamma, self.width, float(self.tf(t)), out
        )


class AnisotropicGyromagneticRatio(mm.dynamics.DynamicsTerm):
    r"""Gyromagnetic ratio renormalised by the electrons' Berry curvature
    :math:`1/\gamma = 1/\gamma_f + L(\mathbf{m})/M_s` (seed 001, Eqs. 2.16, 2.33-2.34).

    The LLG equation runs with :math:`r\gamma_0`, :math:`r\alpha` and every
    torque times r, :math:`r = 1/(1 + \gamma_0L/\mu_0M_s)`, cell by cell (see
    the module docstring for why the damping scales too).

    Parameters
    ----------
    L : float or callable
        The electrons' angular momentum along m per unit volume of the magnet
        (J s/m^3), :math:`\hbar\,\mathbf{m}\cdot\bar{\boldsymbol\Omega}` divided
        by the thickness (or cross-section) the electrons' layer (or edge)
        serves. A number is a constant; a callable ``L(m)`` takes the unit
        vectors as an array of shape (n, 3) and returns n values.
        :meth:`ti_surface` and :meth:`ti_edge` give the closed forms, and
        :func:`weylmag.bands.omega_mm` computes :math:`\bar\Omega` for any
        model.

    Examples
    --------
    >>> import weylmag as wm
    >>> term = wm.AnisotropicGyromagneticRatio.ti_surface(v=5e5, J=5e-21, thickness=2e-9)
    >>> import numpy as np
    >>> float(term.L(np.array([[0.0, 0.0, 1.0]]))[0]) > 0
    True
    """

    _allowed_attributes = ["L"]
    _reprlatex = r"\gamma^{-1} = \gamma_f^{-1} + L(\mathbf{m})/M_s"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        L = getattr(self, "L", None)
        if L is None or not (callable(L) or np.isscalar(L)):
            raise ValueError(
                "AnisotropicGyromagneticRatio needs L, the electrons' angular momentum "
                "density (J s/m^3): a number or a callable L(m) of the (n, 3) unit "
                "vectors; ti_surface(...) and ti_edge(...) give the closed forms."
            )

    @classmethod
    def ti_surface(cls, v, J, thickness, **kwargs):
        r"""TI surface under a film of thickness d: :math:`L = J^2|m_z|\mathrm{sgn}(J)/(4\pi\hbar v^2d)`.

        Eq. 2.32 in SI: :math:`\gamma_s(\theta) = M_s/L(\theta)` (rad/(s T)).
        """
        c = float(J) ** 2 * np.sign(float(J)) / (
            4 * math.pi * hbar * _velocity(v) ** 2 * _positive(thickness, "thickness", "m")
        )

        def L(m):
            return c * np.abs(m[:, 2])

        return cls(L=L, **kwargs)

    @classmethod
    def ti_edge(cls, v, J, area, **kwargs):
        r"""2D-TI edge along a wire of cross-section A: :math:`L = J/(2\pi vA)`, constant.

        Eq. 2.39: :math:`\mathbf{m}\cdot\bar{\boldsymbol\Omega} =
        \bar\Omega_{\theta\phi}/\sin\theta = J/(2\pi\hbar v)` per unit length,
        the same in every direction (Eq. 2.40).
        """
        return cls(L=float(J) / (2 * math.pi * _velocity(v) * _positive(area, "area", "m^2")), **kwargs)

    def dmdt(self, m, Heff):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledGyromagneticRatio(self, problem)


class CompiledGyromagneticRatio:
    """:class:`AnisotropicGyromagneticRatio` on the grid: the ratio r per cell.

    Not a torque: :class:`~weylmag.problem.Problem` keeps it apart and
    rescales gamma, alpha and the torques with :meth:`ratio`.
    """

    rescales_llg = True
    time_dependent = False

    def __init__(self, term, problem):
        self.term = term
        self.name = term.name
        self.problem = problem
        with np.errstate(divide="ignore"):
            self._c = np.where(problem.Ms > 0, problem.gamma / (mu0 * problem.Ms), 0.0)
        self._r = np.ones(problem.grid.n)
        L = term.L
        if callable(L):
            self._L = L
        else:
            L = float(L)
            self._L = lambda m: L
        self.ratio(problem.m0)

    def ratio(self, m):
        """r = 1/(1 + gamma0 L(m)/(mu0 Ms)) per cell (1 in empty cells)."""
        L = np.asarray(self._L(m), dtype=float)
        if L.ndim and L.shape != (m.shape[0],):
            raise ValueError(
                f"AnisotropicGyromagneticRatio: L(m) returned shape {L.shape}; it must "
                f"return one value per cell, shape ({m.shape[0]},)."
            )
        r = self._r
        np.multiply(self._c, L, out=r)
        r += 1.0
        if not np.all(r > 0):
            raise ValueError(
                "AnisotropicGyromagneticRatio: 1 + gamma0 L/(mu0 Ms) is not positive "
                f"(min {r.min():.3g}): the electrons' angular momentum cancels the "
                "magnet's. Check the sign and size of L."
            )
        np.reciprocal(r, out=r)
        return r

    def table_columns(self, t):
        return {}

    def __repr__(self):
        return f"{type(self).__name__}({self.term!r})"

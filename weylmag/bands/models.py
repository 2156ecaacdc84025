r"""Reference models with closed-form curvatures (seed 001, Ch. 2; seed 000, Sec. II).

Each model is a :class:`~weylmag.bands.BlochModel` in SI units (k in 1/m,
energies in J), vectorised over k, with the closed forms it is tested
against next to it. The seed's symbols map as follows: the seed's exchange
energy :math:`Jm` (magnetisation length m) is ``J`` here and the
Hamiltonian takes the unit vector m; the dimensionless
:math:`\alpha = Jma/\hbar v` of Eqs. 2.31-2.41 is ``J * a / (hbar * v)``,
and the lattice constant a cancels from every SI result.

Sign conventions are those of :mod:`weylmag.bands.curvature`
(:math:`\Omega = -2\,\mathrm{Im}\langle\partial u|\partial u\rangle`, the
seed's) and of :mod:`weylmag.bands.observables`; where the seed's formula
holds only for :math:`v > 0` the closed form here carries the general sign,
and the docstring says so.
"""

import math

import numpy as np

from ..constants import e, hbar
from .kspace import BrillouinZone, KBox
from .model import BlochModel, unit_vector

__all__ = [
    "PAULI",
    "qi_wu_zhang",
    "qi_wu_zhang_chern_number",
    "ti_edge",
    "ti_edge_omega_theta_phi",
    "ti_edge_sot_field",
    "ti_surface",
    "ti_surface_box_flux",
    "ti_surface_dirac_point",
    "ti_surface_omega_theta_phi",
    "ti_surface_sot_field",
    "weyl_four_band",
    "weyl_hall_conductivity",
    "weyl_lattice",
    "weyl_lattice_node",
]

#: Pauli matrices sigma_x, sigma_y, sigma_z, shape (3, 2, 2).
PAULI = np.array(
    [[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]], dtype=complex
)
_ID2 = np.eye(2, dtype=complex)


def _pauli_sum(coefficients):
    """sum_i c_i sigma_i for coefficients of shape (..., 3) -> (..., 2, 2)."""
    return np.tensordot(coefficients, PAULI, axes=([-1], [0]))


def _positive(value, name, unit):
    if not (np.ndim(value) == 0 and np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive number ({unit}); got {value!r}.")
    return float(value)


def _finite(value, name, unit):
    if not (np.ndim(value) == 0 and np.isfinite(value)):
        raise ValueError(f"{name} must be a finite number ({unit}); got {value!r}.")
    return float(value)


def _velocity(v):
    if not (np.ndim(v) == 0 and np.isfinite(v) and v != 0):
        raise ValueError(f"v must be a non-zero Fermi velocity (m/s); got {v!r}.")
    return float(v)


# --- 3D topological-insulator surface (Eqs. 2.30-2.36) ---------------------------------


def ti_surface(v, J, half_width, center=(0.0, 0.0)):
    r"""Magnetised TI surface, Eq. 2.30.

    .. math::

        H = \hbar v(-k_y\sigma_x + k_x\sigma_y) + J\,\mathbf{m}\cdot\boldsymbol\sigma

    In-plane m shifts the Dirac point to :math:`\mathbf{k}_D =
    (J/\hbar v)(-m_y, m_x)` (:func:`ti_surface_dirac_point`); :math:`m_z`
    opens the gap :math:`2|Jm_z|`. With the chemical potential in the gap
    (Sec. 2.3: T = 0, :math:`\mu = 0`) the lower band is filled.

    Parameters
    ----------
    v : float
        Dirac velocity (m/s).
    J : float
        Exchange energy (J), the seed's :math:`Jm`.
    half_width : float
        Momentum cutoff (1/m): the model lives on the square
        ``center +- half_width``. The curvature decays as :math:`1/k^3`, so
        the box misses a fraction of order :math:`|J m_z|/(\hbar v k_c)` of the
        Berry flux (:func:`ti_surface_box_flux` gives the box exactly).
    center : (float, float)
        Centre of the box (1/m).

    Examples
    --------
    >>> from weylmag.bands import models
    >>> models.ti_surface(5e5, 3.2e-21, 1e10).n_bands
    2
    """
    v, J = _velocity(v), _finite(J, "J", "J")
    hv = hbar * v

    def h(k, m):
        c = np.stack([-hv * k[..., 1], hv * k[..., 0], np.zeros(k.shape[:-1])], axis=-1)
        return _pauli_sum(c + J * np.asarray(m))

    box = KBox.centered(center, _positive(half_width, "half_width", "1/m"))
    return BlochModel(h, box, name="TI surface (Eq. 2.30)")


def ti_surface_dirac_point(v, J, m):
    r"""Position of the Dirac point, :math:`\mathbf{k}_D = (J/\hbar v)(-m_y, m_x)` (1/m)."""
    m = unit_vector(m)
    return J / (hbar * _velocity(v)) * np.array([-m[1], m[0]])


def ti_surface_box_flux(v, J, m, box):
    r"""Exact curvature flux of the lower band through a cutoff box (dimensionless).

    The lower band of :math:`\mathbf{d}\cdot\boldsymbol\sigma` carries
    :math:`\tfrac12\hat{\mathbf{d}}\cdot(\partial_x\hat{\mathbf{d}}\times
    \partial_y\hat{\mathbf{d}})`, half the solid angle S that the box,
    seen from the height :math:`h = |Jm_z|/\hbar|v|` above the Dirac point,
    subtends:

    .. math::

        \int_\text{box}\frac{d^2k}{(2\pi)^2}\,\Omega_{k_xk_y}
        = \frac{\mathrm{sgn}(Jm_z)\,S}{8\pi^2},\qquad
        S = \sum_\text{corners}\pm\arctan\frac{xy}{h\sqrt{x^2 + y^2 + h^2}},

    with (x, y) the corners relative to :math:`\mathbf{k}_D` (+ for the
    corners (max, max) and (min, min)). :math:`S \to 2\pi` for an infinite
    box. Because in-plane m only shifts the Dirac point,
    :math:`\partial_{m_x}H = -(J/\hbar v)\partial_{k_y}H` and
    :math:`\partial_{m_y}H = (J/\hbar v)\partial_{k_x}H` at every k, so on the
    same box

    .. math::

        \bar\Omega_{m_xm_y} = \Big(\frac{J}{\hbar v}\Big)^2 F, \quad
        \bar\Omega_{k_xm_x} = \bar\Omega_{k_ym_y} = -\frac{J}{\hbar v}F,

    with F the value returned.

    Examples
    --------
    >>> from weylmag.bands import KBox, models
    >>> big = KBox.centered((0, 0), 1e15)
    >>> round(models.ti_surface_box_flux(5e5, 3.2e-21, [0, 0, 1], big) * 4 * math.pi, 6)
    1.0
    """
    m = unit_vector(m)
    if not isinstance(box, KBox) or box.dim != 2:
        raise ValueError(f"box must be a 2D weylmag.bands.KBox; got {box!r}.")
    height = abs(J * m[2]) / (hbar * abs(_velocity(v)))
    if height == 0:
        raise ValueError("the box flux needs a gap: J * m_z must not be 0.")
    lo, hi = (
        box.bounds[:, 0] - ti_surface_dirac_point(v, J, m),
        box.bounds[:, 1] - ti_surface_dirac_point(v, J, m),
    )

    def corner(x, y):
        return math.atan2(x * y, height * math.sqrt(x * x + y * y + height * height))

    solid = (
        corner(hi[0], hi[1])
        - corner(lo[0], hi[1])
        - corner(hi[0], lo[1])
        + corner(lo[0], lo[1])
    )
    return float(np.sign(J * m[2]) * solid / (8 * math.pi**2))


def ti_surface_omega_theta_phi(v, J, theta):
    r"""Eq. 2.31 in SI (1/m^2), the infinite-plane curvature of the filled lower band.

    .. math::

        \bar\Omega_{\theta\phi} = \frac{\alpha^2|\sin2\theta|}{8\pi a^2}\,\mathrm{sgn}(J)
        = \frac{J^2|\sin2\theta|}{8\pi\hbar^2v^2}\,\mathrm{sgn}(J)

    The seed writes :math:`\mathrm{sgn}(\alpha)`, :math:`\alpha = Jma/\hbar v`.
    Reversing v turns :math:`\mathbf{d} = (-\hbar vq_y, \hbar vq_x, Jm_z)` into
    its image under a rotation by :math:`\pi` about z, which leaves
    :math:`\hat{\mathbf{d}}\cdot(\partial_x\hat{\mathbf{d}}\times\partial_y\hat{\mathbf{d}})`
    unchanged, so the exact sign is that of J: the seed's form holds for v > 0.
    """
    return (
        J**2
        * abs(math.sin(2 * theta))
        * np.sign(J)
        / (8 * math.pi * hbar**2 * _velocity(v) ** 2)
    )


def ti_surface_sot_field(v, J, m, E):
    r"""Eq. 2.36 per unit m (J/m^2), the intrinsic field-induced field.

    .. math::

        \mathbf{H}^E = -\frac{e|J|}{4\pi\hbar v}\,\mathrm{sgn}(m_z)\,(E_x, E_y, 0)

    For :math:`\mathbf{E} = E\hat{\mathbf{x}}` this is the seed's
    :math:`-eE|\alpha|\,\mathrm{sgn}(m_z)\hat{\mathbf{x}}/(4\pi ma)` times the
    magnetisation length m (the seed differentiates with respect to the
    vector of length m). The seed's :math:`|\alpha|` assumes v > 0; the sign
    of v is kept here.
    """
    m = unit_vector(m)
    E = np.asarray(E, dtype=float)
    return (
        -e
        * abs(J)
        / (4 * math.pi * hbar * _velocity(v))
        * np.sign(m[2])
        * np.array([E[0], E[1], 0.0])
    )


# --- 2D topological-insulator edge (Eqs. 2.38-2.42) -----------------------------------


def ti_edge(v, J, half_width, center=0.0):
    r"""Magnetised 2D-TI edge, Eq. 2.38.

    .. math::

        H = \hbar vk\sigma_y + J\,\mathbf{m}\cdot\boldsymbol\sigma

    :math:`m_y` shifts the Dirac point to :math:`k_D = -Jm_y/\hbar v`;
    :math:`m_x, m_z` open the gap :math:`2|J|\sin\theta` (polar angle from y).
    The lower band is filled (Sec. 2.4).

    Parameters
    ----------
    v : float
        Edge velocity (m/s).
    J : float
        Exchange energy (J), the seed's :math:`Jm`.
    half_width : float
        Momentum cutoff (1/m); the curvature decays as :math:`1/k^3`, the
        cutoff error as :math:`(J\sin\theta/\hbar vk_c)^2`.
    center : float
        Centre of the cutoff interval (1/m).

    Examples
    --------
    >>> from weylmag.bands import models
    >>> models.ti_edge(5e5, 1.6e-21, 5e10).dim
    1
    """
    v, J = _velocity(v), _finite(J, "J", "J")
    hv = hbar * v

    def h(k, m):
        c = np.zeros(k.shape[:-1] + (3,))
        c[..., 1] = hv * k[..., 0]
        return _pauli_sum(c + J * np.asarray(m))

    box = KBox.centered((center,), _positive(half_width, "half_width", "1/m"))
    return BlochModel(h, box, name="2D TI edge (Eq. 2.38)")


def ti_edge_omega_theta_phi(v, J, theta):
    r"""Eq. 2.39 in SI (1/m), polar angle from y.

    .. math::

        \bar\Omega_{\theta\phi} = \frac{\alpha\sin\theta}{2\pi a}
        = \frac{J\sin\theta}{2\pi\hbar|v|}

    The seed's form assumes v > 0; reversing v leaves it unchanged (the
    integral over all k does not see the direction of k).
    """
    return J * math.sin(theta) / (2 * math.pi * hbar * abs(_velocity(v)))


def ti_edge_sot_field(v, J, m, E):
    r"""Eq. 2.41 per unit m (J/m), polar angle from y.

    .. math::

        \mathbf{H}^E = -\frac{eE}{2\pi}\frac{\hat{\mathbf{e}}_\phi}{\sin\theta}\,\mathrm{sgn}(v)

    With :math:`\mathbf{m} = (\sin\theta\sin\phi, \cos\theta, \sin\theta\cos\phi)`
    this is :math:`\frac{eE}{2\pi}\frac{(-m_z, 0, m_x)}{m_x^2 + m_z^2}`
    (for v > 0). It does not depend on J: the curvature flux of a filled
    band is topological. The seed's :math:`\mathbf{H}^E` is this over the
    magnetisation length m.
    """
    m = unit_vector(m)
    E = float(np.asarray(E, dtype=float).reshape(-1)[0])
    s2 = m[0] ** 2 + m[2] ** 2
    return (
        np.sign(_velocity(v))
        * e
        * E
        / (2 * math.pi)
        * np.array([-m[2], 0.0, m[0]])
        / s2
    )


# --- Weyl semimetal (seed 000, Eqs. 1-6) ----------------------------------------------

_TAU_SIGMA = np.array([np.kron(PAULI[2], s) for s in PAULI])  # tau_z sigma_i
_SIGMA = np.array([np.kron(_ID2, s) for s in PAULI])  # sigma_i
_TAU_X = np.kron(PAULI[0], _ID2)


def weyl_four_band(v, J, Delta, half_width):
    r"""The Weyl four-band model of seed 000, Eq. 1, on a cutoff cube.

    .. math::

        H = \hbar v\tau_z\boldsymbol\sigma\cdot\mathbf{k}
        - J\boldsymbol\sigma\cdot\mathbf{m} + \Delta\tau_x

    Basis :math:`|s, \tau\rangle` ordered :math:`\tau\otimes\sigma`. ``J`` is
    the seed's :math:`J|\mathbf{M}| = Js` (J). For m = z the spectrum is Eq. 2,
    :math:`\pm[\hbar^2v^2k^2 + \Delta^2 + J^2 \pm 2|J|(\hbar^2v^2k_z^2 + \Delta^2)^{1/2}]^{1/2}`,
    and for :math:`|J| > |\Delta|` the Weyl nodes sit at
    :math:`\mathbf{k} = \pm\sqrt{J^2 - \Delta^2}\,\mathbf{m}/\hbar v`.

    The Hall conductivity of this continuum model depends on how the
    cutoff treats the two valleys; use :func:`weyl_lattice` for it.

    Examples
    --------
    >>> from weylmag.bands import models
    >>> models.weyl_four_band(3e5, 1.6e-20, 0.0, 1e9).n_bands
    4
    """
    v, J, Delta = _velocity(v), _finite(J, "J", "J"), _finite(Delta, "Delta", "J")
    hv = hbar * v

    def h(k, m):
        out = hv * np.tensordot(k, _TAU_SIGMA, axes=([-1], [0]))
        return out + (Delta * _TAU_X - J * np.tensordot(np.asarray(m), _SIGMA, axes=1))

    return BlochModel(
        h,
        KBox.centered((0.0, 0.0, 0.0), _positive(half_width, "half_width", "1/m")),
        name="Weyl four-band (seed 000, Eq. 1)",
    )


def weyl_lattice(v, J, Delta, a, wilson=None):
    r"""Cubic-lattice regularisation of seed 000's Eq. 1.

    .. math::

        H = \frac{\hbar v}{a}\tau_z\sum_i\sigma_i\sin k_ia - J\boldsymbol\sigma\cdot\mathbf{m}
        + \Big[\Delta + w\sum_i(1 - \cos k_ia)\Big]\tau_x,

    which equals Eq. 1 to first order in ka. The Wilson mass w (J; default
    :math:`\hbar v/a`) gaps the seven doublers at the zone boundary when
    :math:`2w > |J| + |\Delta|`, so the only nodes are the two of Eq. 1, on
    the axis of m when m is a cubic axis, at :math:`\pm k_n`
    (:func:`weyl_lattice_node`), with :math:`k_n \to \sqrt{J^2 - \Delta^2}/\hbar v`
    (Eq. 2's nodes) as :math:`a \to 0`: the corrections are of order
    :math:`(k_na)^2` and :math:`\Delta a/\hbar v` (the Wilson mass adds to
    :math:`\Delta` at order :math:`k^2`).

    With the chemical potential at the nodes the planes normal to m between
    them carry Chern number :math:`-\mathrm{sgn}(J)` and those outside 0, so

    .. math::

        \sigma_{ij} = \mathrm{sgn}(J)\,\sigma_H\,\epsilon_{ijl}m_l, \quad
        \sigma_H = \frac{e^2}{\hbar}\frac{2k_n}{(2\pi)^2} = \frac{e^2k_n}{2\pi^2\hbar},
        \quad \mathbf{j} = -\mathrm{sgn}(J)\,\sigma_H\,\mathbf{m}\times\mathbf{E}

    (see :func:`weyl_hall_conductivity`).

    Parameters
    ----------
    v : float
        Velocity (m/s); :math:`\hbar v/a` is the hopping energy.
    J : float
        Exchange energy :math:`Js` (J).
    Delta : float
        Dirac mass (J).
    a : float
        Lattice constant (m).
    wilson : float, optional
        Wilson mass w (J).

    Examples
    --------
    >>> from weylmag.bands import models
    >>> model = models.weyl_lattice(3e5, 1.6e-20, 0.0, 5e-10)
    >>> model.n_bands, round(model.kspace.volume * (5e-10 / (2 * math.pi)) ** 3, 12)
    (4, 1.0)
    """
    v, J, Delta = _velocity(v), _finite(J, "J", "J"), _finite(Delta, "Delta", "J")
    a = _positive(a, "a", "m")
    t = hbar * v / a
    w = t if wilson is None else _finite(wilson, "wilson", "J")
    if 2 * abs(w) <= abs(J) + abs(Delta):
        raise ValueError(
            f"wilson = {w:.3g} J leaves zone-boundary doublers ungapped; pass |wilson| > "
            f"(|J| + |Delta|)/2 = {(abs(J) + abs(Delta)) / 2:.3g} J."
        )

    def h(k, m):
        ka = k * a
        mass = Delta + w * np.sum(1 - np.cos(ka), axis=-1)
        out = t * np.tensordot(np.sin(ka), _TAU_SIGMA, axes=([-1], [0]))
        out += mass[..., None, None] * _TAU_X
        return out - J * np.tensordot(np.asarray(m), _SIGMA, axes=1)

    return BlochModel(
        h, BrillouinZone.cubic(a, 3), name="Weyl lattice (seed 000, Eq. 1)"
    )


def weyl_lattice_node(v, J, Delta, a, wilson=None):
    r"""Node position :math:`k_n` (1/m) of :func:`weyl_lattice` for m along a cubic axis.

    The nodes solve :math:`t^2\sin^2k_na + [\Delta + w(1 - \cos k_na)]^2 = J^2`
    (:math:`t = \hbar v/a`), a quadratic in :math:`\cos k_na` (linear for
    w = t); the root nearest k = 0 is returned.

    Examples
    --------
    >>> from weylmag.bands import models
    >>> from weylmag.constants import hbar
    >>> a, v = 5e-10, 3e5
    >>> t = hbar * v / a
    >>> round(models.weyl_lattice_node(v, 2**0.5 * t, 0.0, a) * a / math.pi, 12)  # pi/2a
    0.5
    """
    v, J, Delta = _velocity(v), _finite(J, "J", "J"), _finite(Delta, "Delta", "J")
    a = _positive(a, "a", "m")
    t = hbar * v / a
    w = t if wilson is None else _finite(wilson, "wilson", "J")
    if abs(J) <= abs(Delta):
        raise ValueError(
            f"|J| <= |Delta|: the model is gapped and has no Weyl nodes (J={J}, Delta={Delta})."
        )
    p = Delta + w
    # (w^2 - t^2) c^2 - 2 w p c + (t^2 + p^2 - J^2) = 0
    qa, qb, qc = w * w - t * t, -2 * w * p, t * t + p * p - J * J
    if abs(qa) < 1e-12 * t * t:
        roots = [-qc / qb]
    else:
        disc = qb * qb - 4 * qa * qc
        roots = (
            []
            if disc < 0
            else [(-qb + s * math.sqrt(disc)) / (2 * qa) for s in (1, -1)]
        )
    roots = [c for c in roots if -1 <= c <= 1]
    if not roots:
        raise ValueError(
            "no Weyl node inside the zone for these parameters; reduce |J|."
        )
    return math.acos(max(roots)) / a


def weyl_hall_conductivity(k_node):
    r"""Hall conductivity of a node pair at :math:`\pm k_n`, :math:`\sigma_H = e^2k_n/(2\pi^2\hbar)` (S/m).

    Each plane between the nodes is a Chern insulator with
    :math:`|\sigma_{xy}| = e^2/h`; there are :math:`2k_n/2\pi` of them per unit
    length. In seed 000's units (:math:`\hbar = e = 1`) with :math:`k_n = \eta
    = Js/v` this is the :math:`\eta/2\pi^2` of Eq. 5, and
    :math:`e^2\eta/(2\pi^2\hbar^2)` in weylmag's valley module where
    :math:`\eta = \hbar k_0`. The direction (from the seed's own semiclassics,
    seed 001 Eqs. 2.5-2.6, and its curvature sign) is
    :math:`\mathbf{j} = -\mathrm{sgn}(J)\,\sigma_H\,\mathbf{m}\times\mathbf{E}`
    for the charge current of :func:`weyl_lattice`: for J > 0 the opposite of
    Eq. 5's :math:`+(\eta/2\pi^2)\mathbf{m}\times\mathbf{E}` (which, the
    square of the charge making it carrier-sign independent, also reads
    :math:`+\sigma_H\mathbf{m}\times\mathbf{E}` for the charge current).

    Examples
    --------
    >>> f"{weyl_hall_conductivity(1e9):.4e}"
    '1.2331e+04'
    """
    return e**2 * k_node / (2 * math.pi**2 * hbar)


# --- Chern insulator -----------------------------------------------------------------


def qi_wu_zhang(u, t, a):
    r"""Qi-Wu-Zhang Chern insulator.

    .. math::

        H = t[\sin k_xa\,\sigma_x + \sin k_ya\,\sigma_y + (u + \cos k_xa + \cos k_ya)\sigma_z]

    Independent of m. The lower band has Chern number
    :func:`qi_wu_zhang_chern_number` (+1 for -2 < u < 0, -1 for 0 < u < 2,
    0 for |u| > 2).

    Parameters
    ----------
    u : float
        Mass parameter (dimensionless).
    t : float
        Energy scale (J).
    a : float
        Lattice constant (m).

    Examples
    --------
    >>> from weylmag.bands import models
    >>> models.qi_wu_zhang(1.0, 1.6e-19, 1e-9)
    BlochModel(name='Qi-Wu-Zhang (u=1.0)', dim=2, n_bands=2, vectorized=True, kspace=BrillouinZone(...))
    """
    u, t, a = (
        _finite(u, "u", "dimensionless"),
        _positive(t, "t", "J"),
        _positive(a, "a", "m"),
    )

    def h(k, m):
        ka = k * a
        c = np.stack(
            [
                np.sin(ka[..., 0]),
                np.sin(ka[..., 1]),
                u + np.cos(ka[..., 0]) + np.cos(ka[..., 1]),
            ],
            axis=-1,
        )
        return t * _pauli_sum(c)

    return BlochModel(h, BrillouinZone.cubic(a, 2), name=f"Qi-Wu-Zhang (u={u})")


def qi_wu_zhang_chern_number(u):
    r"""Chern number of the lower QWZ band: the degree of :math:`\hat{\mathbf{d}}(\mathbf{k})`.

    .. math::

        C = \sum_{\mathbf{K}:\,d_z(\mathbf{K}) > 0}\mathrm{sgn}(\cos K_x\cos K_y),
        \quad \mathbf{K} \in \{0, \pi\}^2/a,

    counting the preimages of the north pole with their orientation.

    Examples
    --------
    >>> [qi_wu_zhang_chern_number(u) for u in (-3, -1, 1, 3)]
    [0, 1, -1, 0]
    """
    if u in (-2, 0, 2):
        raise ValueError(
            f"u = {u} is a phase boundary (gap closes); the Chern number is undefined."
        )
    total = 0
    for cx in (1, -1):
        for cy in (1, -1):
            if u + cx + cy > 0:
                total += cx * cy
    return total


# --- Free energy and the relaxation-time field of the TI surface -----------------------


def _box_corner_integral(x, y, c):
    r"""Antiderivative of :math:`\sqrt{x^2 + y^2 + c^2}` in x and y (c > 0).

    .. math::

        F = \frac{xyr}{3} + \frac{x(x^2 + 3c^2)\ln(y + r) + y(y^2 + 3c^2)\ln(x + r)}{6}
        - \frac{c^3}{3}\arctan\frac{xy}{cr},\qquad r = \sqrt{x^2 + y^2 + c^2},

    with :math:`\ln(y + r) = \ln(x^2 + c^2) - \ln(r - y)` for y < 0 (no cancellation);
    c = 0 is the limit (the terms that vanish with their prefactor are left out).
    """
    r = math.sqrt(x * x + y * y + c * c)

    def log_term(u, w):  # u (u^2 + 3c^2) ln(w + r), -> 0 as u, c -> 0
        weight = u * (u * u + 3 * c * c)
        if weight == 0:
            return 0.0
        log = math.log(w + r) if w >= 0 else math.log(u * u + c * c) - math.log(r - w)
        return weight * log

    corner = 0.0 if c == 0 else c**3 * math.atan2(x * y, c * r) / 3
    return x * y * r / 3 + (log_term(x, y) + log_term(y, x)) / 6 - corner


def ti_surface_free_energy(v, J, m, box):
    r"""Exact T = 0 grand potential (J/m^2) of :func:`ti_surface` on a box, :math:`\mu = 0`.

    The lower band :math:`-\sqrt{\hbar^2v^2|\mathbf{k} - \mathbf{k}_D|^2 + J^2m_z^2}`
    is filled and the upper one empty, so

    .. math::

        G = -\frac{\hbar|v|}{4\pi^2}\sum_\text{corners}\pm F(x, y; c),\qquad
        c = \frac{|Jm_z|}{\hbar|v|},

    (x, y) the corners relative to the Dirac point (+ for (max, max) and
    (min, min)) and F the antiderivative of :math:`\sqrt{x^2 + y^2 + c^2}`
    (:func:`_box_corner_integral`).

    **The anisotropy this gives, against Eq. 2.35.** The seed's
    :math:`G_s = -J_0m_z^2`, :math:`J_0 = k_cJ^2/4\pi\hbar v` (:math:`\varepsilon_0k_c\alpha^2/4\pi m^2a`
    per unit m), is the leading term, in the cutoff, of a disc of radius
    :math:`k_c` *centred on the Dirac point*:
    :math:`G = -[(\hbar^2v^2k_c^2 + J^2m_z^2)^{3/2} - |Jm_z|^3]/(6\pi\hbar^2v^2)
    = \text{const} - J_0m_z^2 + |Jm_z|^3/(6\pi\hbar^2v^2) + O(1/k_c)`.
    The exact calculation differs in two ways, both pinned in the tests
    for a square box of half-width K, where
    :math:`I = \int_\text{box}d^2k/(2\pi)^2|\mathbf{k}| = 2K\ln(1 + \sqrt2)/\pi^2`
    takes the place of the disc's :math:`k_c/2\pi`:

    - the cutoff-independent term :math:`+|J|^3|m_z|^3/(6\pi\hbar^2v^2)`,
      which favours in-plane m, is not in Eq. 2.35;
    - with the cutoff fixed in k (the box of :func:`ti_surface`), in-plane m
      moves the Dirac point against the box and costs
      :math:`-J^2m_\parallel^2I/4\hbar|v|`, half of the m_z term
      :math:`-J^2m_z^2I/2\hbar|v|`, so that
      :math:`K = G(\hat{\mathbf{x}}) - G(\hat{\mathbf{z}}) = J^2I/4\hbar|v| - |J|^3/6\pi\hbar^2v^2 + O(1/K)`,
      half the seed's :math:`J_0`; only a box that moves with the Dirac point
      gives :math:`J^2I/2\hbar|v| - |J|^3/6\pi\hbar^2v^2`.

    Examples
    --------
    >>> from weylmag.bands import KBox, models
    >>> box = KBox.centered((0, 0), 1e9)
    >>> f"{models.ti_surface_free_energy(5e5, 3.2e-21, [0, 0, 1], box):.6e}"
    '-4.104806e-03'
    """
    m = unit_vector(m)
    if not isinstance(box, KBox) or box.dim != 2:
        raise ValueError(f"box must be a 2D weylmag.bands.KBox; got {box!r}.")
    v, J = _velocity(v), _finite(J, "J", "J")
    c = abs(J * m[2]) / (hbar * abs(v))
    node = ti_surface_dirac_point(v, J, m)
    lo, hi = box.bounds[:, 0] - node, box.bounds[:, 1] - node
    total = (
        _box_corner_integral(hi[0], hi[1], c)
        - _box_corner_integral(lo[0], hi[1], c)
        - _box_corner_integral(hi[0], lo[1], c)
        + _box_corner_integral(lo[0], lo[1], c)
    )
    return -hbar * abs(v) * total / (4 * math.pi**2)


def ti_surface_sot_field_extrinsic(v, J, m, E, tau, mu, T):
    r"""Relaxation-time field of Eq. 2.17 for in-plane m on :func:`ti_surface` (J/m^2).

    For :math:`m_z = 0` the exchange only shifts the Dirac cone,
    :math:`\partial_{m_x}\epsilon = -(J/\hbar v)\partial_{k_y}\epsilon`,
    :math:`\partial_{m_y}\epsilon = (J/\hbar v)\partial_{k_x}\epsilon`, so
    the field is a Drude weight:

    .. math::

        \mathbf{H}^{E,\tau} = \frac{e\tau J}{4\pi\hbar^2v}\,L\,(-E_y, E_x, 0),\qquad
        L = \int d\epsilon\,|\epsilon|\Big(-\frac{\partial f_0}{\partial\epsilon}\Big)
        = 2k_BT\ln\Big(2\cosh\frac{\mu}{2k_BT}\Big),

    exact on the whole plane (a box larger than :math:`(|\mu| + 40k_BT)/\hbar|v|`
    around the Dirac point misses an exponentially small part). L tends to
    :math:`|\mu|` at low T and is :math:`2k_BT\ln 2` at the Dirac point.

    Parameters
    ----------
    v, J : float
        As for :func:`ti_surface`.
    m : array_like, shape (3,)
        In-plane unit vector (:math:`m_z = 0`).
    E : array_like, shape (2,)
        Electric field (V/m).
    tau : float
        Relaxation time (s).
    mu : float
        Chemical potential (J).
    T : float
        Temperature (K), > 0.
    """
    from ..constants import kB

    m = unit_vector(m)
    if abs(m[2]) > 1e-12:
        raise ValueError(
            f"the closed form holds for in-plane m (m_z = 0); got m_z = {m[2]:.3g}."
        )
    v, J = _velocity(v), _finite(J, "J", "J")
    kT = kB * _positive(T, "T", "K")
    x = abs(mu) / (2 * kT)
    L = 2 * kT * (x + math.log1p(math.exp(-2 * x)))  # 2 kT ln(2 cosh x), no overflow
    E = np.asarray(E, dtype=float)
    return e * tau * J * L / (4 * math.pi * hbar**2 * v) * np.array([-E[1], E[0], 0.0])


# --- Tight-binding builders and a TMD-like model (seed 001, Sec. 3.5) -----------------


def _fourier_terms(hamiltonian_k, lattice, reach=1):
    """Hopping matrices T_R of a Bloch Hamiltonian with hoppings up to ``reach`` cells.

    H(k) = sum_R T_R exp(i k.R) is sampled on a (2 reach + 1)^d grid of the
    reduced zone and transformed back: exact for a model with no longer
    hoppings. Returns (R (M, d) in m, T (M, n, n)).
    """
    lattice = np.asarray(lattice, dtype=float)
    d = lattice.shape[0]
    size = 2 * reach + 1
    reciprocal = 2 * math.pi * np.linalg.inv(lattice).T
    fractions = np.stack(
        np.meshgrid(*[np.arange(size) / size] * d, indexing="ij"), -1
    ).reshape(-1, d)
    hk = hamiltonian_k(fractions @ reciprocal)
    cells = np.stack(
        np.meshgrid(*[np.arange(-reach, reach + 1)] * d, indexing="ij"), -1
    ).reshape(-1, d)
    phases = np.exp(-2j * math.pi * cells @ fractions.T) / len(fractions)
    terms = np.einsum("Rk,kab->Rab", phases, hk)
    keep = np.max(np.abs(terms), axis=(1, 2)) > 1e-12 * np.max(np.abs(terms))
    return cells[keep] @ lattice, terms[keep]


def _lattice_hamiltonian(vectors, terms):
    """h(k) and dh/dk (vectorised) of H(k) = sum_R T_R exp(i k.R)."""

    def h(k):
        phase = np.exp(1j * (k @ vectors.T))
        return np.tensordot(phase, terms, axes=1)

    def dh(k):
        phase = np.exp(1j * (k @ vectors.T))
        return np.einsum("...R,Ri,Rab->...iab", 1j * phase, vectors, terms)

    return h, dh


def tight_binding_chain(onsite, hopping, a, exchange):
    r"""A chain of cells with several orbitals and an exchange coupling to m.

    .. math::

        H(k) = H_0 + T e^{-ika} + T^\dagger e^{ika} + \sum_c m_c S_c

    with ``onsite`` :math:`H_0` (Hermitian), ``hopping`` T (from a cell to
    the next one along +x, :math:`\langle j+1|H|j\rangle`) and ``exchange``
    the three matrices :math:`S_c = \partial H/\partial m_c` (J), e.g.
    :math:`J\sigma_c` on every orbital. All orbitals sit at the cell's
    origin (the convention of a periodic H(k)), and the supercells the tests
    build for spin spirals use the same matrices. Derivatives are exact.

    Parameters
    ----------
    onsite, hopping : array_like (n, n)
        J.
    a : float
        Lattice constant (m).
    exchange : array_like (3, n, n)
        :math:`S_x, S_y, S_z` (J), Hermitian.

    Examples
    --------
    >>> import numpy as np
    >>> from weylmag.bands import models
    >>> s = 1e-20 * models.PAULI
    >>> chain = models.tight_binding_chain(np.zeros((2, 2)), -1e-19 * np.eye(2), 5e-10, s)
    >>> chain.n_bands, chain.dim
    (2, 1)
    """
    h0 = np.asarray(onsite, dtype=complex)
    t = np.asarray(hopping, dtype=complex)
    s = np.asarray(exchange, dtype=complex)
    n = h0.shape[0]
    if h0.shape != (n, n) or t.shape != (n, n) or s.shape != (3, n, n):
        raise ValueError(
            "onsite and hopping must be (n, n) and exchange (3, n, n) matrices; got "
            f"{h0.shape}, {t.shape}, {s.shape}."
        )
    for label, x in (("onsite", h0), ("exchange", s)):
        scale = max(float(np.max(np.abs(x))), np.finfo(float).tiny)
        if np.max(np.abs(x - np.swapaxes(x, -1, -2).conj())) > 1e-12 * scale:
            raise ValueError(f"{label} must be Hermitian (each of its matrices).")
    a = _positive(a, "a", "m")

    def h(k, m):
        phase = np.exp(-1j * k[..., 0] * a)[..., None, None]
        return h0 + t * phase + t.conj().T * phase.conj() + np.tensordot(m, s, axes=1)

    def dh_dk(k, m):
        phase = np.exp(-1j * k[..., 0] * a)[..., None, None]
        return (-1j * a * (t * phase - t.conj().T * phase.conj()))[..., None, :, :]

    def dh_dm(k, m):
        return np.broadcast_to(s, k.shape[:-1] + s.shape)

    return BlochModel(
        h,
        BrillouinZone.cubic(a, 1),
        dH_dk=dh_dk,
        dH_dm=dh_dm,
        vectorized=True,
        name="tight-binding chain",
    )


#: Nearest-neighbour three-band parameters (eV) of the magnitude of a MoS2-type monolayer:
#: on-site energies e1 (d_z2), e2 (d_xy, d_x2-y2), hoppings t0..t22, spin-orbit lambda.
TMD_PARAMETERS_EV = {
    "e1": 1.046,
    "e2": 2.104,
    "t0": -0.184,
    "t1": 0.401,
    "t2": 0.507,
    "t11": 0.218,
    "t12": 0.338,
    "t22": 0.057,
    "lambda": 0.073,
}


def tmd_three_band(J, a=3.19e-10, parameters=None):
    r"""Six-band TMD-like monolayer with exchange, seed 001 Eqs. 3.78-3.80.

    .. math::

        H = \begin{pmatrix} H_\text{NN} + \tfrac{\lambda}{2}L_z & 0 \\
        0 & H_\text{NN} - \tfrac{\lambda}{2}L_z\end{pmatrix}
        + J\,\mathbf{m}\cdot\boldsymbol\sigma\otimes 1_3

    on a triangular lattice (:math:`\mathbf{a}_1 = a\hat{\mathbf{x}}`,
    :math:`\mathbf{a}_2 = a(\tfrac12, \tfrac{\sqrt3}{2})`), basis
    :math:`(d_{z^2}, d_{xy}, d_{x^2-y^2})` per spin (spin up first),
    :math:`L_z` = [[0, 0, 0], [0, 0, 2i], [0, -2i, 0]] and the
    nearest-neighbour three-band Hamiltonian (with
    :math:`\alpha = k_xa/2`, :math:`\beta = \sqrt3k_ya/2`)

    .. math::

        h_0 &= 2t_0(\cos2\alpha + 2\cos\alpha\cos\beta) + \epsilon_1,\\
        h_1 &= -2\sqrt3t_2\sin\alpha\sin\beta + 2it_1(\sin2\alpha + \sin\alpha\cos\beta),\\
        h_2 &= 2t_2(\cos2\alpha - \cos\alpha\cos\beta) + 2\sqrt3it_1\cos\alpha\sin\beta,\\
        h_{11} &= 2t_{11}\cos2\alpha + (t_{11} + 3t_{22})\cos\alpha\cos\beta + \epsilon_2,\\
        h_{22} &= 2t_{22}\cos2\alpha + (3t_{11} + t_{22})\cos\alpha\cos\beta + \epsilon_2,\\
        h_{12} &= \sqrt3(t_{22} - t_{11})\sin\alpha\sin\beta + 4it_{12}\sin\alpha(\cos\alpha - \cos\beta),

    :math:`H_\text{NN} = ((h_0, h_1, h_2), (h_1^*, h_{11}, h_{12}), (h_2^*, h_{12}^*, h_{22}))`.
    With the defaults (:data:`TMD_PARAMETERS_EV`) and J = 0.1 eV the lowest
    (valence) pair of bands lies between -0.68 and 0.11 eV and the next band
    starts at 1.50 eV; with :math:`\mu` in this gap two bands are filled. Derivatives in k are exact (the model is a sum of
    seven hopping matrices, recovered from H(k) by a discrete Fourier
    transform); :math:`\partial H/\partial m_c = J\sigma_c\otimes1_3`.

    Parameters
    ----------
    J : float
        Exchange energy (J).
    a : float
        Lattice constant (m).
    parameters : dict, optional
        Replacements for entries of :data:`TMD_PARAMETERS_EV` (eV).

    Examples
    --------
    >>> from weylmag.bands import models
    >>> tmd = models.tmd_three_band(J=0.1 * 1.602176634e-19)
    >>> tmd.n_bands, tmd.dim
    (6, 2)
    """
    J = _finite(J, "J", "J")
    a = _positive(a, "a", "m")
    p = dict(TMD_PARAMETERS_EV)
    if parameters is not None:
        unknown = set(parameters) - set(p)
        if unknown:
            raise ValueError(
                f"unknown TMD parameters {sorted(unknown)}; the names are {sorted(p)}."
            )
        p.update(parameters)
    p = {key: float(value) * e for key, value in p.items()}
    s3 = math.sqrt(3.0)
    lz = np.array([[0, 0, 0], [0, 0, 2j], [0, -2j, 0]])

    def nearest_neighbour(k):
        al, be = k[..., 0] * a / 2, s3 * k[..., 1] * a / 2
        ca, sa, cb, sb = np.cos(al), np.sin(al), np.cos(be), np.sin(be)
        c2, s2 = np.cos(2 * al), np.sin(2 * al)
        h0 = 2 * p["t0"] * (c2 + 2 * ca * cb) + p["e1"]
        h1 = -2 * s3 * p["t2"] * sa * sb + 2j * p["t1"] * (s2 + sa * cb)
        h2 = 2 * p["t2"] * (c2 - ca * cb) + 2j * s3 * p["t1"] * ca * sb
        h11 = 2 * p["t11"] * c2 + (p["t11"] + 3 * p["t22"]) * ca * cb + p["e2"]
        h22 = 2 * p["t22"] * c2 + (3 * p["t11"] + p["t22"]) * ca * cb + p["e2"]
        h12 = s3 * (p["t22"] - p["t11"]) * sa * sb + 4j * p["t12"] * sa * (ca - cb)
        return np.stack(
            [
                np.stack([h0 + 0j, h1, h2], -1),
                np.stack([np.conj(h1), h11 + 0j, h12], -1),
                np.stack([np.conj(h2), np.conj(h12), h22 + 0j], -1),
            ],
            -2,
        )

    lattice = a * np.array([[1.0, 0.0], [0.5, s3 / 2]])
    vectors, terms = _fourier_terms(nearest_neighbour, lattice)
    hnn, dhnn = _lattice_hamiltonian(vectors, terms)
    soc = p["lambda"] / 2 * np.kron(PAULI[2], lz)
    spin = J * np.array([np.kron(s, np.eye(3)) for s in PAULI])

    def h(k, m):
        block = hnn(k)
        out = np.zeros(block.shape[:-2] + (6, 6), dtype=complex)
        out[..., :3, :3] = block
        out[..., 3:, 3:] = block
        return out + soc + np.tensordot(m, spin, axes=1)

    def dh_dk(k, m):
        d = dhnn(k)
        out = np.zeros(d.shape[:-2] + (6, 6), dtype=complex)
        out[..., :3, :3] = d
        out[..., 3:, 3:] = d
        return out

    def dh_dm(k, m):
        return np.broadcast_to(spin, k.shape[:-1] + spin.shape)

    return BlochModel(
        h,
        BrillouinZone.from_lattice(lattice),
        dH_dk=dh_dk,
        dH_dm=dh_dm,
        vectorized=True,
        name="TMD three-band + exchange (Eqs. 3.78-3.80)",
    )


__all__ += [
    "TMD_PARAMETERS_EV",
    "ti_surface_free_energy",
    "ti_surface_sot_field_extrinsic",
    "tight_binding_chain",
    "tmd_three_band",
]

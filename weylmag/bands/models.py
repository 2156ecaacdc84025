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

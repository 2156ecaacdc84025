r"""Brillouin-zone integrals of the Berry curvatures and what they give (seed 001, Ch. 2).

With :math:`\int[d\mathbf{k}] = \int d^dk/(2\pi)^d` over the model's
k-space region and the occupations :math:`f_n` of
:mod:`weylmag.bands.curvature`:

.. math::

    \bar\Omega_{\lambda_i\lambda_j} = \int[d\mathbf{k}]\sum_n f_n\,\Omega^n_{\lambda_i\lambda_j},
    \qquad \lambda = \mathbf{k}\ \text{or}\ \mathbf{m}.

**Anomalous Hall conductivity.** The semiclassical equations of seed 001
(Eqs. 2.5-2.6, electron charge :math:`-e`, :math:`\hbar\dot{\mathbf{k}} =
-e\mathbf{E}`, anomalous velocity :math:`\dot x_i = \dot k_j\Omega_{k_jk_i}`)
give the charge current :math:`j_i = -e\int[d\mathbf{k}]f\dot x_i =
\sigma_{ij}E_j` with

.. math::

    \sigma_{ij} = -\frac{e^2}{\hbar}\,\bar\Omega_{k_ik_j},

in S (d = 2) or S/m (d = 3). A filled 2D band of Chern number
:math:`C = \frac{1}{2\pi}\int d^2k\,\Omega_{k_xk_y}` has
:math:`\sigma_{xy} = -Ce^2/h`.

**Field-induced effective field** (the Fermi-sea, intrinsic term of Eq. 2.17):

.. math::

    H^E_j = eE_i\,\bar\Omega_{k_im_j}

in J/m^d: the correction to :math:`-\partial G/\partial\mathbf{m}` (G the
free energy per unit length, area or volume; derivative with respect to the
*unit* vector m). The seed differentiates with respect to a magnetisation
vector of length m, so its :math:`\mathbf{H}^E` is this one divided by m;
divide by :math:`\mu_0M_s` to get a field in A/m for a 3D magnet. Only the
Fermi-sea term is computed: the :math:`\tau` (Fermi-surface) term vanishes
for an insulator.
"""

import numpy as np

from ..constants import e, hbar
from .curvature import _check_occupation, _curvatures
from .integrate import BandIntegral, integrate
from .kspace import _Region
from .model import BlochModel, unit_vector

__all__ = [
    "anomalous_hall_conductivity",
    "chern_number",
    "omega_kk",
    "omega_km",
    "omega_mm",
    "sot_field",
    "work_density",
]

#: Power of the metre in each integrated block: m^(2-d), m^(1-d), m^(-d).
_POWER = {"kk": 2, "km": 1, "mm": 0}


def _unit(block, d):
    power = _POWER[block] - d
    return "1" if power == 0 else f"m^{power}"


def _integral(model, m, block, mu, T, kspace, n_k, rtol, atol, max_n_k):
    if not isinstance(model, BlochModel):
        raise TypeError(
            f"model must be a weylmag.bands.BlochModel; got {type(model).__name__}. "
            "Wrap the callable: BlochModel(hamiltonian, kspace)."
        )
    m = unit_vector(m)
    _check_occupation(mu, T)
    if kspace is not None:
        if not isinstance(kspace, _Region) or kspace.dim != model.dim:
            raise ValueError(
                f"kspace must be a BrillouinZone or KBox of the model's dimension {model.dim}; "
                f"got {kspace!r}."
            )
        model = model.with_kspace(kspace)
    unit = _unit(block, model.dim)

    def integrand(k):
        return _curvatures(model, k, m, (block,), mu, T)[block]

    return integrate(
        integrand,
        model.kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
        unit=unit,
    )


_PARAMETERS = r"""
    Parameters
    ----------
    model : BlochModel
        The Hamiltonian and its k-space region.
    m : array_like, shape (3,)
        Unit magnetisation direction at which H is evaluated.
    mu : float
        Chemical potential (J).
    T : float
        Temperature (K); 0 for the step function.
    kspace : BrillouinZone or KBox, optional
        Integrate over this region instead of ``model.kspace`` (e.g. a cutoff
        box centred elsewhere).
    n_k, rtol, atol, max_n_k
        Grid control of :func:`weylmag.bands.integrate`.
"""


def omega_kk(
    model, m, *, mu=0.0, T=0.0, kspace=None, n_k=None, rtol=1e-4, atol=0.0, max_n_k=None
):
    r"""Momentum-space curvature of the occupied states, :math:`\bar\Omega_{k_ik_j}` (m^{2-d}).

    .. math::

        \bar\Omega_{k_ik_j} = \int\frac{d^dk}{(2\pi)^d}\sum_n f_n\Omega^n_{k_ik_j}

    {parameters}
    Returns
    -------
    BandIntegral
        ``value`` of shape (d, d), antisymmetric.

    Examples
    --------
    >>> from weylmag.bands import models, omega_kk
    >>> qwz = models.qi_wu_zhang(u=1.0, t=1.6e-19, a=1e-9)
    >>> r = omega_kk(qwz, [0, 0, 1], rtol=1e-8)
    >>> round(float(r.value[0, 1] * 2 * 3.141592653589793), 8)  # C = 2 pi Omega_xy
    -1.0
    """
    return _integral(model, m, "kk", mu, T, kspace, n_k, rtol, atol, max_n_k)


def omega_km(
    model, m, *, mu=0.0, T=0.0, kspace=None, n_k=None, rtol=1e-4, atol=0.0, max_n_k=None
):
    r"""Mixed curvature :math:`\bar\Omega_{k_im_j}` of the occupied states (m^{1-d}).

    .. math::

        \bar\Omega_{k_im_j} = \int\frac{d^dk}{(2\pi)^d}\sum_n f_n\Omega^n_{k_im_j}

    It pumps the current :math:`j_i = e\bar\Omega_{k_im_j}\dot m_j` (Eq. 2.21)
    and gives the field :math:`H^E_j = eE_i\bar\Omega_{k_im_j}` (Eq. 2.17).
    {parameters}
    Returns
    -------
    BandIntegral
        ``value`` of shape (d, 3).

    Examples
    --------
    Eq. 2.39's 2D-TI edge: :math:`\bar\Omega_{k m_x} = -m_z/(2\pi\sin^2\theta)`
    (polar angle from y):

    >>> from weylmag.bands import models, omega_km
    >>> edge = models.ti_edge(v=5e5, J=1.6e-21, half_width=5e9)
    >>> r = omega_km(edge, [0.6, 0.0, 0.8], rtol=1e-8)
    >>> round(float(r.value[0, 0] * 2 * 3.141592653589793), 3)
    -0.8
    """
    return _integral(model, m, "km", mu, T, kspace, n_k, rtol, atol, max_n_k)


def omega_mm(
    model, m, *, mu=0.0, T=0.0, kspace=None, n_k=None, rtol=1e-4, atol=0.0, max_n_k=None
):
    r"""Magnetisation-space curvature :math:`\bar\Omega_{m_im_j}` (Eq. 2.10; m^{-d}).

    .. math::

        \bar\Omega_{m_im_j} = \int\frac{d^dk}{(2\pi)^d}\sum_n f_n\Omega^n_{m_im_j}

    with m the unit vector. :math:`\hbar\bar\Omega` is an angular-momentum
    density (J s/m^d) that adds to the magnet's own (Eq. 2.16); see
    :func:`weylmag.bands.omega_theta_phi` and
    :func:`weylmag.bands.gyromagnetic_ratio`.
    {parameters}
    Returns
    -------
    BandIntegral
        ``value`` of shape (3, 3), antisymmetric.

    Examples
    --------
    Eq. 2.39, :math:`\Omega_{\theta\phi} = J\sin\theta/(2\pi\hbar v)`, at
    :math:`\theta = \pi/2`:

    >>> from weylmag.bands import models, omega_mm, omega_theta_phi
    >>> from weylmag.constants import hbar
    >>> edge = models.ti_edge(v=5e5, J=1.6e-21, half_width=5e9)
    >>> r = omega_mm(edge, [0.0, 0.0, 1.0], rtol=1e-8)
    >>> w = omega_theta_phi(r.value, [0, 0, 1], polar_axis=(0, 1, 0))
    >>> round(float(w / (1.6e-21 / (2 * 3.141592653589793 * hbar * 5e5))), 4)
    1.0
    """
    return _integral(model, m, "mm", mu, T, kspace, n_k, rtol, atol, max_n_k)


for _f in (omega_kk, omega_km, omega_mm):
    if _f.__doc__:  # None under python -OO
        _f.__doc__ = _f.__doc__.replace("    {parameters}", _PARAMETERS)


def anomalous_hall_conductivity(
    model, m, *, mu=0.0, T=0.0, kspace=None, n_k=None, rtol=1e-4, atol=0.0, max_n_k=None
):
    r"""Intrinsic anomalous Hall conductivity :math:`\sigma_{ij} = -(e^2/\hbar)\bar\Omega_{k_ik_j}`.

    The charge current is :math:`j_i = \sigma_{ij}E_j` (see the module
    docstring for the sign). S for d = 2, S/m for d = 3.

    Parameters
    ----------
    model, m, mu, T, kspace, n_k, rtol, atol, max_n_k
        As for :func:`omega_kk`.

    Returns
    -------
    BandIntegral
        ``value`` of shape (d, d).

    Examples
    --------
    A Chern insulator with C = -1 has :math:`\sigma_{xy} = +e^2/h`:

    >>> from weylmag.bands import models, anomalous_hall_conductivity
    >>> from weylmag.constants import e, hbar
    >>> qwz = models.qi_wu_zhang(u=1.0, t=1.6e-19, a=1e-9)
    >>> s = anomalous_hall_conductivity(qwz, [0, 0, 1], rtol=1e-8)
    >>> round(float(s.value[0, 1] / (e**2 / (2 * 3.141592653589793 * hbar))), 8)
    1.0
    """
    if model.dim == 1:
        raise ValueError("a Hall conductivity needs d = 2 or 3; this model has d = 1.")
    unit = "S" if model.dim == 2 else "S/m"
    omega = omega_kk(
        model,
        m,
        mu=mu,
        T=T,
        kspace=kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
    )
    return omega.scaled(-(e**2) / hbar, unit)


def chern_number(
    model, m=(0.0, 0.0, 1.0), *, mu=0.0, T=0.0, n_k=None, atol=1e-8, max_n_k=None
):
    r"""Chern number of the occupied states of a 2D lattice model, :math:`C = 2\pi\bar\Omega_{k_xk_y}`.

    .. math::

        C = \frac{1}{2\pi}\int_{BZ}d^2k\sum_n f_n\Omega^n_{k_xk_y}

    Parameters
    ----------
    model : BlochModel
        A 2D model on a :class:`~weylmag.bands.BrillouinZone`.
    m, mu, T, n_k, max_n_k
        As for :func:`omega_kk`.
    atol : float
        Tolerance on C (absolute: C is an integer, possibly 0).

    Returns
    -------
    BandIntegral
        A float ``value``: an integer for an insulator, up to the grid error.

    Examples
    --------
    >>> from weylmag.bands import models, chern_number
    >>> [round(float(chern_number(models.qi_wu_zhang(u, 1.6e-19, 1e-9)).value), 6) + 0.0
    ...  for u in (-3.0, -1.0, 1.0, 3.0)]
    [0.0, 1.0, -1.0, 0.0]
    """
    if model.dim != 2 or not model.kspace.periodic:
        raise ValueError(
            "chern_number needs a 2D model on a BrillouinZone; "
            f"got d = {model.dim} on {type(model.kspace).__name__}."
        )
    omega = omega_kk(
        model,
        m,
        mu=mu,
        T=T,
        n_k=n_k,
        rtol=0.0,
        atol=atol / (2 * np.pi),
        max_n_k=max_n_k,
    )
    return omega.scaled(lambda v: 2 * np.pi * v[0, 1], "1")


def _field(model, E):
    E = np.asarray(E, dtype=float)
    if E.shape != (model.dim,) or not np.all(np.isfinite(E)):
        raise ValueError(
            f"E must be the {model.dim} in-plane/in-chain components of the electric field "
            f"(V/m) for this d = {model.dim} model; got {E.tolist()}."
        )
    return E


def sot_field(
    model,
    m,
    E,
    *,
    mu=0.0,
    T=0.0,
    kspace=None,
    n_k=None,
    rtol=1e-4,
    atol=0.0,
    max_n_k=None,
):
    r"""Intrinsic field-induced effective field :math:`H^E_j = eE_i\bar\Omega_{k_im_j}` (Eq. 2.17).

    The Fermi-sea term of Eq. 2.17, per unit of the *unit* vector m, in
    J/m^d (an energy density: divide by the magnetisation length to get the
    seed's :math:`\mathbf{H}^E`, by :math:`\mu_0M_s` for A/m in 3D). Its
    torque is :math:`-\gamma\mathbf{m}\times\mathbf{H}^E` (Eq. 2.27).

    Parameters
    ----------
    model, m, mu, T, kspace, n_k, rtol, atol, max_n_k
        As for :func:`omega_km`.
    E : array_like, shape (d,)
        Electric field (V/m) along the model's d momentum directions.

    Returns
    -------
    BandIntegral
        ``value`` of shape (3,), J/m^d.

    Examples
    --------
    Eq. 2.41 at :math:`\theta = \pi/2,\ \phi = 0` (m = z):
    :math:`\mathbf{H}^E = -(eE/2\pi)\hat{\mathbf{x}}`:

    >>> from weylmag.bands import models, sot_field
    >>> from weylmag.constants import e
    >>> edge = models.ti_edge(v=5e5, J=1.6e-21, half_width=5e9)
    >>> h = sot_field(edge, [0, 0, 1], [1e5], rtol=1e-8)
    >>> [round(float(x), 4) for x in h.value / (e * 1e5 / (2 * 3.141592653589793))]
    [-1.0, 0.0, 0.0]
    """
    E = _field(model, E)
    omega = omega_km(
        model,
        m,
        mu=mu,
        T=T,
        kspace=kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
    )
    return omega.scaled(lambda v: e * (E @ v), f"J/m^{model.dim}")


def work_density(
    model,
    loop,
    E,
    *,
    mu=0.0,
    T=0.0,
    kspace=None,
    n_k=None,
    rtol=1e-6,
    atol=0.0,
    max_n_k=None,
):
    r"""Work of the field-induced field around a closed path of m (Eq. 2.25), J/m^d.

    .. math::

        W = \int_0^{2\pi}\mathbf{H}^E(\mathbf{m}(t))\cdot\frac{d\mathbf{m}}{dt}\,dt

    with the derivative taken spectrally (FFT) from samples at equally spaced
    t, so a smooth loop converges exponentially in the number of samples. For
    an insulator it is quantised: :math:`W = eE\,C` per turn for the 2D-TI
    edge (Eq. 2.42).

    Parameters
    ----------
    model, mu, T, kspace, n_k, rtol, atol, max_n_k
        As for :func:`sot_field`.
    loop : array_like, shape (N, 3)
        Unit vectors m(t) at :math:`t = 2\pi j/N`, j = 0..N-1, around a closed path.
    E : array_like, shape (d,)
        Electric field (V/m).

    Returns
    -------
    BandIntegral
        A float ``value`` (J/m^d); ``error`` bounds the k-grid part.

    Examples
    --------
    One turn around the y axis on the 2D-TI edge (Eq. 2.42, C = -1 for a
    turn with angular velocity along +y):

    >>> import numpy as np
    >>> from weylmag.bands import models, work_density
    >>> from weylmag.constants import e
    >>> edge = models.ti_edge(v=5e5, J=1.6e-21, half_width=5e9)
    >>> t = 2 * np.pi * np.arange(8) / 8
    >>> loop = np.stack([np.sin(t), 0 * t, np.cos(t)], axis=-1)
    >>> w = work_density(edge, loop, [1e5])
    >>> round(float(w.value / (e * 1e5)), 4)  # cutoff error (J/hbar v k_c)^2/2
    -1.0
    """
    loop = np.asarray(loop, dtype=float)
    if loop.ndim != 2 or loop.shape[1] != 3 or len(loop) < 3:
        raise ValueError(
            f"loop must be an (N, 3) array of unit vectors with N >= 3; got shape {loop.shape}."
        )
    E = _field(model, E)
    fields, errors, n_max, converged = [], [], 0, True
    for m in loop:
        h = sot_field(
            model,
            m,
            E,
            mu=mu,
            T=T,
            kspace=kspace,
            n_k=n_k,
            rtol=rtol,
            atol=atol,
            max_n_k=max_n_k,
        )
        fields.append(h.value)
        errors.append(h.error)
        n_max = max(n_max, h.n_k)
        converged &= h.converged
    n = len(loop)
    wavenumbers = np.fft.fftfreq(n, d=1.0 / n)
    if n % 2 == 0:
        wavenumbers[n // 2] = 0.0
    dm_dt = np.real(
        np.fft.ifft(1j * wavenumbers[:, None] * np.fft.fft(loop, axis=0), axis=0)
    )
    step = 2 * np.pi / n
    value = float(np.sum(np.asarray(fields) * dm_dt) * step)
    error = float(np.sum(np.asarray(errors) * np.linalg.norm(dm_dt, axis=1)) * step)
    return BandIntegral(
        value, error, n_max, converged, ((n_max, value),), f"J/m^{model.dim}"
    )

r"""Spin density induced by an in-plane electric field across a domain wall of a 2D insulator (seed 001, Sec. 3.5).

**Wall.** The profile of Eqs. 3.82-3.83, with the wall normal along y,

.. math::

    \theta(y) = \arctan\frac{y}{w_0} + \frac{\pi}{2},\qquad
    \mathbf{m} = (\sin\theta\cos\phi,\ \sin\theta\sin\phi,\ \cos\theta),

:math:`\phi = 0` a Bloch wall (m turns in the xz plane, normal to the
gradient), :math:`\phi = \pi/2` a Néel wall (m turns in the yz plane). m
goes from +z at :math:`y\to-\infty` to -z at :math:`y\to+\infty`, through
:math:`(\cos\phi, \sin\phi, 0)` at the centre; :math:`\partial_y\mathbf{m} =
\theta'\hat{\mathbf{e}}_\theta` with :math:`\theta' = w_0/(y^2 + w_0^2)`.

**Effective field to first order in E and in the gradient** (Eq. 3.81).
The field on m, :math:`\mathbf{h} = -\delta G/\delta\mathbf{m}` (J/m^2 per
unit of the *unit* vector m), gains

.. math::

    h^{(0)}_k = eE_i\,\bar\Omega_{k_im_k}\ \ (\text{local, first Chern form}),\qquad
    h^{(1)}_k = eE_i\int[d\mathbf{k}]\,\Omega^{(2)}_{k_i x_j k_j m_k}
    = -e\,\epsilon_{ij}E_i\,\partial_jm_l\,W_{lk}(\mathbf{m}),

with :math:`\epsilon_{xy} = 1`, the local term that of
:func:`weylmag.bands.sot_field`, and

.. math::

    W_{lk} = \int[d\mathbf{k}]\,\Omega^{(2)}_{k_xk_ym_lm_k},\qquad
    \Omega^{(2)}_{abcd} = \Omega_{ab}\Omega_{cd} - \Omega_{ac}\Omega_{bd} + \Omega_{ad}\Omega_{bc},

the second Chern form, normalised as in Eq. 3.84 so that its integral over
the Brillouin zone and the sphere of m is the second Chern number,
:math:`C_2 = \oint dS\,\hat{\mathbf{m}}\cdot\mathbf{w}` with
:math:`W_{lk} = \epsilon_{lkn}w_n`. (:math:`\Omega_{k_ix_j} =
\partial_jm_l\Omega_{k_im_l}`; for :math:`i = x, j = y` the antisymmetry gives
:math:`\Omega^{(2)}_{k_xx_yk_ym_k} = -\partial_ym_lW_{lk}`.) With several
occupied bands the product of abelian curvatures is replaced by its
non-abelian, gauge-invariant form: with the projector P on the occupied
states, :math:`F_{ab} = P[\partial_aP, \partial_bP]P` (so that
:math:`\Omega_{ab} = i\,\mathrm{tr}F_{ab}`),

.. math::

    \Omega^{(2)}_{abcd} = -\big[\mathrm{tr}F_{ab}F_{cd} - \mathrm{tr}F_{ac}F_{bd}
    + \mathrm{tr}F_{ad}F_{bc}\big],

which for a single occupied band is the product above and for any number
is :math:`(1/8\pi^2)\,\mathrm{tr}F\wedge F` per unit 4-volume, up to the
:math:`(2\pi)^2` of :math:`[d\mathbf{k}]`. In the eigenbasis,
:math:`(\partial_aP)_{vc} = \langle v|\partial_aH|c\rangle/(\epsilon_v - \epsilon_c)`
for v occupied and c empty, so :math:`F_{ab} = X^aY^b - X^bY^a` with
:math:`X^a_{vc} = \langle v|\partial_aH|c\rangle/(\epsilon_v - \epsilon_c)` and
:math:`Y^b_{cv'} = \langle c|\partial_bH|v'\rangle/(\epsilon_{v'} - \epsilon_c)`:
finite and gauge invariant however the occupied (or the empty) bands touch
among themselves. Zero temperature and an insulator (a gap at :math:`\mu`)
only.

**Spin density.** For :math:`H = H_0 + J\boldsymbol\sigma\cdot\mathbf{m}`
the Hellmann-Feynman theorem gives :math:`\delta G/\delta\mathbf{m} =
J\langle\boldsymbol\sigma\rangle`, so the field-induced spin density is
:math:`\delta\mathbf{s} = -\mathbf{h}/J` (:math:`\langle\sigma\rangle` per
unit area, 1/m^2; times :math:`\hbar/2` for angular momentum). The seed's
Eq. 3.81 calls h itself the spin density; the two differ by the factor
:math:`-1/J`.

**Work of a rotation about z** (Eq. 3.85). Turning the whole wall by
:math:`\delta\phi` about z, :math:`\delta\mathbf{m} = \delta\phi\,\hat{\mathbf{z}}
\times\mathbf{m}`, the field does the work
:math:`\delta\phi\int dy\,(\hat{\mathbf{z}}\times\mathbf{m})\cdot\mathbf{h}`
per unit length of wall (J/m). For the gradient term and
:math:`\phi` running once round this is :math:`-eE_xC_2` (Eq. 3.84 up to the
sign convention of E); one stage :math:`\phi` alone gives
:math:`-eE_x\int_0^\pi d\theta\,\sin\theta\,\hat{\mathbf{m}}\cdot\mathbf{w}`,
which vanishes when :math:`\hat{\mathbf{m}}\cdot\mathbf{w}` is odd under
:math:`m_z\to-m_z` on that meridian.
"""

import dataclasses

import numpy as np

from ..constants import e
from ._sos import eigensystem
from .curvature import _check_occupation
from .freeenergy import _checked_model
from .integrate import integrate
from .model import unit_vector

__all__ = [
    "WallSpinDensity",
    "second_chern_form",
    "wall_dipole_field",
    "wall_profile",
    "wall_spin_density",
]


def wall_profile(y, w0, phi=0.0):
    r"""m(y) and :math:`\partial_y\mathbf{m}` of the wall of Eqs. 3.82-3.83.

    Parameters
    ----------
    y : array_like
        Positions across the wall (m, or any length unit shared with w0).
    w0 : float
        Wall width (same unit as y).
    phi : float
        Azimuth: 0 for a Bloch wall, :math:`\pi/2` for a Néel wall.

    Returns
    -------
    m, dm_dy : ndarray, shape (..., 3)
        Unit vectors and their derivative (1/unit of y).

    Examples
    --------
    >>> m, dm = wall_profile([0.0], 1.0)
    >>> m.round(12).tolist(), dm.round(12).tolist()
    ([[1.0, 0.0, 0.0]], [[0.0, 0.0, -1.0]])
    """
    y = np.asarray(y, dtype=float)
    if not (np.isfinite(w0) and w0 > 0):
        raise ValueError(f"w0 must be a positive wall width; got {w0!r}.")
    theta = np.arctan(y / w0) + np.pi / 2
    dtheta = w0 / (y**2 + w0**2)
    c, s = np.cos(phi), np.sin(phi)
    m = np.stack([np.sin(theta) * c, np.sin(theta) * s, np.cos(theta)], -1)
    e_theta = np.stack([np.cos(theta) * c, np.cos(theta) * s, -np.sin(theta)], -1)
    return m, dtheta[..., None] * e_theta


def _chern_blocks(model, k, m, mu):
    """Local field kernel Omega_{k_i m_k} (N, d, 3) and W density (N, 3, 3), from one eigensystem."""
    energy, _, v, mm = eigensystem(model, k, m)
    occ = energy < mu
    n_occ = int(occ[0].sum())
    if not np.all(occ.sum(axis=1) == n_occ):
        raise ValueError(
            "the number of states below mu changes across the zone: wall_spin_density and "
            "second_chern_form need an insulator with mu in the gap."
        )
    if np.any(np.abs(energy - mu) == 0):
        raise ValueError("a state lies exactly at mu; put mu inside the gap.")
    d = v.shape[1]
    der = np.concatenate([v, mm], axis=1)  # (N, d+3, n, n): d_a H in the eigenbasis
    ev, ec = energy[:, :n_occ], energy[:, n_occ:]
    gap = ev[:, :, None] - ec[:, None, :]  # (N, v, c), negative
    x = der[:, :, :n_occ, n_occ:] / gap[:, None]  # X^a_vc
    y = der[:, :, n_occ:, :n_occ] / np.swapaxes(gap, 1, 2)[:, None]  # Y^b_cv'
    xy = np.einsum("Navc,Nbcw->Nabvw", x, y)  # (X^a Y^b)_{vw}
    f = xy - np.swapaxes(xy, 1, 2)  # F_ab, anti-Hermitian (nv x nv)
    omega = (1j * np.einsum("Nabvv->Nab", f)).real  # abelian trace, Omega_ab
    ffm = np.einsum("Nabvw,Ncdwv->Nabcd", f, f).real  # tr F_ab F_cd
    l_, k_ = np.meshgrid(np.arange(d, d + 3), np.arange(d, d + 3), indexing="ij")
    # W_lk = -[tr F_xy F_lk - tr F_xl F_yk + tr F_xk F_yl]
    w = -(ffm[:, 0, 1, l_, k_] - ffm[:, 0, l_, 1, k_] + ffm[:, 0, k_, 1, l_])
    return omega[:, :d, d:], w


def _check_layer(model):
    if model.dim != 2:
        raise ValueError(
            f"the wall spin density needs a 2D (layer) model; this one has d = {model.dim}."
        )


def second_chern_form(
    model, m, *, mu, kspace=None, n_k=None, rtol=1e-6, atol=0.0, max_n_k=None
):
    r""":math:`W_{lk} = \int[d\mathbf{k}]\,\Omega^{(2)}_{k_xk_ym_lm_k}` of the occupied states (dimensionless).

    Non-abelian second Chern form of a 2D insulator at zero temperature (see
    the module docstring); antisymmetric in l, k. On the sphere of m,
    :math:`C_2 = \oint dS\,\hat{\mathbf{m}}\cdot\mathbf{w}`,
    :math:`w_n = \tfrac12\epsilon_{nlk}W_{lk}`.

    Parameters
    ----------
    model : BlochModel
        A 2D model.
    m : array_like, shape (3,)
        Unit magnetisation direction.
    mu : float
        Chemical potential (J), inside the gap.
    kspace, n_k, rtol, atol, max_n_k
        As for :func:`weylmag.bands.spin_dipole`.

    Returns
    -------
    BandIntegral
        ``value`` of shape (3, 3).
    """
    model = _checked_model(model, kspace)
    _check_layer(model)
    m = unit_vector(m)
    _check_occupation(mu, 0.0)
    return integrate(
        lambda k: _chern_blocks(model, k, m, mu)[1],
        model.kspace,
        n_k=n_k,
        rtol=rtol,
        atol=atol,
        max_n_k=max_n_k,
        unit="1",
    )


@dataclasses.dataclass(frozen=True)
class WallSpinDensity:
    """Field-induced effective field and spin density across a wall.

    Attributes
    ----------
    y : ndarray (N,)
        Positions (m).
    m, dm_dy : ndarray (N, 3)
        The profile (dimensionless, 1/m).
    field_local, field_gradient : ndarray (N, 3)
        :math:`h^{(0)}` (first Chern form) and :math:`h^{(1)}` (second
        Chern form), J/m^2 per unit of the unit vector m.
    spin_local, spin_gradient : ndarray (N, 3)
        :math:`-h/J`: :math:`\\langle\\sigma\\rangle` per unit area (1/m^2).
    error : ndarray (N,)
        k-grid change of the last doubling, max over the six field
        components (J/m^2).
    n_k : ndarray (N,)
        Finest grid used at each position.
    """

    y: np.ndarray
    m: np.ndarray
    dm_dy: np.ndarray
    field_local: np.ndarray
    field_gradient: np.ndarray
    spin_local: np.ndarray
    spin_gradient: np.ndarray
    error: np.ndarray
    n_k: np.ndarray

    def rotation_work(self, which="gradient"):
        r"""Eq. 3.85: :math:`\int dy\,(\hat{\mathbf{z}}\times\mathbf{m})\cdot\mathbf{h}` (J/m), trapezoidal in y.

        ``which`` is ``'local'`` or ``'gradient'``. The tails of a finite
        window are cut off: for the gradient term the integrand falls as
        :math:`1/y^3`; for a non-zero local term only as :math:`1/y`.
        """
        h = {"local": self.field_local, "gradient": self.field_gradient}[which]
        zm = np.stack([-self.m[:, 1], self.m[:, 0], np.zeros(len(self.m))], -1)
        return float(np.trapezoid(np.sum(zm * h, axis=1), self.y))


def wall_spin_density(
    model,
    y,
    w0,
    E,
    *,
    exchange,
    mu,
    phi=0.0,
    n_k=None,
    rtol=1e-6,
    atol=0.0,
    max_n_k=None,
):
    r"""Local and gradient (Eq. 3.81) field-induced field and spin density across a wall.

    Parameters
    ----------
    model : BlochModel
        A 2D insulating model :math:`H_0 + J\boldsymbol\sigma\cdot\mathbf{m}`.
    y : array_like (N,)
        Positions across the wall (m).
    w0 : float
        Wall width (m), Eq. 3.82.
    E : array_like, shape (2,)
        In-plane electric field (V/m).
    exchange : float
        J (J), for :math:`\delta\mathbf{s} = -\mathbf{h}/J`.
    mu : float
        Chemical potential in the gap (J).
    phi : float
        0 (Bloch) or :math:`\pi/2` (Néel), Eq. 3.83; any value is accepted.
    n_k, rtol, atol, max_n_k
        Grid control of :func:`weylmag.bands.integrate`, per position, on
        the six field components in J/m^2 (the local term can vanish: give
        an ``atol``).

    Returns
    -------
    WallSpinDensity
    """
    model = _checked_model(model, None)
    _check_layer(model)
    E = np.asarray(E, dtype=float)
    if E.shape != (2,) or not np.all(np.isfinite(E)):
        raise ValueError(f"E must be the two in-plane components (V/m); got {E.tolist()}.")
    if not (np.isfinite(exchange) and exchange != 0):
        raise ValueError(f"exchange must be a non-zero J (J); got {exchange!r}.")
    _check_occupation(mu, 0.0)
    y = np.atleast_1d(np.asarray(y, dtype=float))
    m, dm = wall_profile(y, w0, phi)
    # gradient along y only: h1_k = -e eps_ij E_i d_j m_l W_lk = -e E_x d_y m_l W_lk
    local, grad, err, nks = [], [], [], []
    for mi, dmi in zip(m, dm):

        def fields(k, mi=mi, dmi=dmi):
            om, w = _chern_blocks(model, k, mi, mu)
            h0 = e * np.einsum("i,Nik->Nk", E, om)
            h1 = -e * E[0] * np.einsum("l,Nlk->Nk", dmi, w)
            return np.concatenate([h0, h1], axis=1)

        r = integrate(
            fields, model.kspace, n_k=n_k, rtol=rtol, atol=atol, max_n_k=max_n_k,
            unit="J/m^2",
        )
        local.append(r.value[:3])
        grad.append(r.value[3:])
        err.append(r.error)
        nks.append(r.n_k)
    local, grad = np.array(local), np.array(grad)
    return WallSpinDensity(
        y, m, dm, local, grad, -local / exchange, -grad / exchange,
        np.array(err), np.array(nks),
    )


def _rotated(m, axis, angle):
    """m turned by ``angle`` towards the unit tangent ``axis`` (great circle)."""
    return np.cos(angle) * m + np.sin(angle) * axis


def wall_dipole_field(model, y, w0, E, *, mu, phi=0.0, step=1e-3, n_k=12, max_n_k=24):
    r"""The seed's spin-dipole field of Eq. 3.87 across the wall, with :math:`\kappa` from Eq. 3.59 (J/m^2).

    .. math::

        h^F_k = (\partial_{m_k}\kappa_{ijl} - \partial_{m_l}\kappa_{ijk})\,E_i\,\partial_jm_l

    with :math:`\kappa_{ijk}` from :func:`weylmag.bands.field_induced_dmi`
    (Eq. 3.59 as written: for a field in the plane it is not the exact
    field-induced spin dipole; see that function). For E along x and the
    gradient along y, :math:`\partial_y\mathbf{m} = \theta'\hat{\mathbf{e}}_\theta`,
    the component along :math:`\hat{\mathbf{e}}_\theta` cancels identically,
    the radial one needs m off the unit sphere and is not computed, and

    .. math::

        h^F_\phi = E_x\theta'\big[\partial_\phi(\kappa_{xyl}\hat e_{\theta,l})
        - \hat{\mathbf{e}}_\phi\cdot\partial_\theta\boldsymbol\kappa_{xy}\big],

    derivatives along the sphere (with :math:`\hat{\mathbf{e}}_\theta` held
    fixed in the first) by central differences of angle ``step``. Each
    :math:`\kappa` is one :func:`~weylmag.bands.field_induced_dmi` call on the
    grids ``n_k`` and ``max_n_k``; no convergence is demanded (the returned
    error is the change of :math:`h^F_\phi` between the two grids).

    Returns
    -------
    h_phi, error : ndarray (N,)
        :math:`\mathbf{h}^F\cdot\hat{\mathbf{e}}_\phi` and its grid error (J/m^2);
        :math:`\hat{\mathbf{e}}_\phi = (-\sin\phi, \cos\phi, 0)`.
    """
    import warnings

    from .fielddmi import field_induced_dmi
    from .integrate import ConvergenceWarning

    E = np.asarray(E, dtype=float)
    if E.shape != (2,) or E[1] != 0:
        raise ValueError("wall_dipole_field is written for E along x: E = (E_x, 0).")
    y = np.atleast_1d(np.asarray(y, dtype=float))
    m, dm = wall_profile(y, w0, phi)
    theta = np.arctan(y / w0) + np.pi / 2
    e_phi = np.array([-np.sin(phi), np.cos(phi), 0.0])
    out, err = [], []
    for mi, dmi, th in zip(m, dm, theta):
        e_th = np.array([np.cos(th) * np.cos(phi), np.cos(th) * np.sin(phi), -np.sin(th)])
        dtheta = float(np.linalg.norm(dmi))

        def kappa(mm):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                r = field_induced_dmi(
                    model, mm, mu=mu, n_k=n_k, max_n_k=max_n_k, rtol=1e-300, atol=1e-300
                )
            return np.array([v[0, 1] for _, v in r.history[-2:]])  # kappa_{x y :}, 2 grids

        kp = kappa(_rotated(mi, e_phi, step))
        km = kappa(_rotated(mi, e_phi, -step))
        tp = kappa(_rotated(mi, e_th, step))
        tm = kappa(_rotated(mi, e_th, -step))
        d_phi = (kp - km) @ e_th / (2 * step)
        d_theta = (tp - tm) @ e_phi / (2 * step)
        h = E[0] * dtheta * (d_phi - d_theta)  # coarse and fine grid
        out.append(h[-1])
        err.append(abs(h[-1] - h[0]))
    return np.array(out), np.array(err)

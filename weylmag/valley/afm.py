r"""A two-sublattice Weyl antiferromagnet as a macrospin pair (seed 000, Sec. V).

Two unit vectors :math:`\mathbf{m}_A`, :math:`\mathbf{m}_B`, the
magnetisation directions of the sublattices, each of saturation
magnetisation :math:`M_s`, with the Néel and net vectors

.. math::

    \mathbf{l} = \frac{\mathbf{m}_A - \mathbf{m}_B}{2}, \qquad
    \mathbf{m} = \frac{\mathbf{m}_A + \mathbf{m}_B}{2}, \qquad
    |\mathbf{l}|^2 + |\mathbf{m}|^2 = 1 .

:math:`\mathbf{l}` is not normalised: it equals the seed's
:math:`\mathbf{L}/L` up to the canting, :math:`|\mathbf{l}| =
\sqrt{1 - |\mathbf{m}|^2}`, and it keeps the energy a polynomial in the
components, smooth even where the sublattices are parallel.

**Energy density** (J/m^3, per unit volume of the crystal; each sublattice
carries its own anisotropy):

.. math::

    e = \mu_0 M_s H_E\,\mathbf{m}_A\cdot\mathbf{m}_B
    - K\left[(\mathbf{m}_A\cdot\hat{\mathbf{k}})^2
    + (\mathbf{m}_B\cdot\hat{\mathbf{k}})^2\right]
    - \mu_0 M_s\,\mathbf{H}\cdot(\mathbf{m}_A + \mathbf{m}_B)
    - \kappa\,\mathbf{l}\cdot\mathbf{B},

with the exchange field :math:`H_E > 0` (A/m) of the antiparallel coupling,
the uniaxial anisotropy K (J/m^3, easy axis :math:`\hat{\mathbf{k}}` for
K > 0), the applied field H (A/m) and the Weyl coupling κ (J/(m^3 T)) to the
induction B (T). The sublattice fields are
:math:`\mathbf{H}_{A,B} = -(\mu_0M_s)^{-1}\partial e/\partial\mathbf{m}_{A,B}`:

.. math::

    \mathbf{H}_A = -H_E\mathbf{m}_B + H_K(\mathbf{m}_A\cdot\hat{\mathbf{k}})
    \hat{\mathbf{k}} + \mathbf{H} + \frac{\kappa\mathbf{B}}{2\mu_0M_s},
    \qquad
    \mathbf{H}_B = -H_E\mathbf{m}_A + H_K(\mathbf{m}_B\cdot\hat{\mathbf{k}})
    \hat{\mathbf{k}} + \mathbf{H} - \frac{\kappa\mathbf{B}}{2\mu_0M_s},

:math:`H_K = 2K/\mu_0M_s`. Because l is odd under the exchange of the
sublattices, the Weyl term is a *staggered* field :math:`\pm\kappa\mathbf{B}
/2\mu_0M_s`, while the ordinary Zeeman field H is the same on both.

**Sign conventions.** The seed's vectors are directions of the *spin*
density; weylmag's are directions of the magnetisation, opposite to the
electron spin. As in :mod:`weylmag.valley.coefficients`, every seed formula
is used with :math:`\mathbf{l}_\text{seed} = -\mathbf{l}` and the seed's
:math:`\eta = \hbar k_0 = Js/v` (kg m/s, Eq. 6) unchanged. The seed's
conjugate force :math:`\partial\mathcal{F}/\partial\mathbf{l}_\text{seed}`
is then :math:`-\partial e/\partial\mathbf{l}` in weylmag's variables, so
a field :math:`\mathbf{h}^*` of the seed (Eqs. 17b, 18, 40) adds to
:math:`-\partial e/\partial\mathbf{l}`; with
:math:`\partial\mathbf{l}/\partial\mathbf{m}_{A,B} = \pm 1/2` it enters
the sublattice fields as :math:`\mu_0M_s\mathbf{H}_A \mathrel{+}=
\mathbf{h}^*/2`, :math:`\mu_0M_s\mathbf{H}_B \mathrel{-}= \mathbf{h}^*/2`.

*Equilibrium (Eqs. 11, 18, 40).* The seed's
:math:`-(\eta\rho_c/2\pi^2N)\,\mathbf{l}_\text{seed}\cdot\mathbf{B}` with
:math:`\hbar` and e restored is :math:`-\kappa\,\mathbf{l}\cdot\mathbf{B}` with

.. math::

    \kappa = -\frac{e\,\eta\,\rho_c}{2\pi^2\hbar^2N}
    \quad\text{(J/(m}^3\text{T)} = \text{A/m)},

:math:`\rho_c` the electron density counted from the Weyl points (1/m^3), N
the Fermi-level density of states of both valleys (1/(J m^3)). The staggered
coupling :math:`\kappa\mathbf{B} = -\partial e/\partial\mathbf{l}` is then
literally the equilibrium part of Eq. 40,
:math:`-(\eta\rho_c/2\pi^2N)\mathbf{B}` (:func:`neel_field`). For
:math:`\eta\rho_c > 0`, κ < 0: the spin Néel vector
:math:`\mathbf{l}_\text{seed}` prefers B, as the electron spin does (Eq. 10).

*Non-equilibrium (Eq. 17b with m → l).* A uniform valley field
:math:`\mathbf{E}_v = -\nabla\mu_v` (N = J/m) adds

.. math::

    \mathbf{h} = -\eta\,\sigma_p\,(1 + \beta\,\mathbf{l}\times)\,\mathbf{E}_v
    \quad\text{(J/m}^3\text{)}

to :math:`-\partial e/\partial\mathbf{l}` (:class:`ValleyField`;
:math:`\sigma_p` is the particle conductivity, 1/(J m s), i.e.
:math:`\sigma/e^2`). It enters :math:`\mu_0M_s\mathbf{H}_A` with +h/2 and
:math:`\mu_0M_s\mathbf{H}_B` with -h/2, so that on the net spin density
:math:`\mathbf{S} = -(\mu_0M_s/\gamma_0)(\mathbf{m}_A + \mathbf{m}_B)`
(J s/m^3) it exerts exactly the seed's torque
:math:`\partial_t\mathbf{S} = \mathbf{h}\times\mathbf{l}_\text{seed}
= \mathbf{l}\times\mathbf{h}` (Sec. V; divided by :math:`1 + \alpha^2` in the
Landau-Lifshitz form used here). β is written with weylmag's l, as β
multiplies weylmag's m in :class:`weylmag.ValleyTorque`; the seed's β is
-β. What the two parts do to a rigid Néel pair (l tilted from
:math:`\mathbf{E}_v`, :math:`\eta\sigma_p > 0`):

- the field-like part :math:`-\eta\sigma_p\mathbf{E}_v` is a staggered field
  that turns l *away* from :math:`\mathbf{E}_v` (l_seed towards it), and along
  the easy axis switches l by 180° above :math:`\eta\sigma_p|\mathbf{E}_v| =
  4K` (as κB does without its Zeeman part, see :func:`switching_field`;
  for β = 0, a damping-like part lowers the threshold);
- the damping-like part :math:`-\eta\sigma_p\beta\,\mathbf{l}\times
  \mathbf{E}_v` pushes S along :math:`\beta\mathbf{E}_{v\perp}`, the
  component of :math:`\mathbf{E}_v` normal to l (away from
  :math:`\mathbf{E}_v` for the seed's :math:`-\beta > 0`, as m in seed
  Sec. IV B), and turns l *about* :math:`\mathbf{E}_v`, counterclockwise for
  :math:`\eta\sigma_p\beta > 0`; in steady rotation (easy plane normal to
  :math:`\mathbf{E}_v`) energy balance against Gilbert damping fixes the
  rate at :math:`\omega = \gamma_0\eta\sigma_p\beta|\mathbf{E}_v|/
  (2\alpha\mu_0M_s)`.

**Dynamics.** Each sublattice obeys its own Gilbert equation
:math:`\dot{\mathbf{m}}_i = -\gamma_0\mathbf{m}_i\times\mathbf{H}_i
+ \alpha\,\mathbf{m}_i\times\dot{\mathbf{m}}_i`, integrated in the explicit
Landau-Lifshitz form

.. math::

    \dot{\mathbf{m}}_i = -\frac{\gamma_0}{1+\alpha^2}\left[
    \mathbf{m}_i\times\mathbf{H}_i
    + \alpha\,\mathbf{m}_i\times(\mathbf{m}_i\times\mathbf{H}_i)\right]

by :func:`scipy.integrate.solve_ivp` (DOP853 by default); the samples are
renormalised to :math:`|\mathbf{m}_i| = 1` and the largest departure before
renormalisation is reported. Without a valley field
:math:`\dot e = -\alpha\gamma_0\mu_0M_s\sum_i|\mathbf{m}_i\times
\mathbf{H}_i|^2/(1+\alpha^2) \le 0`.

**Closed forms** (l along +k, fields along k, derived in the docstrings):
antiferromagnetic resonance :math:`\omega_\pm = \gamma_0[H_0 \pm
\sqrt{(H_E + H_K + h_s)^2 - H_E^2}]` (:func:`resonance_frequencies`) and the
field at which the collinear state stops being a minimum
(:func:`switching_field`).
"""

import math
import numbers

import numpy as np
from scipy.integrate import solve_ivp

from ..constants import e, gamma0 as default_gamma0, hbar, mu0
from ..problem import IntegrationError

__all__ = [
    "weyl_coupling",
    "neel_field",
    "resonance_frequencies",
    "switching_field",
    "ValleyField",
    "NeelPair",
    "NeelTrajectory",
]


def _number(value, name, unit, *, positive=False, nonnegative=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number ({unit}); got {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite ({unit}); got {value!r}.")
    if positive and not value > 0:
        raise ValueError(f"{name} must be positive ({unit}); got {value!r}.")
    if nonnegative and value < 0:
        raise ValueError(f"{name} must be zero or positive ({unit}); got {value!r}.")
    return value


def _vector(value, name, unit):
    try:
        v = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 3-vector ({unit}); got {value!r}.") from None
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise ValueError(f"{name} must be a finite 3-vector ({unit}); got {value!r}.")
    return v


def _cross(a, b):
    """a x b over the last axis (numpy's cross is slow on single 3-vectors)."""
    a0, a1, a2 = a[..., 0], a[..., 1], a[..., 2]
    b0, b1, b2 = b[..., 0], b[..., 1], b[..., 2]
    return np.stack((a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0), axis=-1)


def _direction(value, name):
    v = _vector(value, name, "a direction")
    size = float(np.linalg.norm(v))
    if size == 0.0:
        raise ValueError(f"{name} must be a non-zero vector (it is normalised); got {value!r}.")
    return v / size


def weyl_coupling(*, eta, rho_c, N):
    r"""The Weyl coupling κ of the Néel vector to B (J/(m^3 T), equal to A/m).

    .. math::

        \kappa = -\frac{e\,\eta\,\rho_c}{2\pi^2\hbar^2N},
        \qquad e_\mathrm{W} = -\kappa\,\mathbf{l}\cdot\mathbf{B},

    the seed's :math:`-(\eta\rho_c/2\pi^2N)\,\mathbf{l}_\text{seed}\cdot
    \mathbf{B}` (Eqs. 11, 40) with :math:`\hbar` and e restored and
    :math:`\mathbf{l}_\text{seed} = -\mathbf{l}` (weylmag's l is built from
    magnetisation directions; see the module docstring). κ is negative for
    :math:`\eta\rho_c > 0`.

    Parameters
    ----------
    eta : float
        :math:`\hbar k_0` (kg m/s), :math:`\pm k_0` the Weyl points (Eq. 6).
    rho_c : float
        Electron density counted from the Weyl points (1/m^3); negative for
        holes.
    N : float
        Density of states at the Fermi level, both valleys (1/(J m^3)).

    Examples
    --------
    >>> from weylmag.constants import hbar
    >>> round(weyl_coupling(eta=hbar * 1e9, rho_c=1e25, N=8.9e44), 1)  # A/m
    -864.8
    """
    eta = _number(eta, "eta", "kg m/s")
    rho_c = _number(rho_c, "rho_c", "1/m^3")
    N = _number(N, "N", "1/(J m^3)", positive=True)
    return -e * eta * rho_c / (2 * math.pi**2 * hbar**2 * N)


def neel_field(*, eta, rho_c, N, B):
    r"""The equilibrium field on the Néel vector, :math:`\kappa\mathbf{B}` (J/m^3).

    It is :math:`-\partial e/\partial\mathbf{l}` of the Weyl term and, in SI,
    the equilibrium part of seed Eq. 40,
    :math:`-(\eta\rho_c/2\pi^2N)\mathbf{B}`. On the sublattices it is the
    staggered field :math:`\pm\kappa\mathbf{B}/2\mu_0M_s` (A/m), + on A.

    Parameters
    ----------
    eta, rho_c, N : float
        As in :func:`weyl_coupling`.
    B : array_like
        Magnetic induction (T), a 3-vector.

    Returns
    -------
    numpy.ndarray
        :math:`\kappa\mathbf{B}` (J/m^3, energy density per unit of l).

    Examples
    --------
    >>> from weylmag.constants import hbar
    >>> round(float(neel_field(eta=hbar * 1e9, rho_c=1e25, N=8.9e44, B=(0, 0, 2))[2]), 1)
    -1729.6
    """
    return weyl_coupling(eta=eta, rho_c=rho_c, N=N) * _vector(B, "B", "T")


def resonance_frequencies(*, Ms, H_E, K, H=0.0, kappa=0.0, B=0.0, gamma0=default_gamma0):
    r"""Angular frequencies (rad/s) of the two antiferromagnetic resonance modes.

    For l along +k and all fields along k (components H, B), linearise
    :math:`\mathbf{m}_A = \hat{\mathbf{k}} + \mathbf{a}`,
    :math:`\mathbf{m}_B = -\hat{\mathbf{k}} + \mathbf{b}` and write
    :math:`a = a_x + ia_y`, :math:`b = b_x + ib_y` (x, y, k right-handed). With
    the sublattice fields along k, :math:`h_{A,B} = H_0 \pm h_s`,
    :math:`h_s = \kappa B/2\mu_0M_s`, the undamped equations are

    .. math::

        \dot a/i\gamma_0 = (H_E + H_K + h_A)\,a + H_E\,b, \qquad
        \dot b/i\gamma_0 = -(H_E + H_K - h_B)\,b - H_E\,a,

    and :math:`a, b \propto e^{i\omega t}` gives, with
    :math:`u = \omega/\gamma_0 - H_0`,
    :math:`(u - H_E - H_K - h_s)(u + H_E + H_K + h_s) = -H_E^2`:

    .. math::

        \omega_\pm = \gamma_0\left[H_0 \pm
        \sqrt{(H_E + H_K + h_s)^2 - H_E^2}\right],
        \qquad H_K = \frac{2K}{\mu_0M_s}.

    :math:`\omega > 0` is counterclockwise about +k (the sense of a
    magnetisation's Larmor precession in a field along +k). With
    :math:`h_s = 0` the root is the familiar
    :math:`\sqrt{H_K(2H_E + H_K)}`, about :math:`\sqrt{2H_EH_K}`.
    The eigenvector is :math:`b/a = (u - H_E - H_K - h_s)/H_E`.

    Parameters
    ----------
    Ms, H_E, K : float
        As in :class:`NeelPair` (A/m, A/m, J/m^3).
    H : float, optional
        Applied field along k (A/m).
    kappa : float, optional
        Weyl coupling (J/(m^3 T)).
    B : float, optional
        Induction along k (T) that drives the Weyl term (B and H are
        independent arguments: pass ``H=B/mu0`` for the Zeeman field of B).
    gamma0 : float, optional
        Gyromagnetic ratio times mu0 (m/(A s)).

    Returns
    -------
    tuple of float
        :math:`(\omega_+, \omega_-)` (rad/s).

    Raises
    ------
    ValueError
        If the collinear state is unstable (the root is imaginary).

    Examples
    --------
    >>> w_plus, w_minus = resonance_frequencies(Ms=4e5, H_E=8e5, K=2e4)
    >>> round(w_plus / 2 / 3.141592653589793 / 1e9, 2), w_minus == -w_plus  # GHz
    (12.86, True)
    """
    Ms = _number(Ms, "Ms", "A/m", positive=True)
    H_E = _number(H_E, "H_E", "A/m", positive=True)
    K = _number(K, "K", "J/m^3")
    H = _number(H, "H", "A/m")
    kappa = _number(kappa, "kappa", "J/(m^3 T)")
    B = _number(B, "B", "T")
    gamma0 = _number(gamma0, "gamma0", "m/(A s)", positive=True)
    H_K = 2 * K / (mu0 * Ms)
    h_s = kappa * B / (2 * mu0 * Ms)
    radicand = (H_E + H_K + h_s) ** 2 - H_E**2
    if radicand < 0:
        raise ValueError(
            f"The collinear state l = +k is unstable for these fields ((H_E + H_K + h_s)^2 "
            f"< H_E^2 with H_K = {H_K:.4g} A/m, h_s = {h_s:.4g} A/m): no resonance to report."
        )
    root = math.sqrt(radicand)
    return gamma0 * (H + root), gamma0 * (H - root)


def switching_field(*, Ms, H_E, K, kappa):
    r"""Induction B (T) at which the collinear state stops being a minimum.

    B lies along the easy axis with :math:`\kappa\mathbf{B}` antiparallel to
    l, and acts twice: through the staggered Weyl field
    :math:`h_s = |\kappa|B/2\mu_0M_s` (against each sublattice) and through
    the Zeeman field :math:`H_0 = B/\mu_0` (the same on both; its sign does
    not matter). To second order in the tilts a, b of the sublattices
    (per component, as in :func:`resonance_frequencies`)

    .. math::

        \frac{e - e_0}{\mu_0M_s} = \frac12(a\ b)
        \begin{pmatrix} H_E + H_K + H_0 - h_s & H_E \\
        H_E & H_E + H_K - H_0 - h_s\end{pmatrix}
        \begin{pmatrix} a \\ b\end{pmatrix},

    positive definite while

    .. math::

        (H_K - h_s)(2H_E + H_K - h_s) > H_0^2 .

    Without the Zeeman term this is :math:`h_s < H_K`, i.e.
    :math:`|\kappa|B < 4K`: the Stoner-Wohlfarth threshold of each
    sublattice, and of the rigid Néel vector, whose energy
    :math:`-2K(\mathbf{l}\cdot\hat{\mathbf{k}})^2 - \kappa\mathbf{l}\cdot
    \mathbf{B}` is a Stoner-Wohlfarth particle with anisotropy 2K. The
    exchange field drops out. With :math:`h_s = rH_0`,
    :math:`r = |\kappa|/2M_s`, the boundary is the positive root of
    :math:`(1 - r^2)H_0^2 + 2r(H_E + H_K)H_0 - H_K(2H_E + H_K) = 0`,

    .. math::

        B_c = \mu_0\,\frac{H_K(2H_E + H_K)}{\sqrt{(H_E + H_K)^2 - (1 - r^2)H_E^2}
        + r(H_E + H_K)},

    which tends to :math:`4K/|\kappa|` for :math:`r \gg 1` and to the
    spin-flop field :math:`\mu_0\sqrt{H_K(2H_E + H_K)}` for r → 0. Above
    :math:`B_c` the pair leaves l = +k. The reversed state l = -k is a minimum
    there, :math:`(H_K + h_s)(2H_E + H_K + h_s) > H_0^2`, and it is where the
    pair goes unless r ≪ 1, when the Zeeman field flops the spins into a
    canted state instead (with :math:`H_E = 10H_K`: reversal for
    r ≥ 0.05, a canted state for r = 0.01). The κ of a real Weyl metal,
    about :math:`10^3` A/m (:func:`weyl_coupling`), gives
    :math:`r \sim 10^{-3}` for :math:`M_s \sim 10^5`–:math:`10^6` A/m.

    Parameters
    ----------
    Ms, H_E, K : float
        As in :class:`NeelPair`; K > 0 (easy axis).
    kappa : float
        Weyl coupling (J/(m^3 T)); only its size matters.

    Returns
    -------
    float
        :math:`B_c` (T).

    Examples
    --------
    >>> round(switching_field(Ms=4e5, H_E=8e5, K=2e4, kappa=8e6), 6)  # ~ 4K/kappa
    0.009995
    """
    Ms = _number(Ms, "Ms", "A/m", positive=True)
    H_E = _number(H_E, "H_E", "A/m", positive=True)
    K = _number(K, "K", "J/m^3", positive=True)
    r = abs(_number(kappa, "kappa", "J/(m^3 T)")) / (2 * Ms)
    H_K = 2 * K / (mu0 * Ms)
    q = H_E + H_K
    root = math.sqrt(q * q - (1 - r * r) * H_E**2)
    return mu0 * H_K * (2 * H_E + H_K) / (root + r * q)


class ValleyField:
    r"""The non-equilibrium valley field on the Néel vector (seed 000, Eq. 17b, m → l).

    .. math::

        \mathbf{h} = -\eta\,\sigma_p\,(1 + \beta\,\mathbf{l}\times)\,\mathbf{E}_v
        \quad\text{(J/m}^3\text{)},

    added to :math:`-\partial e/\partial\mathbf{l}`: it enters
    :math:`\mu_0M_s\mathbf{H}_A` with +h/2 and :math:`\mu_0M_s\mathbf{H}_B`
    with -h/2, and exerts :math:`\mathbf{l}\times\mathbf{h}` on the net spin
    density (see the module docstring for the signs; β is the seed's -β).

    Parameters
    ----------
    eta : float
        :math:`\hbar k_0` (kg m/s).
    sigma : float
        Electrical conductivity (S/m); :math:`\sigma_p = \sigma/e^2` is the
        particle conductivity (1/(J m s)) of the formulas.
    E_v : array_like or callable
        Valley field :math:`-\nabla\mu_v` (N = J/m), a 3-vector or a function
        of time t (s) returning one.
    beta : float, optional
        Damping-like to field-like ratio (default 0).

    Examples
    --------
    >>> from weylmag.constants import e, hbar
    >>> h = ValleyField(eta=hbar * 1e9, sigma=4e43 * e**2, E_v=(0, 0, 5e-16), beta=0.5)
    >>> [round(float(c), 1) for c in h(0.0, (1.0, 0.0, 0.0))[1:]]  # y, z (J/m^3)
    [1054.6, -2109.1]
    """

    def __init__(self, *, eta, sigma, E_v, beta=0.0):
        self.eta = _number(eta, "eta", "kg m/s")
        self.sigma = _number(sigma, "sigma", "S/m", nonnegative=True)
        self.sigma_p = self.sigma / e**2
        self.beta = _number(beta, "beta", "dimensionless")
        if callable(E_v):
            value = E_v(0.0)
            _vector(value, "E_v(0.0)", "J/m")
            self._E_v = E_v
        else:
            constant = _vector(E_v, "E_v", "J/m")
            self._E_v = lambda t: constant
        self.E_v = E_v

    def __call__(self, t, l):
        """h (J/m^3) at time t (s) for the Néel vector l (weylmag's, (mA - mB)/2)."""
        E_v = np.asarray(self._E_v(t), dtype=float)
        l = np.asarray(l, dtype=float)
        l_x_E = _cross(l, np.broadcast_to(E_v, l.shape))
        return -self.eta * self.sigma_p * (E_v + self.beta * l_x_E)

    def torque(self, t, l):
        r"""The torque :math:`\mathbf{l}\times\mathbf{h}` on the net spin density (J/m^3)."""
        l = np.asarray(l, dtype=float)
        return _cross(l, self(t, l))

    def __repr__(self):
        return (
            f"ValleyField(eta={self.eta!r}, sigma={self.sigma!r}, "
            f"E_v={self.E_v!r}, beta={self.beta!r})"
        )


class NeelTrajectory:
    r"""Samples of a :meth:`NeelPair.run`.

    Attributes
    ----------
    t : numpy.ndarray
        Times (s), shape (n + 1,), from 0 to t_end.
    mA, mB : numpy.ndarray
        Sublattice magnetisation directions, renormalised, shape (n + 1, 3).
    l, m : numpy.ndarray
        :math:`(\mathbf{m}_A \mp \mathbf{m}_B)/2`, shape (n + 1, 3).
    energy_density : numpy.ndarray
        e (J/m^3) of each sample (without the valley field, which has no
        energy).
    norm_error : float
        Largest :math:`||\mathbf{m}_i| - 1|` of the samples before they were
        renormalised.
    nfev : int
        Right-hand-side evaluations of the integrator.
    """

    def __init__(self, *, t, mA, mB, energy_density, norm_error, nfev):
        self.t = t
        self.mA = mA
        self.mB = mB
        self.l = (mA - mB) / 2
        self.m = (mA + mB) / 2
        self.energy_density = energy_density
        self.norm_error = norm_error
        self.nfev = nfev

    def __repr__(self):
        return (
            f"NeelTrajectory(samples={len(self.t)}, t_end={self.t[-1]!r}, "
            f"norm_error={self.norm_error:.2e}, nfev={self.nfev})"
        )


class NeelPair:
    r"""A two-sublattice antiferromagnet as a pair of macrospins.

    Energy, fields and sign conventions are in the module docstring. Every
    argument is keyword-only.

    Parameters
    ----------
    Ms : float
        Saturation magnetisation of each sublattice (A/m).
    H_E : float
        Exchange field of the antiparallel coupling (A/m), > 0.
    K : float
        Uniaxial anisotropy per sublattice (J/m^3); easy axis for K > 0.
    alpha : float
        Gilbert damping (dimensionless, >= 0).
    axis : array_like, optional
        Anisotropy axis k (normalised), z by default.
    gamma0 : float, optional
        Gyromagnetic ratio times mu0 (m/(A s)), weylmag's default 2.211e5.
    H : array_like, optional
        Applied field (A/m), the same on both sublattices. It is not derived
        from B: for the Zeeman field of an induction B in vacuum pass
        ``H = B / mu0``.
    kappa : float, optional
        Weyl coupling (J/(m^3 T)), :func:`weyl_coupling`.
    B : array_like, optional
        Induction (T) that the Weyl term couples to l.
    valley_field : ValleyField, array_like or callable, optional
        The non-equilibrium field h (J/m^3) on l: a :class:`ValleyField`
        (Eq. 17b), a constant 3-vector, or a callable ``h(t, l)``.

    Examples
    --------
    >>> import numpy as np
    >>> pair = NeelPair(Ms=4e5, H_E=8e5, K=2e4, alpha=0.0)
    >>> HA, HB = pair.fields((0, 0, 1), (0, 0, -1))
    >>> round(float(HA[2]), 3), round(float(HB[2]), 3)  # H_E + H_K (A/m), mirrored on B
    (879577.472, -879577.472)
    >>> tilt = (np.sin(0.01), 0.0, np.cos(0.01))
    >>> run = pair.run(tilt, (0, 0, -1), t_end=20e-12, n=4)
    >>> bool(run.norm_error < 1e-9), bool(np.ptp(run.energy_density) < 1e-6)
    (True, True)
    """

    def __init__(
        self,
        *,
        Ms,
        H_E,
        K,
        alpha,
        axis=(0, 0, 1),
        gamma0=default_gamma0,
        H=(0, 0, 0),
        kappa=0.0,
        B=(0, 0, 0),
        valley_field=None,
    ):
        self.Ms = _number(Ms, "Ms", "A/m", positive=True)
        self.H_E = _number(H_E, "H_E", "A/m", positive=True)
        self.K = _number(K, "K", "J/m^3")
        self.alpha = _number(alpha, "alpha", "dimensionless", nonnegative=True)
        self.axis = _direction(axis, "axis")
        self.gamma0 = _number(gamma0, "gamma0", "m/(A s)", positive=True)
        self.H = _vector(H, "H", "A/m")
        self.kappa = _number(kappa, "kappa", "J/(m^3 T)")
        self.B = _vector(B, "B", "T")
        self.valley_field = valley_field
        self._valley = self._valley_function(valley_field)

    @staticmethod
    def _valley_function(valley_field):
        if valley_field is None:
            return None
        if callable(valley_field):
            try:
                value = np.asarray(valley_field(0.0, np.array([0.0, 0.0, 1.0])), dtype=float)
            except TypeError as error:
                raise TypeError(
                    "valley_field must be called as valley_field(t, l) and return h (J/m^3); "
                    f"calling it with (0.0, l) failed: {error}. Use ValleyField(...) for Eq. 17b."
                ) from None
            if value.shape != (3,):
                raise ValueError(
                    f"valley_field(t, l) must return a 3-vector h (J/m^3); got shape {value.shape}."
                )
            return valley_field
        constant = _vector(valley_field, "valley_field", "J/m^3")
        return lambda t, l: constant

    @property
    def anisotropy_field(self):
        r""":math:`H_K = 2K/\mu_0M_s` (A/m)."""
        return 2 * self.K / (mu0 * self.Ms)

    @property
    def weyl_field(self):
        r"""The staggered Weyl field on sublattice A, :math:`\kappa\mathbf{B}/2\mu_0M_s` (A/m)."""
        return self.kappa * self.B / (2 * mu0 * self.Ms)

    def energy_density(self, mA, mB):
        r"""e (J/m^3) of the module docstring, for arrays of shape (..., 3).

        The vectors are used as given (not normalised), so that the energy is
        a polynomial whose gradient the fields are. The valley field has no
        energy and is left out.
        """
        mA = np.asarray(mA, dtype=float)
        mB = np.asarray(mB, dtype=float)
        k = self.axis
        exchange = mu0 * self.Ms * self.H_E * np.sum(mA * mB, axis=-1)
        anisotropy = -self.K * ((mA @ k) ** 2 + (mB @ k) ** 2)
        zeeman = -mu0 * self.Ms * ((mA + mB) @ self.H)
        weyl = -self.kappa * (((mA - mB) / 2) @ self.B)
        return exchange + anisotropy + zeeman + weyl

    def fields(self, mA, mB, t=0.0):
        r"""Sublattice fields :math:`(\mathbf{H}_A, \mathbf{H}_B)` (A/m) at time t (s).

        :math:`-(\mu_0M_s)^{-1}\partial e/\partial\mathbf{m}_{A,B}` plus the
        valley field :math:`\pm\mathbf{h}/2\mu_0M_s`.
        """
        mA = np.asarray(mA, dtype=float)
        mB = np.asarray(mB, dtype=float)
        k = self.axis
        H_K = self.anisotropy_field
        common = self.H
        staggered = self.weyl_field
        if self._valley is not None:
            staggered = staggered + self._valley(t, (mA - mB) / 2) / (2 * mu0 * self.Ms)
        HA = -self.H_E * mB + H_K * (mA @ k)[..., None] * k + common + staggered
        HB = -self.H_E * mA + H_K * (mB @ k)[..., None] * k + common - staggered
        return HA, HB

    def rates(self, mA, mB, t=0.0):
        r""":math:`(\dot{\mathbf{m}}_A, \dot{\mathbf{m}}_B)` (1/s), the Landau-Lifshitz form."""
        mA = np.asarray(mA, dtype=float)
        mB = np.asarray(mB, dtype=float)
        HA, HB = self.fields(mA, mB, t)
        return self._ll(mA, HA), self._ll(mB, HB)

    def _ll(self, m, H):
        mxH = _cross(m, H)
        return -self.gamma0 / (1 + self.alpha**2) * (mxH + self.alpha * _cross(m, mxH))

    def _rhs(self, t, y):
        """solve_ivp's right-hand side: both sublattices at once, (2, 3) arrays."""
        m = y.reshape(2, 3)
        HA, HB = self.fields(m[0], m[1], t)
        return self._ll(m, np.stack((HA, HB))).ravel()

    def run(self, mA0, mB0, *, t_end, n, rtol=1e-10, atol=1e-12, method="DOP853"):
        r"""Integrate from (mA0, mB0) and sample n + 1 times, t = 0 ... t_end.

        Parameters
        ----------
        mA0, mB0 : array_like
            Initial directions (normalised here).
        t_end : float
            Duration (s).
        n : int
            Number of intervals between samples (as ``TimeDriver``'s n).
        rtol, atol : float, optional
            Tolerances of :func:`scipy.integrate.solve_ivp` on the
            components of m.
        method : str, optional
            An explicit solve_ivp method ("DOP853", "RK45", ...).

        Returns
        -------
        NeelTrajectory
        """
        mA0 = _direction(mA0, "mA0")
        mB0 = _direction(mB0, "mB0")
        t_end = _number(t_end, "t_end", "s", positive=True)
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(
                f"n must be a positive integer (number of sample intervals); got {n!r}."
            )
        t = np.linspace(0.0, t_end, int(n) + 1)
        solution = solve_ivp(
            self._rhs, (0.0, t_end), np.concatenate((mA0, mB0)), method=method,
            t_eval=t, rtol=rtol, atol=atol,
        )
        if solution.status != 0:
            raise IntegrationError(f"NeelPair.run: solve_ivp stopped: {solution.message}")
        y = solution.y.T
        raw = (y[:, :3], y[:, 3:])
        norms = [np.linalg.norm(m, axis=1) for m in raw]
        mA, mB = (m / size[:, None] for m, size in zip(raw, norms))
        return NeelTrajectory(
            t=solution.t,
            mA=mA,
            mB=mB,
            energy_density=self.energy_density(mA, mB),
            norm_error=float(max(np.max(np.abs(size - 1)) for size in norms)),
            nfev=int(solution.nfev),
        )

    def __repr__(self):
        parts = [
            f"Ms={self.Ms!r}", f"H_E={self.H_E!r}", f"K={self.K!r}",
            f"alpha={self.alpha!r}", f"axis={tuple(self.axis.tolist())!r}",
            f"gamma0={self.gamma0!r}", f"H={tuple(self.H.tolist())!r}",
            f"kappa={self.kappa!r}", f"B={tuple(self.B.tolist())!r}",
        ]
        if self.valley_field is not None:
            parts.append(f"valley_field={self.valley_field!r}")
        return f"NeelPair({', '.join(parts)})"

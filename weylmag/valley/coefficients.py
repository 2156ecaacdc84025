r"""Closed forms of seed 000 in SI units, with the conventions of weylmag.

The seed works with :math:`\hbar = e = 1` and with **m** the direction of the
spin density :math:`\mathbf{M} = s\mathbf{m}`; weylmag's **m** is the
direction of the magnetisation, opposite to the electron spin. Every formula
here is the seed's with those units restored and with
:math:`\mathbf{m}_\text{seed} = -\mathbf{m}`. The constants that appear:

========================  ====================================================
:math:`\eta`              :math:`\hbar k_0 = Js/v` (kg m/s), :math:`\pm k_0` the
                          Weyl points (Eq. 6)
:math:`\sigma`            electrical conductivity (S/m); the particle
                          conductivity of the seed is :math:`\sigma/e^2`
:math:`N`                 density of states at the Fermi level, both valleys
                          (1/(J m^3))
:math:`D`                 :math:`\sigma/(e^2N)` (m^2/s), the Einstein relation
:math:`\tau_v`            valley relaxation time (s);
                          :math:`\lambda_v = \sqrt{D\tau_v}` (Eq. 31)
:math:`\theta`            anomalous Hall angle, :math:`\mathbf{J} = \sigma
                          (\mathbf{E} - \theta\,\mathbf{m}\times\mathbf{E})`
                          (the seed's :math:`1 + \theta\mathbf{m}\times` with its
                          spin direction), :math:`e^2\eta/(2\pi^2\hbar^2\sigma)`
                          in the minimal model
:math:`s`                 :math:`\mu_0M_s/\gamma_0`, the angular-momentum density
                          of the magnet (J s/m^3)
========================  ====================================================

The chiral anomaly fills one valley at the rate
:math:`e^2\mathbf{E}\cdot\mathbf{B}/(2\pi^2\hbar^2)` per unit volume, the
square of the charge making the sign of the carriers irrelevant.
"""

import math

import numpy as np

from ..constants import e, gamma0 as default_gamma0, hbar, mu0

__all__ = [
    "torque_parameters",
    "hall_angle",
    "diffusion_constant",
    "chiral_anomaly_rate",
    "valley_density",
    "magnetoconductance",
    "pumped_valley_force",
    "valley_damping",
]


def _vector(value, name):
    v = np.asarray(value, dtype=float)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise ValueError(f"{name} must be a finite 3-vector; got {value!r}.")
    return v


def _positive(value, name, unit):
    if not (isinstance(value, (int, float, np.floating)) and value > 0):
        raise ValueError(f"{name} must be a positive number ({unit}); got {value!r}.")
    return float(value)


def _nu(eta, theta, tau_v, N, BxJ, Ms, gamma0, mu0, hbar):
    """Eq. 21 with SI constants passed in (so that a test can change units)."""
    s = mu0 * Ms / gamma0
    return -eta * theta * tau_v * BxJ / (2 * math.pi**2 * hbar**2 * N * s)


def torque_parameters(*, eta, theta, tau_v, N, B, j_c, Ms, gamma0=default_gamma0):
    r"""``nu`` and ``direction`` of :class:`weylmag.ValleyTorque` from Eq. 21.

    In a texture the Hall part of the field that drives :math:`\mathbf{j}_c`
    (Eq. 19) makes the valley density of Eq. 20 follow
    :math:`-\theta\tau_v e^2|\mathbf{B}\times\mathbf{j}_c|\,
    \mathbf{m}\cdot\mathbf{u}/(2\pi^2\hbar^2\sigma)`; its gradient gives the
    field :math:`(\nu/\gamma_0)\nabla(\mathbf{m}\cdot\mathbf{u})` with

    .. math::

        \nu = -\frac{\eta\,\theta\,\tau_v\,|\mathbf{B}\times\mathbf{j}_c|}
        {2\pi^2\hbar^2 N s}, \qquad
        \mathbf{u} = \frac{\mathbf{B}\times\mathbf{j}_c}
        {|\mathbf{B}\times\mathbf{j}_c|}, \qquad s = \frac{\mu_0M_s}{\gamma_0}.

    The minus sign is that of weylmag's m, the magnetisation direction.

    Parameters
    ----------
    eta : float
        :math:`\hbar k_0` (kg m/s).
    theta : float
        Anomalous Hall angle (dimensionless; see the module docstring).
    tau_v : float
        Valley relaxation time (s).
    N : float
        Density of states at the Fermi level (1/(J m^3)).
    B : array_like
        Magnetic induction (T).
    j_c : array_like
        Electric current density (A/m^2).
    Ms : float
        Saturation magnetisation (A/m).
    gamma0 : float, optional
        Gyromagnetic ratio times mu0 (m/(A s)), as in ``mm.Precession``.

    Returns
    -------
    dict
        ``nu`` (m/s) and ``direction`` (a unit 3-tuple), ready for
        ``wm.ValleyTorque(**parameters, beta=...)``. When B is parallel to
        j_c the torque vanishes (Sec. IV A): ``nu`` is 0 and ``direction``
        is x.

    Examples
    --------
    >>> from weylmag.constants import hbar
    >>> p = torque_parameters(eta=hbar * 1e9, theta=0.1, tau_v=1e-12, N=1e45,
    ...                       B=(0, 0, 1), j_c=(0, 1e10, 0), Ms=1e5)
    >>> round(p["nu"], 2), p["direction"]
    (-0.85, (-1.0, 0.0, 0.0))
    """
    B = _vector(B, "B")
    j_c = _vector(j_c, "j_c")
    for value, name, unit in (
        (eta, "eta", "kg m/s"), (tau_v, "tau_v", "s"), (N, "N", "1/(J m^3)"),
        (Ms, "Ms", "A/m"), (gamma0, "gamma0", "m/(A s)"),
    ):
        _positive(value, name, unit)
    bxj = np.cross(B, j_c)
    size = float(np.linalg.norm(bxj))
    if size == 0.0:
        return {"nu": 0.0, "direction": (1.0, 0.0, 0.0)}
    nu = _nu(eta, float(theta), tau_v, N, size, Ms, gamma0, mu0, hbar)
    return {"nu": float(nu), "direction": tuple(float(c) for c in bxj / size)}


def hall_angle(eta, sigma):
    r"""The anomalous Hall angle :math:`e^2\eta/(2\pi^2\hbar^2\sigma)` (Eq. 5, minimal model).

    The magnitude is exact; the sign is the seed's. Computed exactly for a
    lattice form of the model of Eq. 1 (``weylmag.bands.models.weyl_lattice``,
    tests/bands/test_weyl.py), the Hall current is
    :math:`-\mathrm{sgn}(J)\,\sigma_H\,\mathbf{m}_\text{seed}\times\mathbf{E}`
    whatever the sign of v, while Eq. 5 with :math:`\eta = Js/v` gives
    :math:`\mathrm{sgn}(Jv)`: the two agree for v < 0 only. For a given band
    structure take theta from :func:`weylmag.bands.anomalous_hall_conductivity`.

    Examples
    --------
    >>> from weylmag.constants import hbar
    >>> round(hall_angle(hbar * 1e9, 1e5), 4)
    0.1233
    """
    return e**2 * eta / (2 * math.pi**2 * hbar**2 * sigma)


def diffusion_constant(sigma, N):
    r"""Valley diffusion constant :math:`D = \sigma/(e^2N)` (m^2/s), the Einstein relation.

    Examples
    --------
    >>> round(diffusion_constant(1e5, 1e45), 6)
    0.003896
    """
    return sigma / (e**2 * N)


def chiral_anomaly_rate(E, B):
    r"""Valley pumping by parallel fields, :math:`e^2\mathbf{E}\cdot\mathbf{B}/(2\pi^2\hbar^2)`
    (Eq. 7; 1/(m^3 s); E in V/m, B in T).

    Examples
    --------
    >>> f"{chiral_anomaly_rate((1e3, 0, 0), (1, 0, 0)):.3e}"
    '1.169e+32'
    """
    return e**2 * float(np.dot(_vector(E, "E"), _vector(B, "B"))) / (2 * math.pi**2 * hbar**2)


def valley_density(*, E, B, tau_v):
    r"""The bulk valley density :math:`\tau_v e^2\mathbf{E}\cdot\mathbf{B}/(2\pi^2\hbar^2)`
    (Eq. 20; 1/m^3).

    Examples
    --------
    >>> f"{valley_density(E=(1e3, 0, 0), B=(1, 0, 0), tau_v=1e-12):.3e}"
    '1.169e+20'
    """
    return tau_v * chiral_anomaly_rate(E, B)


def magnetoconductance(*, B, tau_v, N):
    r"""The chiral-anomaly conductivity :math:`\Delta\sigma_{ij} =
    e^4\tau_v B_iB_j/(4\pi^4\hbar^4N)` (S/m, a 3x3 tensor).

    Eq. 20 put back into the chiral magnetic current
    :math:`e^2\mu_v\mathbf{B}/(2\pi^2\hbar^2)` of Eq. 14a with
    :math:`\mu_v = \rho_v/N`: the positive longitudinal magnetoconductance,
    quadratic in B and proportional to :math:`\tau_v/N`.

    Examples
    --------
    >>> f"{magnetoconductance(B=(0, 0, 1), tau_v=1e-12, N=1e45)[2, 2]:.4e}"
    '1.3673e+01'
    """
    B = _vector(B, "B")
    return e**4 * tau_v * np.outer(B, B) / (4 * math.pi**4 * hbar**4 * N)


def pumped_valley_force(*, eta, beta, omega, theta):
    r"""The time-averaged valley-motive force of a circular precession,
    :math:`\eta\beta\omega\sin^2\theta` along the precession axis (Eq. 33; N).

    omega > 0 is the precession that a field along the axis drives
    (counterclockwise about it); in weylmag's variables
    :math:`\boldsymbol\varepsilon = \eta(1 + \beta\mathbf{m}\times)
    \partial_t\mathbf{m}` and
    :math:`\langle\mathbf{m}\times\partial_t\mathbf{m}\rangle =
    \omega\sin^2\theta\,\hat{\mathbf{z}}`.

    Examples
    --------
    >>> from weylmag.constants import hbar
    >>> f"{pumped_valley_force(eta=hbar * 1e9, beta=0.1, omega=1e10, theta=0.5):.4e}"
    '2.4239e-17'
    """
    return eta * beta * omega * math.sin(theta) ** 2


def valley_damping(*, eta, sigma, Ms, gamma0=default_gamma0):
    r"""The Gilbert damping that valley pumping adds, :math:`\alpha_v =
    \gamma_0\eta^2\sigma/(e^2\mu_0M_s)` (dimensionless).

    The local valley current :math:`-(\sigma/e^2)\eta\partial_t\mathbf{m}`
    (Eq. 14b) exerts :math:`\eta\mathbf{m}\times\mathbf{j}_v` (Eq. 14c), a
    Gilbert torque that the seed absorbs into alpha; so does
    :class:`weylmag.ValleyDiffusion`. Where the valley current cannot flow
    (a closed film) the pumped valley field returns this damping, so the
    alpha of such a system must be at least alpha_v.

    Examples
    --------
    >>> from weylmag.constants import hbar
    >>> round(valley_damping(eta=hbar * 2e8, sigma=1e5, Ms=3e5), 6)
    0.001016
    """
    return gamma0 * eta**2 * sigma / (e**2 * mu0 * Ms)

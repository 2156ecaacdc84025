r"""Interface-driven switching of a macrospin by the valley torque (seed 000, Sec. IV B).

A film of thickness d = 100 nm, one cell, magnetised along its easy axis
n = +z (uniaxial K), sits under a valley-mixing top face (``mixing="z+"``).
The current j_c and the field B lie along x. ValleyDiffusion solves for the
valley density in the cell: with :math:`\lambda_v = 4` nm,
:math:`\rho_1 = S\tau_v/(1 + 2\lambda_v^2/d^2)` (the finite-volume cell
with :math:`\rho = 0` on the face h/2 away), and the valley field averaged
over the film is :math:`\rho_1/(Nd)\,\hat{\mathbf{n}}`: Eq. 32 per unit area
divided by the thickness, to :math:`2\lambda_v^2/d^2 = 0.3\,\%`. The torque
on the macrospin is therefore

.. math::

    \mathbf{T} = P\left[\mathbf{m}\times\hat{\mathbf{n}}
    + \beta\,\mathbf{m}\times(\mathbf{m}\times\hat{\mathbf{n}})\right],
    \qquad P = \frac{\eta\tau_v\,\mathbf{j}_c\cdot\mathbf{B}}
    {2\pi^2\hbar^2N\,s\,d}\,\frac{1}{1 + 2\lambda_v^2/d^2},
    \quad s = \frac{\mu_0M_s}{\gamma_0}.

In the film the valley current cannot flow sideways, so the valley-motive
force is balanced by a valley field that returns the Gilbert enhancement
:math:`\alpha_v` (:func:`~weylmag.valley.coefficients.valley_damping`):
around m = n the pumped torque is
:math:`-\alpha_v[(1-\beta^2)Z - 2\beta]\,\partial_t\delta\mathbf{m}`
(Z = ``z x``). Linearising the Gilbert equation,
:math:`(c - a'Z)\partial_t\delta\mathbf{m} = [(\omega_K - P)Z + P\beta]
\delta\mathbf{m}` with :math:`a' = \alpha - \alpha_v(1 - \beta^2)`,
:math:`c = 1 - 2\alpha_v\beta`, :math:`\omega_K = 2\gamma_0K/\mu_0M_s`, so
m = n loses stability at

.. math::

    P_c = \frac{a'\omega_K}{a' + c\beta}
    \qquad(\to \alpha\omega_K/(\alpha + \beta) \text{ without pumping}),

the field-like part lowering the threshold of the damping-like part alone
(:math:`\alpha\omega_K/\beta`). For :math:`P > P_c` the damping-like torque
drives m to the opposite pole, -n for :math:`\mathbf{j}_c\cdot\mathbf{B} > 0`
and +n for :math:`\mathbf{j}_c\cdot\mathbf{B} < 0`, which is stable.

ValleyDiffusion evaluates the valley-motive force from dm/dt without the
pumped torque itself, so the simulated linear problem is the matrix of
:func:`one_pass_operator`, whose threshold differs from :math:`P_c` by
:math:`O(\alpha_v^2)` (measured: 8e-4). The simulated rates near the
threshold agree with it to 0.1 % (0.9 P_c) and 0.6 % (1.1 P_c, where the
tilt grows into the non-linear range).
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.constants import e, gamma0, hbar, mu0
from weylmag.valley import coefficients as vc

MS = 3e5
K = 1e4
ALPHA = 0.1
BETA = 0.3
ETA = hbar * 6e8
SIGMA = 1e5
N = 1e46
LAM = 4e-9
D_FILM = 100e-9
TAU = LAM**2 * e**2 * N / SIGMA
B = np.array([1.5, 0.0, 0.0])
S_ANG = mu0 * MS / gamma0
OMEGA_K = 2 * gamma0 * K / (mu0 * MS)
ALPHA_V = vc.valley_damping(eta=ETA, sigma=SIGMA, Ms=MS)  # 0.0091
A_PRIME = ALPHA - ALPHA_V * (1 - BETA**2)
C = 1 - 2 * ALPHA_V * BETA
P_C = A_PRIME * OMEGA_K / (A_PRIME + C * BETA)
Z = np.array([[0.0, -1.0], [1.0, 0.0]])
I2 = np.eye(2)


def P_of(j_dot_B):
    """The torque rate P (1/s) of the module docstring."""
    per_area = ETA * TAU * j_dot_B / (2 * math.pi**2 * hbar**2 * N)  # Eq. 32, J/m^2
    return per_area / (S_ANG * D_FILM) / (1 + 2 * LAM**2 / D_FILM**2)


#: j_c (A/m^2, along x) at which P = P_c: 2.7e14 A/m^2 for these made-up parameters.
J_C = P_C / P_of(B[0])


def one_pass_operator(P):
    """d(delta m)/dt = M delta m near m = +z as the term computes it."""
    gilbert = (I2 + ALPHA * Z) / (1 + ALPHA**2)
    others = gilbert @ (OMEGA_K * Z + P * (BETA * I2 - Z))  # without the pumped torque
    pumped = -ALPHA_V * ((1 - BETA**2) * Z - 2 * BETA * I2) @ others
    return gilbert @ (OMEGA_K * Z + P * (BETA * I2 - Z) + pumped)


def rate(P):
    return np.linalg.eigvals(one_pass_operator(P)).real.max()


def film(j, m):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(5e-9, 5e-9, D_FILM), n=(1, 1, 1))
    system = mm.System(name="valley_film")
    system.energy = mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    system.dynamics = (
        mm.Precession(gamma0=gamma0)
        + mm.Damping(alpha=ALPHA)
        + wm.ValleyDiffusion(eta=ETA, sigma=SIGMA, N=N, tau_v=TAU, beta=BETA, B=tuple(B),
                             j_c=(j, 0, 0), mixing="z+")
    )
    system.m = df.Field(mesh, nvdim=3, value=m, norm=MS)
    return system


def trajectory(system, times):
    problem = wm.Problem(system)
    evolver = wm.RungeKuttaEvolver(method="rk45dp", tolerance=1e-8)
    evolver.setup(problem)
    m = problem.m0.copy()
    t, out = 0.0, []
    for t_next in times:
        if t_next > t:
            t = evolver.advance(problem, m, t, t_next)
        out.append(m[0].copy())
    return np.array(out)


def test_closed_form_threshold_is_the_one_pass_threshold():
    low, high = 0.5 * P_C, 1.5 * P_C
    for _ in range(60):
        mid = 0.5 * (low + high)
        low, high = (low, mid) if rate(mid) > 0 else (mid, high)
    assert low == pytest.approx(P_C, rel=2e-3)
    assert ALPHA * OMEGA_K / (ALPHA + BETA) > 1.05 * P_C  # pumping shows: 6 % lower


@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_growth_rate_near_the_threshold(factor):
    """From a 0.02 rad tilt, |delta m| changes at the linear rate (to 2 %),
    decaying below P_c and growing above it."""
    times = np.linspace(0, 10e-9, 11)
    m = trajectory(film(factor * J_C, (0.02, 0, 1)), times)
    measured = np.polyfit(times, np.log(np.hypot(m[:, 0], m[:, 1])), 1)[0]
    expected = rate(P_of(factor * J_C * B[0]))
    assert np.sign(measured) == np.sign(factor - 1)
    assert measured == pytest.approx(expected, rel=0.02)


@pytest.mark.parametrize("sign", [1, -1])
def test_switches_towards_minus_or_plus_n_with_the_sign_of_j_dot_B(sign):
    """Above the threshold m reverses: to -n for j.B > 0 (starting at +n), to
    +n for j.B < 0 (starting at -n); below it, m stays."""
    times = np.linspace(0, 40e-9, 5)
    start = (0.02, 0, sign * 1.0)
    above = trajectory(film(sign * 1.5 * J_C, start), times)
    assert above[-1, 2] == pytest.approx(-sign, abs=1e-3)
    below = trajectory(film(sign * 0.9 * J_C, start), times)
    assert below[-1, 2] == pytest.approx(sign, abs=1e-4)
    # the same current with the field reversed keeps the magnet where it is
    held = trajectory(film(-sign * 1.5 * J_C, start), times)
    assert held[-1, 2] == pytest.approx(sign, abs=1e-4)


def test_too_little_damping_for_the_pumped_field_warns():
    system = film(J_C, (0.02, 0, 1))
    system.dynamics.damping.alpha = 0.5 * ALPHA_V
    with pytest.warns(UserWarning, match="alpha_v"):
        wm.Problem(system)

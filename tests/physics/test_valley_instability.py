r"""Current-driven spin-wave instability by the valley torque (seed 000, Sec. IV A).

A periodic chain along x, uniformly magnetised along z (easy axis, K), with
exchange A and Gilbert damping alpha, carries the valley torque
:math:`-\nu\mathbf{m}\times(1 + \beta\mathbf{m}\times)\nabla(\mathbf{m}\cdot
\mathbf{u})`. With :math:`\delta\mathbf{m} = (m_x, m_y)\,e^{ikx}` the
linearised Gilbert equation :math:`(1 - \alpha Z)\partial_t\delta\mathbf{m} =
(\omega Z + T_k)\delta\mathbf{m}` (Z the rotation ``z x``) has, on the chain
with cells h,

.. math::

    \omega = b + a\frac{2 - 2\cos kh}{h^2}, \qquad
    T_k = i\kappa\nu\begin{pmatrix}\beta u_x & \beta u_y\\ -u_x & -u_y
    \end{pmatrix}, \qquad \kappa = \frac{\sin kh}{h},

(the three-point exchange and the central difference of the torque). Its
eigenvalue of largest real part is the growth rate of the wave. The seed's
work balance (Eqs. 25-28) gives, for :math:`kh \to 0` and small alpha, the
thresholds :math:`|\nu| = 4\alpha\sqrt{ab}` at :math:`k = \sqrt{b/a}` along
u, and :math:`4(\alpha/\beta)\sqrt{ab}` along :math:`\mathbf{j}_c \perp
\mathbf{u}` for large beta. Scanning k, the exact discrete threshold is
within 0.35 % of the first (beta = 0.01, 40 cells per wavelength, including
the :math:`1/\sqrt{1 - \alpha^2}` of the Gilbert form) and 0.23 % of the
second (beta = 20).

The simulations start from the growing eigenmode at :math:`k = \sqrt{b/a}`
(a chain one wavelength long, amplitude 1e-3) and follow
:math:`\langle|\delta\mathbf{m}|^2\rangle^{1/2}`, which for one mode is
:math:`\propto e^{\Re\lambda\,t}` without oscillation.
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm

MU0 = 4e-7 * math.pi
GAMMA0 = 2.211e5
MS = 8e5
A = 1e-11
K = 5e4
ALPHA = 0.02
a = 2 * GAMMA0 * A / (MU0 * MS)  # m^2/s
b = GAMMA0 * 2 * K / (MU0 * MS)  # 1/s
K_STAR = math.sqrt(b / a)  # 1/m; 2 pi / K_STAR = 88.9 nm
NU_C = 4 * ALPHA * math.sqrt(a * b)  # Eq. 27: 24.9 m/s
CELLS = 40
H = 2 * math.pi / K_STAR / CELLS
Z = np.array([[0.0, -1.0], [1.0, 0.0]])


def linear_operator(k, nu, beta, u):
    """d(mx, my)/dt = M (mx, my) for the wave e^{ikx} on the discrete chain."""
    omega = b + a * (2 - 2 * math.cos(k * H)) / H**2
    kappa = math.sin(k * H) / H
    T = 1j * kappa * nu * np.array([[beta * u[0], beta * u[1]], [-u[0], -u[1]]])
    return (np.eye(2) + ALPHA * Z) @ (omega * Z + T) / (1 + ALPHA**2)


def growing_mode(k, nu, beta, u):
    values, vectors = np.linalg.eig(linear_operator(k, nu, beta, u))
    i = int(np.argmax(values.real))
    return values[i], vectors[:, i]


def discrete_threshold(beta, u, scale):
    """Smallest nu in (scale/5, 5 scale) at which some wave on a k grid grows."""
    ks = np.linspace(0.2, 3.0, 600) * K_STAR

    def grows(nu):
        return max(growing_mode(s * k, nu, beta, u)[0].real for k in ks for s in (1, -1)) > 0

    lo, hi = 0.2 * scale, 5 * scale
    for _ in range(40):
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if grows(mid) else (mid, hi)
    return 0.5 * (lo + hi)


def chain(nu, beta, u):
    """The periodic chain, one wavelength 2 pi / K_STAR long, in its growing mode."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(CELLS * H, 2e-9, 2e-9), n=(CELLS, 1, 1), bc="x")
    system = mm.System(name="valley_chain")
    system.energy = mm.Exchange(A=A) + mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    system.dynamics = (
        mm.Precession(gamma0=GAMMA0)
        + mm.Damping(alpha=ALPHA)
        + wm.ValleyTorque(nu=nu, beta=beta, direction=(u[0], u[1], 0))
    )
    _, v = growing_mode(K_STAR, nu, beta, u)
    x = (np.arange(CELLS) + 0.5) * H
    wave = np.exp(1j * K_STAR * x)[:, None] * v[None, :]
    m = np.zeros((CELLS, 3))
    m[:, :2] = 1e-3 * wave.real / np.abs(v).max()
    m[:, 2] = 1.0
    system.m = df.Field(mesh, nvdim=3, value=m.reshape(CELLS, 1, 1, 3), norm=MS)
    return system


def amplitudes(system, times):
    """rms |delta m| at the given times, integrated with weylmag's dp54.

    The tolerance is 1e-7: at the default 1e-5 the integrator's own error
    shifts a decay rate of 1e-3 omega by 7 %; at 1e-7 and 1e-9 the measured
    rate is the linear theory's to 1e-5.
    """
    problem = wm.Problem(system)
    evolver = wm.RungeKuttaEvolver(method="rk45dp", tolerance=1e-7)
    evolver.setup(problem)
    m = problem.m0.copy()
    t = 0.0
    out = []
    for t_next in times:
        if t_next > t:
            t = evolver.advance(problem, m, t, t_next)
        out.append(math.sqrt(np.mean(m[:, 0] ** 2 + m[:, 1] ** 2)))
    return np.array(out)


def measured_rate(system, t_end, samples=11):
    times = np.linspace(0.0, t_end, samples)
    slope, _ = np.polyfit(times, np.log(amplitudes(system, times)), 1)
    return slope


CASES = {
    # beta << 1: waves along u (Eq. 27); beta >> 1: waves along j_c, perpendicular to u (Eq. 28)
    "along_u": dict(beta=0.01, u=(1.0, 0.0), threshold=NU_C),
    "along_jc": dict(beta=20.0, u=(0.0, 1.0), threshold=NU_C / 20.0),
}


@pytest.mark.parametrize("case", CASES)
def test_discrete_threshold_is_the_seed_threshold(case):
    """The exact threshold of the discrete linear problem is Eq. 27 / Eq. 28 to 0.5 %."""
    c = CASES[case]
    assert discrete_threshold(c["beta"], c["u"], c["threshold"]) == pytest.approx(c["threshold"], rel=5e-3)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_spin_wave_grows_above_threshold_and_decays_below(case, factor):
    """A spin wave at k = sqrt(b/a) grows at 1.1 and decays at 0.9 of the threshold.

    Over 20 ns the predicted log-growth is +-0.9 to +-1.9, far above the
    integration error (measured rates agree with the linear theory to 1e-5).
    """
    c = CASES[case]
    nu = factor * c["threshold"]
    rate = measured_rate(chain(nu, c["beta"], c["u"]), 20e-9, samples=5)
    expected = growing_mode(K_STAR, nu, c["beta"], c["u"])[0].real
    assert np.sign(rate) == np.sign(factor - 1.0)
    assert rate == pytest.approx(expected, rel=0.01)


@pytest.mark.parametrize("case", CASES)
def test_growth_rate_matches_discrete_dispersion(case):
    """At twice the threshold the measured growth rate is Re(lambda) to 2 %."""
    c = CASES[case]
    nu = 2 * c["threshold"]
    expected = growing_mode(K_STAR, nu, c["beta"], c["u"])[0].real
    rate = measured_rate(chain(nu, c["beta"], c["u"]), 3.0 / expected)
    assert rate == pytest.approx(expected, rel=0.02)

r"""A macrospin on a topological-insulator surface under an electric field (seed 001, Sec. 2.3).

The surface electrons give the magnet the anisotropy :math:`G_s = -J_0m_z^2`
(Eq. 2.35) and, under E along x, the Faraday field of Eq. 2.36, constant on
each hemisphere and reversed across the equator, so that the free energy
exists only per hemisphere (Eqs. 2.37). In units of :math:`J_0m^2`, with
:math:`\epsilon = eE|\alpha|/(4\pi J_0m^2a)`,

.. math::

    g_{N,S} = -m_z^2 \pm \epsilon m_x .

Without damping the moment keeps :math:`g` on its hemisphere. Both
hemispheres' flows point onto the equator where :math:`m_y > 0` (there
:math:`\dot m_z = \mp\gamma H^E m_y` on the N/S side) and away from it where
:math:`m_y < 0`. So, exactly:

- a state with :math:`g > -\epsilon` lies on a level arc that runs from the
  unstable to the stable half-equator and ends there, at
  :math:`m_x = \pm g/\epsilon`, :math:`m_y = +\sqrt{1 - m_x^2}`;
- a state with :math:`g < -\epsilon` circles the hemisphere's minimum
  (:math:`m_x = \mp\epsilon/2`) for ever, coming closest to the equator
  where it crosses :math:`m_y = 0` on the equator's side, at
  :math:`m_x = \mp\sqrt{1 - m_z^2}`: :math:`-m_z^2 - \epsilon\sqrt{1 - m_z^2} = g`;
- for :math:`\epsilon > 2` the minimum of :math:`g` on the closed hemisphere
  is :math:`-\epsilon`, on the equator, so every state ends on the stable
  half-equator.

This is the seed's reading of Fig. 2.4 (the critical trajectories
:math:`G_{N/S} = -eE|\alpha|/4\pi a` are :math:`g = -\epsilon`, and the
strong-field bound :math:`eE|\alpha|/4\pi a > 2J_0m^2` is :math:`\epsilon >
2`); the exact calculation confirms it. With damping the moment loses
:math:`g` on the way, so a state just inside a critical trajectory that reaches
the equator without damping is caught by the pole with it — the seed's "the
attraction area reduces".

The test drives weylmag's terms (``mm.UniaxialAnisotropy`` for
:math:`G_s`, :class:`wm.FaradayField` for :math:`\mathbf{H}^E`) and stops a
run when the moment reaches the equator (an explicit integrator chatters on
the exact jump after that; the last test follows it there with the default
tolerance).
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.constants import mu0

MS = 8e5  # A/m
K = 1e5  # J/m^3, K = J0 m^2 per volume
GAMMA0 = 2.211e5
#: small-angle precession period about a pole, 2 pi / (gamma0 2K / mu0 Ms): 0.14 ns
PERIOD = 2 * math.pi * mu0 * MS / (2 * GAMMA0 * K)


def problem(m0, epsilon, alpha=0.0, width=0.0):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(2e-9, 2e-9, 2e-9), n=(1, 1, 1))
    system = mm.System(name="ti_macrospin")
    system.energy = mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    H = -epsilon * K / (mu0 * MS)  # A/m: -grad of K eps m_x on the north side
    system.dynamics = (
        mm.Precession(gamma0=GAMMA0)
        + mm.Damping(alpha=alpha)
        + wm.FaradayField(H=(H, 0, 0), width=width)
    )
    system.m = df.Field(mesh, nvdim=3, value=tuple(m0), norm=MS)
    return wm.Problem(system)


def follow(m0, epsilon, t_end, *, alpha=0.0, samples=2000, tolerance=1e-8):
    """Sampled trajectory, stopped when |m_z| < 1e-6 (the equator reached)."""
    prob = problem(m0, epsilon, alpha)
    m = prob.m0.copy()
    evolver = wm.RungeKuttaEvolver(tolerance=tolerance)
    evolver.setup(prob)
    path, t = [m[0].copy()], 0.0
    for k in range(1, samples + 1):
        t = evolver.advance(prob, m, t, k * t_end / samples)
        path.append(m[0].copy())
        if abs(m[0, 2]) < 1e-6:
            break
    return np.array(path)


def g(m, epsilon):
    """Energy per J0 m^2 on the moment's own hemisphere."""
    return -m[..., 2] ** 2 + epsilon * np.sign(m[..., 2]) * m[..., 0]


def unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


# (m0, epsilon): g > -epsilon, from both hemispheres and both half-equators
REACHING = [
    ((0.8, -0.45, 0.45), 0.4),
    ((-0.6, -0.7, 0.35), 0.4),
    ((0.25, 0.9, -0.38), 0.4),
    ((-0.9, 0.0, -0.3), 0.4),
    ((-0.1, 0.05, 0.99), 2.5),  # near the pole: only for epsilon > 2
    ((0.3, -0.2, -0.93), 2.5),
    ((-0.9, 0.3, 0.3), 2.5),
]


@pytest.mark.parametrize("m0, epsilon", REACHING)
def test_states_between_the_critical_trajectories_end_on_the_stable_half_equator(
    m0, epsilon
):
    m0 = unit(m0)
    c = g(m0, epsilon)
    assert c > -epsilon
    path = follow(m0, epsilon, t_end=6 * PERIOD)
    end = path[-1]
    assert abs(end[2]) < 1e-6, "did not reach the equator"
    mx = np.sign(m0[2]) * c / epsilon
    expected = np.array([mx, math.sqrt(1 - mx * mx), 0.0])
    assert np.allclose(end, expected, rtol=0, atol=2e-5)
    # on its own hemisphere all the way, keeping g
    assert np.all(np.sign(path[:-1, 2]) == np.sign(m0[2]))
    assert np.allclose(g(path[:-1], epsilon), c, rtol=0, atol=1e-6)


def closest_mz(c, epsilon):
    """|m_z| where the orbit g = c < -epsilon crosses m_y = 0 on the equator's side."""
    lo, hi = 0.0, 1.0  # f(z) = z^2 - eps sqrt(1 - z^2) + ... changes sign once
    for _ in range(80):
        z = 0.5 * (lo + hi)
        if -(z * z) - epsilon * math.sqrt(1 - z * z) > c:
            lo = z
        else:
            hi = z
    return 0.5 * (lo + hi)


@pytest.mark.parametrize(
    "m0", [(0.3, 0.0, 0.95), (-0.6, 0.2, 0.77), (0.5, 0.1, -0.86), (-0.2, 0.7, -0.7)]
)
def test_states_outside_keep_precessing_about_a_pole(m0):
    epsilon = 0.4
    m0 = unit(m0)
    c = g(m0, epsilon)
    assert c < -epsilon
    path = follow(m0, epsilon, t_end=8 * PERIOD)
    assert len(path) == 2001, "stopped on the equator"
    assert np.all(np.sign(path[:, 2]) == np.sign(m0[2]))
    assert np.allclose(g(path, epsilon), c, rtol=0, atol=1e-6)
    # it goes round: the azimuth about the hemisphere's minimum covers the circle,
    # and the closest approach to the equator is the orbit's
    centre = np.array([-np.sign(m0[2]) * epsilon / 2, 0.0])
    angle = np.unwrap(np.arctan2(path[:, 1] - centre[1], path[:, 0] - centre[0]))
    assert abs(angle[-1] - angle[0]) > 2 * math.pi
    assert np.abs(path[:, 2]).min() == pytest.approx(closest_mz(c, epsilon), abs=2e-4)


def test_damping_shrinks_the_basin_of_the_half_equator():
    """A state just inside the critical trajectory (g = -0.35 > -0.4) reaches the
    equator without damping and is caught by the north pole with alpha = 0.1."""
    epsilon = 0.4
    mz = math.sqrt(0.03)
    m0 = np.array([-0.8, -math.sqrt(1 - 0.64 - 0.03), mz])
    assert g(m0, epsilon) == pytest.approx(-0.35, abs=1e-12)
    assert abs(follow(m0, epsilon, t_end=6 * PERIOD)[-1, 2]) < 1e-6
    damped = follow(m0, epsilon, t_end=6 * PERIOD, alpha=0.1)
    assert len(damped) == 2001 and damped[:, 2].min() > 0
    assert g(damped[-1], epsilon) < -epsilon


def test_the_stable_half_equator_holds_the_moment():
    """Followed past its arrival with the default tolerance, the moment stays on the
    equator where it arrived (the chatter of the exact jump is bounded by the
    tolerance), and a smoothed jump (width) holds it the same way."""
    epsilon = 0.4
    m0 = unit((0.9, 0.0, 0.2))
    mx = g(m0, epsilon) / epsilon
    arrival = np.array([mx, math.sqrt(1 - mx * mx), 0.0])
    for width in (0.0, 1e-3):
        prob = problem(m0, epsilon, width=width)
        m = prob.m0.copy()
        evolver = wm.RungeKuttaEvolver()
        evolver.setup(prob)
        evolver.advance(prob, m, 0.0, 3 * PERIOD)
        assert np.allclose(m[0], arrival, rtol=0, atol=1e-3)

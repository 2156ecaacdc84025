r"""Order of convergence, error control and bookkeeping of the time integrators.

The reference is the closed-form solution of a damped macrospin in a static
field :math:`H\hat{\mathbf{z}}` (Gilbert LLG),

.. math::

    \tan\frac{\theta(t)}{2} = \tan\frac{\theta_0}{2}
    \exp\!\left(-\frac{\alpha\gamma_0 H t}{1+\alpha^2}\right), \qquad
    \phi(t) = \phi_0 + \frac{\gamma_0 H t}{1+\alpha^2},

which with :math:`\alpha = 0.2` and :math:`\theta_0 = 2` rad (below the
equator, so the moment switches) is a genuinely non-linear trajectory. A
method of order :math:`p` run with fixed steps :math:`h, h/2, h/4` has global
errors in the ratio :math:`2^p` once :math:`h` is in the asymptotic range;
the step sizes below were chosen so that the errors lie between about
:math:`10^{-11}` and :math:`10^{-2}`, far above round-off
(:math:`\sim 10^{-14}`) and where the ratios have settled.
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm

GAMMA0 = 2.211e5  # m/(A s)
H = 1e5  # A/m
ALPHA = 0.2
THETA0, PHI0 = 2.0, 0.5
PERIOD = 2 * math.pi * (1 + ALPHA**2) / (GAMMA0 * H)  # of phi(t)


def macrospin_problem():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(2e-9, 2e-9, 2e-9), n=(1, 1, 1))
    system = mm.System(name="macrospin")
    system.energy = mm.Zeeman(H=(0, 0, H))
    system.dynamics = mm.Precession(gamma0=GAMMA0) + mm.Damping(alpha=ALPHA)
    direction = (
        math.sin(THETA0) * math.cos(PHI0),
        math.sin(THETA0) * math.sin(PHI0),
        math.cos(THETA0),
    )
    system.m = df.Field(mesh, nvdim=3, value=direction, norm=8e5)
    return wm.Problem(system)


def exact(t):
    """The closed-form m(t) of the damped macrospin."""
    rate = GAMMA0 * H / (1 + ALPHA**2)
    theta = 2 * math.atan(math.tan(THETA0 / 2) * math.exp(-ALPHA * rate * t))
    phi = PHI0 + rate * t
    st = math.sin(theta)
    return np.array([st * math.cos(phi), st * math.sin(phi), math.cos(theta)])


def make_evolver(method, **kwargs):
    if method == "euler":
        return wm.EulerEvolver(**kwargs)
    return wm.RungeKuttaEvolver(method=method, **kwargs)


def global_error(evolver, t_end):
    """|m(t_end) - exact| after integrating the macrospin from 0 to t_end."""
    problem = macrospin_problem()
    evolver.setup(problem)
    m = problem.m0.copy()
    t = evolver.advance(problem, m, 0.0, t_end)
    assert t == t_end
    return float(np.linalg.norm(m[0] - exact(t_end))), evolver.stats


@pytest.mark.parametrize(
    "method, order, steps_per_period, periods",
    [
        ("euler", 1, 200, 1),
        ("rk2", 2, 80, 2),
        ("bs23", 3, 60, 2),
        ("rk4", 4, 40, 2),
        ("rkf54", 5, 40, 2),
        ("dp54", 5, 40, 2),
    ],
)
def test_fixed_step_order(method, order, steps_per_period, periods):
    """Observed order log2(err(h)/err(h/2)) equals the method's order.

    Fixed steps h, h/2, h/4 with h = PERIOD / steps_per_period; both observed
    orders must be within 0.3 of the theoretical order (measured: within
    0.2, e.g. 1.95/1.98 for rk2, 5.17/5.10 for rkf54, 5.02/4.93 for dp54), and
    the errors must be far above round-off so that the ratio measures
    truncation error.
    """
    t_end = periods * PERIOD
    h = PERIOD / steps_per_period
    errors = [
        global_error(make_evolver(method, fixed_timestep=h / k), t_end)[0]
        for k in (1, 2, 4)
    ]
    assert min(errors) > 1e-12
    observed = [math.log2(errors[i] / errors[i + 1]) for i in range(2)]
    assert observed == pytest.approx([order, order], abs=0.3)


@pytest.mark.parametrize(
    "method, per_step",
    [("euler", 1), ("rk2", 2), ("bs23", 3), ("rk4", 4), ("rkf54", 6), ("dp54", 6)],
)
def test_fixed_step_count_and_rhs_evaluations(method, per_step):
    """n fixed steps of t_end/n take exactly n steps and n * (new stages) evaluations.

    dp54 (7 stages), bs23 (4) and euler (2) are first-same-as-last, so after
    the first step they need one evaluation fewer per step: 6, 3 and 1 (plus
    one for the very first step); rkf54 has 6 stages, rk4 4, rk2 2.
    """
    n = 100
    t_end = 2 * PERIOD
    _, stats = global_error(make_evolver(method, fixed_timestep=t_end / n), t_end)
    assert stats["steps"] == n
    assert stats["rejected"] == 0
    fsal = method in ("dp54", "bs23", "euler")
    assert stats["rhs"] == per_step * n + (1 if fsal else 0)


@pytest.mark.parametrize("n, t_end", [(201, 2 * PERIOD), (207, 1e-9), (221, 3.7e-10)])
def test_fixed_steps_land_on_end_time_without_extra_step(n, t_end):
    """n fixed steps of t_end/n reach t_end in exactly n steps.

    The round-off of the accumulated time (about n^2 x 1e-16 relative to h)
    must not leave a sliver of an extra step, which costs a full set of
    right-hand-side evaluations (6 for dp54) per output interval. Each case
    took n + 1 steps before the end-of-interval test allowed for that
    round-off.
    """
    _, stats = global_error(make_evolver("rk4", fixed_timestep=t_end / n), t_end)
    assert stats["steps"] == n


def test_adaptive_dp54_reaches_requested_accuracy():
    """The adaptive dp54 error falls with the tolerance and stays near it.

    Over two precession periods of the damped macrospin, the global error for
    tolerance 1e-6, 1e-8, 1e-10 must be below 10 x tolerance (the tolerance
    bounds the local error per step; on this contracting trajectory the
    global error stays of the same size) and must fall by at least a factor
    10 for every factor 100 in the tolerance. Fewer steps are used for looser
    tolerances.
    """
    tolerances = [1e-6, 1e-8, 1e-10]
    results = [
        global_error(wm.RungeKuttaEvolver(tolerance=tol), 2 * PERIOD)
        for tol in tolerances
    ]
    errors = [e for e, _ in results]
    steps = [s["steps"] for _, s in results]
    for err, tol in zip(errors, tolerances):
        assert err < 10 * tol
    assert errors[1] < errors[0] / 10
    assert errors[2] < errors[1] / 10
    assert steps[0] < steps[1] < steps[2]


def test_adaptive_dp54_first_same_as_last():
    """dp54 needs 6 right-hand-side evaluations per attempted step, rejected or not.

    The seventh stage is f at the new solution, reused as the first stage of
    the next step, and a rejected step keeps f at the old point. A deliberately
    too large first step (start_dt) forces rejections; the count must then be
    6 per attempt plus the single evaluation that starts the integration.
    """
    evolver = wm.RungeKuttaEvolver(tolerance=1e-8, start_dt=PERIOD)
    err, stats = global_error(evolver, 2 * PERIOD)
    assert err < 1e-7
    assert stats["rejected"] >= 1
    assert stats["steps"] > 50
    assert stats["rhs"] == 6 * (stats["steps"] + stats["rejected"]) + 1


def test_output_times_are_never_stepped_past():
    """No stage is evaluated past the requested end time; output stops are harmless.

    Integrating to t1 and then to t2 must give the state of integrating to t2
    directly, to within the tolerance-scale error of the two runs (tolerance
    1e-8: difference below 1e-7), every right-hand side of a call to
    ``advance(..., t_end)`` must be evaluated at t <= t_end, the returned time
    must be t_end exactly, and advancing to the current time must change
    nothing.
    """
    tolerance = 1e-8
    t1, t2 = 0.37 * PERIOD, 1.3 * PERIOD

    direct = macrospin_problem()
    ev = wm.RungeKuttaEvolver(tolerance=tolerance)
    ev.setup(direct)
    m_direct = direct.m0.copy()
    ev.advance(direct, m_direct, 0.0, t2)

    problem = macrospin_problem()
    times = []
    rhs = problem.rhs

    def recording_rhs(t, m, out, H_extra=None):
        times.append(t)
        return rhs(t, m, out, H_extra)

    problem.rhs = recording_rhs
    ev = wm.RungeKuttaEvolver(tolerance=tolerance)
    ev.setup(problem)
    m = problem.m0.copy()
    assert ev.advance(problem, m, 0.0, t1) == t1
    assert max(times) <= t1
    assert ev.stats["steps"] > 5
    before = m.copy()
    assert ev.advance(problem, m, t1, t1) == t1
    np.testing.assert_array_equal(m, before)
    times.clear()
    assert ev.advance(problem, m, t1, t2) == t2
    assert min(times) >= t1
    assert max(times) <= t2

    assert np.abs(m - m_direct).max() < 10 * tolerance
    assert np.abs(m[0] - exact(t2)).max() < 10 * tolerance

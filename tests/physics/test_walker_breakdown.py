r"""Field-driven motion of a head-to-head wall and its Walker breakdown.

A thin strip along x is modelled as a chain of cells (one cell across,
2 nm x 3 nm, no demagnetisation) with exchange A, an easy axis along the
chain (K) and a hard axis along z (:math:`K_\perp`, an easy-plane term that
stands for the shape anisotropy of a thin strip). A field H along +x drives
the head-to-head wall (:math:`\mathbf{m} = +\hat{\mathbf{x}}` on the left,
:math:`-\hat{\mathbf{x}}` on the right) towards +x, growing the domain that
points along the field.

The one-dimensional model (Schryer and Walker, J. Appl. Phys. 45, 5406
(1974); Thiaville et al., EPL 69, 990 (2005)) follows the wall position q and
the tilt :math:`\phi` of the wall's moment out of the easy plane (from +y
towards +z), for the profile
:math:`\mathbf{m} = (-\tanh s, \cos\phi\,\mathrm{sech}\,s,
\sin\phi\,\mathrm{sech}\,s)`, :math:`s = (x - q)/\Delta`:

.. math::

    \alpha\frac{\dot q}{\Delta} + \dot\phi = \gamma_0 H, \qquad
    \frac{\dot q}{\Delta} - \alpha\dot\phi
    = \frac{\gamma_0 H_\perp}{2}\sin 2\phi, \qquad
    H_\perp = \frac{2K_\perp}{\mu_0 M_s}.

Eliminating :math:`\dot q` leaves an equation for the tilt alone, with no
width in it:

.. math::

    (1 + \alpha^2)\,\dot\phi = \gamma_0 (H - H_W \sin 2\phi), \qquad
    H_W = \frac{\alpha H_\perp}{2}.

Below the Walker field :math:`H_W` the tilt settles at
:math:`\sin 2\phi = H/H_W` and the wall moves at :math:`v = \gamma_0\Delta
H/\alpha`. In the continuum this is exact: Walker's travelling profile, of
width :math:`\Delta(\phi) = \sqrt{A/(K + K_\perp\sin^2\phi)}`, solves the LLG
equation of the chain, and it exists only up to :math:`H_W`, at any
:math:`K_\perp`. Above :math:`H_W` the tilt turns without end and the wall
swings back and forth while it advances. There the model, with one width, is
exact only as :math:`K_\perp/K \to 0`, because the profile breathes as it
turns. So the steady and breakdown tests use :math:`K_\perp = K/2` (as in
section 4 of test_walls.py), which is fast and makes the tilted wall
markedly narrower. The precessional tests use :math:`K_\perp = K/10`.

Position and tilt come from the table alone. With the domains along
:math:`\pm\hat{\mathbf{x}}`, :math:`\langle m_x\rangle = (2q - L)/L` on a
chain of length L, so :math:`q = L(1 + \langle m_x\rangle)/2`. Only the
wall contributes to :math:`\langle m_y\rangle` and
:math:`\langle m_z\rangle`, in the ratio :math:`\cos\phi : \sin\phi`, so
:math:`\phi = \mathrm{atan2}(\langle m_z\rangle, \langle m_y\rangle)`,
unwrapped in time.

All runs use cells of :math:`\Delta_0/8` (:math:`\Delta_0 = \sqrt{A/K}` =
8.1 nm). The wall starts 7 :math:`\Delta_0` from the left end, and the chain
reaches 7 :math:`\Delta_0` beyond the farthest point the model's wall
reaches. Every run checks that the wall stays at least 6 :math:`\Delta_0`
from both ends; with 10 :math:`\Delta_0` the results change by less than
5e-5. The discretisation error is second order. Measured at
:math:`\Delta_0/4`, /8 and /16, the discrete wall is slower than the
continuum wall by :math:`0.13 (\mathrm{d}x/\Delta_0)^2` (0.2 % at /8) in both
regimes. At /8 the steady tilt is within 2e-4 of the model, and the
precession periods at 2 and 5 :math:`H_W` are within 5e-5 of it.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest
from scipy.interpolate import CubicSpline

import weylmag as wm

A = 1.3e-11  # J/m
MS = 8e5  # A/m
GAMMA0 = 2.211e5  # m/(A s)
MU0 = 4e-7 * np.pi
CROSS = (2e-9, 3e-9)  # cell sizes across the chain (m)
ALPHA = 0.2
K_EASY = 2e5  # J/m^3, along the chain (x)
DELTA = np.sqrt(A / K_EASY)  # 8.1 nm, the width of the wall at rest
DX = DELTA / 8
MARGIN = 7 * DELTA  # between the wall's start or farthest point and an end
K_HARD = 1e5  # J/m^3: steady motion and breakdown, H_W = 19.9 kA/m
K_HARD_WEAK = 2e4  # J/m^3: the precessional regime, H_W = 3.98 kA/m


def walker_field(k_hard):
    """H_W = alpha H_hard / 2 (A/m)."""
    return ALPHA * (2 * k_hard / (MU0 * MS)) / 2


def walker_width(phi, k_hard):
    """The width of Walker's wall at tilt phi (m)."""
    return np.sqrt(A / (K_EASY + k_hard * np.sin(phi) ** 2))


def drive_wall(field, k_hard, t, n, travel, phi0=0.0):
    """Drive a head-to-head wall along x for a time ``t`` with ``n`` table rows.

    The wall starts as Walker's profile at tilt ``phi0``, ``MARGIN`` from the
    left end, and the chain reaches ``travel + MARGIN`` beyond it. Returns
    the times, the wall positions q, the unwrapped tilts phi, and the final
    unit magnetisation as an (n, 3) array.
    """
    n_cells = int(np.ceil((2 * MARGIN + travel) / DX))
    length = n_cells * DX
    width = walker_width(phi0, k_hard)

    def wall(p):
        s = (p[0] - MARGIN) / width
        return (-np.tanh(s), np.cos(phi0) / np.cosh(s), np.sin(phi0) / np.cosh(s))

    mesh = df.Mesh(p1=(0, 0, 0), p2=(length, *CROSS), n=(n_cells, 1, 1))
    system = mm.System(name="walker")
    system.energy = (
        mm.Exchange(A=A)
        + mm.UniaxialAnisotropy(K=K_EASY, u=(1, 0, 0))
        + mm.UniaxialAnisotropy(K=-k_hard, u=(0, 0, 1), name="hardaxis")
        + mm.Zeeman(H=(field, 0, 0))
    )
    system.dynamics = mm.Precession(gamma0=GAMMA0) + mm.Damping(alpha=ALPHA)
    system.m = df.Field(mesh, nvdim=3, value=wall, norm=MS)
    wm.TimeDriver().drive(system, t=t, n=n, verbose=0)

    data = system.table.data
    times = data["t"].to_numpy()
    q = length * (1 + data["mx"].to_numpy()) / 2
    phi = np.unwrap(np.arctan2(data["mz"].to_numpy(), data["my"].to_numpy()))
    # The wall kept well clear of both open ends.
    assert q.min() > MARGIN - DELTA and q.max() < length - MARGIN + DELTA
    return times, q, phi, system.m.orientation.array.reshape(-1, 3)


# -- below the Walker field -----------------------------------------------------


def test_steady_wall_velocity_below_walker():
    r"""At H = H_W/2 the wall moves at gamma0 Delta(phi) H / alpha, tilted by phi.

    Walker's solution (module docstring) at :math:`H = H_W/2` has
    :math:`\sin 2\phi = 1/2`, so :math:`\phi = 15^\circ`, and

    .. math::

        v = \frac{\gamma_0 \Delta(\phi) H}{\alpha}, \qquad
        \Delta(\phi) = \sqrt{\frac{A}{K + K_\perp\sin^2\phi}},

    which is exact in the continuum. The wall starts on this profile, so only
    the discretisation has anything to adjust. The velocity is fitted over
    the second half of the run (0.2 ns; the tilt relaxes in
    :math:`(1 + \alpha^2)/(2\gamma_0 H_W\cos 2\phi)` = 0.14 ns). The
    discrete wall is slower by 0.82 % at :math:`\Delta_0/4`, 0.20 % at /8
    and 0.05 % at /16, which is second order with a continuum limit of 0.00 %.
    The tilt is low by 7.6e-4, 1.8e-4 and 2e-5 of itself. The test asks for 0.5 % on
    the velocity and 2e-3 on the tilt.

    Wrong factors fail these tolerances. The width at this tilt is 1.6 %
    below :math:`\Delta_0`, so a model that used :math:`\Delta_0` would be
    1.8 % off the measurement. A Landau-Lifshitz equation with the Gilbert
    :math:`\gamma_0` (a lost :math:`1/(1+\alpha^2)`) makes the wall 4 %
    faster. A hard-axis field twice too large halves :math:`\sin 2\phi`, and
    the wider wall at the smaller tilt moves 0.9 % faster.
    """
    h_w = walker_field(K_HARD)
    field = 0.5 * h_w
    phi = 0.5 * np.arcsin(0.5)
    v = GAMMA0 * walker_width(phi, K_HARD) * field / ALPHA
    t_run = 0.4e-9
    t, q, tilt, m = drive_wall(field, K_HARD, t_run, 40, v * t_run, phi0=phi)

    steady = t > t_run / 2
    velocity, offset = np.polyfit(t[steady], q[steady], 1)
    assert velocity == pytest.approx(v, rel=0.005)  # > 0: along the field
    residual = q[steady] - (velocity * t[steady] + offset)
    assert np.max(np.abs(residual)) < 1e-3 * v * t_run
    assert tilt[-1] == pytest.approx(phi, rel=2e-3)
    # The wall is where <mx> puts it.
    x = (np.arange(len(m)) + 0.5) * DX
    assert x[np.argmin(np.abs(m[:, 0]))] == pytest.approx(q[-1], abs=DX)


# -- the Walker field -----------------------------------------------------------


def test_wall_settles_just_below_walker_field():
    r"""At H = 0.95 H_W a wall that starts at rest settles into steady motion.

    The wall starts untilted. Its tilt rises towards
    :math:`\sin 2\phi^* = 0.95` (:math:`\phi^* = 35.9^\circ`) by the tilt
    equation of the module docstring, with a relaxation time
    :math:`(1 + \alpha^2)/(2\gamma_0 H_W\cos 2\phi^*)` = 0.38 ns. That time
    grows without bound as H approaches :math:`H_W`. After 2 ns the tilt must
    have risen monotonically, never past :math:`45^\circ`, the largest tilt
    of a steady wall, and must be within 5e-3 rad of :math:`\phi^*`. The 1D
    model leaves it 1.15e-3 rad short; the measured shortfall is 1.68e-3,
    1.28e-3 and 1.19e-3 rad at :math:`\Delta_0/4`, /8 and /16. Over the last
    0.2 ns the wall must move at Walker's velocity
    :math:`\gamma_0\Delta(\phi^*) H/\alpha` within 1 %. It is 0.30 % slow at
    /8 (1.00 % at /4, 0.12 % at /16): discretisation, plus 0.07 % of
    transient that is still left.

    Walker's width is tested here too. At this tilt it is 7.6 % below
    :math:`\Delta_0`, so the test fails with :math:`\Delta_0` in place of
    :math:`\Delta(\phi^*)`. Together with the next test this brackets the
    breakdown field between 0.95 and 1.05 times :math:`\alpha H_\perp/2`.
    With a hard-axis field half as large, this wall would precess.
    """
    h_w = walker_field(K_HARD)
    field = 0.95 * h_w
    phi = 0.5 * np.arcsin(0.95)
    v = GAMMA0 * walker_width(phi, K_HARD) * field / ALPHA
    t_run = 2e-9
    t, q, tilt, _ = drive_wall(field, K_HARD, t_run, 100, v * t_run)

    assert np.all(np.diff(tilt) > 0)  # rising towards phi*, never beyond
    assert tilt.max() < np.pi / 4
    assert tilt[-1] == pytest.approx(phi, abs=5e-3)
    end = t > 0.9 * t_run
    velocity = np.polyfit(t[end], q[end], 1)[0]
    assert velocity == pytest.approx(v, rel=0.01)


def test_wall_precesses_just_above_walker_field():
    r"""At H = 1.05 H_W the tilt turns past 180 degrees and the wall moves back.

    Above :math:`H_W` the tilt equation has no fixed point, since
    :math:`(1+\alpha^2)\dot\phi \geq \gamma_0 (H - H_W) > 0`. The tilt turns
    for ever, and one half turn (one period of the motion) takes

    .. math::

        T = \int_0^\pi \frac{(1 + \alpha^2)\,\mathrm{d}\phi}
        {\gamma_0 (H - H_W\sin 2\phi)}
        = \frac{(1 + \alpha^2)\pi}{\gamma_0\sqrt{H^2 - H_W^2}}
        = 2.32\ \text{ns}.

    No steady wall is tilted past :math:`45^\circ`. While
    :math:`\sin 2\phi < 0` (a tilt between :math:`90^\circ` and
    :math:`180^\circ`) the wall moves backwards:
    :math:`\dot q/\Delta = (\gamma_0 H_\perp/2)\sin 2\phi + \alpha\dot\phi`,
    which is :math:`-4.6\gamma_0 H_W` at :math:`\sin 2\phi = -1`, or
    -150 m/s (-145 m/s measured).

    The wall starts untilted. It must turn past :math:`180^\circ` within
    2.6 ns, going backwards on the way, and the time it takes to reach
    :math:`180^\circ` must be T within 1 %. It takes 2.3226 ns at
    :math:`\Delta_0/8` and /16, 0.11 % longer than T (0.16 % at /4). At
    1.05 :math:`H_W`, :math:`T \propto (H^2 - H_W^2)^{-1/2}` is ten times as
    sensitive to :math:`H_W` as it is to H. So 1 % on T puts the discrete
    Walker field within 0.1 % of :math:`\alpha H_\perp/2`, and the measured
    T puts it within 1.2e-4. A hard-axis field twice as large would make
    this wall settle, and a lost :math:`1/(1+\alpha^2)` would make T 4 %
    short.
    """
    h_w = walker_field(K_HARD)
    field = 1.05 * h_w
    t_run = 2.6e-9
    # Within the run, the model's wall gets 37.6 Delta_0 ahead of its start.
    t, q, tilt, _ = drive_wall(field, K_HARD, t_run, 130, 40 * DELTA)

    assert np.all(np.diff(tilt) > 0)
    assert tilt[-1] > np.pi
    assert np.min(np.diff(q)) < 0  # backwards while the tilt is past 90 degrees
    # From an untilted start the first half turn takes one whole period.
    period = (1 + ALPHA**2) * np.pi / (GAMMA0 * np.sqrt(field**2 - h_w**2))
    assert np.interp(np.pi, tilt, t) == pytest.approx(period, rel=0.01)


# -- above the Walker field -----------------------------------------------------


# (H / H_W, periods averaged over, the model wall's farthest advance / Delta_0)
ABOVE = [(2, 2, 8), (5, 2, 3.5)]


@pytest.mark.parametrize("ratio, periods, travel", ABOVE)
def test_mean_wall_velocity_above_walker(ratio, periods, travel):
    r"""Above H_W the wall advances at (Delta/alpha)(gamma0 H - <phidot>) on average.

    The tilt equation of the module docstring,
    :math:`(1 + \alpha^2)\dot\phi = \gamma_0(H - H_W\sin 2\phi)`, advances
    the tilt by :math:`\pi` in one period of the motion (:math:`\sin 2\phi`
    has period :math:`\pi`):

    .. math::

        T = \frac{1 + \alpha^2}{\gamma_0}\int_0^\pi
        \frac{\mathrm{d}\phi}{H - H_W\sin 2\phi}
        = \frac{(1 + \alpha^2)\pi}{\gamma_0\sqrt{H^2 - H_W^2}},
        \qquad \langle\dot\phi\rangle = \frac{\pi}{T}
        = \frac{\gamma_0\sqrt{H^2 - H_W^2}}{1 + \alpha^2},

    from :math:`\int_0^{2\pi}\mathrm{d}u/(a - b\sin u) = 2\pi/\sqrt{a^2 -
    b^2}`. The first equation of motion,
    :math:`\dot q = (\Delta/\alpha)(\gamma_0 H - \dot\phi)`, averaged over
    whole periods, gives

    .. math::

        \langle v\rangle = \frac{\bar\Delta}{\alpha}
        \left(\gamma_0 H - \langle\dot\phi\rangle\right), \qquad
        \bar\Delta = \sqrt{\frac{A}{K + K_\perp/2}}.

    The choice of width needs an argument, because the wall breathes as it
    turns: :math:`\Delta(\phi) = \Delta_0(1 + \kappa\sin^2\phi)^{-1/2}` with
    :math:`\kappa = K_\perp/K`, and :math:`\langle v\rangle =
    \langle\Delta(\phi)(\gamma_0 H - \dot\phi)\rangle/\alpha`. Both
    :math:`\gamma_0 H - \dot\phi` and the time spent per
    :math:`\mathrm{d}\phi` depend on :math:`\phi` only through
    :math:`\sin 2\phi`. The reflection :math:`2\phi \to \pi - 2\phi` keeps
    :math:`\sin 2\phi` and reverses :math:`\cos 2\phi`. With
    :math:`\sin^2\phi = (1 - \cos 2\phi)/2`, the part of
    :math:`\Delta(\phi)` linear in :math:`\cos 2\phi` therefore averages
    out, and :math:`\bar\Delta`, the width at :math:`\sin^2\phi = 1/2`, is
    right to first order in :math:`\kappa`.

    Hence the weak hard axis here, :math:`\kappa = 0.1`. Then
    :math:`\bar\Delta` is 2.4 % below :math:`\Delta_0`, and the model's own
    error is small: :math:`O(\kappa^2)`, plus the lag of the breathing
    behind the tilt. The measured speeds at :math:`\Delta_0/4`, /8 and /16
    extrapolate to the continuum at +0.08 % (:math:`2H_W`) and +0.21 %
    (:math:`5H_W`) against the model. With :math:`\kappa = 0.5` they
    extrapolate to +1.5 % and +4.9 %. At :math:`\Delta_0/8` the speeds are
    0.13 % below and 0.01 % above the model, and the period agrees within
    5e-5. The averages run over whole periods, between the times at which
    the tilt has turned by :math:`k\pi` from its value at 0.2 ns. The field
    steps on at the start, and the profile settles in about
    :math:`(1+\alpha^2)/(\alpha\gamma_0 H_K)` = 0.06 ns,
    :math:`H_K = 2K/(\mu_0 M_s)`; starting the averages anywhere from 0 to
    0.6 ns changes the speeds by less than 1e-4.

    The issue asks for 5 %. The test asks for 1 % on the speed and 1e-3 on
    the period. The speed is a small difference of two large terms, which
    makes it a sharp check. Without the :math:`1/(1 + \alpha^2)` in
    :math:`\langle\dot\phi\rangle` the model speed would be 20 % lower at
    :math:`2H_W` and 65 % lower at :math:`5H_W`. With :math:`H_\perp` twice
    too large it would be 6 and 2 times higher. A Landau-Lifshitz equation
    with the Gilbert :math:`\gamma_0` in the code scales every rate by
    :math:`1 + \alpha^2`: that is 4 % on the speed and the period, which
    these tolerances catch and 5 % would not. :math:`\Delta_0` in place of
    :math:`\bar\Delta` would leave the measurement 2.5 % below the model.
    """
    h_w = walker_field(K_HARD_WEAK)
    field = ratio * h_w
    phidot = GAMMA0 * np.sqrt(field**2 - h_w**2) / (1 + ALPHA**2)
    period = np.pi / phidot
    width = walker_width(np.pi / 4, K_HARD_WEAK)  # sin^2(phi) = 1/2
    v = width / ALPHA * (GAMMA0 * field - phidot)
    t_skip = 0.2e-9
    t_run = t_skip + 1.05 * periods * period
    n = int(80 * t_run / period)  # about 80 rows per period
    t, q, tilt, _ = drive_wall(field, K_HARD_WEAK, t_run, n, travel * DELTA)

    after = t >= t_skip
    t, q, tilt = t[after], q[after], tilt[after]
    assert np.all(np.diff(tilt) > 0)
    turns = CubicSpline(tilt, t)(tilt[0] + np.pi * np.arange(periods + 1))
    positions = CubicSpline(t, q)(turns)
    assert np.diff(turns) == pytest.approx(period, rel=1e-3)
    mean_velocity = (positions[-1] - positions[0]) / (turns[-1] - turns[0])
    assert mean_velocity == pytest.approx(v, rel=0.01)

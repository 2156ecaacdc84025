r"""ValleyDiffusion: the valley density solved with the magnetisation (seed 000).

Parameters: sigma = 1e5 S/m and N = 1e46 /(J m^3) give D = sigma/(e^2 N) =
3.9e-4 m^2/s; tau_v sets lambda_v = sqrt(D tau_v).
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
SIGMA = 1e5
N = 1e46
D = SIGMA / (e**2 * N)
ETA = hbar * 6e8  # Weyl points at +-0.6/nm: alpha_v = 0.009
A = 1e-11


def tau_for(lam):
    return lam**2 / D


def torque_of(system, t=0.0):
    problem = wm.Problem(system)
    out = np.zeros((problem.grid.n, 3))
    for term in problem.torque_terms:
        term.add_torque(problem.m0, t, out)
    return problem, out


# -- bulk limit: the local torque of Eq. 21 ------------------------------------
def spiral_system(dynamics, length=100e-9, cells=100):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(length, 1e-9, 1e-9), n=(cells, 1, 1), bc="x")
    k = 2 * math.pi / length

    def m(p):
        return (math.cos(k * p[0]), 0.3, math.sin(k * p[0]))

    system = mm.System(name="valley_spiral")
    system.energy = mm.Exchange(A=A)
    system.dynamics = mm.Precession(gamma0=gamma0) + dynamics
    system.m = df.Field(mesh, nvdim=3, value=m, norm=MS)
    return system


def bulk_difference(lam, beta=0.4):
    """max |T_diffusion - T_local| / max |T_local| on a spiral 100 nm long."""
    B, j = (0, 0, 2.0), (0, 3e10, 0)
    tau = tau_for(lam)
    theta = vc.hall_angle(ETA, SIGMA)
    local = wm.ValleyTorque(
        **vc.torque_parameters(eta=ETA, theta=theta, tau_v=tau, N=N, B=B, j_c=j, Ms=MS),
        beta=beta,
    )
    diffusion = wm.ValleyDiffusion(eta=ETA, sigma=SIGMA, N=N, tau_v=tau, beta=beta, B=B,
                                   j_c=j, theta=theta, pumping=False)
    _, T_local = torque_of(spiral_system(local))
    _, T_diff = torque_of(spiral_system(diffusion))
    return np.abs(T_diff - T_local).max() / np.abs(T_local).max()


def test_bulk_limit_is_the_local_valley_torque():
    """lambda_v << texture: the solved torque becomes ValleyTorque with Eq. 21's nu.

    The difference is the diffusive smoothing 1/(1 + lambda^2 k^2) - 1 of the
    wave k = 2 pi/100 nm: 3.9e-3 at lambda = 1 nm and four times that at
    2 nm (measured ratio 3.99).
    """
    fine, coarse = bulk_difference(1e-9), bulk_difference(2e-9)
    k = 2 * math.pi / 100e-9
    assert fine == pytest.approx((1e-9 * k) ** 2, rel=0.05)
    assert coarse / fine == pytest.approx(4.0, rel=0.02)


# -- the interface: Eqs. 29-32 --------------------------------------------------
LAM = 4e-9
THICK = 40e-9  # 10 lambda_v


def column_system(j, B, *, beta, m=(0, 0, 1), cells=80, alpha=0.05, K=0.0, pumping=True):
    """A column along z, the valley-mixing interface at its top face (n = +z)."""
    mesh = df.Mesh(p1=(0, 0, 0), p2=(2e-9, 2e-9, THICK), n=(1, 1, cells))
    system = mm.System(name="valley_column")
    system.energy = mm.Exchange(A=A) + mm.UniaxialAnisotropy(K=K, u=(0, 0, 1))
    system.dynamics = (
        mm.Precession(gamma0=gamma0)
        + mm.Damping(alpha=alpha)
        + wm.ValleyDiffusion(eta=ETA, sigma=SIGMA, N=N, tau_v=tau_for(LAM), beta=beta,
                             B=B, j_c=j, mixing="z+", pumping=pumping)
    )
    system.m = df.Field(mesh, nvdim=3, value=m, norm=MS)
    return system


def eq32(j, B, beta):
    """The damping-like torque per unit area of Eq. 32 in SI (J/m^2)."""
    return ETA * beta * tau_for(LAM) * np.dot(j, B) / (2 * math.pi**2 * hbar**2 * N)


@pytest.mark.parametrize("cells", [40, 80])
def test_interface_torque_per_area_is_eq32(cells):
    """The net torque from the table over the interface area equals Eq. 32 to 2 %,
    with direction m x (m x n); the profile is rho0 (1 - exp(-r/lambda_v))."""
    j, B = np.array([2e10, 0, 0]), np.array([1.5, 0, 0])
    m = np.array([0.6, 0.0, 0.8])
    system = column_system(j, B, beta=0.3, m=tuple(m), cells=cells, pumping=False)
    problem = wm.Problem(system)
    cols = problem.table_columns(problem.m0, 0.0)
    area = 4e-18
    net = np.array([cols[f"Tv_{a}"][0] for a in "xyz"]) / area
    n = np.array([0, 0, 1.0])
    damping_like = eq32(j, B, 0.3) * np.cross(m, np.cross(m, n))
    field_like = eq32(j, B, 1.0) * np.cross(m, n)  # (eta sigma/e^2) m x int E_v
    assert np.linalg.norm(damping_like) > 0 and np.linalg.norm(field_like) > 0
    for part in (damping_like, field_like):
        size = np.linalg.norm(part)
        assert np.dot(net, part) / size == pytest.approx(size, rel=0.02)
    assert abs(np.dot(net, m)) < 1e-9 * np.linalg.norm(net)

    term = problem.torque_terms[0]
    rho, _ = term.solve(problem.m0, 0.0)
    rho0 = vc.valley_density(E=j / SIGMA, B=B, tau_v=tau_for(LAM))
    assert cols["rho_v"][0] == pytest.approx(rho.mean())
    r = THICK - (np.arange(cells) + 0.5) * THICK / cells  # distance to the interface
    profile = rho0 * (1 - np.exp(-r / LAM))
    assert np.abs(rho - profile).max() < 0.01 * rho0


def test_valley_diffusion_is_added_after_the_other_torques():
    """The pumping term needs dm/dt of the other terms: listed first, it still runs last."""
    system = column_system((2e10, 0, 0), (1.5, 0, 0), beta=0.3, m=(0.6, 0, 0.8))
    system.dynamics += mm.ZhangLi(u=50, beta=0.1)
    problem = wm.Problem(system)
    assert [type(t).__name__ for t in problem.torque_terms][-1] == "CompiledValleyDiffusion"


def test_valley_fields_current_and_charge_near_the_interface():
    """The valley current flows into the valley-mixing face as Fick's law of the
    profile, D rho0 exp(-r/lambda)/lambda (to 3 % of its peak at 20 cells per
    lambda_v; the cell at the face is first order), and the charge density is
    -eps0 e^2 B . grad(mu_v) / (2 pi^2 hbar^2 sigma) with numpy's gradient
    of mu_v inside (1e-9)."""
    from scipy.constants import epsilon_0

    j, B = np.array([2e10, 0, 0]), np.array([1.5, 0, 0.5])
    system = column_system(j, B, beta=0.3, cells=200, pumping=False)
    f = wm.valley_fields(system)
    rho = f["rho_v"].array.reshape(-1)
    rho0 = vc.valley_density(E=j / SIGMA, B=B, tau_v=tau_for(LAM))
    h = THICK / 200
    r = THICK - (np.arange(200) + 0.5) * h
    jz = f["j_v"].array.reshape(-1, 3)[:, 2]
    fick = D * rho0 * np.exp(-r / LAM) / LAM
    assert np.abs(jz - fick).max() < 0.03 * fick.max()
    mu_v = rho / N
    expected = -epsilon_0 * e**2 * B[2] * np.gradient(mu_v, h) / (2 * math.pi**2 * hbar**2 * SIGMA)
    charge = f["charge_density"].array.reshape(-1)
    assert np.allclose(charge[1:-1], expected[1:-1], rtol=1e-9, atol=0)
    assert f["j_cme"].array.reshape(-1, 3)[:, 0] == pytest.approx(
        e**2 * mu_v * B[0] / (2 * math.pi**2 * hbar**2), rel=1e-12)


# -- the transient form ---------------------------------------------------------
def test_transient_valley_density_follows_a_current_switched_on():
    """transient=True keeps d rho/dt: with the current ramped as 1 - exp(-t/T)
    the bulk density is S tau [1 - T/(T - tau) e^{-t/T} + tau/(T - tau) e^{-t/tau}]
    (T = 2 tau). Backward Euler on steps of tau/100: within 0.5 % of S tau
    (measured 0.3 %); the quasi-static form would be 30 % off at t = tau."""
    tau, ramp = 1e-12, 2e-12
    E, B = (1e5, 0, 0), (1.0, 0, 0)
    mesh = df.Mesh(p1=(0, 0, 0), p2=(2e-9, 2e-9, 2e-9), n=(1, 1, 1), bc="xyz")
    system = mm.System(name="valley_transient")
    system.energy = mm.Zeeman(H=(0, 0, 1e5))
    system.dynamics = mm.Precession(gamma0=gamma0) + wm.ValleyDiffusion(
        eta=ETA, sigma=SIGMA, N=N, tau_v=tau, B=B, E=E, transient=True, pumping=False,
        func=lambda t: 1 - math.exp(-t / ramp), dt=1e-13)
    system.m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=MS)
    problem = wm.Problem(system)
    evolver = wm.RungeKuttaEvolver(method="rk4", fixed_timestep=tau / 100)
    evolver.setup(problem)
    m = problem.m0.copy()
    term = problem.torque_terms[-1]
    S_tau = vc.valley_density(E=E, B=B, tau_v=tau)
    t = 0.0
    for t_next in (0.5e-12, 1e-12, 2e-12, 4e-12):
        t = evolver.advance(problem, m, t, t_next)
        exact = S_tau * (1 - ramp / (ramp - tau) * math.exp(-t / ramp)
                         + tau / (ramp - tau) * math.exp(-t / tau))
        assert term.state[0] == pytest.approx(exact, abs=5e-3 * S_tau)
        assert problem.table_columns(m, t)["rho_v"][0] == term.state[0]


def test_transient_form_is_the_quasi_static_one_for_fast_valleys():
    """With tau_v = 0.04 ps, far below the magnetisation's time scales, the
    two forms give the same switching trajectory: exactly without pumping
    (the valley density is then constant). With pumping they differ by the
    transient form's lag of one step and by the pumped torque's own share of
    dm/dt, which the transient form includes and the quasi-static one leaves
    out (O(alpha_v^2), alpha_v = 0.009): 1.2e-3 at 2 ps steps, 0.9e-3 at 1 ps,
    against a motion of 0.1."""
    j, B = (3e13, 0, 0), (1.5, 0, 0)

    def run(transient, pumping, h):
        mesh = df.Mesh(p1=(0, 0, 0), p2=(5e-9, 5e-9, 100e-9), n=(1, 1, 1))
        system = mm.System(name="valley_film")
        system.energy = mm.UniaxialAnisotropy(K=1e4, u=(0, 0, 1))
        system.dynamics = mm.Precession(gamma0=gamma0) + mm.Damping(alpha=0.1) + \
            wm.ValleyDiffusion(eta=ETA, sigma=SIGMA, N=N, tau_v=tau_for(LAM), beta=0.3, B=B,
                               j_c=j, mixing="z+", transient=transient, pumping=pumping)
        system.m = df.Field(mesh, nvdim=3, value=(0.1, 0, 1), norm=MS)
        evolver = wm.RungeKuttaEvolver(method="rk4", fixed_timestep=h)
        wm.TimeDriver(evolver=evolver).drive(system, t=1e-9, n=10, verbose=0)
        return system.table.data[["mx", "my", "mz"]].to_numpy()

    quasi = run(False, False, 2e-12)
    assert np.abs(quasi[-1] - quasi[0]).max() > 0.05  # it moves
    assert np.abs(run(True, False, 2e-12) - quasi).max() < 1e-12
    differences = [np.abs(run(True, True, h) - run(False, True, h)).max() for h in (2e-12, 1e-12)]
    assert 1e-5 < differences[1] < differences[0] < 2e-3


def test_standalone_valley_density_is_what_the_term_solves():
    """weylmag.valley.valley_density(m, dm/dt, ...) without a system equals the
    term's solve at the same m and dm/dt (Hall source and pumping included)."""
    j, B = (2e10, 1e10, 0), (1.5, 0, 0.5)
    system = column_system(j, B, beta=0.3, m=(0.6, 0.1, 0.8), cells=40)
    system.dynamics.valleydiffusion.theta = 0.2
    problem = wm.Problem(system)
    m = problem.m0
    rng = np.random.default_rng(1)
    dmdt = np.cross(m, rng.normal(0, 1e9, m.shape))
    rho_term, _ = problem.torque_terms[-1].solve(m, 0.0, dmdt)
    rho = wm.valley.valley_density(
        system.m, dmdt, eta=ETA, sigma=SIGMA, N=N, tau_v=tau_for(LAM), beta=0.3, B=B, j_c=j,
        theta=0.2, mixing="z+")
    assert np.abs(rho_term).max() > 0
    assert rho.array.reshape(-1) == pytest.approx(rho_term, rel=1e-10)

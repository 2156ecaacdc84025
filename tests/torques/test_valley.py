"""The local valley torque (seed 000, Eqs. 21-24) and the closed forms of weylmag.valley."""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.constants import e, hbar, mu0, gamma0
from weylmag.valley import coefficients as vc

MS = 8e5


def texture_system(nu, beta, direction, **kwargs):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(12e-9, 10e-9, 6e-9), n=(6, 5, 3))

    def m(p):
        x, y, z = (c * 1e9 for c in p)
        return (math.sin(0.4 * x + 0.2 * z), math.cos(0.3 * y) * 0.6, 1.0 + 0.1 * x * y / 20)

    system = mm.System(name="valley_texture")
    system.energy = mm.Zeeman(H=(0, 0, 0))
    system.dynamics = wm.ValleyTorque(nu=nu, beta=beta, direction=direction, **kwargs)
    system.m = df.Field(mesh, nvdim=3, value=m, norm=MS)
    return system


def expected_torque(m_array, cell, nu, beta, u):
    """-nu m x g - beta nu m x (m x g), g_a = u . d_a m by numpy's differences."""
    derivative = np.gradient(m_array, *cell, axis=(0, 1, 2), edge_order=1)
    g = np.stack([d @ u for d in derivative], axis=-1)
    mxg = np.cross(m_array, g)
    return -nu * mxg - beta * nu * np.cross(m_array, mxg)


def torque(system, t=0.0):
    problem = wm.Problem(system)
    out = np.zeros((problem.grid.n, 3))
    for term in problem.torque_terms:
        term.add_torque(problem.m0, t, out)
    return problem, out


def test_torque_is_the_formula_on_a_texture():
    """Every cell, open faces included, against numpy's central/one-sided differences."""
    u = np.array([1.0, 2.0, -0.5]) / np.linalg.norm([1.0, 2.0, -0.5])
    system = texture_system(17.0, 0.3, tuple(2 * u))  # direction is normalised
    problem, T = torque(system)
    m = problem.m0.reshape(*system.m.mesh.n, 3)
    expected = expected_torque(m, system.m.mesh.cell, 17.0, 0.3, u).reshape(-1, 3)
    assert np.abs(expected).max() > 1e8  # a texture with gradients ~1e9/m
    assert np.allclose(T, expected, rtol=0, atol=1e-12 * np.abs(expected).max())
    assert np.abs(np.einsum("ij,ij->i", T, problem.m0)).max() < 1e-6 * np.abs(T).max()


def test_uniform_state_feels_no_torque_and_func_scales_nu():
    system = texture_system(17.0, 0.3, (0, 1, 0), func=lambda t: 2.0 - t, dt=1e-12)
    _, T1 = torque(system, t=0.0)
    _, T2 = torque(system, t=1.5)
    assert np.allclose(T2, 0.25 * T1, rtol=1e-13, atol=0)
    system.m = df.Field(system.m.mesh, nvdim=3, value=(0.3, 0.4, 0.5), norm=MS)
    assert not np.any(torque(system)[1])


def test_valley_torque_errors_name_the_parameter():
    with pytest.raises(ValueError, match="nu .* direction"):
        wm.ValleyTorque(nu=1.0)
    system = texture_system(1.0, 0.0, (0, 0, 0))
    with pytest.raises(ValueError, match="direction"):
        wm.Problem(system)


# -- the closed forms ---------------------------------------------------------
#: SI dimensions as exponents of (kg, m, s, A).
DIM = {
    "eta": (1, 1, -1, 0), "theta": (0, 0, 0, 0), "tau_v": (0, 0, 1, 0),
    "N": (-1, -5, 2, 0), "B": (1, 0, -2, -1), "j": (0, -2, 0, 1), "Ms": (0, -1, 0, 1),
    "gamma0": (0, 1, -1, -1), "mu0": (1, 1, -2, -2), "hbar": (1, 2, -1, 0),
    "velocity": (0, 1, -1, 0),
}


def scales_as_velocity(nu):
    """Whether nu(values) changes as a velocity when every input, constants
    included, is expressed in other units of mass, length, time and current."""
    values = dict(eta=hbar * 1e9, theta=0.1, tau_v=1e-12, N=1e45, B=1.0, j=1e10, Ms=1e5,
                  gamma0=gamma0, mu0=mu0, hbar=hbar)
    scale = np.array([3.0, 7.0, 0.2, 5.0])  # one kg, m, s and A in the new units

    def in_new_units(name, value):
        return value * float(np.prod(scale ** np.array(DIM[name])))

    moved = nu(**{k: in_new_units(k, v) for k, v in values.items()})
    return moved == pytest.approx(in_new_units("velocity", nu(**values)), rel=1e-12, abs=0)


def test_nu_has_the_units_of_a_velocity():
    """The SI prefactor of Eq. 21 has the dimensions of m/s; the same check
    rejects the prefactor with hbar instead of hbar^2."""

    def nu(eta, theta, tau_v, N, B, j, Ms, gamma0, mu0, hbar):
        return vc._nu(eta, theta, tau_v, N, B * j, Ms, gamma0, mu0, hbar)

    def wrong(eta, theta, tau_v, N, B, j, Ms, gamma0, mu0, hbar):
        return vc._nu(eta, theta, tau_v, N, B * j, Ms, gamma0, mu0, math.sqrt(hbar))

    assert scales_as_velocity(nu)
    assert not scales_as_velocity(wrong)


def test_torque_parameters_direction_and_sign():
    p = vc.torque_parameters(eta=hbar * 1e9, theta=0.1, tau_v=1e-12, N=1e45,
                             B=(0, 0, 2.0), j_c=(0, 1e10, 0), Ms=1e5)
    assert p["direction"] == pytest.approx((-1.0, 0.0, 0.0))  # z x y = -x
    s = mu0 * 1e5 / gamma0
    assert p["nu"] == pytest.approx(
        -hbar * 1e9 * 0.1 * 1e-12 * 2e10 / (2 * math.pi**2 * hbar**2 * 1e45 * s), rel=1e-12)
    # reversing the current reverses u and keeps nu: the torque flips with j_c
    q = vc.torque_parameters(eta=hbar * 1e9, theta=0.1, tau_v=1e-12, N=1e45,
                             B=(0, 0, 2.0), j_c=(0, -1e10, 0), Ms=1e5)
    assert q["direction"] == pytest.approx((1.0, 0.0, 0.0)) and q["nu"] == p["nu"]
    parallel = vc.torque_parameters(eta=hbar * 1e9, theta=0.1, tau_v=1e-12, N=1e45,
                                    B=(0, 1, 0), j_c=(0, 1e10, 0), Ms=1e5)
    assert parallel["nu"] == 0.0
    with pytest.raises(ValueError, match="tau_v"):
        vc.torque_parameters(eta=1e-25, theta=0.1, tau_v=0, N=1e45, B=(0, 0, 1),
                             j_c=(1, 0, 0), Ms=1e5)


def test_magnetoconductance_is_the_chiral_magnetic_current_of_eq20():
    """Eq. 20's valley density, through mu_v = rho_v/N and the chiral magnetic
    current e^2 mu_v B / (2 pi^2 hbar^2), is the current Delta sigma E."""
    B = np.array([0.3, -0.2, 1.1])
    E = np.array([1e3, 2e2, -5e2])
    tau_v, N = 2e-12, 3e45
    mu_v = vc.valley_density(E=E, B=B, tau_v=tau_v) / N
    current = e**2 * mu_v * B / (2 * math.pi**2 * hbar**2)
    assert vc.magnetoconductance(B=B, tau_v=tau_v, N=N) @ E == pytest.approx(current, rel=1e-12)
    assert vc.diffusion_constant(sigma=2e5, N=N) == pytest.approx(2e5 / (e**2 * N))

"""BlochModel, k-space grids and the pointwise sum-over-states curvature.

Hand-checkable cases: the weights of a grid, the vectorisation detection, a
massive Dirac point whose curvature is known in closed form, the gauge
invariance of the sum over states against a link-variable (Fukui-Hatsugai)
Berry phase, the f_n - f_l weighting at finite temperature, degenerate
(doubled) bands, and the errors a user meets.
"""

import math

import numpy as np
import pytest

from weylmag.bands import (
    BlochModel,
    BrillouinZone,
    KBox,
    berry_curvature,
    fermi_dirac,
    models,
)
from weylmag.bands.models import PAULI
from weylmag.constants import kB

EPS, M0, K0 = 1e-20, 2e-21, 1e9  # J, J, 1/m: H = EPS (k . sigma)/K0 + M0 m.sigma


def dirac(k, m):
    """Vectorised 2D massive Dirac model."""
    kx, ky = k[..., 0, None, None], k[..., 1, None, None]
    return EPS / K0 * (kx * PAULI[0] + ky * PAULI[1]) + M0 * np.tensordot(
        m, PAULI, axes=1
    )


def dirac_scalar(k, m):
    """The same, one point at a time (unpacks k: fails or misbehaves on a block)."""
    kx, ky = k
    return np.array(
        [
            [M0 * m[2], EPS / K0 * (kx - 1j * ky) + M0 * (m[0] - 1j * m[1])],
            [EPS / K0 * (kx + 1j * ky) + M0 * (m[0] + 1j * m[1]), -M0 * m[2]],
        ]
    )


BOX = KBox.centered((0.0, 0.0), 20 * K0)


def test_grid_weights_sum_to_the_region_volume_over_2pi_d():
    bz = BrillouinZone.from_lattice([[1e-9, 0, 0], [0.5e-9, 0.8e-9, 0], [0, 0, 2e-9]])
    assert np.allclose(
        bz.axes @ np.array([[1e-9, 0, 0], [0.5e-9, 0.8e-9, 0], [0, 0, 2e-9]]).T,
        2 * math.pi * np.eye(3),
    )
    n = 5
    total = bz.weight(n) * n**3
    assert total == pytest.approx(bz.volume / (2 * math.pi) ** 3, rel=1e-14)
    box = KBox([(-1e9, 3e9)])
    k = box.points(4)[:, 0]
    assert np.allclose(k, [-0.5e9, 0.5e9, 1.5e9, 2.5e9])
    assert box.weight(4) * 4 == pytest.approx(4e9 / (2 * math.pi))


def test_vectorised_and_scalar_callables_are_detected_and_agree():
    fast = BlochModel(dirac, BOX)
    slow = BlochModel(dirac_scalar, BOX)
    assert fast.vectorized and not slow.vectorized
    k = np.random.default_rng(1).uniform(-3e9, 3e9, size=(7, 2))
    m = np.array([0.36, 0.0, 0.933]) / np.linalg.norm([0.36, 0.0, 0.933])
    for which in ("kk", "km", "mm"):
        assert np.allclose(
            berry_curvature(fast, k, m, which),
            berry_curvature(slow, k, m, which),
            rtol=1e-7,
            atol=0,
        )


def test_explicit_vectorized_true_for_a_scalar_callable_is_refused():
    with pytest.raises(ValueError, match="vectorized=False"):
        BlochModel(
            lambda k, m: dirac_scalar(k, m) if np.ndim(k) == 1 else np.zeros((2, 2)),
            BOX,
            vectorized=True,
        )


def test_massive_dirac_point_curvature_closed_form():
    r"""Lower band of d.sigma, d = (EPS k/K0, M): Omega_kxky = EPS^2 M/(2 K0^2 |d|^3)."""
    model = BlochModel(dirac, BOX)
    k = np.array([[0.0, 0.0], [3e8, -2e8], [1.5e9, 0.7e9]])
    d = np.sqrt((EPS / K0) ** 2 * (k**2).sum(-1) + M0**2)
    expected = EPS**2 * M0 / (2 * K0**2 * d**3)
    got = berry_curvature(model, k, [0, 0, 1])[:, 0, 1]
    assert np.allclose(got, expected, rtol=1e-8)
    # upper band filled instead (mu above both): sum over both bands is zero
    assert np.allclose(
        berry_curvature(model, k, [0, 0, 1], mu=1.0)[:, 0, 1],
        0,
        atol=1e-12 * expected.max(),
    )


def test_analytic_derivatives_give_the_finite_difference_result():
    def dH_dk(k, m):
        shape = k.shape[:-1] + (2, 2, 2)
        return np.broadcast_to(EPS / K0 * PAULI[:2], shape)

    def dH_dm(k, m):
        return np.broadcast_to(M0 * PAULI, k.shape[:-1] + (3, 2, 2))

    fd = BlochModel(dirac, BOX)
    exact = BlochModel(dirac, BOX, dH_dk=dH_dk, dH_dm=dH_dm)
    k = np.array([[1e8, 2e8], [-4e9, 1e9]])
    m = [0.6, 0.0, 0.8]
    for which in ("kk", "km", "mm"):
        a, b = berry_curvature(fd, k, m, which), berry_curvature(exact, k, m, which)
        assert np.allclose(a, b, rtol=1e-7, atol=1e-9 * np.abs(b).max())


def test_sum_over_states_equals_link_variable_berry_phase():
    r"""Gauge invariance: Omega dk^2 equals the phase of the product of overlaps
    <u1|u2><u2|u3><u3|u4><u4|u1> around a small plaquette (Fukui-Hatsugai),
    which uses no derivative of H and fixes no gauge."""
    model = models.qi_wu_zhang(u=-0.7, t=1.6e-19, a=1e-9)
    k0 = np.array([1.3e9, -0.4e9])
    h = 1e5  # 1/m
    corners = k0 + np.array([[-h, -h], [h, -h], [h, h], [-h, h]]) / 2
    _, states = np.linalg.eigh(model.hamiltonian(corners, [0, 0, 1]))
    u = states[:, :, 0]
    loop = np.prod([np.vdot(u[i], u[(i + 1) % 4]) for i in range(4)])
    flux = -np.angle(loop)  # Berry phase of the loop, gamma = -Im ln prod <u_i|u_i+1>
    omega = berry_curvature(model, k0[None], [0, 0, 1])[0, 0, 1]
    assert flux / h**2 == pytest.approx(omega, rel=1e-6)


def test_finite_temperature_weights_by_occupation_difference():
    """Two bands: sum_n f_n Omega_n = (f_lower - f_upper) Omega_lower."""
    model = BlochModel(dirac, BOX)
    k = np.array([[2e8, 1e8], [1e9, -1e9]])
    T, mu = 300.0, 0.3 * M0
    E = np.linalg.eigvalsh(model.hamiltonian(k, [0, 0, 1]))
    f = fermi_dirac(E, mu, T)
    cold = berry_curvature(model, k, [0, 0, 1])
    warm = berry_curvature(model, k, [0, 0, 1], mu=mu, T=T)
    assert np.allclose(warm, (f[:, 0] - f[:, 1])[:, None, None] * cold, rtol=1e-10)
    assert fermi_dirac(mu + kB * T * math.log(3), mu, T) == pytest.approx(0.25)


def test_degenerate_copies_add_without_blowing_up():
    """Two identical copies (every level doubly degenerate) give twice one copy."""

    def doubled(k, m):
        h = dirac(k, m)
        out = np.zeros(h.shape[:-2] + (4, 4), dtype=complex)
        out[..., :2, :2] = h
        out[..., 2:, 2:] = h
        return out

    single, double = BlochModel(dirac, BOX), BlochModel(doubled, BOX)
    k = np.array([[2e8, 1e8], [0.0, 0.0]])
    for which in ("kk", "km", "mm"):
        a = berry_curvature(single, k, [0.6, 0, 0.8], which)
        b = berry_curvature(double, k, [0.6, 0, 0.8], which)
        assert np.all(np.isfinite(b))
        assert np.allclose(b, 2 * a, rtol=1e-7, atol=1e-9 * np.abs(a).max())


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: BlochModel(lambda k, m: np.array([[0, 1], [0, 0]]), BOX), "Hermitian"),
        (lambda: BlochModel(lambda k, m: np.zeros(3), BOX), "square matrix"),
        (lambda: BlochModel(dirac, "box"), "BrillouinZone"),
        (
            lambda: berry_curvature(BlochModel(dirac, BOX), [[0, 0]], [0, 0, 2]),
            "unit vector",
        ),
        (
            lambda: berry_curvature(BlochModel(dirac, BOX), [[0, 0, 0]], [0, 0, 1]),
            "last axis",
        ),
        (
            lambda: berry_curvature(BlochModel(dirac, BOX), [[0, 0]], [0, 0, 1], "kt"),
            "which",
        ),
        (
            lambda: berry_curvature(BlochModel(dirac, BOX), [[0, 0]], [0, 0, 1], T=-1),
            "T must",
        ),
        (lambda: berry_curvature(dirac, [[0, 0]], [0, 0, 1]), "BlochModel"),
        (lambda: KBox([(1.0, 0.0)]), "k_min < k_max"),
        (lambda: BrillouinZone([[1.0, 0], [2.0, 0]]), "linearly independent"),
        (lambda: BrillouinZone.cubic(-1.0), "positive lattice constant"),
        (lambda: models.weyl_lattice(3e5, 1e-19, 0.0, 5e-10, wilson=1e-21), "doublers"),
    ],
)
def test_errors_name_the_parameter_and_the_fix(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()

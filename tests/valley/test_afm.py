r"""The Weyl antiferromagnet as a macrospin pair (seed 000, Sec. V, Eqs. 11, 17b, 18, 40).

Conventions of :mod:`weylmag.valley.afm`: :math:`\mathbf{m}_A`,
:math:`\mathbf{m}_B` are magnetisation directions,
:math:`\mathbf{l} = (\mathbf{m}_A - \mathbf{m}_B)/2`, and the energy density is

.. math::

    e = \mu_0M_sH_E\,\mathbf{m}_A\cdot\mathbf{m}_B
    - K[(\mathbf{m}_A\cdot\hat{\mathbf{k}})^2 + (\mathbf{m}_B\cdot\hat{\mathbf{k}})^2]
    - \mu_0M_s\mathbf{H}\cdot(\mathbf{m}_A + \mathbf{m}_B)
    - \kappa\,\mathbf{l}\cdot\mathbf{B},
    \qquad H_K = 2K/\mu_0M_s .

The seed's vectors are spin directions, so :math:`\mathbf{l}_\text{seed} = -\mathbf{l}`
and :math:`\kappa = -e\eta\rho_c/(2\pi^2\hbar^2N)`; the seed's fields (Eq. 40:
:math:`\kappa\mathbf{B}`, Eq. 17b: h) add to :math:`-\partial e/\partial\mathbf{l}`,
i.e. :math:`\pm\mathbf{h}/2\mu_0M_s` on sublattice A/B.

The closed forms the simulations are held to are written out here with plain
numpy, independently of the module's own :func:`resonance_frequencies` and
:func:`switching_field`, which are checked against them on the side.
"""

import math

import numpy as np
import pytest

from weylmag.constants import e, gamma0, hbar, mu0
from weylmag.valley.afm import (
    NeelPair,
    ValleyField,
    neel_field,
    resonance_frequencies,
    switching_field,
    weyl_coupling,
)

MS = 4e5  # A/m, each sublattice
H_E = 8e5  # A/m
K = 2e4  # J/m^3
H_K = 2 * K / (mu0 * MS)  # 7.96e4 A/m, H_E/H_K ~ 10
ETA = hbar * 1e9  # kg m/s: Weyl points at +-1/nm
SIGMA_P = 4e43  # 1/(J m s): sigma = 1.0e6 S/m


def tilted(theta, phi=0.0):
    """A perfectly antiparallel pair with l at polar angle theta, azimuth phi about z."""
    l = np.array(
        [math.sin(theta) * math.cos(phi), math.sin(theta) * math.sin(phi), math.cos(theta)]
    )
    return l, -l


def unit_l(run):
    return run.l / np.linalg.norm(run.l, axis=1, keepdims=True)


# ---------------------------------------------------------------- 1. fields


TERMS = {
    "exchange": {},
    "anisotropy": {"K": 3e4, "axis": (0.3, -0.5, 0.8)},
    "zeeman": {"H": (3e4, -2e4, 5e4)},
    "weyl": {"kappa": -7e5, "B": (0.2, 0.5, -0.3)},
    "all": {
        "K": 3e4, "axis": (0.3, -0.5, 0.8), "H": (3e4, -2e4, 5e4),
        "kappa": -7e5, "B": (0.2, 0.5, -0.3),
    },
}


@pytest.mark.parametrize("term", TERMS)
def test_fields_are_energy_gradient(term):
    r"""H_{A,B} = -(1/mu0 Ms) de/dm_{A,B} by central differences, each term.

    The exchange term is in every case (H_E > 0 is required); the others are
    added one at a time and then together. e is a quadratic polynomial, so
    the central difference is exact but for rounding: the largest measured
    relative error over the five cases and five random states is 1.7e-10.
    """
    pair = NeelPair(Ms=MS, H_E=H_E, alpha=0.1, **{"K": 0.0, **TERMS[term]})
    rng = np.random.default_rng(7)
    step = 1e-6
    for _ in range(5):
        mA, mB = rng.normal(size=(2, 3))
        mA /= np.linalg.norm(mA)
        mB /= np.linalg.norm(mB)
        HA, HB = pair.fields(mA, mB)
        numeric = np.empty((2, 3))
        for i in range(3):
            d = np.zeros(3)
            d[i] = step
            numeric[0, i] = (pair.energy_density(mA + d, mB) - pair.energy_density(mA - d, mB))
            numeric[1, i] = (pair.energy_density(mA, mB + d) - pair.energy_density(mA, mB - d))
        numeric *= -1 / (2 * step * mu0 * MS)
        for analytic, fd in zip((HA, HB), numeric):
            assert np.linalg.norm(fd - analytic) <= 1e-7 * np.linalg.norm(analytic)


def test_weyl_term_is_a_staggered_field():
    """kappa B enters A with +, B with -, over 2 mu0 Ms; the Zeeman H on both alike."""
    B = np.array([0.1, -0.2, 0.3])
    H = np.array([1e3, 2e3, -4e3])
    pair = NeelPair(Ms=MS, H_E=H_E, K=0.0, alpha=0.0, kappa=-5e5, B=B, H=H)
    bare = NeelPair(Ms=MS, H_E=H_E, K=0.0, alpha=0.0)
    mA, mB = np.array([0.6, 0.0, 0.8]), np.array([0.0, -1.0, 0.0])
    dA, dB = (np.subtract(a, b) for a, b in zip(pair.fields(mA, mB), bare.fields(mA, mB)))
    staggered = -5e5 * B / (2 * mu0 * MS)
    np.testing.assert_allclose(dA, H + staggered, rtol=1e-12)
    np.testing.assert_allclose(dB, H - staggered, rtol=1e-12)
    np.testing.assert_allclose(pair.weyl_field, staggered, rtol=1e-12)


def test_weyl_coupling_restores_hbar_and_e():
    r"""kappa from the seed's natural-unit expression with every unit put back.

    With hbar = e = 1 the seed's field on l is eta rho_c B / (2 pi^2 N) with
    eta -> k0 (1/m), B -> eB/hbar (1/m^2) and energies as frequencies, so
    N -> N hbar and the energy density comes out in 1/(s m^3), times hbar
    for J/m^3. The sign is that of l_seed = -l.
    """
    k0, rho_c, N, B = 1.3e9, 2e25, 5e44, 0.7
    natural = k0 * rho_c * (e * B / hbar) / (2 * math.pi**2 * N * hbar)  # 1/(s m^3)
    kappa = weyl_coupling(eta=hbar * k0, rho_c=rho_c, N=N)
    assert kappa * B == pytest.approx(-hbar * natural, rel=1e-13)
    field = neel_field(eta=hbar * k0, rho_c=rho_c, N=N, B=(0, 0, B))
    np.testing.assert_allclose(field, [0, 0, kappa * B], rtol=1e-13)
    # odd in rho_c and in eta
    assert weyl_coupling(eta=hbar * k0, rho_c=-rho_c, N=N) == -kappa
    assert weyl_coupling(eta=-hbar * k0, rho_c=rho_c, N=N) == -kappa


# ----------------------------------------------- 2. antiferromagnetic resonance


@pytest.mark.parametrize("kappa_B", [0.0, 4e6 * 2e-3])
@pytest.mark.parametrize("branch", [+1, -1])
def test_antiferromagnetic_resonance(branch, kappa_B):
    r"""The two Kittel modes, measured from zero crossings of l_x.

    l along +k = z, H0 along z, Weyl staggered field h_s = kappa B/2 mu0 Ms
    along +z on A (-z on B). Linearise m_A = z + a, m_B = -z + b with
    a = a_x + i a_y, b = b_x + i b_y. The fields along z are
    H_A,z = H_E + H_K + H0 + h_s and H_B,z = -(H_E + H_K) + H0 - h_s, and
    dm/dt = -gamma0 m x H gives

        da/dt = i gamma0 [(H_E + H_K + H0 + h_s) a + H_E b]
        db/dt = i gamma0 [-(H_E + H_K - H0 + h_s) b - H_E a].

    With a, b ~ exp(i w t) and u = w/gamma0 - H0:
    (u - H_E - H_K - h_s)(u + H_E + H_K + h_s) = -H_E^2, so

        w_+- = gamma0 [H0 +- sqrt((H_E + H_K + h_s)^2 - H_E^2)],

    which for h_s = 0 is gamma0 [H0 +- sqrt(H_K (2 H_E + H_K))]. w > 0 turns
    l counterclockwise about +z. The pair starts in the eigenvector
    b/a = (u - H_E - H_K - h_s)/H_E of one mode (tilt 1e-3), so l_x is a
    single sinusoid; a wrong eigenvector would show as a beat in |l_perp|.

    Measured: frequency errors 4e-8 to 2e-7 (tolerance 1e-4),
    |l_perp| constant to 8e-7 (tolerance 1e-3).
    """
    B = 2e-3 if kappa_B else 0.0
    kappa = kappa_B / B if B else 0.0
    h_s = kappa_B / (2 * mu0 * MS)
    root = math.sqrt((H_E + H_K + h_s) ** 2 - H_E**2)
    H0 = 0.2 * math.sqrt(H_K * (2 * H_E + H_K))
    w = gamma0 * (H0 + branch * root)
    assert resonance_frequencies(
        Ms=MS, H_E=H_E, K=K, H=H0, kappa=kappa, B=B
    )[0 if branch > 0 else 1] == pytest.approx(w, rel=1e-14)

    ratio = (branch * root - H_E - H_K - h_s) / H_E
    pair = NeelPair(Ms=MS, H_E=H_E, K=K, alpha=0.0, H=(0, 0, H0), kappa=kappa, B=(0, 0, B))
    period = 2 * math.pi / abs(w)
    run = pair.run((1e-3, 0, 1), (ratio * 1e-3, 0, -1), t_end=8 * period, n=800)

    lx, ly = run.l[:, 0], run.l[:, 1]
    i = np.nonzero(np.sign(lx[:-1]) != np.sign(lx[1:]))[0]
    crossings = run.t[i] - lx[i] * (run.t[i + 1] - run.t[i]) / (lx[i + 1] - lx[i])
    half_period = np.polyfit(np.arange(len(crossings)), crossings, 1)[0]
    measured = math.pi / half_period
    assert len(crossings) >= 15
    assert measured == pytest.approx(abs(w), rel=1e-4)

    # sense of rotation: sign of the angular velocity of l_perp
    turning = np.mean(lx[:-1] * ly[1:] - ly[:-1] * lx[1:])
    assert np.sign(turning) == np.sign(w)
    amplitude = np.hypot(lx, ly)
    assert np.ptp(amplitude) < 1e-3 * amplitude.mean()


# ------------------------------------------------------ 3. switching by Eq. 40


def kappa_for(r, rho_c_sign=+1):
    """kappa from weyl_coupling with N chosen so that |kappa| = 2 Ms r; kappa < 0 for rho_c > 0."""
    rho_c = 1e25
    N = e * ETA * rho_c / (2 * math.pi**2 * hbar**2 * 2 * MS * r)
    return weyl_coupling(eta=ETA, rho_c=rho_c_sign * rho_c, N=N)


def final_lz(*, kappa, B, t_end=4e-9):
    """l_z/|l| after t_end from l tilted 2 degrees off +z; B along z, Zeeman H = B/mu0."""
    pair = NeelPair(
        Ms=MS, H_E=H_E, K=K, alpha=0.1, kappa=kappa, B=(0, 0, B), H=(0, 0, B / mu0)
    )
    run = pair.run(*tilted(math.radians(2)), t_end=t_end, n=20)
    return unit_l(run)[-1, 2]


def threshold(r):
    r"""B_c (T) from (H_K - h_s)(2 H_E + H_K - h_s) = H0^2, h_s = r H0, H0 = B/mu0."""
    roots = np.roots([1 - r * r, 2 * r * (H_E + H_K), -H_K * (2 * H_E + H_K)])
    return mu0 * min(x.real for x in roots if abs(x.imag) < 1e-9 * abs(x) and x.real > 0)


def test_switching_threshold_closed_form():
    r"""switching_field against the quadratic and its limits.

    The second-order energy of the tilts a, b (per component) about
    m_A = z, m_B = -z, with the sublattice fields h_A = H0 - h_s and
    h_B = H0 + h_s along z (kappa B antiparallel to l), is

        (e - e0)/(mu0 Ms) = 1/2 [(H_E + H_K + h_A) a^2 + 2 H_E a b
                                 + (H_E + H_K - h_B) b^2],

    positive definite iff (H_E + H_K - h_s)^2 - H0^2 > H_E^2, i.e.
    (H_K - h_s)(2 H_E + H_K - h_s) > H0^2. Without Zeeman: h_s < H_K,
    |kappa| B < 4K, each sublattice's Stoner-Wohlfarth field (the rigid l has
    anisotropy 2K and field kappa B). Without Weyl: H0 < sqrt(H_K(2H_E + H_K)),
    the spin flop.
    """
    for r in (0.0, 0.05, 0.3, 1.0, 3.0, 10.0, 1e3):
        kappa = 2 * MS * r
        B_c = switching_field(Ms=MS, H_E=H_E, K=K, kappa=kappa)
        if r > 0:
            assert B_c == pytest.approx(threshold(r), rel=1e-12)
        h_s, H0 = kappa * B_c / (2 * mu0 * MS), B_c / mu0
        scale = H_K * (2 * H_E + H_K)  # the two sides are differences of this size
        assert (H_K - h_s) * (2 * H_E + H_K - h_s) == pytest.approx(H0**2, abs=1e-12 * scale)
    assert switching_field(Ms=MS, H_E=H_E, K=K, kappa=0.0) == pytest.approx(
        mu0 * math.sqrt(H_K * (2 * H_E + H_K)), rel=1e-14
    )
    assert switching_field(Ms=MS, H_E=H_E, K=K, kappa=2 * MS * 1e6) == pytest.approx(
        4 * K / (2 * MS * 1e6), rel=1e-6
    )


@pytest.mark.parametrize("r", [10.0, 0.3])
def test_weyl_field_reverses_neel_vector(r):
    r"""Eq. 40: B along +k with rho_c > 0 (kappa < 0) puts kappa B against l = +k.

    r = |kappa|/2Ms is the staggered field per unit Zeeman field. r = 10:
    B_c = 9.995 mT, 0.05 % below the Stoner-Wohlfarth 4K/|kappa|; r = 0.3:
    B_c = 0.2395 T, 28 % below 4K/|kappa| = 0.333 T, because the Zeeman field
    B/mu0 (1.9e5 A/m) cants the sublattices and lowers the barrier; the
    spin-flop field is 0.459 T. Damping 0.1, l tilted 2 degrees, 4 ns.

    Measured final l_z: -1.000000 at 1.1 B_c, +1.000000 at 0.9 B_c, with
    rho_c or B reversed (kappa B along l), and with the Zeeman field alone;
    for r = 0.3 also -1 at 1.02 B_c (switching at 3.5 ns), +1 at 0.98 B_c,
    and -1 at 0.9 x 4K/|kappa|, where Stoner-Wohlfarth would keep l.
    """
    kappa = kappa_for(r)
    assert kappa < 0
    B_c = switching_field(Ms=MS, H_E=H_E, K=K, kappa=kappa)
    assert B_c == pytest.approx(threshold(r), rel=1e-12)

    assert final_lz(kappa=kappa, B=1.1 * B_c) < -0.9999
    assert final_lz(kappa=kappa, B=0.9 * B_c) > 0.9999
    assert final_lz(kappa=kappa_for(r, rho_c_sign=-1), B=1.1 * B_c) > 0.9999
    assert final_lz(kappa=kappa, B=-1.1 * B_c) > 0.9999
    assert final_lz(kappa=0.0, B=1.1 * B_c) > 0.9999
    if r < 1:
        assert final_lz(kappa=kappa, B=1.02 * B_c, t_end=6e-9) < -0.9999
        assert final_lz(kappa=kappa, B=0.98 * B_c, t_end=6e-9) > 0.9999
        assert final_lz(kappa=kappa, B=0.9 * 4 * K / abs(kappa)) < -0.9999


def test_zeeman_alone_flops_at_the_spin_flop_field():
    r"""kappa = 0: the collinear state survives 0.95 B_sf and leaves at 1.05 B_sf.

    B_sf = mu0 sqrt(H_K (2 H_E + H_K)) = 0.459 T, the r -> 0 limit of
    switching_field. Measured: |l_z| = 1.000000 at 0.95 B_sf, 0.0000 (l in
    the plane, spin flop) at 1.05 B_sf, 0.008 after 4 ns (still settling).
    """
    B_sf = switching_field(Ms=MS, H_E=H_E, K=K, kappa=0.0)
    assert final_lz(kappa=0.0, B=0.95 * B_sf) > 0.9999
    assert abs(final_lz(kappa=0.0, B=1.05 * B_sf)) < 0.05


# ------------------------------------------------- 4. the valley field, Eq. 17b


def valley(h, beta, direction=(0, 0, 1)):
    """A ValleyField with eta sigma_p |E_v| = h (J/m^3) along direction."""
    E = h / (ETA * SIGMA_P)
    return ValleyField(
        eta=ETA, sigma=SIGMA_P * e**2, E_v=tuple(E * c for c in direction), beta=beta
    )


@pytest.mark.parametrize("beta", [0.0, 0.7, -0.7])
def test_valley_field_initial_rates(beta):
    r"""The initial motion under h = -eta sigma_p (1 + beta l x) E_v, E_v along the easy axis.

    mu0 Ms H_A gains +h/2, mu0 Ms H_B gains -h/2. From a perfectly
    antiparallel pair (m_A = l, m_B = -l) the Landau-Lifshitz form gives,
    for the change due to h alone (it is linear in the fields),

        dS/dt = l x h / (1 + alpha^2),     S = -(mu0 Ms/gamma0)(m_A + m_B),
        dl/dt = gamma0 alpha / (1 + alpha^2) * h_perp / (2 mu0 Ms),

    the first being the seed's h x l_seed (Sec. V) with l_seed = -l. With
    eta sigma_p > 0 and E_v = E z, l at 30 degrees from z in the xz plane:
    the field-like part -eta sigma_p E_v turns l away from E_v (polar
    direction e_theta), the damping-like part -eta sigma_p beta l x E_v
    turns it about E_v, counterclockwise for beta > 0 (e_phi), and pushes S
    along beta E_v,perp. Identities: measured to 1.3e-14 relative.
    """
    alpha, h_size, theta = 0.05, 2e3, math.radians(30)
    field = valley(h_size, beta)
    with_h = NeelPair(Ms=MS, H_E=H_E, K=K, alpha=alpha, valley_field=field)
    without = NeelPair(Ms=MS, H_E=H_E, K=K, alpha=alpha)
    mA, mB = tilted(theta)
    l = (mA - mB) / 2
    dA, dB = (np.subtract(a, b) for a, b in zip(with_h.rates(mA, mB), without.rates(mA, mB)))

    h = field(0.0, l)
    np.testing.assert_allclose(
        h, -h_size * (np.array([0, 0, 1]) + beta * np.cross(l, [0, 0, 1])), rtol=1e-14
    )
    dS = -(mu0 * MS / gamma0) * (dA + dB)
    np.testing.assert_allclose(dS, np.cross(l, h) / (1 + alpha**2), rtol=1e-12, atol=1e-25)
    np.testing.assert_allclose(field.torque(0.0, l), np.cross(l, h), rtol=1e-14)
    h_perp = h - l * (l @ h)
    dl = (dA - dB) / 2
    np.testing.assert_allclose(
        dl, gamma0 * alpha / (1 + alpha**2) * h_perp / (2 * mu0 * MS), rtol=1e-12, atol=1e-6
    )

    e_theta = np.array([math.cos(theta), 0.0, -math.sin(theta)])  # away from z
    e_phi = np.array([0.0, 1.0, 0.0])  # counterclockwise about z
    assert dl @ e_theta > 0
    assert np.sign(dl @ e_phi) == np.sign(beta)
    E_perp = np.array([0, 0, 1]) - l * l[2]
    assert np.sign(dS @ E_perp) == np.sign(beta)


def test_valley_field_short_run():
    r"""15 ps from l at 20 degrees off E_v (the easy axis), h = 2e3 J/m^3, alpha = 0.05.

    Compared with the same run without h, before l first swings through the
    axis (a quarter of the 78 ps resonance period): l tilts further from E_v
    (field-like part; measured 0.28 degrees at 15 ps whatever beta); l turns
    about E_v by +1.7 degrees at 15 ps for beta = +1 and by exactly the
    opposite for beta = -1 (measured equal to 1e-12), and stays in the xz
    plane for beta = 0. The norms stay 1 to 2e-11 (tolerance 1e-9).
    """
    start = tilted(math.radians(20))
    reference = NeelPair(Ms=MS, H_E=H_E, K=K, alpha=0.05).run(*start, t_end=15e-12, n=15)
    theta_ref = np.arccos(unit_l(reference)[:, 2])
    turns = {}
    for beta in (0.0, 1.0, -1.0):
        pair = NeelPair(Ms=MS, H_E=H_E, K=K, alpha=0.05, valley_field=valley(2e3, beta))
        run = pair.run(*start, t_end=15e-12, n=15)
        assert run.norm_error < 1e-9
        l = unit_l(run)
        assert np.all(np.arccos(l[1:, 2]) > theta_ref[1:])
        turns[beta] = np.arctan2(l[:, 1], l[:, 0])
    assert np.all(np.diff(turns[1.0]) > 0)
    assert turns[1.0][-1] > math.radians(1)
    np.testing.assert_allclose(turns[-1.0], -turns[1.0], rtol=1e-6)
    assert np.max(np.abs(turns[0.0])) < 1e-9


def test_valley_field_like_part_reverses_neel_vector():
    r"""The field-like part along the easy axis is a staggered field: it reverses l at 4K.

    With beta = 0 and no B, h = -eta sigma_p E_v acts on l like kappa B with
    no Zeeman field, so the threshold is the Stoner-Wohlfarth one,
    eta sigma_p |E_v| = 4K (h_s = H_K), pushing l away from E_v.
    Measured final l_z: -1.000000 at 1.1 x 4K, +1.000000 at 0.9 x 4K, and
    +1 for E_v reversed at 1.1 x 4K.
    """
    start = tilted(math.radians(2))
    for factor, direction, expected in ((1.1, 1, -1), (0.9, 1, 1), (1.1, -1, 1)):
        pair = NeelPair(
            Ms=MS, H_E=H_E, K=K, alpha=0.1,
            valley_field=valley(4 * K * factor, 0.0, (0, 0, direction)),
        )
        run = pair.run(*start, t_end=4e-9, n=10)
        assert unit_l(run)[-1, 2] * expected > 0.9999


@pytest.mark.parametrize("beta", [0.5, -0.5])
def test_valley_damping_like_part_rotates_neel_vector(beta):
    r"""Easy plane normal to E_v: l turns about E_v at w = gamma0 beta h_v/(2 alpha mu0 Ms).

    h_v = eta sigma_p |E_v| = 2e3 J/m^3, K < 0 with the hard axis along E_v = z.
    In steady rotation of both sublattices about z at w the energy is
    constant, so the power of the valley field balances Gilbert damping:
    mu0 Ms sum_i H_v,i . dm_i/dt = (alpha mu0 Ms/gamma0) sum_i |dm_i/dt|^2,
    with H_v,A = -H_v,B = h/(2 mu0 Ms) and dm_i/dt = w z x m_i. The
    damping-like part gives w eta sigma_p beta E |z x l|^2 on the left and
    2 alpha (mu0 Ms/gamma0) w^2 |z x l|^2 on the right, hence
    w = gamma0 eta sigma_p beta E / (2 alpha mu0 Ms) = +-4.40e9 rad/s here,
    counterclockwise for beta > 0. (The field-like part, along z, lifts l
    out of the plane by 1.4 degrees, away from E_v, and does no work.)

    Measured over the second nanosecond: relative error 8.7e-8 (tolerance
    1e-5).
    """
    alpha, h_size = 0.05, 2e3
    pair = NeelPair(
        Ms=MS, H_E=H_E, K=-K, alpha=alpha, valley_field=valley(h_size, beta)
    )
    run = pair.run((1, 0, 0), (-1, 0, 0), t_end=2e-9, n=400)
    phi = np.unwrap(np.arctan2(run.l[:, 1], run.l[:, 0]))
    late = run.t > 1e-9
    w = np.polyfit(run.t[late], phi[late], 1)[0]
    expected = gamma0 * h_size * beta / (2 * alpha * mu0 * MS)
    assert w == pytest.approx(expected, rel=1e-5)


# --------------------------------------------------------------- 5. energy


def general_pair(alpha):
    return NeelPair(
        Ms=MS, H_E=H_E, K=K, alpha=alpha, axis=(0.2, 0.1, 1.0),
        H=(2e4, -1e4, 3e4), kappa=3e5, B=(0.01, 0.02, -0.01),
    )


START = (
    np.array([math.sin(0.5), 0.0, math.cos(0.5)]),
    np.array([-0.9 * math.sin(0.5), 0.2, -math.cos(0.5)]),
)


def test_energy_decreases_with_damping():
    r"""Lyapunov: de/dt = -alpha gamma0 mu0 Ms sum |m_i x H_i|^2/(1 + alpha^2) <= 0.

    Every term on (tilted axis, H and kappa B off the axis), alpha = 0.05,
    500 samples over 5 resonance periods (389 ps). Measured: the largest
    step of e is -0.098 J/m^3 (tolerance 0: each step must go down), the
    total drop 1.45e4 J/m^3. The rate at t = 0 from the chain rule matches
    the formula to 1e-15 (tolerance 1e-12).
    """
    pair = general_pair(0.05)
    period = 2 * math.pi / resonance_frequencies(Ms=MS, H_E=H_E, K=K)[0]
    run = pair.run(*START, t_end=5 * period, n=500)
    steps = np.diff(run.energy_density)
    assert np.all(steps < 0)
    assert run.energy_density[0] - run.energy_density[-1] > 1e4

    mA, mB = START
    HA, HB = pair.fields(mA, mB)
    dA, dB = pair.rates(mA, mB)
    rate = -mu0 * MS * (HA @ dA + HB @ dB)  # chain rule, de/dm = -mu0 Ms H
    formula = -(0.05 * gamma0 * mu0 * MS / (1 + 0.05**2)) * (
        np.sum(np.cross(mA, HA) ** 2) + np.sum(np.cross(mB, HB) ** 2)
    )
    assert rate == pytest.approx(formula, rel=1e-12)


def test_energy_conserved_without_damping():
    r"""alpha = 0: e(t) constant over 5 resonance periods of a large-angle motion.

    The same pair and start as above (l 20 degrees off the axis, canted by
    |m| = 0.10); measured relative to the excitation energy
    e(0) - e_min = 1.46e4 J/m^3 (e_min from a damped run): 3.1e-10 with the
    default tolerances (tolerance 1e-8); the norms drift by 8e-11 before
    renormalisation (tolerance 1e-9).
    """
    period = 2 * math.pi / resonance_frequencies(Ms=MS, H_E=H_E, K=K)[0]
    run = general_pair(0.0).run(*START, t_end=5 * period, n=500)
    at_rest = general_pair(0.5).run(*START, t_end=5e-9, n=1)
    excitation = run.energy_density[0] - at_rest.energy_density[-1]
    assert excitation > 1e4
    drift = np.max(np.abs(run.energy_density - run.energy_density[0]))
    assert drift < 1e-8 * excitation
    assert run.norm_error < 1e-9


# --------------------------------------------------------------- errors


def test_errors_name_the_parameter():
    with pytest.raises(ValueError, match="H_E must be positive"):
        NeelPair(Ms=MS, H_E=-1.0, K=K, alpha=0.0)
    with pytest.raises(ValueError, match="B must be a finite 3-vector"):
        NeelPair(Ms=MS, H_E=H_E, K=K, alpha=0.0, B=1.0)
    with pytest.raises(TypeError, match=r"valley_field\(t, l\)"):
        NeelPair(Ms=MS, H_E=H_E, K=K, alpha=0.0, valley_field=lambda t: (0, 0, 1))
    with pytest.raises(ValueError, match="K must be positive"):
        switching_field(Ms=MS, H_E=H_E, K=-K, kappa=1e5)
    with pytest.raises(ValueError, match="unstable"):
        resonance_frequencies(Ms=MS, H_E=H_E, K=K, kappa=1e6, B=-1.0)
    with pytest.raises(TypeError):
        weyl_coupling(ETA, 1e25, 1e45)  # keyword-only

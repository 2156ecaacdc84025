r"""The intrinsic non-adiabatic torque, its Rashba partner and its Onsager partner.

Seed 002 (Kim, Lee, Lee, Stiles): Eq. 6 (last term), Eq. 12 (inverse mass
tensor), Eq. 20 (beta_int), Eq. 21 (pumped current), Eq. 26 (intrinsic
spin-orbit torque through the chiral derivative). The references here are
written out with numpy and scipy's constants, independently of the kernels:
``np.gradient`` for the derivatives (central inside, first order one-sided
at the ends, which is the grid's rule at an open face).
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest
import scipy.constants as sc

import weylmag as wm
from weylmag.torques.intrinsic import beta_int, drude_equivalent

MU_B = sc.physical_constants["Bohr magneton"][0]
N_S = 2e28  # 1/m^3
J_SD = 0.4 * sc.e  # J
K_R = 3e8  # 1/m
CELL = (2e-9, 3e-9, 4e-9)


def coefficient(Ms):
    """n_s muB hbar e / (2 J Ms), without the mass (m^2 kg / (V s^2) ... per 1/kg)."""
    return N_S * MU_B * sc.hbar * sc.e / (2 * J_SD * Ms)


def random_system(rng, n=(6, 5, 4), Ms_spread=0.0):
    mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(c * k for c, k in zip(CELL, n)), cell=CELL)
    m = rng.normal(size=(*n, 3))
    m /= np.linalg.norm(m, axis=-1, keepdims=True)
    Ms = 8e5 * (1 + Ms_spread * rng.uniform(-1, 1, size=(*n, 1)))
    system = mm.System(name="intrinsic")
    system.energy = mm.Exchange(A=1e-11)
    system.m = df.Field(mesh, nvdim=3, value=m * Ms)
    return system, m.reshape(-1, 3), Ms.reshape(-1)


def torque(system, term):
    """The Gilbert-form torque (1/s) that weylmag compiles for ``term``."""
    system.dynamics = mm.Precession(gamma0=2.211e5) + term
    problem = wm.Problem(system)
    out = np.zeros((problem.grid.n, 3))
    problem.torque_terms[0].add_torque(problem.m0, 0.0, out)
    return out


def numpy_gradient(m, shape):
    """d m / d x_i for i = x, y, z, each (N, 3), by np.gradient."""
    grid = m.reshape(*shape, 3)
    return [np.gradient(grid, CELL[i], axis=i).reshape(-1, 3) for i in range(3)]


def test_uniform_state_torque_is_eq26():
    r"""On a uniform magnet only the Rashba partner acts, exactly as Eq. 26.

    .. math::

        \mathbf{T}_R = k_R\frac{n_s\mu_B\hbar e}{2m_eJM_s}\,\mathbf{m}\times
        [\mathbf{m}\times(\hat{\mathbf{z}}\times\mathbf{E})].

    The texture term vanishes on a uniform state (to rounding), so the full
    chiral-derivative torque and IntrinsicSpinOrbitTorque agree with it, and
    IntrinsicNonadiabaticTorque without k_R gives nothing.
    """
    rng = np.random.default_rng(1)
    direction = rng.normal(size=3)
    direction /= np.linalg.norm(direction)
    E = (3e4, -1e4, 2e4)
    mesh = df.Mesh(p1=(0, 0, 0), p2=(8e-9, 6e-9, 4e-9), cell=CELL)
    system = mm.System(name="uniform")
    system.energy = mm.Exchange(A=1e-11)
    system.m = df.Field(mesh, nvdim=3, value=tuple(direction), norm=7e5)

    c = coefficient(7e5) / sc.m_e
    expected = K_R * c * np.cross(direction, np.cross(direction, np.cross((0, 0, 1), E)))
    assert np.linalg.norm(expected) > 1e6  # 1/s: a torque that matters

    params = dict(E=E, n_s=N_S, J=J_SD)
    both = torque(system, wm.IntrinsicNonadiabaticTorque(**params, k_R=K_R))
    partner = torque(system, wm.IntrinsicSpinOrbitTorque(**params, k_R=K_R))
    plain = torque(system, wm.IntrinsicNonadiabaticTorque(**params))
    scale = np.linalg.norm(expected)
    assert np.max(np.abs(partner - expected)) < 1e-12 * scale
    assert np.max(np.abs(both - expected)) < 1e-12 * scale
    assert np.max(np.abs(plain)) < 1e-12 * scale


def test_texture_torque_is_minus_m_cross_chiral_derivative():
    r"""On a random texture the torque is :math:`-c\,\mathbf{m}\times(M^{-1}\mathbf{E}
    \cdot\tilde\nabla)\mathbf{m}`, Eq. 6 with Eq. 12 and the chiral derivative.

    E varies from cell to cell, Ms too (c scales as 1/Ms) and the inverse
    mass tensor is anisotropic with off-diagonal terms, so that the
    reference exercises every index of :math:`\sum_{ij}E_i[M^{-1}]_{ij}
    \tilde\partial_j\mathbf{m}`.
    """
    rng = np.random.default_rng(2)
    system, m, Ms = random_system(rng, Ms_spread=0.3)
    shape = tuple(system.m.mesh.n)
    E = rng.normal(scale=1e5, size=(*shape, 3))
    minv = np.array([[1.3, 0.2, -0.1], [0.2, 0.7, 0.3], [-0.1, 0.3, 1.1]]) / sc.m_e
    normal = np.array([0.0, 0.0, 1.0])
    term = wm.IntrinsicNonadiabaticTorque(
        E=df.Field(system.m.mesh, nvdim=3, value=E), n_s=N_S, J=J_SD,
        inverse_mass=minv, k_R=K_R,
    )
    got = torque(system, term)

    w = E.reshape(-1, 3) @ minv  # w_j = sum_i E_i Minv_ij
    grads = numpy_gradient(m, shape)
    chiral = sum(
        w[:, [j]] * (grads[j] + K_R * np.cross(np.cross(normal, np.eye(3)[j]), m))
        for j in range(3)
    )
    expected = -coefficient(Ms)[:, None] * np.cross(m, chiral)
    assert np.max(np.abs(got - expected)) < 1e-12 * np.max(np.abs(expected))

    # The package's own chiral derivative gives the same.
    tilde = [f.array.reshape(-1, 3) for f in wm.chiral.chiral_derivative(system.m, K_R)]
    again = -coefficient(Ms)[:, None] * np.cross(m, sum(w[:, [j]] * tilde[j]
                                                        for j in range(3)))
    assert np.max(np.abs(got - again)) < 1e-12 * np.max(np.abs(expected))


def test_zhang_li_form_equals_field_form():
    r"""beta_int m x (u . grad) m with the Drude u is the field form (Eq. 20).

    :math:`\beta_\mathrm{int} = \hbar/2J\tau` and
    :math:`\mathbf{u} = -\mu_B e n_s\tau\mathbf{E}/(m_eM_s)` turn
    :math:`\beta_\mathrm{int}\mathbf{m}\times(\mathbf{u}\cdot\nabla)\mathbf{m}`
    into :math:`-(n_s\mu_B\hbar e/2m_eJM_s)\mathbf{m}\times(\mathbf{E}\cdot
    \nabla)\mathbf{m}` for any tau; the Zhang-Li torque's own beta term with
    this u and beta = beta_int is the same torque again.
    """
    rng = np.random.default_rng(3)
    system, _, _ = random_system(rng)
    E = np.array([2e5, -1e5, 5e4])
    tau = 3e-15
    field_form = torque(system, wm.IntrinsicNonadiabaticTorque(E=tuple(E), n_s=N_S, J=J_SD))
    drude = drude_equivalent(E, n_s=N_S, J=J_SD, tau=tau, Ms=8e5)
    assert drude["beta_int"] == pytest.approx(sc.hbar / (2 * J_SD * tau), rel=1e-15, abs=0)
    assert drude["beta_int"] == beta_int(J_SD, tau)
    drift_form = torque(system, wm.IntrinsicNonadiabaticTorque(
        beta_int=drude["beta_int"], u=tuple(drude["u"])))
    scale = np.max(np.abs(field_form))
    assert np.max(np.abs(drift_form - field_form)) < 1e-12 * scale

    # mm.ZhangLi(u, beta) minus its adiabatic part (beta = 0) is beta m x (u.grad) m.
    zl = torque(system, mm.ZhangLi(u=tuple(drude["u"]), beta=drude["beta_int"]))
    adiabatic = torque(system, mm.ZhangLi(u=tuple(drude["u"]), beta=0.0))
    assert np.max(np.abs((zl - adiabatic) - field_form)) < 1e-9 * scale


def test_time_dependent_field():
    """E(t) given as a function of time acts as the static E at that time."""
    rng = np.random.default_rng(4)
    system, _, _ = random_system(rng)

    def E(t):
        return (1e5 * np.cos(2e9 * t), 3e4, 1e5 * np.sin(2e9 * t))

    system.dynamics = mm.Precession(gamma0=2.211e5) + wm.IntrinsicNonadiabaticTorque(
        E=E, n_s=N_S, J=J_SD, k_R=K_R)
    problem = wm.Problem(system)
    term = problem.torque_terms[0]
    assert term.time_dependent
    t = 0.7e-9
    got = np.zeros((problem.grid.n, 3))
    term.add_torque(problem.m0, t, got)
    static = torque(system, wm.IntrinsicNonadiabaticTorque(E=E(t), n_s=N_S, J=J_SD, k_R=K_R))
    assert np.max(np.abs(got - static)) < 1e-13 * np.max(np.abs(static))


def test_onsager_power_identity():
    r"""The current of Eq. 21 and the torque of Eq. 6 satisfy j.E = (hbar Ms/2muB)(m x T).dm/dt.

    Derivation (also in :mod:`weylmag.torques.pumping`): with
    :math:`\mathbf{T} = -c\,\mathbf{m}\times\mathbf{g}`,
    :math:`\mathbf{g} = (M^{-1}\mathbf{E}\cdot\nabla)\mathbf{m}` and
    :math:`c = n_s\mu_B\hbar e/2JM_s`, :math:`\mathbf{m}\times\mathbf{T} =
    c\,\mathbf{g}_\perp`; for :math:`\partial_t\mathbf{m}\perp\mathbf{m}`,

    .. math::

        \frac{\hbar M_s}{2\mu_B}(\mathbf{m}\times\mathbf{T})\cdot\partial_t\mathbf{m}
        = \frac{n_s e\hbar^2}{4J}\sum_{ij}E_i[M^{-1}]_{ij}\,
          \partial_j\mathbf{m}\cdot\partial_t\mathbf{m} = \mathbf{j}\cdot\mathbf{E},

    which is the power identity of seed 001 (Eqs. 3.5, 3.61) with
    :math:`\mu_0 M_s\mathbf{h} = (\hbar M_s/2\mu_B)\,\mathbf{m}\times\mathbf{T}`
    for g = 2. Random texture, random Ms, random E field, anisotropic
    inverse mass and random dm/dt; both sides from the package, summed over
    the sample, to 1e-10. The identity is also checked cell by cell.
    """
    rng = np.random.default_rng(5)
    system, m, Ms = random_system(rng, n=(7, 6, 3), Ms_spread=0.4)
    mesh = system.m.mesh
    E = rng.normal(scale=1e5, size=(*mesh.n, 3))
    minv = np.array([[0.8, 0.1, 0.0], [0.1, 1.2, -0.2], [0.0, -0.2, 0.9]]) / sc.m_e
    dmdt = np.cross(m, rng.normal(scale=1e9, size=m.shape))  # perpendicular to m

    T = torque(system, wm.IntrinsicNonadiabaticTorque(
        E=df.Field(mesh, nvdim=3, value=E), n_s=N_S, J=J_SD, inverse_mass=minv))
    j = wm.pumping.intrinsic_current(system.m, dmdt, n_s=N_S, J=J_SD, inverse_mass=minv)
    j = j.array.reshape(-1, 3)

    work = np.einsum("ni,ni->n", j, E.reshape(-1, 3))
    power = sc.hbar * Ms / (2 * MU_B) * np.einsum("ni,ni->n", np.cross(m, T), dmdt)
    assert abs(work.sum() - power.sum()) < 1e-10 * np.abs(work).sum()
    assert np.max(np.abs(work - power)) < 1e-10 * np.max(np.abs(work))


def test_free_electron_current_is_eq21():
    r"""Without inverse_mass, j_i = (n_s e hbar^2 / 4 m_e J) d_i m . d_t m (Eq. 21)."""
    rng = np.random.default_rng(6)
    system, m, _ = random_system(rng)
    dmdt = np.cross(m, rng.normal(scale=1e9, size=m.shape))
    j = wm.pumping.intrinsic_current(system.m, dmdt, n_s=N_S, J=J_SD).array.reshape(-1, 3)
    grads = numpy_gradient(m, tuple(system.m.mesh.n))
    prefactor = N_S * sc.e * sc.hbar**2 / (4 * sc.m_e * J_SD)
    expected = np.stack([prefactor * np.einsum("nc,nc->n", g, dmdt) for g in grads], axis=1)
    assert np.max(np.abs(j - expected)) < 1e-12 * np.max(np.abs(expected))


@pytest.mark.parametrize("normal", [(0, 0, 1), (0, 0, -1), (1, 0, 0)])
def test_chiral_exchange_is_exchange_dmi_and_hard_axis(normal):
    r"""A |grad~ m|^2 = exchange + Cnv DMI (D = -2 A k_R) + hard axis (K = -A k_R^2) + const.

    The chiral derivative applied to the exchange energy, seed 002 Sec. IV B 2
    (the correspondence between interfacial DMI and exchange). Reference: the
    continuum energy of a flat spiral :math:`\mathbf{m} = \cos(qs)\,\hat{\mathbf{a}}
    + \sin(qs)\,\hat{\mathbf{n}}` along an in-plane axis s, with analytic
    derivatives, on a periodic chain of 4 turns; the package's energies of
    Exchange + the two partner terms from :func:`weylmag.chiral.rashba_partners`,
    finite differences at 64 cells per turn. The differences are short by
    :math:`(q\Delta)^2/12` = 8e-4 of the exchange energy
    :math:`Ak_R^2V` and by :math:`(q\Delta)^2/6` = 1.6e-3 of the DMI energy
    :math:`\mp 2Ak_R^2V`, so the discrete energy is off by +2.4e-3 (q = k_R)
    and -4.0e-3 (q = -k_R) in units of :math:`Ak_R^2V` (measured: the same);
    the tolerance is 5e-3 of it. The two handednesses differ by
    :math:`4Ak_R^2V`: a wrong sign of D fails by 800 times the tolerance.
    """
    A = 1.5e-11
    normal = np.array(normal, dtype=float)
    axis_n = int(np.flatnonzero(normal)[0])
    s_axis = (axis_n + 1) % 3  # a propagation axis in the interface plane
    a_hat = np.eye(3)[s_axis]  # the spiral rotates in the (s, n) plane
    turns, per_turn = 4, 64
    for q in (K_R, -K_R):
        period = 2 * np.pi / abs(q)
        dx = period / per_turn
        n = [1, 1, 1]
        n[s_axis] = turns * per_turn
        cell = [2e-9, 2e-9, 2e-9]
        cell[s_axis] = dx
        mesh = df.Mesh(p1=(0, 0, 0), p2=tuple(c * k for c, k in zip(cell, n)),
                       n=tuple(n), bc="xyz"[s_axis])
        s = (np.arange(n[s_axis]) + 0.5) * dx
        m = np.cos(q * s)[:, None] * a_hat + np.sin(q * s)[:, None] * normal
        dm = q * (-np.sin(q * s)[:, None] * a_hat + np.cos(q * s)[:, None] * normal)
        density = np.zeros_like(s)
        for i in range(3):
            tilde = K_R * np.cross(np.cross(normal, np.eye(3)[i]), m)
            if i == s_axis:
                tilde = tilde + dm
            density += A * np.einsum("nc,nc->n", tilde, tilde)
        volume = np.prod(cell) * n[s_axis]
        continuum = density.mean() * volume - A * K_R**2 * volume  # drop the constant

        system = mm.System(name="chiral")
        dmi, hard = wm.chiral.rashba_partners(A, K_R, normal=tuple(normal))
        system.energy = mm.Exchange(A=A) + dmi + hard
        system.m = df.Field(mesh, nvdim=3, value=m.reshape(*n, 3), norm=8e5)
        problem = wm.Problem(system)
        discrete = sum(problem.energies(problem.m0, 0.0).values())
        assert abs(discrete - continuum) < 5e-3 * A * K_R**2 * volume


def test_bad_parameters_name_the_fix():
    with pytest.raises(ValueError, match="not both"):
        wm.IntrinsicNonadiabaticTorque(E=(1, 0, 0), n_s=1e28, J=J_SD, beta_int=0.1, u=10)
    with pytest.raises(ValueError, match=r"missing \['J'\]"):
        wm.IntrinsicNonadiabaticTorque(E=(1, 0, 0), n_s=1e28)
    with pytest.raises(ValueError, match="k_R"):
        wm.IntrinsicSpinOrbitTorque(E=(1, 0, 0), n_s=1e28, J=J_SD)
    rng = np.random.default_rng(7)
    system, _, _ = random_system(rng)
    with pytest.raises(ValueError, match="symmetric"):
        torque(system, wm.IntrinsicNonadiabaticTorque(
            E=(1, 0, 0), n_s=1e28, J=J_SD, inverse_mass=[[1, 1, 0], [0, 1, 0], [0, 0, 1]]))
    with pytest.raises(ValueError, match=r"E\(t\) must return"):
        torque(system, wm.IntrinsicNonadiabaticTorque(E=lambda t: (1, 0), n_s=1e28, J=J_SD))


def test_drive_table_reports_the_pumped_current():
    r"""A drive with the field form writes the mean current of Eq. 21 to the table.

    The last row must equal the mean of :func:`weylmag.pumping.intrinsic_current`
    evaluated on the final magnetisation with :func:`weylmag.pumping.dmdt`.
    """
    rng = np.random.default_rng(8)
    system, _, _ = random_system(rng, n=(8, 4, 2))
    system.dynamics = (
        mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.3)
        + wm.IntrinsicNonadiabaticTorque(E=(2e5, 1e5, 0), n_s=N_S, J=J_SD)
    )
    wm.TimeDriver().drive(system, t=2e-12, n=1, verbose=0)
    row = system.table.data.iloc[-1]
    rate = wm.pumping.dmdt(system, t=2e-12)
    j = wm.pumping.intrinsic_current(system.m, rate, n_s=N_S, J=J_SD).array
    expected = j.reshape(-1, 3).mean(axis=0)
    got = np.array([row["j_int_x"], row["j_int_y"], row["j_int_z"]])
    assert np.max(np.abs(expected)) > 1e3  # A/m^2: the texture pumps
    assert np.max(np.abs(got - expected)) < 1e-9 * np.max(np.abs(expected))

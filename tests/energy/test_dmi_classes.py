r"""Energies against closed forms: every DMI crystal class, anisotropies, Zeeman, RKKY.

DMI
---
The continuum energy densities are written out below exactly as in the
docstring of ``micromagneticmodel.DMI`` (they are *not* taken from weylmag):

* T, O: :math:`w = D\,\mathbf{m}\cdot(\nabla\times\mathbf{m})`;
* Cnv_k: :math:`w = D(\mathbf{m}\cdot\nabla m_k - m_k\nabla\cdot\mathbf{m})`;
* D2d_z: :math:`w = D\,\mathbf{m}\cdot(\partial_x\mathbf{m}\times\hat x
  - \partial_y\mathbf{m}\times\hat y)`, and cyclically D2d_x (y, z),
  D2d_y (z, x).

"Cnv" and "D2d" without an axis mean Cnv_z and D2d_z, as in oommfc. The
magnetisation and its derivatives are analytic; on a mesh periodic along every
direction in which the texture varies there are no surface terms, and the
discrete energy approaches the integral of w with an error of order h^2:

* a conical spiral of wave number k along one axis (a uniform rotation by
  ``k h`` per cell) has a discrete energy exactly ``sin(kh)/(kh)`` times the
  continuum one, so the relative error is ``-(kh)^2/6 + O((kh)^4)``; this
  leading term is checked to ``(kh)^4/100``;
* a three-dimensional texture varying along x, y and z has an error
  ``C h^2 + O(h^4)``: halving h divides it by 4 (checked within 5 %).

The continuum integral is the mean of w over the cell centres of a fine
periodic grid: for smooth periodic functions this converges spectrally, and
the test checks that it has converged to rounding.

Local terms
-----------
* uniaxial: :math:`w = -K_1(\mathbf{m}\cdot\mathbf{u})^2 - K_2(\mathbf{m}\cdot
  \mathbf{u})^4` with u normalised;
* cubic: :math:`w = K\sum_{i<j}(\mathbf{m}\cdot\mathbf{u}_i)^2(\mathbf{m}\cdot
  \mathbf{u}_j)^2` with u3 = u1 x u2;
* Zeeman: :math:`w = -\mu_0 M_s\,\mathbf{m}\cdot\mathbf{H}`;
* RKKY: :math:`E = -(\sigma\cos\varphi + \sigma_2\cos^2\varphi)\,S` for two
  layers at angle phi with facing area S.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

from weylmag import Problem
from weylmag.constants import mu0

D = 3e-3
MS = 8e5
E3 = np.eye(3)

DMI_CLASSES = [
    "T",
    "O",
    "Cnv",
    "Cnv_x",
    "Cnv_y",
    "Cnv_z",
    "D2d",
    "D2d_x",
    "D2d_y",
    "D2d_z",
]


def _unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


# -- continuum densities of micromagneticmodel's DMI docstring ----------------
# m has shape (..., 3); J has shape (..., 3, 3) with J[..., a, :] = d m / d x_a.
def w_continuum(crystalclass, m, J):
    """The DMI energy density per unit D, from the micromagneticmodel docstring."""
    cc = {"Cnv": "Cnv_z", "D2d": "D2d_z"}.get(crystalclass, crystalclass)
    if cc in ("T", "O"):
        curl = np.stack(
            [
                J[..., 1, 2] - J[..., 2, 1],  # d_y m_z - d_z m_y
                J[..., 2, 0] - J[..., 0, 2],  # d_z m_x - d_x m_z
                J[..., 0, 1] - J[..., 1, 0],  # d_x m_y - d_y m_x
            ],
            axis=-1,
        )
        return np.sum(m * curl, axis=-1)
    if cc.startswith("Cnv_"):
        k = "xyz".index(cc[-1])
        m_dot_grad_mk = np.sum(m * J[..., :, k], axis=-1)
        div_m = J[..., 0, 0] + J[..., 1, 1] + J[..., 2, 2]
        return m_dot_grad_mk - m[..., k] * div_m
    first, second = {"D2d_z": (0, 1), "D2d_x": (1, 2), "D2d_y": (2, 0)}[cc]
    inner = np.cross(J[..., first, :], E3[first]) - np.cross(
        J[..., second, :], E3[second]
    )
    return np.sum(m * inner, axis=-1)


def dmi_energy(mesh, m, crystalclass, D_value=D):
    """weylmag's DMI energy (J) of the unit texture m (array shaped mesh.n + (3,))."""
    system = mm.System(name="dmi")
    system.energy = mm.DMI(D=D_value, crystalclass=crystalclass)
    system.m = df.Field(mesh, nvdim=3, value=MS * m)
    problem = Problem(system)
    return problem.energies(problem.m0, 0.0)["dmi"]


# -- conical spirals along one axis -----------------------------------------
def _frame(c):
    """Unit vectors (e1, e2) with e1 x e2 = e_c."""
    return E3[(c + 1) % 3], E3[(c + 2) % 3]


def spiral(a, c, k, theta, n, h):
    """Conical spiral propagating along axis a about cone axis c.

    m(s) = cos(theta) e_c + sin(theta) [cos(k s) e1 + sin(k s) e2], s = x_a at
    the cell centres; returns m shaped like the mesh and J = d m / d x_b.
    """
    e1, e2 = _frame(c)
    s = (np.arange(n) + 0.5) * h
    ks = k * s[:, None]
    m = np.cos(theta) * E3[c] + np.sin(theta) * (np.cos(ks) * e1 + np.sin(ks) * e2)
    J = np.zeros((n, 3, 3))
    J[:, a, :] = k * np.sin(theta) * (-np.sin(ks) * e1 + np.cos(ks) * e2)
    shape = [1, 1, 1]
    shape[a] = n
    return m.reshape(*shape, 3), m, J


def line_mesh(a, n, h, across=1e-9):
    cell = [across, across]
    cell.insert(a, h)
    counts = [1, 1]
    counts.insert(a, n)
    p2 = [ci * ni for ci, ni in zip(cell, counts)]
    return df.Mesh(p1=(0, 0, 0), p2=p2, n=counts, bc="xyz"[a])


N_LINE = 40
H_LINE = 0.5e-9


@pytest.mark.parametrize("theta", [np.pi / 2, 0.9], ids=["helix", "cone"])
@pytest.mark.parametrize("crystalclass", DMI_CLASSES)
def test_spiral_energy_every_axis(crystalclass, theta):
    """E_discrete = E_continuum (1 - (kh)^2/6 + O((kh)^4)) for conical spirals
    along a = x, y, z about cone axes c = x, y, z (two periods on 40 cells).

    The continuum mean density is -D k sin^2(theta) d_a . e_c for the class's
    DMI vector d_a; where it vanishes the discrete energy must vanish too.
    """
    k = 2 * (2 * np.pi) / (N_LINE * H_LINE)
    kh = k * H_LINE
    scale = D * k * np.sin(theta) ** 2 * N_LINE * H_LINE * 1e-18  # |E| if d_a.e_c = 1
    nonzero = 0
    for a in range(3):
        mesh = line_mesh(a, N_LINE, H_LINE)
        dV = mesh.dV
        for c in range(3):
            m_mesh, m, J = spiral(a, c, k, theta, N_LINE, H_LINE)
            E_cont = D * w_continuum(crystalclass, m, J).sum() * dV
            E_disc = dmi_energy(mesh, m_mesh, crystalclass)
            if abs(E_cont) < 1e-9 * scale:
                assert abs(E_disc) < 1e-12 * scale, (a, c)
                continue
            nonzero += 1
            assert abs(E_cont) == pytest.approx(scale, rel=1e-12), (a, c)
            rel = E_disc / E_cont - 1
            assert rel == pytest.approx(-(kh**2) / 6, abs=kh**4 / 100), (a, c)
    # T, O: three diagonal elements; Cnv_k and D2d_k: two elements each.
    assert nonzero == (3 if crystalclass in ("T", "O") else 2)


# -- a texture varying in three dimensions ---------------------------------
L = 20e-9
TAU = 2 * np.pi


#: Cone axes of the three spirals (along x, y, z), their amplitudes and phases,
#: and the constant part of v: chosen so that every class has a sizeable mean.
SPIRAL_AXES = [(1, 0, 1), (1, 0, 1), (0, 1, 1)]
SPIRAL_AMPLITUDES = [0.3, 0.25, 0.25]
SPIRAL_PHASES = [0.3, 1.1, -0.4]
V0 = (1, -1, 1)


def texture3d(n):
    """m = v / |v| on the cell centres of an n^3 grid of side L.

    v = v0 + sum_a A_a [cos(X_a + phi_a) e1_a + sin(X_a + phi_a) e2_a] with
    X_a = 2 pi x_a / L, |v0| = 1 > sum_a A_a (so |v| >= 0.2), and (e1_a, e2_a)
    spanning the plane perpendicular to the a-th cone axis: smooth, periodic,
    varying along all three axes. Returns m (n, n, n, 3) and
    J (n, n, n, 3, 3) with J[..., a, :] = d m / d x_a = (P_perp d_a v) / |v|.
    """
    centres = (np.arange(n) + 0.5) * L / n
    coords = np.meshgrid(centres, centres, centres, indexing="ij")
    v = np.empty((n, n, n, 3))
    v[:] = _unit(V0)
    dv = np.zeros((n, n, n, 3, 3))
    for a in range(3):
        axis = _unit(SPIRAL_AXES[a])
        e1 = _unit(np.cross(axis, E3[0] if abs(axis[0]) < 0.9 else E3[1]))
        e2 = np.cross(axis, e1)
        phase = (TAU / L * coords[a] + SPIRAL_PHASES[a])[..., None]
        amplitude = SPIRAL_AMPLITUDES[a]
        v += amplitude * (np.cos(phase) * e1 + np.sin(phase) * e2)
        dv[..., a, :] = amplitude * TAU / L * (-np.sin(phase) * e1 + np.cos(phase) * e2)
    norm = np.linalg.norm(v, axis=-1)
    m = v / norm[..., None]
    parallel = np.einsum("...ac,...c,...d->...ad", dv, m, m)
    J = (dv - parallel) / norm[..., None, None]
    return m, J


def cube_mesh(n):
    return df.Mesh(p1=(0, 0, 0), p2=(L, L, L), n=(n, n, n), bc="xyz")


@pytest.fixture(scope="module")
def continuum_3d():
    """Mean continuum density per unit D of texture3d, per class (1/m)."""
    m, J = texture3d(48)
    return {cc: w_continuum(cc, m, J).mean() for cc in DMI_CLASSES}


def test_continuum_reference_is_converged():
    """The cell-centre mean of w has converged to the period average: it does
    not move between 32^3 and 48^3 points (to 1e-12)."""
    m1, J1 = texture3d(32)
    m2, J2 = texture3d(48)
    for cc in DMI_CLASSES:
        w1, w2 = w_continuum(cc, m1, J1).mean(), w_continuum(cc, m2, J2).mean()
        assert w1 == pytest.approx(w2, rel=1e-12), cc


@pytest.mark.parametrize("crystalclass", DMI_CLASSES)
def test_3d_texture_converges_at_second_order(crystalclass, continuum_3d):
    """E_discrete(h) - E_continuum = C h^2 + O(h^4): the error at h = L/16 is
    4 times that at h = L/32 (within 5 %), and at h = L/32 it is below 1 % of
    the energy (about (2 pi h / L)^2 / 6 = 0.6 %)."""
    w_mean = continuum_3d[crystalclass]
    # The reference is not a vanishing number: |<w>| is a sizeable fraction of
    # the gradient scale 2 pi / L of the texture.
    assert abs(w_mean) > 0.02 * TAU / L
    E_cont = D * w_mean * L**3
    errors = []
    for n in (16, 32):
        m, _ = texture3d(n)
        errors.append(dmi_energy(cube_mesh(n), m, crystalclass) - E_cont)
    assert errors[0] / errors[1] == pytest.approx(4.0, rel=0.05)
    assert abs(errors[1]) < 0.01 * abs(E_cont)


# -- handedness ------------------------------------------------------------
@pytest.mark.parametrize("axis", [0, 1, 2], ids=["x", "y", "z"])
def test_bulk_dmi_prefers_right_handed_helix_for_positive_D(axis):
    """Class T, D > 0: the helix m = cos(ks) e1 + sin(ks) e2 along a (with
    e1 x e2 = e_a, right-handed for k > 0) has w = D m.curl m = -D k, so
    E(k) = -D k V sin(kh)/(kh) < 0 and E(-k) = -E(k); D < 0 reverses both."""
    n, h = 32, 0.5e-9
    k = 2 * np.pi / (n * h)
    mesh = line_mesh(axis, n, h)
    V = n * h * 1e-18
    expected = -D * k * V * np.sin(k * h) / (k * h)
    E = {}
    for sign_k in (1, -1):
        m_mesh, _, _ = spiral(axis, axis, sign_k * k, np.pi / 2, n, h)
        for sign_D in (1, -1):
            E[sign_k, sign_D] = dmi_energy(mesh, m_mesh, "T", sign_D * D)
    assert E[1, 1] == pytest.approx(expected, rel=1e-12)
    assert E[1, 1] < 0 < E[-1, 1]
    assert E[-1, 1] == pytest.approx(-E[1, 1], rel=1e-12)
    assert E[1, -1] == pytest.approx(-E[1, 1], rel=1e-12)
    assert E[-1, -1] == pytest.approx(E[1, 1], rel=1e-12)


def test_interfacial_dmi_prefers_cycloid_sense():
    """Class Cnv_z, D > 0: the cycloid m = (sin kx, 0, cos kx) has
    w = D(m_x d_x m_z - m_z d_x m_x) = -D k, so it lowers the energy for k > 0
    and raises it for k < 0; a helix along x (rotating in yz) costs nothing."""
    n, h = 32, 0.5e-9
    k = 2 * np.pi / (n * h)
    mesh = line_mesh(0, n, h)
    V = n * h * 1e-18
    x = (np.arange(n) + 0.5) * h
    for sign in (1, -1):
        m = np.stack([np.sin(sign * k * x), 0 * x, np.cos(sign * k * x)], axis=-1)
        E = dmi_energy(mesh, m.reshape(n, 1, 1, 3), "Cnv_z")
        assert E == pytest.approx(
            -sign * D * k * V * np.sin(k * h) / (k * h), rel=1e-12
        )
    helix = np.stack([0 * x, np.cos(k * x), np.sin(k * x)], axis=-1)
    assert abs(dmi_energy(mesh, helix.reshape(n, 1, 1, 3), "Cnv_z")) < 1e-12 * D * k * V


# -- local terms -------------------------------------------------------------
def local_problem(energy, m, norm=MS):
    """One cell per row of m (a chain along x without exchange)."""
    m = _unit(m)
    n = len(m)
    mesh = df.Mesh(p1=(0, 0, 0), p2=(n * 2e-9, 3e-9, 4e-9), n=(n, 1, 1))
    system = mm.System(name="local")
    system.energy = energy
    Ms = np.broadcast_to(np.asarray(norm, dtype=float), (n,))
    system.m = df.Field(mesh, nvdim=3, value=(Ms[:, None] * m).reshape(n, 1, 1, 3))
    problem = Problem(system)
    np.testing.assert_allclose(problem.m0, m, rtol=0, atol=1e-15)
    return problem


def density_and_energy(problem, t=0.0):
    (term,) = problem.energy_terms
    density = problem.term_density(term, problem.m0, t)
    energy = problem.energies(problem.m0, t)[term.name]
    assert energy == pytest.approx(density.sum() * problem.grid.dV, rel=1e-14)
    return density


def test_uniaxial_closed_form():
    """w = -K1 (m.u)^2 - K2 (m.u)^4 with u = (1, 1, 0)/sqrt 2: m along u gives
    -K1 - K2 (also antiparallel), m along z gives 0, m at 45 and 60 degrees from
    u gives -K1/2 - K2/4 and -K1/4 - K2/16, and a generic m the formula."""
    K1, K2 = 4.1e5, -1.3e5
    u = _unit([1, 1, 0])
    z = np.array([0, 0, 1.0])
    orientations = [
        u,
        -u,
        z,
        _unit(u + z),
        _unit(u + np.sqrt(3) * z),
        _unit([0.3, -0.8, 0.52]),
    ]
    problem = local_problem(
        mm.UniaxialAnisotropy(K1=K1, K2=K2, u=(1, 1, 0)), orientations
    )
    density = density_and_energy(problem)
    by_hand = [-K1 - K2, -K1 - K2, 0.0, -K1 / 2 - K2 / 4, -K1 / 4 - K2 / 16]
    np.testing.assert_allclose(density[:5], by_hand, rtol=1e-14, atol=1e-9 * K1)
    mu = _unit([0.3, -0.8, 0.52]) @ u
    assert density[5] == pytest.approx(-K1 * mu**2 - K2 * mu**4, rel=1e-14)


def test_uniaxial_K_synonym_of_K1():
    """K = K1 with K2 = 0: w = -K (m.u)^2, m at angle theta from u = z gives
    -K cos^2 theta."""
    theta = np.deg2rad([0, 20, 45, 90, 135])
    m = np.stack([np.sin(theta), 0 * theta, np.cos(theta)], axis=1)
    problem = local_problem(mm.UniaxialAnisotropy(K=3e5, u=(0, 0, 2)), m)
    np.testing.assert_allclose(
        density_and_energy(problem), -3e5 * np.cos(theta) ** 2, rtol=1e-14, atol=1e-9
    )


def test_cubic_closed_form():
    """w = K [(m.u1)^2 (m.u2)^2 + (m.u2)^2 (m.u3)^2 + (m.u3)^2 (m.u1)^2] with
    cube axes u1 = (1, 1, 0)/sqrt 2, u2 = (-1, 1, 0)/sqrt 2, u3 = z: m along a
    cube axis gives 0, along a face diagonal (e.g. x) K/4, along a body diagonal
    (u1 + u2 + u3)/sqrt 3 K/3, and a generic m the formula."""
    K = -2.7e4
    u1, u2, u3 = _unit([1, 1, 0]), _unit([-1, 1, 0]), np.array([0, 0, 1.0])
    generic = _unit([0.3, -0.8, 0.52])
    orientations = [
        u1,
        u2,
        -u3,
        [1, 0, 0],
        _unit(u1 + u3),
        _unit(u1 + u2 + u3),
        generic,
    ]
    problem = local_problem(
        mm.CubicAnisotropy(K=K, u1=(1, 1, 0), u2=(-1, 1, 0)), orientations
    )
    density = density_and_energy(problem)
    by_hand = [0, 0, 0, K / 4, K / 4, K / 3]
    np.testing.assert_allclose(density[:6], by_hand, rtol=1e-14, atol=1e-12 * abs(K))
    a, b, c = generic @ u1, generic @ u2, generic @ u3
    assert density[6] == pytest.approx(
        K * (a * a * b * b + b * b * c * c + c * c * a * a), rel=1e-14
    )


def test_zeeman_closed_form():
    """w = -mu0 Ms m.H: -mu0 Ms |H| along H, +mu0 Ms |H| against it, 0 across
    it, -mu0 Ms |H| cos(60 deg) at 60 degrees; with different Ms per cell."""
    H = np.array([1e5, -2e5, 2e5])  # |H| = 3e5 A/m
    h = H / 3e5
    across = _unit(np.cross(h, [1, 0, 0]))
    orientations = [h, -h, across, 0.5 * h + np.sqrt(3) / 2 * across]
    Ms = np.array([8e5, 5e5, 1.1e6, 3e5])
    problem = local_problem(mm.Zeeman(H=tuple(H)), orientations, norm=Ms)
    by_hand = -mu0 * Ms * 3e5 * np.array([1, -1, 0, 0.5])
    np.testing.assert_allclose(
        density_and_energy(problem), by_hand, rtol=1e-14, atol=1e-12 * mu0 * MS * 3e5
    )


def test_zeeman_sin_closed_form():
    """func="sin": H(t) = H0 sin(2 pi f (t - t0)), so w(t) = -mu0 Ms m.H0
    sin(2 pi f (t - t0)); at t - t0 = 1/(12 f) the sine is 1/2."""
    f, t0 = 2e9, 0.1e-9
    problem = local_problem(
        mm.Zeeman(H=(0, 0, 4e5), func="sin", f=f, t0=t0), [[0, 0, 1]]
    )
    t = t0 + 1 / (12 * f)
    (w,) = density_and_energy(problem, t)
    assert w == pytest.approx(-mu0 * MS * 4e5 * 0.5, rel=1e-12)


@pytest.mark.parametrize("phi_deg", [0, 60, 90, 135, 180])
def test_rkky_closed_form(phi_deg):
    """Two layers (two cells thick each) across a one-cell empty spacer, each
    uniform, at angle phi: E = -(sigma cos phi + sigma2 cos^2 phi) S with S the
    facing area, independent of the layer thickness and of Ms."""
    sigma, sigma2 = -2e-4, 7e-5
    n, cell = (3, 2, 5), (2e-9, 3e-9, 1e-9)
    p2 = tuple(c * k for c, k in zip(cell, n))
    subregions = {
        "bottom": df.Region(p1=(0, 0, 0), p2=(p2[0], p2[1], 2e-9)),
        "spacer": df.Region(p1=(0, 0, 2e-9), p2=(p2[0], p2[1], 3e-9)),
        "top": df.Region(p1=(0, 0, 3e-9), p2=p2),
    }
    mesh = df.Mesh(p1=(0, 0, 0), p2=p2, n=n, subregions=subregions)
    phi = np.deg2rad(phi_deg)
    top = (np.sin(phi) * 6e5, 0, np.cos(phi) * 6e5)
    system = mm.System(name="rkky")
    system.energy = mm.RKKY(sigma=sigma, sigma2=sigma2, subregions=["bottom", "top"])
    system.m = df.Field(
        mesh, nvdim=3, value={"bottom": (0, 0, 8e5), "spacer": (0, 0, 0), "top": top}
    )
    problem = Problem(system)
    S = p2[0] * p2[1]
    E = problem.energies(problem.m0, 0.0)["rkky"]
    c = np.cos(phi)
    assert E == pytest.approx(
        -(sigma * c + sigma2 * c**2) * S, rel=1e-12, abs=1e-12 * abs(sigma) * S
    )

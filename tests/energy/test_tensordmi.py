"""TensorDMI and FieldInducedDMI (seed 001, Eqs. 3.2, 3.57-3.59)."""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.energy.dmi import dmi_directions

MS = 8e5
CLASSES = ["T", "O", "Cnv", "Cnv_x", "Cnv_y", "Cnv_z", "D2d", "D2d_x", "D2d_y", "D2d_z"]


def texture_mesh():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 8e-9, 6e-9), n=(5, 4, 3), bc="y")
    return mesh


def random_m(mesh, seed=0):
    rng = np.random.default_rng(seed)
    value = rng.normal(size=(*mesh.n, 3))
    norm = np.full((*mesh.n, 1), MS)
    norm[0, 0, 0] = 0.0  # an empty cell
    field = df.Field(mesh, nvdim=3, value=value)
    return df.Field(mesh, nvdim=3, value=field.orientation.array * norm)


def field_and_energy(term, m):
    system = mm.System(name="dmi")
    system.energy = term
    system.m = m
    problem = wm.Problem(system)
    H = problem.effective_field(problem.m0, 0.0, np.zeros_like(problem.m0))
    return H, problem.total_energy(problem.m0, 0.0)


def scale_field(mesh):
    return df.Field(mesh, nvdim=1, value=lambda p: 1e-3 * (1 + 0.5 * math.sin(3e8 * p[0])))


@pytest.mark.parametrize("crystalclass", CLASSES)
@pytest.mark.parametrize("varying", [False, True])
def test_every_dmi_class_is_a_tensor(crystalclass, varying):
    """mm.DMI(D, class) and TensorDMI(D * d_class): the same field to 1e-12
    relative and the same energy, uniform and with D a field."""
    mesh = texture_mesh()
    m = random_m(mesh)
    d = dmi_directions(crystalclass)
    if varying:
        D = scale_field(mesh)
        tensor = df.Field(mesh, nvdim=9, value=lambda p: D(p) * d.reshape(9))
    else:
        D, tensor = 1.3e-3, 1.3e-3 * d
    H1, E1 = field_and_energy(mm.DMI(D=D, crystalclass=crystalclass), m)
    H2, E2 = field_and_energy(wm.TensorDMI(D=tensor), m)
    assert np.abs(H1).max() > 0
    assert np.abs(H2 - H1).max() <= 1e-12 * np.abs(H1).max()
    assert E2 == pytest.approx(E1, rel=1e-12)


def test_tensor_per_subregion_equals_the_cell_field():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 4e-9, 2e-9), n=(5, 2, 1),
                   subregions={"a": df.Region(p1=(0, 0, 0), p2=(4e-9, 4e-9, 2e-9))})
    rng = np.random.default_rng(2)
    Ta, Tb = rng.normal(0, 1e-3, (2, 3, 3))
    m = random_m(mesh, 1)
    H1, E1 = field_and_energy(wm.TensorDMI(D={"a": Ta, "default": Tb}), m)
    field = df.Field(mesh, nvdim=9, value=lambda p: (Ta if p[0] < 4e-9 else Tb).reshape(9))
    H2, E2 = field_and_energy(wm.TensorDMI(D=field), m)
    assert np.allclose(H1, H2, rtol=0, atol=1e-13 * np.abs(H1).max())


def test_field_is_minus_the_energy_gradient_with_a_varying_tensor():
    """H = -(1/mu0 Ms dV) dE/dm by central differences in every cell and
    component, for a random non-symmetric tensor field (the d_i D_i term)."""
    mesh = texture_mesh()
    rng = np.random.default_rng(4)
    values = rng.normal(0, 1e-3, (*mesh.n, 9))
    system = mm.System(name="dmi")
    system.energy = wm.TensorDMI(D=df.Field(mesh, nvdim=9, value=values))
    system.m = random_m(mesh, 3)
    problem = wm.Problem(system)
    m = problem.m0.copy()
    H = problem.effective_field(m, 0.0, np.zeros_like(m))
    h = 1e-6
    grad = np.zeros_like(m)
    for i in range(problem.grid.n):
        if problem.Ms[i] == 0:
            continue
        for c in range(3):
            m[i, c] += h
            up = problem.total_energy(m, 0.0)
            m[i, c] -= 2 * h
            down = problem.total_energy(m, 0.0)
            m[i, c] += h
            grad[i, c] = (up - down) / (2 * h)
    expected = -grad / problem.mu0Ms_dV[:, None].clip(min=1e-300)
    active = problem.Ms > 0
    assert np.abs(H[active] - expected[active]).max() < 1e-7 * np.abs(H).max()


def test_varying_tensor_field_converges_to_the_continuum_field():
    """Inside a chain the field approaches -(1/mu0 Ms)[2 D_x x d_x m + (d_x D_x) x m]
    at second order in the cell (the divergence term included): measured
    3.6e-2, 8.9e-3 and 2.3e-3 of the peak field at 2, 1 and 0.5 nm for a
    spiral of period 50 nm in a tensor varying over 100 nm."""

    def error(cells):
        L = 100e-9
        mesh = df.Mesh(p1=(0, 0, 0), p2=(L, 1e-9, 1e-9), n=(cells, 1, 1), bc="x")
        q = 2 * math.pi / L
        Dx = lambda x: 1e-3 * np.array([0.2 + math.sin(q * x), math.cos(q * x), 0.5])
        dDx = lambda x: 1e-3 * q * np.array([math.cos(q * x), -math.sin(q * x), 0.0])
        tensor = lambda p: np.concatenate([Dx(p[0]), [0.1e-3, 0, 0], [0, 0, 0.3e-3]])
        m_of = lambda x: np.array([math.cos(2 * q * x), math.sin(2 * q * x) * 0.6, 0.8])
        dm_of = lambda x: np.array([-2 * q * math.sin(2 * q * x), 1.2 * q * math.cos(2 * q * x), 0])
        system = mm.System(name="dmi")
        system.energy = wm.TensorDMI(D=df.Field(mesh, nvdim=9, value=tensor))
        system.m = df.Field(mesh, nvdim=3, value=lambda p: m_of(p[0]), norm=MS)
        problem = wm.Problem(system)
        H = problem.effective_field(problem.m0, 0.0, np.zeros_like(problem.m0))
        x = (np.arange(cells) + 0.5) * L / cells
        # the system's m is the unit vector m_of / |m_of|
        mu = np.array([m_of(v) / np.linalg.norm(m_of(v)) for v in x])
        exact = np.array([
            -(2 * np.cross(Dx(v), _dunit(m_of, dm_of, v)) + np.cross(dDx(v), u))
            for v, u in zip(x, mu)
        ]) / (4e-7 * math.pi * MS)
        return np.abs(H - exact).max() / np.abs(exact).max()

    coarse, fine = error(50), error(100)
    assert fine < 1e-2
    assert math.log2(coarse / fine) == pytest.approx(2.0, abs=0.15)


def _dunit(m_of, dm_of, x):
    """d/dx of m_of/|m_of|."""
    v, dv = m_of(x), dm_of(x)
    n = np.linalg.norm(v)
    return dv / n - v * np.dot(v, dv) / n**3


# -- field-induced DMI -----------------------------------------------------------
def test_interfacial_gate_is_cnv_dmi_of_strength_xi_E():
    mesh = texture_mesh()
    m = random_m(mesh, 5)
    xi, Ez = 1e-11, 1.7e8
    H1, E1 = field_and_energy(mm.DMI(D=xi * Ez, crystalclass="Cnv_z"), m)
    H2, E2 = field_and_energy(wm.FieldInducedDMI.interfacial(xi=xi, E=(3e8, -2e8, Ez)), m)
    assert np.abs(H2 - H1).max() <= 1e-12 * np.abs(H1).max()
    H3, _ = field_and_energy(wm.FieldInducedDMI.isotropic(xi=xi, E=(0, 0, Ez)), m)
    assert np.abs(H3 - H1).max() <= 1e-12 * np.abs(H1).max()
    H4, _ = field_and_energy(wm.FieldInducedDMI.bulk(xi=xi, E=(0, 0, Ez)), m)
    H5, _ = field_and_energy(mm.DMI(D=xi * Ez, crystalclass="T"), m)
    assert np.abs(H4 - H5).max() <= 1e-12 * np.abs(H5).max()
    # in-plane E along x: Cnv about x, the normal component ignored
    H6, _ = field_and_energy(wm.FieldInducedDMI.in_plane(xi=xi, E=(Ez, 0, 5e8)), m)
    H7, _ = field_and_energy(mm.DMI(D=xi * Ez, crystalclass="Cnv_x"), m)
    assert np.abs(H6 - H7).max() <= 1e-12 * np.abs(H7).max()


def test_time_dependent_gate():
    """E(t) gives the field of the constant gate E(t) at every t, and the table
    reports it."""
    mesh = texture_mesh()
    m = random_m(mesh, 6)
    gate = lambda t: (0.0, 1e8 * t, 2e8 * (1 - t))
    system = mm.System(name="dmi")
    system.energy = wm.FieldInducedDMI.isotropic(xi=1e-11, E=gate, D0=0.3e-3 * np.eye(3))
    system.m = m
    problem = wm.Problem(system)
    for t in (0.0, 0.3, 1.0):
        H = problem.effective_field(problem.m0, t, np.zeros_like(problem.m0))
        fixed, _ = field_and_energy(
            wm.FieldInducedDMI.isotropic(xi=1e-11, E=gate(t), D0=0.3e-3 * np.eye(3)), m)
        assert np.abs(H - fixed).max() <= 1e-12 * np.abs(fixed).max()
    assert problem.table_columns(problem.m0, 0.3)["E_gate_y"][0] == pytest.approx(3e7)


def test_bad_tensors_are_refused():
    with pytest.raises(ValueError, match="3x3"):
        wm.TensorDMI(D=np.eye(2))
    with pytest.raises(ValueError, match="3x3x3"):
        wm.FieldInducedDMI(kappa=np.eye(3), E=(0, 0, 1))
    with pytest.raises(ValueError, match="normal"):
        wm.FieldInducedDMI.interfacial(xi=1.0, E=(0, 0, 1), normal=(0, 0, 0))

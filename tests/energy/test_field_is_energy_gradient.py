r"""The effective field of every energy term is minus the gradient of its energy.

For each compiled energy term the field must satisfy

.. math::

    \mathbf{H}_i = -\frac{1}{\mu_0 M_{s,i}\, \Delta V}
    \frac{\partial E}{\partial \mathbf{m}_i},

where ``E`` is the energy the term reports through ``Problem.energies``. The
energy is defined for unit vectors only, so the derivative is taken on the
sphere: each ``m_i`` is tilted along the two directions ``e`` perpendicular to
it, ``m_i -> (m_i + eps e) / |m_i + eps e|``, and the central difference

.. math::

    \frac{E(+\epsilon) - E(-\epsilon)}{2\epsilon}
    = \frac{\partial E}{\partial \mathbf{m}_i}\cdot \mathbf{e}
    + O(\epsilon^2)

gives the component of the gradient along ``e``. The test compares the part of
``H_i`` perpendicular to ``m_i`` (the only part that is defined, and the only
part that enters the dynamics) with these differences.

The energies are polynomials of degree at most four in the components of m, so
with ``eps = 1e-5`` the truncation error is about ``1e-11`` of the field scale
and rounding about ``1e-10``; the tolerance ``1e-7`` of the largest field leaves
a margin of three orders of magnitude and still catches any missing factor,
sign or asymmetric coupling.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

from weylmag import Problem
from weylmag.constants import mu0

EPS = 1e-5
RTOL = 1e-7

CELL = (1e-9, 1.5e-9, 2e-9)  # unequal spacings, so a mixed-up axis shows
N = (6, 5, 4)
P2 = tuple(c * n for c, n in zip(CELL, N))
MS = 8e5

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


def _tangent_basis(m):
    """Two unit vectors per cell, perpendicular to m and to each other."""
    helper = np.where(np.abs(m[:, :1]) < 0.9, [[1.0, 0, 0]], [[0, 1.0, 0]])
    e1 = np.cross(m, helper)
    e1 /= np.linalg.norm(e1, axis=1)[:, None]
    return e1, np.cross(m, e1)


def finite_difference_field(problem, term, m, t=0.0, eps=EPS):
    """-(1/(mu0 Ms dV)) dE/dm_i, perpendicular to m_i, by central differences."""
    H = np.zeros_like(m)
    active = np.flatnonzero(problem.Ms > 0)
    basis = _tangent_basis(np.where(problem.Ms[:, None] > 0, m, [[0, 0, 1.0]]))
    trial = m.copy()
    for i in active:
        for e in basis:
            dE = 0.0
            for sign in (1.0, -1.0):
                v = m[i] + sign * eps * e[i]
                trial[i] = v / np.linalg.norm(v)
                dE += sign * problem.energies(trial, t)[term.name]
            trial[i] = m[i]
            H[i] += -dE / (2 * eps) / (mu0 * problem.Ms[i] * problem.grid.dV) * e[i]
    return H


def random_texture(problem, seed=0):
    """Random unit vectors in the magnetic cells, zero in empty ones."""
    rng = np.random.default_rng(seed)
    m = rng.normal(size=(problem.grid.n, 3))
    m /= np.linalg.norm(m, axis=1)[:, None]
    m[problem.Ms == 0] = 0.0
    return np.ascontiguousarray(m)


def assert_field_is_gradient(system, t=0.0, seed=0):
    """Check every term of the system; return the problem for further checks."""
    problem = Problem(system)
    m = random_texture(problem, seed)
    assert problem.energy_terms, "the system has no energy term"
    for term in problem.energy_terms:
        H = problem.term_field(term, m, t, np.zeros_like(m))
        H_perp = H - np.sum(H * m, axis=1)[:, None] * m
        scale = np.abs(H_perp).max()
        assert scale > 0, f"{term.name}: zero field, the check would be empty"
        H_fd = finite_difference_field(problem, term, m, t)
        np.testing.assert_allclose(
            H_fd, H_perp, rtol=0, atol=RTOL * scale, err_msg=term.name
        )
        # Empty cells carry no field at all.
        assert np.all(H[problem.Ms == 0] == 0.0), term.name
    return problem


def mesh_(bc="", subregions=None, n=N, cell=CELL):
    p2 = tuple(c * k for c, k in zip(cell, n))
    return df.Mesh(p1=(0, 0, 0), p2=p2, n=n, bc=bc, subregions=subregions or {})


def system_(mesh, energy, norm=MS):
    system = mm.System(name="gradient")
    system.energy = energy
    system.m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=norm)
    return system


# Terms with uniform parameters. Each factory returns a fresh term.
UNIFORM_TERMS = {
    "exchange": lambda: mm.Exchange(A=1.3e-11),
    **{
        f"dmi_{cc}": (lambda cc=cc: mm.DMI(D=3e-3, crystalclass=cc))
        for cc in DMI_CLASSES
    },
    "uniaxial_K": lambda: mm.UniaxialAnisotropy(K=4e5, u=(1, 2, 3)),
    "uniaxial_K1_K2": lambda: mm.UniaxialAnisotropy(
        K1=-4e5, K2=2.5e5, u=(0.3, -1, 0.5)
    ),
    "cubic": lambda: mm.CubicAnisotropy(K=-3e4, u1=(1, 1, 0), u2=(-1, 1, 1)),
    "zeeman": lambda: mm.Zeeman(H=(2e5, -1e5, 3e5)),
    "zeeman_sin": lambda: mm.Zeeman(H=(2e5, -1e5, 3e5), func="sin", f=1e9, t0=1e-11),
}


@pytest.mark.parametrize("bc", ["", "xyz", "x"], ids=["open", "pbc_xyz", "pbc_x"])
@pytest.mark.parametrize("name", list(UNIFORM_TERMS))
def test_uniform_parameters(name, bc):
    """H_perp = -(1/(mu0 Ms dV)) (dE/dm)_perp for one term, uniform parameters.

    Boundaries open, periodic in all three directions, or periodic along x
    only; the time-dependent Zeeman field is checked at t = 0.2 ns.
    """
    system = system_(mesh_(bc), UNIFORM_TERMS[name]())
    assert_field_is_gradient(system, t=0.2e-9 if "sin" in name else 0.0)


def _varying(mean, amplitude):
    """A smooth positive-or-signed scalar profile over the standard mesh."""

    def value(p):
        x, y, z = (pi / li for pi, li in zip(p, P2))
        return mean + amplitude * np.sin(2 * np.pi * x + 1.0) * np.cos(3 * y - z)

    return value


def _ms_varying(p):
    return _varying(MS, 0.4 * MS)(p)


def _u_field(mesh):
    return df.Field(
        mesh, nvdim=3, value=lambda p: (1 + p[0] / P2[0], -0.5, 1 - p[2] / P2[2])
    )


FIELD_TERMS = {
    "exchange": lambda mesh: mm.Exchange(
        A=df.Field(mesh, nvdim=1, value=_varying(1.3e-11, 0.8e-11))
    ),
    **{
        f"dmi_{cc}": (
            lambda mesh, cc=cc: mm.DMI(
                D=df.Field(mesh, nvdim=1, value=_varying(3e-3, 1.5e-3)), crystalclass=cc
            )
        )
        for cc in ["T", "Cnv_z", "Cnv_x", "D2d_y"]
    },
    "uniaxial_K1_K2": lambda mesh: mm.UniaxialAnisotropy(
        K1=df.Field(mesh, nvdim=1, value=_varying(2e5, 3e5)),
        K2=df.Field(mesh, nvdim=1, value=_varying(-1e5, 5e4)),
        u=_u_field(mesh),
    ),
    "cubic": lambda mesh: mm.CubicAnisotropy(
        K=df.Field(mesh, nvdim=1, value=_varying(3e4, 5e4)), u1=(1, 0, 0), u2=(0, 1, 1)
    ),
    "zeeman": lambda mesh: mm.Zeeman(
        H=df.Field(mesh, nvdim=3, value=lambda p: (1e5, 3e5 * p[0] / P2[0], -2e5))
    ),
}


@pytest.mark.parametrize("bc", ["", "xyz"], ids=["open", "pbc_xyz"])
@pytest.mark.parametrize("name", list(FIELD_TERMS))
def test_field_parameters_and_varying_Ms(name, bc):
    """H_perp = -(1/(mu0 Ms_i dV)) (dE/dm_i)_perp with per-cell A, D, K, u, H, Ms.

    Coupling constants given as fields act on a link through the harmonic mean
    of the two cells; the field of a cell divides by its own Ms. The energy is
    a single function of m, so its gradient must still match.
    """
    mesh = mesh_(bc)
    ms = df.Field(mesh, nvdim=1, value=_ms_varying)
    assert_field_is_gradient(system_(mesh, FIELD_TERMS[name](mesh), norm=ms))


def _holey_norm(p):
    """Ms with empty cells: a column through the sample and an isolated cell."""
    ix, iy, iz = (int(pi // ci) for pi, ci in zip(p, CELL))
    if (ix == 2 and iy == 1) or (ix, iy, iz) == (4, 3, 2) or (ix == 0 and iz == 3):
        return 0.0
    return _ms_varying(p)


@pytest.mark.parametrize("bc", ["", "xyz"], ids=["open", "pbc_xyz"])
@pytest.mark.parametrize(
    "name", list(UNIFORM_TERMS) + [f"field_{k}" for k in FIELD_TERMS]
)
def test_empty_cells(name, bc):
    """H_perp = -(1/(mu0 Ms dV)) (dE/dm)_perp on a mesh with Ms = 0 cells.

    Empty cells break the links to their neighbours (in both directions) and
    must carry zero field and zero energy.
    """
    mesh = mesh_(bc)
    norm = df.Field(mesh, nvdim=1, value=_holey_norm)
    if name.startswith("field_"):
        term = FIELD_TERMS[name[len("field_") :]](mesh)
    else:
        term = UNIFORM_TERMS[name]()
    problem = assert_field_is_gradient(system_(mesh, term, norm=norm))
    assert np.count_nonzero(problem.Ms == 0) == 4 + 1 + 5
    m = random_texture(problem, seed=1)
    for term in problem.energy_terms:
        density = problem.term_density(term, m, 0.0)
        assert np.all(density[problem.Ms == 0] == 0.0), term.name


REGIONS = {
    "r1": df.Region(p1=(0, 0, 0), p2=(3 * CELL[0], P2[1], P2[2])),
    "r2": df.Region(p1=(3 * CELL[0], 0, 0), p2=(5 * CELL[0], P2[1], P2[2])),
}
# Cells with x in [5, 6) cells belong to no subregion ("default").

DICT_TERMS = {
    "exchange": lambda: mm.Exchange(
        A={"r1": 1.3e-11, "r2": 0.7e-11, "r1:r2": -0.4e-11, "default": 2e-11}
    ),
    **{
        f"dmi_{cc}": (
            lambda cc=cc: mm.DMI(
                D={"r1": 3e-3, "r2": -2e-3, "r2:r1": 1e-3, "default": 4e-3},
                crystalclass=cc,
            )
        )
        for cc in ["T", "Cnv_z", "D2d_z"]
    },
    "uniaxial": lambda: mm.UniaxialAnisotropy(
        K1={"r1": 2e5, "r2": -1e5},
        K2={"r2": 3e4},
        u={"r1": (0, 0, 1), "r2": (1, 1, 0), "default": (0, 1, 0)},
    ),
    "cubic": lambda: mm.CubicAnisotropy(
        K={"r1": 2e4, "r2": -5e4}, u1=(1, 0, 0), u2=(0, 1, 0)
    ),
    "zeeman": lambda: mm.Zeeman(H={"r1": (0, 0, 1e5), "r2": (2e5, 0, 0)}),
}


@pytest.mark.parametrize("bc", ["", "x"], ids=["open", "pbc_x"])
@pytest.mark.parametrize("name", list(DICT_TERMS))
def test_region_dict_parameters(name, bc):
    """H_perp = -(1/(mu0 Ms dV)) (dE/dm)_perp with subregion dicts.

    Exchange and DMI take the inner-region values, the "r1:r2" (or "r2:r1")
    inter-region value on links that cross the interface and "default"
    elsewhere; with periodic x the wrap-around link couples "default" to r1.
    Ms differs between the regions.
    """
    mesh = mesh_(bc, subregions=REGIONS)
    norm = {"r1": 8e5, "r2": 5e5, "default": 1.1e6}
    problem = assert_field_is_gradient(system_(mesh, DICT_TERMS[name](), norm=norm))
    if name in ("exchange", "dmi_T"):
        # The inter-region value is really used: without it the field changes.
        term = DICT_TERMS[name]()
        key = "A" if name == "exchange" else "D"
        values = dict(getattr(term, key))
        values.pop("r1:r2", None)
        values.pop("r2:r1", None)
        setattr(term, key, values)
        other = Problem(system_(mesh, term, norm=norm))
        m = random_texture(problem)
        H = problem.effective_field(m, 0.0, np.zeros_like(m))
        assert not np.allclose(H, other.effective_field(m, 0.0, np.zeros_like(m)))


def _rkky_mesh(axis, bc):
    """Two magnetic layers r1, r2 with an empty spacer between them along axis."""
    n = [4, 3, 3]
    n["xyz".index(axis)] = 5
    p2 = [c * k for c, k in zip(CELL, n)]

    def layer(lo, hi):
        p1 = [0.0, 0.0, 0.0]
        q2 = list(p2)
        a = "xyz".index(axis)
        p1[a], q2[a] = lo * CELL[a], hi * CELL[a]
        return df.Region(p1=p1, p2=q2)

    subregions = {"r1": layer(0, 2), "spacer": layer(2, 3), "r2": layer(3, 5)}
    return df.Mesh(p1=(0, 0, 0), p2=p2, n=n, bc=bc, subregions=subregions)


@pytest.mark.parametrize("order", [["r1", "r2"], ["r2", "r1"]], ids=["r1r2", "r2r1"])
@pytest.mark.parametrize(
    ("axis", "bc"), [("z", ""), ("z", "xy"), ("x", ""), ("y", "z")]
)
def test_rkky_across_spacer(axis, bc, order):
    """H_perp = -(1/(mu0 Ms dV)) (dE/dm)_perp for RKKY with sigma and sigma2.

    The two layers (different Ms) face each other across an empty spacer;
    E = -sum_pairs (sigma m1.m2 + sigma2 (m1.m2)^2) dS couples only the two
    facing cell layers, so the field is nonzero only there.
    """
    mesh = _rkky_mesh(axis, bc)
    norm = {"r1": 8e5, "spacer": 0.0, "r2": 6e5}
    term = mm.RKKY(sigma=-2e-4, sigma2=7e-5, subregions=order)
    problem = assert_field_is_gradient(system_(mesh, term, norm=norm))
    m = random_texture(problem)
    H = problem.effective_field(m, 0.0, np.zeros_like(m))
    coupled = np.linalg.norm(H, axis=1) > 0
    a = "xyz".index(axis)
    layer = np.indices(tuple(mesh.n))[a].reshape(-1)
    assert set(layer[coupled]) == {1, 3}
    assert np.all(coupled[(layer == 1) | (layer == 3)])


def test_rkky_exchange_and_anisotropy_together():
    """Every term of a combined system is the gradient of its own energy.

    Exchange inside the layers, RKKY across the spacer and an anisotropy; the
    terms are checked one by one on the same texture.
    """
    mesh = _rkky_mesh("z", "xy")
    norm = {"r1": 8e5, "spacer": 0.0, "r2": 6e5}
    energy = (
        mm.Exchange(A=1e-11)
        + mm.RKKY(sigma=1e-4, sigma2=-3e-5, subregions=["r1", "r2"])
        + mm.UniaxialAnisotropy(K=1e5, u=(0, 0, 1))
    )
    problem = assert_field_is_gradient(system_(mesh, energy, norm=norm))
    assert [t.name for t in problem.energy_terms] == [
        "exchange",
        "rkky",
        "uniaxialanisotropy",
    ]


@pytest.mark.parametrize(
    "constants", [{"sigma": -2e-4}, {"sigma2": 7e-5}], ids=["sigma", "sigma2"]
)
def test_rkky_with_one_constant(constants):
    """H_perp = -(1/(mu0 Ms dV)) (dE/dm)_perp for RKKY given only sigma or sigma2.

    micromagneticmodel makes both constants optional; the missing one is zero.
    """
    mesh = _rkky_mesh("z", "")
    norm = {"r1": 8e5, "spacer": 0.0, "r2": 6e5}
    term = mm.RKKY(subregions=["r1", "r2"], **constants)
    assert_field_is_gradient(system_(mesh, term, norm=norm))


@pytest.mark.parametrize("bc", ["", "x", "z"], ids=["open", "pbc_x", "pbc_z"])
@pytest.mark.parametrize("norm", ["uniform", "holey"])
def test_demag(bc, norm):
    """H_perp = -(1/(mu0 Ms dV)) (dE/dm)_perp for the demagnetising field.

    The energy is -(1/2) mu0 sum Ms m.H dV of a symmetric convolution, so its
    gradient is the field only if the kernel is symmetric under exchange of
    cells (parities, padding and periodic images right); with varying Ms and
    empty cells.
    """
    mesh = mesh_(bc)
    ms = MS if norm == "uniform" else df.Field(mesh, nvdim=1, value=_holey_norm)
    assert_field_is_gradient(system_(mesh, mm.Demag(), norm=ms))

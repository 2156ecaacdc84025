r"""Exchange field and energy of a five-cell chain, computed by hand.

The magnetisation lies in the xy-plane at the angles 0, 30, 60, 90 and 120
degrees along the chain. With ``c_ij = 2 A_ij / (mu0 Ms_i Delta^2)`` the
exchange field of cell ``i`` is

.. math::

    \mathbf{H}_i = \sum_{j \in \mathrm{ngb}(i)} c_{ij}
    (\mathbf{m}_j - \mathbf{m}_i),

a sum over the existing neighbours only (open ends: the end cells have one
neighbour; periodic chain: cell 0 and cell 4 are neighbours), and the energy
is the sum over links

.. math::

    E = \sum_{\langle ij \rangle} A_{ij}
    \frac{|\mathbf{m}_j - \mathbf{m}_i|^2}{\Delta^2}\, \Delta V .

The chain is laid along x, y or z, with a cell of 1 nm along the chain and
2 nm, 3 nm across it, so that a spacing taken from the wrong axis shows.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

from weylmag import Problem
from weylmag.constants import mu0

A = 1.3e-11
MS = 8e5
DX = 1e-9
ANGLES = np.deg2rad([0.0, 30.0, 60.0, 90.0, 120.0])
M = np.stack([np.cos(ANGLES), np.sin(ANGLES), np.zeros(5)], axis=1)
RTOL = 1e-12


def chain_mesh(axis, bc="", subregions=None):
    """Five cells along ``axis``: 1 nm along it, 2 nm and 3 nm across it."""
    a = "xyz".index(axis)
    n = [1, 1, 1]
    n[a] = 5
    cell = [2e-9, 3e-9]
    cell.insert(a, DX)
    p2 = [c * k for c, k in zip(cell, n)]
    subregions = {
        name: df.Region(
            p1=[lo * DX if i == a else 0 for i in range(3)],
            p2=[hi * DX if i == a else p2[i] for i in range(3)],
        )
        for name, (lo, hi) in (subregions or {}).items()
    }
    return df.Mesh(p1=(0, 0, 0), p2=p2, n=n, bc=bc, subregions=subregions)


def chain_system(mesh, A_value, norm=MS, m=M):
    system = mm.System(name="chain")
    system.energy = mm.Exchange(A=A_value)
    value = (m * np.broadcast_to(np.asarray(norm, dtype=float), (5,))[:, None]).reshape(
        tuple(mesh.n) + (3,)
    )
    system.m = df.Field(mesh, nvdim=3, value=value)
    return system


def exchange_field_and_energy(problem):
    term = problem.energy_terms[0]
    assert term.name == "exchange"
    m = problem.m0
    H = problem.term_field(term, m, 0.0, np.zeros_like(m))
    return H, problem.energies(m, 0.0)["exchange"], problem.term_density(term, m, 0.0)


@pytest.mark.parametrize("axis", ["x", "y", "z"])
def test_open_chain(axis):
    """Open ends: H_0 = c (m_1 - m_0), H_i = c (m_{i-1} + m_{i+1} - 2 m_i),
    H_4 = c (m_3 - m_4) with c = 2A/(mu0 Ms dx^2); E = A sum_i |m_{i+1} - m_i|^2
    / dx^2 dV = 4 A (2 - sqrt 3) dV / dx^2; interior cells have the field
    -c (2 - sqrt 3) m_i, parallel to m_i."""
    problem = Problem(chain_system(chain_mesh(axis), A))
    np.testing.assert_allclose(problem.m0, M, rtol=0, atol=1e-15)
    H, E, density = exchange_field_and_energy(problem)
    dV = problem.grid.dV

    c = 2 * A / (mu0 * MS * DX**2)
    expected = np.empty((5, 3))
    expected[0] = c * (M[1] - M[0])
    for i in range(1, 4):
        expected[i] = c * (M[i - 1] + M[i + 1] - 2 * M[i])
    expected[4] = c * (M[3] - M[4])
    np.testing.assert_allclose(H, expected, rtol=0, atol=RTOL * c)
    np.testing.assert_allclose(
        H[1:4], -c * (2 - np.sqrt(3)) * M[1:4], rtol=0, atol=RTOL * c
    )

    links = sum(np.sum((M[i + 1] - M[i]) ** 2) for i in range(4))
    assert E == pytest.approx(A * links / DX**2 * dV, rel=RTOL)
    assert E == pytest.approx(4 * A * (2 - np.sqrt(3)) / DX**2 * dV, rel=RTOL)
    # Each cell holds half of each of its links: (A / dx^2) sum_j (1 - m_i.m_j).
    half = A / DX**2 * (1 - np.cos(np.deg2rad(30)))
    np.testing.assert_allclose(
        density, [half, 2 * half, 2 * half, 2 * half, half], rtol=RTOL
    )


@pytest.mark.parametrize("axis", ["x", "y", "z"])
def test_periodic_chain(axis):
    """Periodic along the chain: cells 4 and 0 are neighbours too, so
    H_0 = c (m_4 + m_1 - 2 m_0), H_4 = c (m_3 + m_0 - 2 m_4), and the fifth link
    (120 degrees, |m_0 - m_4|^2 = 3) adds to the energy:
    E = A [4 (2 - sqrt 3) + 3] dV / dx^2."""
    problem = Problem(chain_system(chain_mesh(axis, bc=axis), A))
    H, E, _ = exchange_field_and_energy(problem)
    dV = problem.grid.dV

    c = 2 * A / (mu0 * MS * DX**2)
    expected = np.array(
        [c * (M[(i - 1) % 5] + M[(i + 1) % 5] - 2 * M[i]) for i in range(5)]
    )
    np.testing.assert_allclose(H, expected, rtol=0, atol=RTOL * c)

    links = sum(np.sum((M[(i + 1) % 5] - M[i]) ** 2) for i in range(5))
    assert E == pytest.approx(A * links / DX**2 * dV, rel=RTOL)
    assert E == pytest.approx(A * (4 * (2 - np.sqrt(3)) + 3) / DX**2 * dV, rel=RTOL)


def test_periodic_in_another_direction_changes_nothing():
    """A chain along x that is periodic along y (one cell thick) has no extra
    link: the field and energy equal those of the open chain."""
    open_ = Problem(chain_system(chain_mesh("x"), A))
    other = Problem(chain_system(chain_mesh("x", bc="yz"), A))
    H0, E0, _ = exchange_field_and_energy(open_)
    H1, E1, _ = exchange_field_and_energy(other)
    np.testing.assert_array_equal(H0, H1)
    assert E0 == E1


def test_varying_Ms_and_field_A_harmonic_mean():
    """Per-cell A_i and Ms_i: a link carries the harmonic mean
    A_ij = 2 A_i A_j / (A_i + A_j), and H_i = sum_j 2 A_ij (m_j - m_i) /
    (mu0 Ms_i dx^2); E = sum_links A_ij |m_j - m_i|^2 / dx^2 dV."""
    mesh = chain_mesh("x")
    A_cell = np.array([1.0, 2.0, 0.5, 1.5, 3.0]) * 1e-11
    Ms = np.array([8e5, 5e5, 1.2e6, 9e5, 4e5])
    A_field = df.Field(mesh, nvdim=1, value=A_cell.reshape(5, 1, 1, 1))
    problem = Problem(chain_system(mesh, A_field, norm=Ms))
    H, E, _ = exchange_field_and_energy(problem)
    dV = problem.grid.dV

    def A_link(i, j):
        return 2 * A_cell[i] * A_cell[j] / (A_cell[i] + A_cell[j])

    expected = np.zeros((5, 3))
    for i in range(5):
        for j in (i - 1, i + 1):
            if 0 <= j < 5:
                expected[i] += 2 * A_link(i, j) / (mu0 * Ms[i] * DX**2) * (M[j] - M[i])
    scale = np.abs(expected).max()
    np.testing.assert_allclose(H, expected, rtol=0, atol=RTOL * scale)
    links = sum(A_link(i, i + 1) * np.sum((M[i + 1] - M[i]) ** 2) for i in range(4))
    assert E == pytest.approx(links / DX**2 * dV, rel=RTOL)


def test_region_dict_with_inter_region_key():
    """Cells 0-2 in r1 (A1), cells 3-4 in r2 (A2), the link 2-3 carries the
    "r1:r2" value A12 (here negative, antiferromagnetic-like):
    E = [A1 (|m1-m0|^2 + |m2-m1|^2) + A12 |m3-m2|^2 + A2 |m4-m3|^2] dV / dx^2."""
    A1, A2, A12 = 1.3e-11, 0.6e-11, -0.4e-11
    mesh = chain_mesh("x", subregions={"r1": (0, 3), "r2": (3, 5)})
    problem = Problem(chain_system(mesh, {"r1": A1, "r2": A2, "r1:r2": A12}))
    H, E, _ = exchange_field_and_energy(problem)
    dV = problem.grid.dV

    A_links = [A1, A1, A12, A2]  # link i joins cells i and i + 1
    expected = np.zeros((5, 3))
    for i, a in enumerate(A_links):
        expected[i] += 2 * a / (mu0 * MS * DX**2) * (M[i + 1] - M[i])
        expected[i + 1] += 2 * a / (mu0 * MS * DX**2) * (M[i] - M[i + 1])
    scale = np.abs(expected).max()
    np.testing.assert_allclose(H, expected, rtol=0, atol=RTOL * scale)
    links = sum(a * np.sum((M[i + 1] - M[i]) ** 2) for i, a in enumerate(A_links))
    assert E == pytest.approx(links / DX**2 * dV, rel=RTOL)


@pytest.mark.parametrize("bc", ["", "x"], ids=["open", "periodic"])
def test_empty_middle_cell_cuts_the_chain(bc):
    """With Ms = 0 in cell 2 the chain falls apart into 0-1 and 3-4 (joined by
    the wrap link 4-0 when periodic): H_2 = 0, H_1 = c (m_0 - m_1),
    H_3 = c (m_4 - m_3), and no link touches cell 2."""
    Ms = np.array([MS, MS, 0.0, MS, MS])
    problem = Problem(chain_system(chain_mesh("x", bc=bc), A, norm=Ms))
    H, E, density = exchange_field_and_energy(problem)
    dV = problem.grid.dV

    c = 2 * A / (mu0 * MS * DX**2)
    pairs = [(0, 1), (3, 4)] + ([(4, 0)] if bc else [])
    expected = np.zeros((5, 3))
    for i, j in pairs:
        expected[i] += c * (M[j] - M[i])
        expected[j] += c * (M[i] - M[j])
    np.testing.assert_allclose(H, expected, rtol=0, atol=RTOL * c)
    assert density[2] == 0.0
    links = sum(np.sum((M[j] - M[i]) ** 2) for i, j in pairs)
    assert E == pytest.approx(A * links / DX**2 * dV, rel=RTOL)

"""The builder's Hamiltonian, and both solvers against dense inversion of the full matrix."""

import numpy as np
import pytest
from negf_reference import SIGMA, dense_green, explicit_hamiltonian, neel_skyrmion

from weylmag.negf import (
    NestedDissectionSolver,
    RGFSolver,
    SparseLUSolver,
    SquareLattice,
    SquareLead,
    WideBandLead,
    local_dos,
)
from weylmag.negf.solver import default_solver, lead_columns, lead_rhs


SOLVERS = [
    RGFSolver(),
    RGFSolver(sweep="right"),
    SparseLUSolver(),
    NestedDissectionSolver(leaf=1),
    NestedDissectionSolver(leaf=2),
]


def textured_device(nx=5, ny=3, **extra):
    rng = np.random.default_rng(4)
    onsite = 4.0 + 0.3 * rng.standard_normal((nx, ny))
    builder = SquareLattice(
        nx,
        ny,
        onsite=onsite,
        J=1.1,
        m=neel_skyrmion(nx, ny, 1.2),
        t_so=0.25,
        gates={1: 0.4, nx - 1: -0.3},
        **extra,
    )
    return (
        builder.attach_lead(side="left")
        .attach_lead(SquareLead(ny, onsite=3.7), side="right")
        .finalized()
    )


def test_hamiltonian_is_the_documented_one():
    dev = textured_device()
    nx, ny = dev.shape
    h = explicit_hamiltonian(nx, ny, 1.0, dev.onsite, dev.J, dev.m, 0.25, dev.gates)
    assert np.abs(dev.hamiltonian().toarray() - h).max() < 1e-14


def test_bloch_hamiltonian_rashba_convention():
    """Bulk H(k) = eps - 2t(cos kx + cos ky) + 2 t_so (sx sin ky - sy sin kx) + (J/2) s.m."""
    m = np.array([0.3, -0.5, 0.81])
    dev = (
        SquareLattice(5, 5, J=0.7, m=m, t_so=0.4)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    h = dev.hamiltonian().toarray()

    def block(x, y):
        return slice(2 * (x * 5 + y), 2 * (x * 5 + y) + 2)

    for kx, ky in [(0.3, -1.1), (2.0, 0.7), (-2.9, 1.6)]:
        hk = sum(
            h[block(2, 2), block(2 + dx, 2 + dy)] * np.exp(1j * (kx * dx + ky * dy))
            for dx, dy in [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)]
        )
        expected = (
            (4 - 2 * np.cos(kx) - 2 * np.cos(ky)) * np.eye(2)
            + 0.8 * (SIGMA[0] * np.sin(ky) - SIGMA[1] * np.sin(kx))
            + 0.35 * np.einsum("i,iab->ab", m, SIGMA)
        )
        assert np.abs(hk - expected).max() < 1e-14


@pytest.mark.parametrize("solver", SOLVERS, ids=repr)
def test_solver_equals_dense_inversion(solver):
    dev = textured_device()
    energies = np.array([0.7, 3.3, 6.1, 9.2, 2.0 + 0.3j])
    fac = solver.factorize(dev, energies, dev.self_energies(energies))
    eye = np.eye(dev.n_orbitals)
    g, g_adj = fac.solve(eye), fac.solve_adjoint(eye)
    blocks = fac.site_blocks()
    right = dev.lead("right").orbitals
    nx, ny = dev.shape
    for k, e in enumerate(energies):
        reference = dense_green(dev, e)[0]
        assert np.abs(g[k] - reference).max() < 1e-10
        assert np.abs(g_adj[k] - reference.conj().T).max() < 1e-10
        diagonal = np.array(
            [
                [
                    reference[
                        2 * (x * ny + y) : 2 * (x * ny + y) + 2,
                        2 * (x * ny + y) : 2 * (x * ny + y) + 2,
                    ]
                    for y in range(ny)
                ]
                for x in range(nx)
            ]
        )
        assert np.abs(blocks[k] - diagonal).max() < 1e-10
    rows = fac.solve(eye[:, :6], orbitals=right)
    assert np.abs(rows - g[:, right, :6]).max() < 1e-12


@pytest.mark.parametrize("solver", SOLVERS, ids=repr)
def test_right_hand_sides_starting_in_different_columns(solver):
    """Columns of b non-zero from different blocks on, in mixed order (lead columns of G W).

    G b and G^dagger b, the site densities of G b summed per group of columns,
    and the site blocks of (G b)(G^dagger c)^dagger for a c whose columns start
    in another order (each sweep sorts its own columns; the pairs must hold).
    """
    dev = textured_device()
    energies = np.array([1.4, 5.2])
    fac = solver.factorize(dev, energies, dev.self_energies(energies))
    n, k = dev.block_size, 7
    rng = np.random.default_rng(11)
    rhs = rng.standard_normal((dev.n_orbitals, k)) + 1j * rng.standard_normal(
        (dev.n_orbitals, k)
    )
    for column, first in enumerate([4, 0, 2, 4, 1, 0, 3]):
        rhs[: first * n, column] = 0.0
    rhs[:, 5] = 0.0  # an all-zero column
    other = rng.standard_normal(rhs.shape) + 1j * rng.standard_normal(rhs.shape)
    for column, first in enumerate([0, 3, 4, 1, 2, 4, 0]):
        other[: first * n, column] = 0.0
    groups = [slice(0, 3), slice(3, 7)]
    densities = fac.spin_densities(rhs, groups)
    # a right-hand side given by its nonzero rows alone, in another order
    sparse = rhs.copy()
    sparse[rng.choice(dev.n_orbitals, dev.n_orbitals // 2, replace=False)] = 0.0
    rows = rng.permutation(np.flatnonzero(np.any(sparse != 0, axis=1)))
    full = fac.spin_densities(sparse, groups)
    compact = fac.spin_densities(np.stack([sparse[rows]] * 2), groups, rows=rows)
    assert np.abs(compact - full).max() < 1e-13 * np.abs(full).max()
    products = fac.site_products(rhs, other)
    with pytest.raises(ValueError, match="as many columns"):
        fac.site_products(rhs, other[:, :6])
    for e, energy in enumerate(energies):
        g = dense_green(dev, energy)[0]
        assert np.abs(fac.solve(rhs)[e] - g @ rhs).max() < 1e-10
        assert np.abs(fac.solve_adjoint(rhs)[e] - g.conj().T @ rhs).max() < 1e-10
        u = (g @ rhs).reshape(-1, 2, k)
        for group, columns in enumerate(groups):
            c = u[..., columns]
            expected = np.stack(
                [np.einsum("rsc,rsc->r", c.conj(), c).real]
                + [0.5 * np.einsum("rsc,st,rtc->r", c.conj(), p, c).real for p in SIGMA],
                axis=-1,
            )
            assert np.abs(densities[e, group] - expected).max() < 1e-10 * np.abs(expected).max()
        v = (g.conj().T @ other).reshape(-1, 2, k)
        expected = np.einsum("rac,rbc->rab", u, v.conj())
        assert np.abs(products[e] - expected).max() < 1e-10 * np.abs(expected).max()


def test_leads_on_any_edge_need_the_sparse_solver():
    builder = SquareLattice(4, 3, J=0.8, m=(1, 0, 0)).attach_lead(side="left")
    dev = builder.attach_lead(
        WideBandLead(2, gamma=0.5), side="top", span=(1, 3)
    ).finalized()
    assert isinstance(default_solver(dev), SparseLUSolver)
    e = np.array([1.5])
    with pytest.raises(ValueError, match="SparseLUSolver"):
        RGFSolver().factorize(dev, e, dev.self_energies(e))
    # the nested dissection takes any lead geometry too
    eye = np.eye(dev.n_orbitals)
    g = NestedDissectionSolver(leaf=1).factorize(dev, e, dev.self_energies(e)).solve(eye)
    assert np.abs(g[0] - dense_green(dev, e[0])[0]).max() < 1e-12
    with pytest.raises(ValueError, match="sweep must be 'left' or 'right'"):
        RGFSolver(sweep="top")
    fac = SparseLUSolver().factorize(dev, e, dev.self_energies(e))
    reference = dense_green(dev, 1.5)[0]
    assert np.abs(fac.solve(np.eye(dev.n_orbitals))[0] - reference).max() < 1e-10
    ldos = local_dos(dev, 1.5)
    assert np.allclose(ldos.sum(), -np.trace(reference).imag / np.pi, atol=1e-10)


def test_gates_and_magnetisation_without_rebuilding():
    dev = textured_device()
    gated = dev.with_gates({0: 0.2, 3: -0.5})
    rebuilt = textured_device().with_gates({}).with_gates({0: 0.2, 3: -0.5})
    assert gated.hopping_blocks().tolist() == dev.hopping_blocks().tolist()
    assert gated.bonds_x() is dev.bonds_x() and gated.leads is dev.leads
    assert np.abs((gated.hamiltonian() - rebuilt.hamiltonian()).toarray()).max() == 0
    diff = (gated.hamiltonian() - dev.hamiltonian()).toarray()
    nx, ny = dev.shape
    expected = np.zeros(nx)
    expected[[0, 1, 3, 4]] = [0.2, -0.4, -0.5, 0.3]
    assert np.allclose(np.diag(diff).real.reshape(nx, ny, 2), expected[:, None, None])
    flipped = dev.with_magnetisation(-dev.m)
    d = (flipped.hamiltonian() - dev.hamiltonian()).toarray()
    assert np.abs(d - np.conj(d).T).max() == 0 and np.abs(d).max() > 0
    assert flipped.gates == dev.gates
    with pytest.raises(ValueError):
        dev.onsite[0, 0] = 1.0


def test_rgf_pivot_kernel_matches_dense_schur_complement_and_names_a_singular_block():
    """One step of the sweep, (A - B g B^dagger)^-1 with B block-diagonal in the rows."""
    from scipy.linalg import block_diag

    from weylmag.negf.rgf import _pivots

    rng = np.random.default_rng(5)

    def random(*shape):
        return rng.normal(size=shape) + 1j * rng.normal(size=shape)

    a, g, bond = random(3, 12, 12), random(3, 12, 12), random(6, 2, 2)
    b = block_diag(*bond)
    expected = np.linalg.inv(a - b @ g @ b.conj().T)
    out = _pivots(a.copy(), bond, g, np.empty_like(a))
    assert np.abs(out - expected).max() < 1e-12 * np.abs(expected).max()
    first = _pivots(a.copy(), bond, np.empty((0, 12, 12), complex), np.empty_like(a))
    assert np.abs(first - np.linalg.inv(a)).max() < 1e-12 * np.abs(first).max()
    a[1, :, 4] = 0.0
    with pytest.raises(np.linalg.LinAlgError, match="diagonal block of E - H - Sigma is singular"):
        _pivots(a, bond, np.empty((0, 12, 12), complex), np.empty_like(a))


def test_leads_that_share_a_corner_site_keep_both_blocks():
    """A left and a top lead share the corner site; its rows carry both leads' channels."""
    dev = SquareLattice(4, 3).attach_lead(side="left").attach_lead(side="top").finalized()
    left, top = (np.asarray(lead.orbitals) for lead in dev.leads)
    assert len(np.intersect1d(left, top)) == 2
    energies = np.array([1.2, 2.5])
    blocks = [lead.lead.channels(energies) for lead in dev.leads]
    values, rows, slices = lead_columns(dev, blocks)
    assert len(np.unique(rows)) == len(rows)
    full, full_slices = lead_rhs(dev, blocks)
    assert full_slices == slices
    for orbitals, block, columns in zip((left, top), blocks, slices):
        expected = np.zeros((len(energies), dev.n_orbitals, block.shape[-1]), dtype=complex)
        expected[:, orbitals] = block
        assert np.array_equal(full[..., columns], expected)

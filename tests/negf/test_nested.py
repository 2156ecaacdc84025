"""The nested-dissection solver: its safeguards where a box of the dissection resonates.

Agreement with dense inversion for every solver method is in
``test_solvers.py`` and with the real-axis pumped density in
``test_contour.py``; here the solver is checked against the recursive
Green's functions on a skyrmion layer across the band (where the closed
boxes of the dissection have eigenvalues on the real axis), and its
fall-backs are made to act.
"""

import numpy as np
import pytest
import threadpoolctl
from negf_reference import dense_green, neel_skyrmion

from weylmag.negf import (
    NestedDissectionSolver,
    RGFSolver,
    SquareLattice,
    injected_density,
)
from weylmag.negf.nested import NestedDissectionFactorization


def skyrmion_layer(n=24):
    return (
        SquareLattice(n, n, J=2.0, m=neel_skyrmion(n, n, n / 4), t_so=0.1)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


def test_agrees_with_recursive_greens_functions_across_the_band():
    device = skyrmion_layer()
    energies = np.linspace(-0.7, 8.7, 41)
    solver = NestedDissectionSolver()
    ours = injected_density(device, energies, solver=solver)
    reference = injected_density(device, energies)
    assert np.abs(ours - reference).max() < 1e-10 * np.abs(reference).max()
    # the fronts' kernels run in two threads at once on the same trees; the
    # workers run BLAS on one thread each, so the same sums in the same order
    with threadpoolctl.threadpool_limits(1):
        single = injected_density(device, energies, solver=solver)
    threaded = injected_density(device, energies, solver=solver, workers=2)
    assert np.abs(threaded - single).max() < 1e-14 * np.abs(single).max()
    fac = solver.factorize(device, energies, device.self_energies(energies))
    blocks = RGFSolver().factorize(device, energies, device.self_energies(energies)).site_blocks()
    assert np.abs(fac.site_blocks() - blocks).max() < 1e-10 * np.abs(blocks).max()
    assert np.all(fac.backward_error <= solver.tolerance)


def box_levels(ny, J, tree):
    """The levels of the closed leaf boxes of ``tree`` (uniform m along z, no spin-orbit)."""
    levels = []
    for own, children in zip(tree.own, tree.children):
        if children:
            continue
        sites = own[::2] // 2
        w, h = len(np.unique(sites // ny)), len(np.unique(sites % ny))
        p, q = np.meshgrid(np.arange(1, w + 1), np.arange(1, h + 1))
        band = 4.0 - 2 * np.cos(np.pi * p / (w + 1)) - 2 * np.cos(np.pi * q / (h + 1))
        levels.extend(np.concatenate([band.ravel() + J / 2, band.ravel() - J / 2]))
    return np.unique(levels)


def test_an_energy_on_a_level_of_a_box_uses_the_second_dissection():
    device = (
        SquareLattice(12, 9, J=0.6, m=(0, 0, 1))
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    solver = NestedDissectionSolver(leaf=3)
    first, second = (box_levels(9, 0.6, tree) for tree in solver._dissections(device))
    # a level of the first dissection's boxes far from those of the second
    distance = np.abs(first[:, None] - second[None, :]).min(axis=1)
    energy = first[np.argmax(distance)]
    assert distance.max() > 0.05
    energies = np.array([energy, energy + 0.3])
    fac = solver.factorize(device, energies, device.self_energies(energies))
    assert list(fac.dissection) == [1, 0]
    eye = np.eye(device.n_orbitals)
    g = fac.solve(eye)
    for k, e in enumerate(energies):
        assert np.abs(g[k] - dense_green(device, e)[0]).max() < 1e-10


def test_refined_when_the_factors_miss_the_tolerance():
    """Below any backward error reachable, every solve is refined with the exact A."""
    device = skyrmion_layer(8)
    energies = np.array([1.1, 3.7, 2.0 + 0.2j])
    solver = NestedDissectionSolver(leaf=2, tolerance=1e-30)
    fac = solver.factorize(device, energies, device.self_energies(energies))
    assert np.all(fac.backward_error > 1e-30)
    rng = np.random.default_rng(2)
    rhs = rng.standard_normal((device.n_orbitals, 3)) + 1j * rng.standard_normal(
        (device.n_orbitals, 3)
    )
    blocks = fac.site_blocks().reshape(len(energies), -1, 2, 2)
    for k, e in enumerate(energies):
        g = dense_green(device, e)[0]
        bound = 1e-13 * np.abs(g).max() * np.abs(rhs).sum(0).max()
        assert np.abs(fac.solve(rhs)[k] - g @ rhs).max() < bound
        assert np.abs(fac.solve_adjoint(rhs)[k] - g.conj().T @ rhs).max() < bound
        diagonal = g.reshape(-1, 2, g.shape[0] // 2, 2).diagonal(axis1=0, axis2=2)
        assert np.abs(blocks[k] - diagonal.transpose(2, 0, 1)).max() < 1e-13 * np.abs(g).max()



def test_each_lead_is_eliminated_after_its_half_of_the_layer():
    """Leads on the left and right edges: the first separator is the root, each lead's
    sites one node below it, coupled to nothing else."""
    device = skyrmion_layer(12)
    for tree in NestedDissectionSolver(leaf=3)._dissections(device):
        root = len(tree.own) - 1
        assert tree.parent[root] == -1 and np.all(tree.parent[:root] >= 0)
        columns = np.unique(tree.own[root] // 2 // 12)
        assert len(columns) == 1 and columns[0] in (5, 6, 7)  # the middle column
        for lead in device.leads:
            node = [i for i, o in enumerate(tree.own) if set(o) == set(lead.orbitals)]
            assert len(node) == 1 and tree.parent[node[0]] == root
            assert set(tree.bnd[node[0]]) == set(tree.own[root])

def test_solves_for_some_rows_equal_the_full_solve():
    """Rows asked for skip the back steps of the other nodes, never those of their ancestors."""
    device = skyrmion_layer()
    energy = np.array([2.59])
    sigmas = device.self_energies(energy)
    g = dense_green(device, energy[0])[0]
    n = 2 * device.shape[1]
    rhs = np.random.default_rng(4).standard_normal((device.n_orbitals, 2)) + 0j
    bound = 1e-10 * np.abs(g).max() * np.abs(rhs).sum(0).max()
    for tree in NestedDissectionSolver()._dissections(device):
        fac = NestedDissectionFactorization(device, energy, sigmas, [tree], tolerance=0.5)
        for x in range(device.shape[0]):
            rows = np.arange(x * n, (x + 1) * n)
            assert np.abs(fac.solve(rhs, orbitals=rows)[0] - g[rows] @ rhs).max() < bound
            adjoint = fac.solve_adjoint(rhs, orbitals=rows)[0]
            assert np.abs(adjoint - g.conj().T[rows] @ rhs).max() < bound


def test_buffers_taken_again_hold_nothing_of_their_last_use():
    """Factors and solve columns reuse the buffers of earlier ones without reading them."""
    device = skyrmion_layer(12)
    solver = NestedDissectionSolver(leaf=3)
    rng = np.random.default_rng(5)
    dense = rng.standard_normal((device.n_orbitals, 9)) + 1j
    energies = [np.array([e]) for e in (1.3, 2.2, 3.1)]
    kept = solver.factorize(device, energies[0], device.self_energies(energies[0]))
    dropped = solver.factorize(device, energies[1], device.self_energies(energies[1]))
    dropped.solve(dense)  # the columns' buffer now holds other numbers
    buffer = dropped._factors[0].factors
    del dropped  # its factors go back to the dissection
    fac = solver.factorize(device, energies[2], device.self_energies(energies[2]))
    assert np.shares_memory(fac._factors[0].factors, buffer)
    assert not np.shares_memory(fac._factors[0].factors, kept._factors[0].factors)
    sparse = np.zeros((device.n_orbitals, 3), dtype=complex)
    sparse[[0, 5, 101], [0, 1, 2]] = 1.0  # three rows: most nodes see only zeros
    for f, energy in ((kept, energies[0]), (fac, energies[2])):
        g = dense_green(device, energy[0])[0]
        for rhs in (dense, sparse):
            bound = 1e-12 * np.abs(g).max() * np.abs(rhs).sum(0).max()
            assert np.abs(f.solve(rhs)[0] - g @ rhs).max() < bound
            assert np.abs(f.solve_adjoint(rhs)[0] - g.conj().T @ rhs).max() < bound
        assert np.all(f.solve(np.zeros((device.n_orbitals, 2))) == 0)
        assert np.all(f.solve_adjoint(np.zeros((device.n_orbitals, 2))) == 0)


@pytest.mark.parametrize(
    "options, match",
    [
        ({"leaf": 0}, "leaf"),
        ({"leaf": 2.5}, "leaf"),
        ({"tolerance": 0.0}, "tolerance"),
        ({"tolerance": float("nan")}, "tolerance"),
    ],
)
def test_bad_input(options, match):
    with pytest.raises(ValueError, match=match):
        NestedDissectionSolver(**options)

"""The recursive Green's functions' backward-error check and the solvers it hands energies to.

At a channel threshold of the leads the sweep's pivot blocks can be nearly
singular: on a 30 x 30 skyrmion layer its solutions there are wrong by 6e-3
to 0.7 (relative), which the check must catch and hand to a pivoting solver.
"""

import numpy as np
import pytest
from negf_reference import neel_skyrmion

from weylmag.negf import (
    AdiabaticPump,
    GatePump,
    NestedDissectionSolver,
    RGFSolver,
    SparseLUSolver,
    SquareLattice,
)
from weylmag.negf.nested import NestedDissectionFactorization
from weylmag.negf.rgf import RGFFactorization
from weylmag.negf.sparselu import SparseLUFactorization


def skyrmion_layer(n):
    """An n x n layer (J = 2) with a Néel skyrmion of radius n / 4, leads left and right."""
    return (
        SquareLattice(n, n, J=2.0, m=neel_skyrmion(n, n, n / 4))
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


@pytest.fixture(scope="module")
def layer():
    device = skyrmion_layer(30)
    thresholds = np.array(device.thresholds())
    # thresholds at both band edges and mid-band, and two energies between them
    energies = np.array(
        [thresholds[0], 1.3, thresholds[1], thresholds[len(thresholds) // 2], 4.37,
         thresholds[-1]]
    )
    return device, energies, device.self_energies(energies)


def relative(a, b):
    return np.abs(a - b).max(axis=tuple(range(1, a.ndim))) / np.abs(b).max()


def test_thresholds_go_to_the_fallback_and_agree_with_sparse_lu(layer):
    device, energies, sigmas = layer
    at_threshold = np.array([0, 2, 3, 5])
    rng = np.random.default_rng(3)
    rhs = rng.standard_normal((device.n_orbitals, 6)) + 1j * rng.standard_normal(
        (device.n_orbitals, 6)
    )
    lu = SparseLUSolver().factorize(device, energies, sigmas)
    reference = lu.solve(rhs)
    for sweep in ("left", "right"):
        # the check switched off: the sweep alone is far off at the thresholds
        unchecked = RGFSolver(sweep=sweep, tolerance=0.5).factorize(device, energies, sigmas)
        assert len(unchecked.fallback) == 0
        assert relative(unchecked.solve(rhs), reference)[at_threshold].min() > 1e-5

        fac = RGFSolver(sweep=sweep).factorize(device, energies, sigmas)
        assert np.array_equal(fac.fallback, at_threshold)
        assert fac.backward_error[[1, 4]].max() < 1e-14
        assert relative(fac.solve(rhs), reference).max() < 1e-10
        rows = np.arange(0, device.n_orbitals, 7)
        adjoint = lu.solve_adjoint(rhs)[:, rows]
        assert relative(fac.solve_adjoint(rhs, rows), adjoint).max() < 1e-10
        groups = [slice(0, 2), slice(2, 6)]
        compact = rhs[rows]
        dense = np.zeros_like(rhs)
        dense[rows] = compact
        densities = fac.spin_densities(compact, groups, rows=rows)
        assert relative(densities, lu.spin_densities(dense, groups)).max() < 1e-10
        products = fac.site_products(rhs, rhs[::-1])
        assert relative(products, lu.site_products(rhs, rhs[::-1])).max() < 1e-10
    blocks = fac.site_blocks()
    assert relative(blocks, lu.site_blocks()).max() < 1e-10


def test_the_fallback_is_sparse_lu_where_the_nested_dissection_misses_its_tolerance(layer):
    device, energies, sigmas = layer
    fac = RGFSolver().factorize(device, energies, sigmas)
    assert isinstance(fac.fallback_factorization, NestedDissectionFactorization)
    # a tolerance no factorization meets: sparse LU takes the energies
    strict = RGFFactorization(
        device, energies, sigmas, fallback=NestedDissectionSolver(tolerance=1e-300)
    )
    assert isinstance(strict.fallback_factorization, SparseLUFactorization)
    rhs = np.eye(device.n_orbitals)[:, ::50]
    assert relative(strict.solve(rhs), fac.solve(rhs)).max() < 1e-10


def test_tolerance_is_checked():
    with pytest.raises(ValueError, match="tolerance"):
        RGFSolver(tolerance=0)
    assert repr(RGFSolver(sweep="right", tolerance=1e-9)) == (
        "RGFSolver(sweep='right', tolerance=1e-09)"
    )
    assert repr(RGFSolver()) == "RGFSolver()"


def test_pumped_density_whose_boundary_term_sits_on_the_lowest_threshold():
    # AdiabaticPump takes G Hdot G^dagger at E_c, the lowest threshold: on
    # this 48 x 48 layer the unchecked sweep moves the density by 5e-4
    device = skyrmion_layer(48)
    pump = GatePump((1, 5), (0.8, 0.8), omega=1.0, phases=(0.0, np.pi / 2))
    densities = {
        tolerance: AdiabaticPump(
            device, 1.9, pump, n_points=12, solver=RGFSolver(sweep="right", tolerance=tolerance)
        ).evaluate(1.0).spin
        for tolerance in (0.5, 1e-10)
    }
    reference = AdiabaticPump(
        device, 1.9, pump, n_points=12, solver=NestedDissectionSolver()
    ).evaluate(1.0).spin
    scale = np.abs(reference).max()
    assert np.abs(densities[0.5] - reference).max() > 1e-5 * scale
    assert np.abs(densities[1e-10] - reference).max() < 1e-10 * scale


@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (3, 1)])
def test_layers_of_one_column_or_row(shape):
    # no bonds along x (one column), and every energy handed over
    device = (
        SquareLattice(*shape, J=1.0, m=(0.6, 0.0, 0.8))
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    energies = np.concatenate([device.thresholds(), [2.1]])
    sigmas = device.self_energies(energies)
    unit = np.eye(device.n_orbitals)
    reference = SparseLUSolver().factorize(device, energies, sigmas).solve(unit)
    checked = RGFSolver().factorize(device, energies, sigmas)
    assert checked.backward_error.max() < 1e-14
    handed = RGFSolver(tolerance=1e-300).factorize(device, energies, sigmas)
    assert len(handed.fallback) == len(energies)
    for fac in (checked, handed):
        assert relative(fac.solve(unit), reference).max() < 1e-12

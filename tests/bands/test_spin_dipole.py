r"""Equilibrium spin dipole (seed 001, Eq. 3.56) and the DMI it gives.

Independent check: the grand potential of commensurate spin spirals of the
six-band chain of ``spiral_chain.py``, from the eigenvalues of the spiral's
supercell Hamiltonian alone (no Berry phases, no sum over states). For a
spiral rotating about n with wavevector q, :math:`\partial_x\mathbf{m} =
q\,\mathbf{n}\times\mathbf{m}`, so the gradient energy
:math:`-T_{xk}\partial_xm_k` averages to :math:`-q\langle\mathbf{T}_x\cdot
(\mathbf{n}\times\mathbf{m})\rangle` and :math:`[G(q) - G(-q)]/2q \to
-\langle\mathbf{T}_x\cdot(\mathbf{n}\times\mathbf{m})\rangle`; terms
:math:`\partial\Phi/\partial\mathbf{m}` of T (no energy) average out over
the closed spiral. One Richardson step between N = 40 and 80 cells removes
the :math:`O(q^2)` remainder. Measured (spiral in the xz plane): 3.5630,
3.6037, extrapolated 3.61724 against 3.61748 (1e-21 J), relative 7e-5.

Second check: :math:`\partial T_{jk}/\partial\mu = \partial n/\partial(\partial_jm_k)`
(Eq. 3.72), which for an insulator is the curvature density
:math:`\int f_0\Omega_{k_jm_k}` computed by :func:`weylmag.bands.omega_km`.
"""

import numpy as np
import pytest
from spiral_chain import (
    EV,
    A,
    chain_matrices,
    chain_model,
    gap_center,
    odd_parts,
    spiral,
    spiral_average,
)

from weylmag.bands import dmi_tensor, models, omega_km, spin_dipole

PLANES = [((0.0, 0.0, 1.0), (0.0, 1.0, 0.0)), ((1.0, 0.0, 0.0), (0.0, 0.0, 1.0))]


@pytest.fixture(scope="module")
def chain():
    model = chain_model()
    return model, gap_center(model)


@pytest.mark.parametrize("m0, n", PLANES)
def test_spiral_energy_equals_the_spin_dipole_and_the_dmi_tensor(chain, m0, n):
    model, mu = chain
    ms = spiral(m0, n, 2 * np.pi * np.arange(16) / 16)
    dipoles = [spin_dipole(model, m, mu=mu, n_k=32, rtol=1e-9) for m in ms]
    predicted = -spiral_average([t.value[0] for t in dipoles], m0, n)
    # the same energy from the DMI tensor: D_x . (d_x m x m), d_x m = q n x m
    dmi = np.mean(
        [
            dmi_tensor(t, m)[0] @ np.cross(np.cross(n, m), m)
            for t, m in zip(dipoles, ms, strict=True)
        ]
    )
    assert dmi == pytest.approx(predicted, rel=1e-12, abs=0)
    coarse, fine = (odd_parts(cells, m0, n)[0] for cells in (40, 80))
    extrapolated = (4 * fine - coarse) / 3
    # measured: extrapolated 6.5e-5 and 2.3e-4 from the prediction, N = 80 alone 3.8e-3, 8.5e-4
    assert extrapolated == pytest.approx(predicted, rel=5e-4, abs=0)
    assert abs(extrapolated - predicted) < abs(fine - predicted) / 2
    assert abs(predicted) > 1e-21  # J: a sizeable DMI, not a cancellation


def test_insulator_converges_exponentially_and_the_error_bounds_it(chain):
    model, mu = chain
    r = spin_dipole(model, [0.36, 0.48, 0.8], mu=mu, n_k=8, rtol=1e-12)
    scale = np.abs(r.value).max()
    errors = [np.abs(v - r.value).max() / scale for _, v in r.history[:-1]]
    # measured 2.4e-2, 7.5e-4, 4.3e-6, 1.6e-11, 4e-16 on 8 ... 128 points: each doubling
    # gains more digits than the one before (a gapped, analytic periodic integrand)
    assert errors[0] > 1e-2 and r.n_k <= 256
    ratios = [errors[i] / errors[i + 1] for i in range(3)]
    assert ratios[0] > 10 and ratios[1] > ratios[0] and ratios[2] > ratios[1]
    assert r.converged and r.error <= 1e-12 * scale


def test_mu_derivative_is_the_mixed_curvature_in_the_gap(chain):
    """dT_jk/dmu = int f0 Omega_{k_j m_k} (Eq. 3.72) for mu in the gap."""
    model, mu = chain
    m = np.array([0.6, 0.0, 0.8])
    step = 0.02 * EV
    plus, minus = (
        spin_dipole(model, m, mu=mu + s, n_k=32, rtol=1e-10).value
        for s in (step, -step)
    )
    curvature = omega_km(model, m, mu=mu, n_k=32, rtol=1e-10).value
    # linear in mu inside the gap: the central difference is exact
    assert np.allclose(
        (plus - minus) / (2 * step),
        curvature,
        rtol=0,
        atol=1e-7 * np.abs(curvature).max(),
    )
    assert (
        np.abs(curvature).max() > 1e-2
    )  # dimensionless for a chain: not a trivial zero


def test_no_spin_orbit_coupling_no_dmi():
    """Without spin-orbit coupling a global spin rotation carries m to any direction, so
    T_j(m) = c_j m: longitudinal, a gradient on the sphere, no DMI (here c != 0 because
    the exchange differs between orbitals)."""
    onsite, hopping, exchange = chain_matrices()
    onsite0 = np.kron(np.einsum("aibi->ab", onsite.reshape(3, 2, 3, 2)) / 2, np.eye(2))
    hopping0 = np.kron(
        np.einsum("aibi->ab", hopping.reshape(3, 2, 3, 2)) / 2, np.eye(2)
    )
    model = models.tight_binding_chain(onsite0, hopping0, A, exchange)
    m = np.array([0.36, 0.48, 0.8])
    r = spin_dipole(model, m, mu=gap_center(model), n_k=32, rtol=1e-10)
    t = r.value[0]
    assert np.linalg.norm(t) > 1e-22  # J
    assert np.abs(dmi_tensor(r, m)).max() < 1e-9 * np.linalg.norm(t)


def test_dmi_tensor_refuses_a_wrong_shape():
    with pytest.raises(ValueError, match=r"\(d, 3\) tensor"):
        dmi_tensor(np.zeros((3, 3, 3)), [0, 0, 1])
    with pytest.raises(ValueError, match="unit vector"):
        dmi_tensor(np.zeros((1, 3)), [0, 0, 2])

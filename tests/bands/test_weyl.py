r"""The Weyl four-band model of seed 000 (Eqs. 1-6) and its anomalous Hall effect.

Seed 000, Eq. 5: with the chemical potential at the nodes the Hall
(particle) current is :math:`(\eta/2\pi^2)\mathbf{m}\times\mathbf{E}`,
:math:`\eta = Js/v`, i.e. in SI a charge current of magnitude
:math:`\sigma_H|\mathbf{m}\times\mathbf{E}|`,
:math:`\sigma_H = e^2(2k_n)/(2\pi\cdot2\pi\hbar) = e^2k_n/(2\pi^2\hbar)` for
nodes at :math:`\pm k_n`, :math:`k_n = \eta` (with :math:`\hbar`: :math:`J/\hbar v`).
The continuum model's Hall conductivity depends on the cutoff, so the 3D
integral is done on :func:`weyl_lattice` (sin/cos regularisation, Wilson
mass), whose nodes :func:`weyl_lattice_node` are exact; the magnitude is
checked against :math:`e^2k_n/(2\pi^2\hbar)` with that :math:`k_n`, and
:math:`k_n \to \eta` as :math:`\eta a \to 0` separately.

**The sign.** With seed 001's curvature sign and semiclassics
(:math:`\sigma_{ij} = -(e^2/\hbar)\bar\Omega_{k_ik_j}`) the exact result is
:math:`\mathbf{j} = -\mathrm{sgn}(J)\,\sigma_H\,\mathbf{m}\times\mathbf{E}`,
the opposite of Eq. 5 for J, v > 0 (Eq. 5 holds as written for v < 0: the
lattice result does not depend on the sign of v while :math:`\eta` does).
The test pins the exact behaviour.

Convergence: the Berry curvature is singular at the nodes and the slice
Chern number jumps there, so the midpoint grid converges as :math:`h^2`
only when the nodes lie on cell faces (:math:`k_na = \pi/2, \pi/4` with
n divisible by 8); otherwise the error oscillates at O(h).
"""

import math

import numpy as np
import pytest

from weylmag.bands import anomalous_hall_conductivity, models
from weylmag.bands.models import PAULI
from weylmag.constants import hbar

A = 5e-10  # m
V = 3e5  # m/s
T_HOP = hbar * V / A  # J, the hopping energy hbar v / a


def node_at(x, Delta):
    """J putting the lattice node at k a = x for the Wilson mass w = hbar v / a."""
    return math.sqrt(
        T_HOP**2 * math.sin(x) ** 2 + (Delta + T_HOP * (1 - math.cos(x))) ** 2
    )


def test_hall_conductivity_converges_to_e2_kn_over_2pi2_hbar():
    J = node_at(math.pi / 2, 0.0)  # sqrt(2) t
    kn = models.weyl_lattice_node(V, J, 0.0, A)
    assert kn * A == pytest.approx(math.pi / 2, rel=1e-12)
    sigma = anomalous_hall_conductivity(
        models.weyl_lattice(V, J, 0.0, A), [0, 0, 1], n_k=16, rtol=3e-3, max_n_k=64
    )
    sigma_H = models.weyl_hall_conductivity(kn)
    errors = [abs(s[0, 1] / sigma_H - 1) for _, s in sigma.history]
    # measured: 8.7e-3, 2.1e-3, 5.1e-4 on 16^3, 32^3, 64^3: second order
    assert errors[-1] < 1e-3
    assert all(3.5 < errors[i] / errors[i + 1] < 4.5 for i in range(len(errors) - 1))
    # only the Hall components: sigma_xy = -sigma_yx = +sigma_H for m = z, J > 0
    s = sigma.value / sigma_H
    assert np.allclose(s, [[0, 1, 0], [-1, 0, 0], [0, 0, 0]], atol=2e-3)


def test_dirac_mass_moves_the_nodes_and_the_hall_conductivity_follows():
    Delta = 0.2 * T_HOP
    J = node_at(math.pi / 4, Delta)
    kn = models.weyl_lattice_node(V, J, Delta, A)
    assert kn * A == pytest.approx(math.pi / 4, rel=1e-12)
    sigma = anomalous_hall_conductivity(
        models.weyl_lattice(V, J, Delta, A), [0, 0, 1], n_k=16, rtol=1e-2, max_n_k=32
    )
    assert sigma.value[0, 1] == pytest.approx(
        models.weyl_hall_conductivity(kn), rel=3e-3
    )


@pytest.mark.parametrize(
    "m, sign_J", [((1, 0, 0), 1), ((0, 0, -1), 1), ((0, 1, 0), -1)]
)
def test_hall_current_is_minus_sgnJ_sigma_H_m_cross_E(m, sign_J):
    J = sign_J * node_at(math.pi / 2, 0.0)
    m = np.array(m, dtype=float)
    sigma = anomalous_hall_conductivity(
        models.weyl_lattice(V, J, 0.0, A), m, n_k=16, rtol=1e-2, max_n_k=32
    )
    sigma_H = models.weyl_hall_conductivity(math.pi / (2 * A))
    E = np.array([1.0, -2.0, 0.5])  # V/m
    j = sigma.value @ E
    assert np.allclose(
        j, -sign_J * sigma_H * np.cross(m, E), rtol=0, atol=5e-3 * sigma_H * 2.3
    )


def test_velocity_sign_does_not_change_the_hall_current():
    """The lattice result depends on sgn(J) only, while eta = J s / v flips with v."""
    J = node_at(math.pi / 2, 0.0)
    plus = anomalous_hall_conductivity(
        models.weyl_lattice(V, J, 0.0, A), [0, 0, 1], n_k=16, rtol=1e-2, max_n_k=32
    )
    minus = anomalous_hall_conductivity(
        models.weyl_lattice(-V, J, 0.0, A), [0, 0, 1], n_k=16, rtol=1e-2, max_n_k=32
    )
    assert np.allclose(
        plus.value, minus.value, rtol=0, atol=1e-9 * np.abs(plus.value).max()
    )


def test_lattice_nodes_approach_the_continuum_nodes():
    r"""k_n -> sqrt(J^2 - Delta^2)/hbar v (Eq. 2's nodes; eta = J s/v for Delta = 0) as a -> 0.

    The corrections are of order (k_n a)^2 and Delta/(hbar v/a) (the Wilson
    mass adds to Delta at order k^2), so both vanish linearly or faster in a.
    """
    J, Delta = 1.6e-20, 0.5e-20
    continuum = math.sqrt(J**2 - Delta**2) / (hbar * V)
    errors = [
        abs(models.weyl_lattice_node(V, J, Delta, a) / continuum - 1)
        for a in (5e-10, 5e-11, 5e-12)
    ]
    assert errors[0] > 1e-2 and errors[-1] < 5e-4
    assert all(8 < errors[i] / errors[i + 1] < 12 for i in range(2))
    eta = J / (hbar * V)
    assert models.weyl_lattice_node(V, J, 0.0, 5e-12) == pytest.approx(eta, rel=1e-5)


def test_continuum_model_spectrum_eq_2():
    J, Delta = 1.6e-20, 0.5e-20
    model = models.weyl_four_band(V, J, Delta, half_width=1e9)
    k = np.array([[2e7, -1e7, 3e7], [0.0, 0.0, 4e7], [5e6, 1e7, -2e7]])
    hv = hbar * V
    kk, kz = hv * np.linalg.norm(k, axis=1), hv * k[:, 2]
    inner = np.sqrt(kz**2 + Delta**2)
    expected = np.sort(
        np.stack(
            [
                s1 * np.sqrt(kk**2 + Delta**2 + J**2 + s2 * 2 * J * inner)
                for s1 in (1, -1)
                for s2 in (1, -1)
            ],
            axis=-1,
        ),
        axis=-1,
    )
    got = np.linalg.eigvalsh(model.hamiltonian(k, [0, 0, 1]))
    assert np.allclose(got, expected, rtol=1e-10, atol=0)
    # nodes at k = +-sqrt(J^2 - Delta^2) m / hbar v, here for m = x
    node = np.array([[math.sqrt(J**2 - Delta**2) / hv, 0, 0]])
    assert (
        np.min(np.abs(np.linalg.eigvalsh(model.hamiltonian(node, [1, 0, 0]))))
        < 1e-12 * J
    )
    assert PAULI.shape == (3, 2, 2)

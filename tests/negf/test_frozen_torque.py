r"""The frozen spin density exerts a conservative torque; the pumped one does not.

With the gates held fixed the electrons are in equilibrium, and their spin
density is a derivative of a potential. The magnetisation enters the
Hamiltonian linearly, :math:`H = H_0 + (J/2)\sum_i\boldsymbol\sigma_i\cdot\mathbf m_i`,
so with :math:`G(E) = (E - H - \Sigma(E))^{-1}` and :math:`\Sigma` independent
of :math:`\mathbf m`,

.. math::

    J\,\mathbf s_i = \frac{\partial\Phi}{\partial\mathbf m_i}, \qquad
    \Phi(\mathbf m) = \frac1\pi\,{\rm Im}\int_{E_b}^{\mu} dE\,
    \ln\det\bigl(E - H(\mathbf m) - \Sigma(E)\bigr),

since :math:`\partial_\lambda\ln\det(E - H - \Sigma) = -{\rm Tr}\,G\,\partial_\lambda H`
and :math:`\mathbf s_i = -\pi^{-1}{\rm Im}\int dE\,{\rm Tr}\,G\,\boldsymbol\sigma_i/2`.
The lower limit :math:`E_b`, the bottom of the leads' band, does not depend on
:math:`\mathbf m`, so this holds for the lead-injected density whether or not
the device binds states below it. The field :math:`-J\mathbf s` is then
:math:`-\partial\Phi/\partial\mathbf m`, like the field of any energy term, and its
susceptibility :math:`\partial s_i^a/\partial m_j^b = J^{-1}\partial^2\Phi/\partial
m_i^a\partial m_j^b` is symmetric (a Maxwell relation). For a rigid texture
the Thiele force of such a field is :math:`-\partial\Phi/\partial\mathbf R`: it moves
a damped skyrmion towards a minimum of :math:`\Phi` and no further.

The first-order pumped density (``pumped_spin_density``) is a
non-equilibrium response and has no such potential: its susceptibility is
far from symmetric, which is what lets it push a texture along steadily.
"""

import numpy as np
import pytest

from weylmag.negf import GatePump, SquareLattice, pumped_spin_density, spin_density

NX, NY, J = 5, 3, 1.5
#: Sites (x, y) whose moments are varied; the full 12 x 12 block of the
#: susceptibility between them, the site-diagonal blocks included.
SITES = ((0, 0), (2, 1), (3, 2), (4, 1))
STEP = 1e-4
OPTIONS = {"rtol": 1e-11, "atol": 1e-14}
PUMP = GatePump((1, 3), (0.3, 0.3), omega=1.0, phases=(0.0, np.pi / 2))


def texture():
    """A random (non-coplanar) texture; with Rashba coupling nothing is symmetric."""
    m = np.random.default_rng(1).normal(size=(NX, NY, 3))
    return m / np.linalg.norm(m, axis=-1, keepdims=True)


def device():
    return (
        SquareLattice(NX, NY, J=J, m=texture(), t_so=0.2)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


def susceptibility(density):
    """(12, 12) matrix ds_i^a / dm_j^b over SITES, by central differences.

    ``density(device)`` returns the (NX, NY, 3) spin density. The moments are
    varied unnormalised: H is linear in each component of each m_i.
    """
    dev, m = device(), texture()
    rows = np.array(SITES).T
    chi = np.empty((len(SITES), 3, len(SITES), 3))
    for k, (x, y) in enumerate(SITES):
        for b in range(3):
            dm = np.zeros_like(m)
            dm[x, y, b] = STEP
            up = density(dev.with_magnetisation(m + dm))
            down = density(dev.with_magnetisation(m - dm))
            chi[:, :, k, b] = (up - down)[rows[0], rows[1]] / (2 * STEP)
    return chi.reshape(3 * len(SITES), 3 * len(SITES))


def asymmetry(chi):
    return np.abs(chi - chi.T).max() / np.abs(chi).max()


@pytest.mark.parametrize("mu", [1.3, 2.9])
def test_frozen_spin_density_is_the_gradient_of_a_potential(mu):
    """Symmetric to the accuracy of the differences (O(STEP^2), and rtol / STEP)."""
    chi = susceptibility(lambda dev: spin_density(dev, mu, **OPTIONS).value)
    assert np.abs(chi).max() > 1e-2  # the moments do polarise each other
    assert asymmetry(chi) < 1e-8


def test_pumped_spin_density_has_no_potential():
    chi = susceptibility(lambda dev: pumped_spin_density(dev, 2.9, PUMP, 0.7, **OPTIONS))
    assert np.abs(chi).max() > 1e-2
    assert asymmetry(chi) > 0.1

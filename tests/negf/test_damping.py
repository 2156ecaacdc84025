r"""Gilbert damping: the Fermi-sea tensor of seed Eq. 19 against the scattering matrix (Eq. D1).

At zero temperature and without bias the symmetric part of Eq. 19, with
:math:`G^rG^r \to -\partial_E G^r`, is exactly :math:`-\tfrac12` of
:math:`\alpha'_{ij} = \frac1{4\pi}\mathrm{Re\,Tr}[\partial_iS\,\partial_jS^\dagger]`
(partial integration, seed Eq. D4, with the constants kept). Eq. 19 is
integrated here by quadrature over the Fermi sea; Eq. D1 uses the Fermi
energy only, and is checked on its own against finite differences of the
scattering matrix. Eq. 19 as printed (:math:`G^rG^r`) obeys the same
relation only for energy-independent self-energies (wide-band leads).
"""

import numpy as np
import pytest
import scipy.integrate
from negf_reference import SIGMA, dense_green, neel_skyrmion

from weylmag.negf import (
    SquareLattice,
    WideBandLead,
    gilbert_damping,
    gilbert_damping_smatrix,
    inertia_tensor,
    scattering_matrix,
)

RTOL = 1e-10


def two_terminal(nx, ny, left=None, right=None, **kwargs):
    return (
        SquareLattice(nx, ny, **kwargs)
        .attach_lead(left, side="left")
        .attach_lead(right, side="right")
        .finalized()
    )


def symmetric(a):
    return 0.5 * (a + np.swapaxes(a, -1, -2))


def check_relation(dev, mu, form="exact"):
    result = gilbert_damping(dev, mu, form=form, rtol=RTOL, atol=1e-14)
    assert result.converged
    reference = gilbert_damping_smatrix(dev, mu)
    error = (
        np.abs(symmetric(result.value) + 0.5 * reference).max()
        / np.abs(reference).max()
    )
    return result.value, reference, error


@pytest.mark.parametrize("mu", [0.9, 2.7, 4.6])
def test_uniform_magnet(mu):
    dev = two_terminal(5, 4, J=1.2)
    alpha, reference, error = check_relation(dev, mu)
    assert error < 1e-8
    s = symmetric(alpha)
    scale = np.abs(s).max()
    # m along z without spin-orbit coupling: isotropic in the xy plane
    assert abs(s[0, 0] - s[1, 1]) < 1e-9 * scale and abs(s[0, 1]) < 1e-9 * scale
    assert np.abs(s[:2, 2]).max() < 1e-9 * scale
    assert abs(alpha[0, 1] + alpha[1, 0]) < 1e-9 * scale  # the rest is antisymmetric
    assert s[0, 0] < 0 < reference[0, 0]


@pytest.mark.parametrize("t_so, mus", [(0.0, [1.3, 3.1, 5.6]), (0.3, [2.2, 4.1])])
def test_skyrmion(t_so, mus):
    dev = two_terminal(6, 6, J=1.5, m=neel_skyrmion(6, 6, 1.5), t_so=t_so)
    for mu in mus:
        _, reference, error = check_relation(dev, mu)
        assert error < 1e-8
        # D1 is positive semi-definite
        assert np.linalg.eigvalsh(reference).min() > -1e-12


def test_smatrix_tensor_is_the_derivative_of_s():
    """Eq. D1 from 4th-order central differences of S(m + h e_i) (m on all sites)."""
    dev = two_terminal(4, 4, J=1.5, m=neel_skyrmion(4, 4, 1.0), t_so=0.2)
    mu, h = 2.6, 1e-3

    def s(shift):
        return scattering_matrix(dev.with_magnetisation(dev.m + shift), mu).matrix

    derivatives = []
    for e in h * np.eye(3):
        derivatives.append((-s(2 * e) + 8 * s(e) - 8 * s(-e) + s(-2 * e)) / (12 * h))
    fd = np.array(
        [[np.trace(a @ b.conj().T).real for b in derivatives] for a in derivatives]
    )
    fd /= 4 * np.pi
    exact = gilbert_damping_smatrix(dev, mu)
    assert np.abs(fd - exact).max() < 1e-8 * np.abs(exact).max()
    # Eq. D1 as printed, without the dagger, is a different (complex) quantity
    printed = np.array(
        [[np.trace(a @ b).real for b in derivatives] for a in derivatives]
    )
    assert np.abs(printed / (4 * np.pi) - exact).max() > 1e-2 * np.abs(exact).max()


def test_wide_band_leads_make_the_printed_form_exact():
    dev = two_terminal(
        3,
        3,
        WideBandLead(3, 0.6),
        WideBandLead(3, 0.9),
        J=1.4,
        m=neel_skyrmion(3, 3, 0.8),
        t_so=0.15,
    )
    for mu in (2.2, 5.0):
        _, _, error = check_relation(dev, mu, form="seed")
        assert error < 1e-8


def test_printed_form_fails_with_tight_binding_leads():
    """G^r G^r instead of -dG^r/dE drops dSigma/dE: Eq. 19 as printed misses Eq. D1."""
    dev = two_terminal(5, 4, J=1.2)
    _, _, error = check_relation(dev, 2.7, form="seed")
    assert error > 0.1


def test_site_resolved_tensor_sums_to_the_total():
    dev = two_terminal(4, 3, J=1.3, m=neel_skyrmion(4, 3, 1.0))
    total = gilbert_damping(dev, 2.4, rtol=RTOL, atol=1e-14).value
    sites = gilbert_damping(dev, 2.4, resolve="site", rtol=RTOL, atol=1e-14).value
    assert sites.shape == (4, 3, 3, 3)
    assert np.abs(sites.sum(axis=(0, 1)) - total).max() < 1e-9 * np.abs(total).max()


def test_inertia_tensor_against_dense_quadrature():
    """Eq. 22 with dense G and scipy's adaptive quadrature."""
    dev = two_terminal(3, 2, J=1.1, m=neel_skyrmion(3, 2, 0.7), t_so=0.2)
    mu = 3.4
    v = [0.55 * np.kron(np.eye(6), s) for s in SIGMA]  # (J/2) sigma_i on every site
    h = dev.hamiltonian().toarray()

    def integrand(e):
        g, gamma = dense_green(dev, e, hamiltonian=h)
        lesser = 1j * g @ gamma @ g.conj().T
        left = [lesser @ vi for vi in v]
        right = [g @ g @ g @ vj for vj in v]
        traces = np.array([[np.sum(a.T * b) for b in right] for a in left])
        return 2 * traces.imag / (2 * np.pi)  # (J^2/2) Im Tr[G< s_i G^3 s_j] / 2 pi

    points = [p for p in dev.thresholds() if p < mu]
    expected, _ = scipy.integrate.quad_vec(
        integrand,
        points[0],
        mu,
        points=points[1:],
        epsabs=1e-13,
        epsrel=1e-11,
        limit=400,
    )
    value = inertia_tensor(dev, mu, rtol=RTOL, atol=1e-14).value
    assert np.abs(value - expected).max() < 1e-8 * np.abs(expected).max()


def test_finite_temperature_and_bias_run():
    dev = two_terminal(4, 3, J=1.0, m=(1.0, 0.0, 0.0))
    warm = gilbert_damping(dev, 2.5, kT=0.05, rtol=1e-8).value
    cold = gilbert_damping(dev, 2.5, rtol=1e-8).value
    assert np.abs(warm - cold).max() < 0.2 * np.abs(cold).max()
    biased = gilbert_damping(dev, {"left": 2.6, "right": 2.4}, rtol=1e-8).value
    assert np.abs(biased - cold).max() > 1e-6
    with pytest.raises(KeyError, match="no value"):
        gilbert_damping(dev, {"left": 2.6})
    with pytest.raises(ValueError, match="form"):
        gilbert_damping(dev, 2.5, form="other")

"""Lead self-energies: the closed form per transverse mode against Sancho-Rubio decimation."""

import numpy as np
import pytest

from weylmag.negf import (
    SquareLead,
    TightBindingLead,
    WideBandLead,
    chain_surface_green_function,
    sancho_rubio,
)


def energies_away_from(thresholds, lo, hi, n, gap=1e-6):
    e = np.linspace(lo, hi, n)
    return e[np.min(np.abs(e[:, None] - thresholds[None, :]), axis=1) > gap]


LEADS = [
    SquareLead(1),
    SquareLead(4),
    SquareLead(7, t=1.3, onsite=3.2),
    SquareLead(5, J=1.3, m=(0.6, 0.0, 0.8)),
    SquareLead(3, J=-0.7, m=(0.0, 1.0, 0.0)),
]


@pytest.mark.parametrize("lead", LEADS, ids=repr)
def test_closed_form_equals_decimation(lead):
    general = TightBindingLead(*lead.cell_hamiltonian())
    # 40 energies across and beyond the band, band centre and thresholds' neighbours included
    e = energies_away_from(lead.thresholds(), -1.7, 9.7, 38)
    e = np.concatenate([e, [lead.onsite, lead.thresholds()[0] + 1e-5]])
    exact, dexact = lead.self_energy(e, derivative=True)
    decimated, ddecimated = general.self_energy(e, derivative=True)
    assert np.abs(exact - decimated).max() < 1e-10
    scale = np.abs(dexact).max(axis=(1, 2), keepdims=True)
    assert (np.abs(dexact - ddecimated) / scale).max() < 1e-10
    assert np.allclose(general.thresholds(), lead.thresholds(), atol=1e-9)


@pytest.mark.parametrize("lead", LEADS[1:4], ids=repr)
def test_retarded_branch(lead):
    """Γ = i(Σ - Σ†) = W W† >= 0 inside the band; Σ Hermitian (evanescent) outside."""
    lo, hi = lead.band
    e = np.array([lo - 0.5, lo + 0.3, 0.5 * (lo + hi), hi - 0.2, hi + 0.4])
    sigma = lead.self_energy(e)
    gamma = 1j * (sigma - np.conj(np.swapaxes(sigma, 1, 2)))
    w = lead.channels(e)
    assert np.abs(w @ np.conj(np.swapaxes(w, 1, 2)) - gamma).max() < 1e-13
    assert np.linalg.eigvalsh(gamma).min() > -1e-13
    assert np.abs(gamma[[0, -1]]).max() < 1e-13
    assert list(lead.open_channels(e)[[0, -1]]) == [0, 0]
    # complex energies: the same branch as the decimation at that energy
    z = e + 0.05j
    decimated = TightBindingLead(*lead.cell_hamiltonian()).self_energy(z)
    assert np.abs(lead.self_energy(z) - decimated).max() < 1e-12


def test_chain_green_function():
    """g solves g = 1/(z - t^2 g), decays (|t g| <= 1), and dg/dz is its derivative."""
    t = 1.4
    for z in [-3.5, -2.7, -1.0, 0.0, 0.3, 2.5, 4.0, 1.0 + 0.2j, -3.0 + 1e-3j]:
        g, dg = chain_surface_green_function(z, t)
        assert abs(g - 1 / (z - t * t * g)) < 1e-13
        assert abs(t * g) <= 1 + 1e-13
        assert g.imag <= 0
        h = 1e-5
        fd = (
            chain_surface_green_function(z + h, t)[0]
            - chain_surface_green_function(z - h, t)[0]
        ) / (2 * h)
        assert abs(fd - dg) < 1e-7 * max(1, abs(dg))


def test_decimation_band_centre_and_complex_energy():
    """The band centre of a chain makes plain decimation singular; the result is exact."""
    h0, h1 = SquareLead(3).cell_hamiltonian()
    exact = SquareLead(3).self_energy(4.0)[0]
    g = sancho_rubio(4.0, h0, h1)
    assert np.abs(h1.conj().T @ g @ h1 - exact).max() < 1e-12
    g = sancho_rubio(4.0 + 0.01j, h0, h1)
    assert (
        np.abs(h1.conj().T @ g @ h1 - SquareLead(3).self_energy(4.0 + 0.01j)[0]).max()
        < 1e-12
    )


def test_wide_band_lead():
    lead = WideBandLead(2, gamma=0.3)
    sigma, dsigma = lead.self_energy([-100.0, 0.0, 5.0], derivative=True)
    assert np.allclose(sigma, -0.15j * np.eye(4)) and not dsigma.any()
    w = lead.channels([1.0])[0]
    assert np.allclose(w @ w.conj().T, 0.3 * np.eye(4))
    assert lead.band == (-np.inf, np.inf)


@pytest.mark.parametrize("lead", [LEADS[3], TightBindingLead(*LEADS[1].cell_hamiltonian())],
                         ids=repr)
def test_the_last_answer_is_given_again_for_the_same_energies(lead):
    """A dynamics run asks a lead for the same energies at every step."""
    e = np.array([0.7, 2.2, 3.1])
    sigma, channels = lead.self_energy(e), lead.channels(e)
    assert lead.self_energy(e.copy()) is sigma and lead.channels(list(e)) is channels
    with pytest.raises(ValueError, match="read-only"):
        sigma[0, 0, 0] = 0.0
    # other energies, or the derivative too, are computed afresh
    other = lead.self_energy(e[:2])
    assert other is not sigma and np.array_equal(other, sigma[:2])
    s, ds = lead.self_energy(e, derivative=True)
    assert np.array_equal(s, sigma) and ds.shape == sigma.shape
    assert lead.self_energy(e) is not sigma and np.array_equal(lead.self_energy(e), sigma)

def test_bad_leads():
    with pytest.raises(ValueError, match="width"):
        SquareLead(0)
    with pytest.raises(ValueError, match="unit"):
        SquareLead(2, J=1.0, m=(1.0, 1.0, 0.0))
    with pytest.raises(ValueError, match="Hermitian"):
        TightBindingLead([[0, 1], [0, 0]], np.eye(2))
    with pytest.raises(ValueError, match="Im"):
        SquareLead(2).self_energy(1.0 - 0.1j)

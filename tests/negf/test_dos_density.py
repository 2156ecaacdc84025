r"""Local density of states and the injected densities of a uniform strip, by closed forms.

A device that continues its leads (same on-site energy, exchange and
magnetisation) is a piece of an infinite strip: transverse mode n and spin
:math:`\pm` along m form a 1D chain with band centre
:math:`c_{n\pm} = 4 - 2\cos(n\pi/(W+1)) \pm J/2`. Its local DOS is
:math:`\sum_{n\pm}\phi_n(y)^2/(\pi\sqrt{4 - (E - c_{n\pm})^2})`, and the
left (right) lead fills the right- (left-) moving states,
:math:`k \in (0, \pi)`, :math:`E = c - 2\cos k`, with its own Fermi
function: per site :math:`\phi_n(y)^2\int_0^\pi\frac{dk}{2\pi}f_\alpha(E(k))`,
i.e. :math:`\phi_n(y)^2 k_F/2\pi` at zero temperature.
"""

import numpy as np
import pytest
import scipy.integrate

from weylmag.negf import (
    SquareLattice,
    SquareLead,
    TightBindingLead,
    dos,
    electron_density,
    fermi_dirac,
    local_dos,
    spin_density,
)

NX, NY, J = 4, 3, 0.9
M = np.array([0.48, 0.0, 0.6]) / np.linalg.norm([0.48, 0.0, 0.6])


def strip(lead=None, nx=NX, ny=NY, **kwargs):
    lead = SquareLead(ny, J=J, m=M) if lead is None else lead
    return (
        SquareLattice(nx, ny, J=J, m=M, **kwargs)
        .attach_lead(lead, side="left")
        .attach_lead(lead, side="right")
        .finalized()
    )


def modes(ny=NY):
    n = np.arange(1, ny + 1)
    phi2 = (2 / (ny + 1)) * np.sin(
        np.outer(np.arange(1, ny + 1), n) * np.pi / (ny + 1)
    ) ** 2
    centres = (4 - 2 * np.cos(n * np.pi / (ny + 1)))[:, None] + 0.5 * J * np.array(
        [1, -1]
    )
    return phi2, centres  # phi2[y, n], centres[n, s]


def test_local_dos_of_a_strip():
    phi2, c = modes()
    e = np.array([0.4, 1.7, 3.05, 4.6, 6.9])
    ldos = local_dos(strip(), e)
    z = e[:, None, None] - c
    chain = np.where(
        np.abs(z) < 2, 1 / (np.pi * np.sqrt(np.clip(4 - z * z, 1e-300, None))), 0
    )
    expected = np.einsum("yn,ens->ey", phi2, chain)
    assert np.abs(ldos - expected[:, None, :]).max() < 1e-10
    assert np.abs(dos(strip(), e) - NX * expected.sum(axis=1)).max() < 1e-9


def strip_density(mu_left, mu_right, kT):
    """(n, s_parallel) per y from the 1D chains."""
    phi2, c = modes()

    def filled(centre, mu):
        if kT == 0:
            return np.arccos(np.clip((centre - mu) / 2, -1, 1)) / (2 * np.pi)
        return scipy.integrate.quad(
            lambda k: fermi_dirac(centre - 2 * np.cos(k), mu, kT),
            0,
            np.pi,
            epsabs=1e-14,
            epsrel=1e-13,
        )[0] / (2 * np.pi)

    per_lead = []
    for mu in (mu_left, mu_right):
        occupation = np.array([[filled(cc, mu) for cc in row] for row in c])  # [n, s]
        per_site = phi2 @ occupation  # [y, s]
        per_lead.append((per_site.sum(axis=1), 0.5 * (per_site[:, 0] - per_site[:, 1])))
    return per_lead


@pytest.mark.parametrize("kT", [0.0, 0.07])
def test_injected_densities_of_a_biased_strip(kT):
    dev = strip()
    mu = {"left": 3.3, "right": 2.45}
    n = electron_density(dev, mu, kT, per_lead=True, rtol=1e-11)
    s = spin_density(dev, mu, kT, per_lead=True, rtol=1e-11)
    assert n.converged and s.converged
    for k, (n_ref, s_ref) in enumerate(strip_density(mu["left"], mu["right"], kT)):
        assert np.abs(n.value[k] - n_ref[None, :]).max() < 1e-9
        assert np.abs(s.value[k] - s_ref[None, :, None] * M).max() < 1e-9
    total = spin_density(dev, mu, kT, rtol=1e-11).value
    assert np.abs(total - s.value.sum(axis=0)).max() < 1e-10


def test_densities_with_decimated_leads():
    h0, h1 = SquareLead(2, J=J, m=M).cell_hamiltonian()
    dev = strip(TightBindingLead(h0, h1), nx=2, ny=2)
    exact = strip(SquareLead(2, J=J, m=M), nx=2, ny=2)
    mu = {"left": 3.1, "right": 4.4}
    a = spin_density(dev, mu, rtol=1e-10).value
    b = spin_density(exact, mu, rtol=1e-10).value
    assert np.abs(a - b).max() < 1e-9


def test_unbiased_strip_in_equilibrium():
    """Both leads at one mu: each fills half of the states below mu."""
    dev = strip()
    value = electron_density(dev, 2.8, per_lead=True, rtol=1e-11).value
    assert np.abs(value[0] - value[1]).max() < 1e-10
    assert electron_density(dev, -1.0).value.max() == 0


def test_injected_densities_add_up_to_the_spectral_function():
    """sum over leads of G Gamma_a G^dagger = i (G - G^dagger) at real energies, site by site."""
    from negf_reference import neel_skyrmion

    from weylmag.negf import RGFSolver, injected_density

    dev = (
        SquareLattice(6, 4, J=1.3, m=neel_skyrmion(6, 4, 1.5), t_so=0.2)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    energies = np.array([0.9, 2.6, 4.4])
    rho = injected_density(dev, energies).sum(axis=1)  # (nE, nx, ny, 4)
    g = RGFSolver().factorize(dev, energies, dev.self_energies(energies)).site_blocks()
    spectral = 1j * (g - np.conj(np.swapaxes(g, -1, -2))) / (2 * np.pi)
    pauli = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]])
    expected = np.concatenate(
        [
            np.trace(spectral, axis1=-2, axis2=-1).real[..., None],
            0.5 * np.einsum("ab,...ba->...", pauli[0], spectral).real[..., None],
            0.5 * np.einsum("ab,...ba->...", pauli[1], spectral).real[..., None],
            0.5 * np.einsum("ab,...ba->...", pauli[2], spectral).real[..., None],
        ],
        axis=-1,
    )
    assert np.abs(expected[..., 1:]).max() > 1e-3  # the texture polarises the spin
    assert np.abs(rho - expected).max() < 1e-10 * np.abs(expected).max()
    # with weights the lead contributions scale by their squares
    half = injected_density(dev, energies, weights=[[1.0, 0.5]] * 3)
    full = injected_density(dev, energies)
    assert np.abs(half[:, 1] - 0.25 * full[:, 1]).max() < 1e-14
    assert np.abs(half[:, 0] - full[:, 0]).max() < 1e-14
    # two threads sharing the energies give the same numbers
    threaded = injected_density(dev, energies, workers=2)
    assert np.abs(threaded - full).max() < 1e-14 * np.abs(full).max()
    with pytest.raises(ValueError, match="workers"):
        injected_density(dev, energies, workers=0)


def test_worker_threads_run_a_single_threaded_blas():
    """Threads sharing energies with a multi-threaded BLAS each would oversubscribe the cores."""
    import threadpoolctl

    from weylmag.negf.solver import thread_map

    def blas_threads(_):
        return [lib["num_threads"] for lib in threadpoolctl.threadpool_info()
                if lib["user_api"] == "blas"]

    with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
        outside = blas_threads(None)
        inside = thread_map(blas_threads, [0, 1, 2], workers=2)
        alone = thread_map(blas_threads, [0], workers=2)  # one item: no threads
        assert blas_threads(None) == outside  # restored
    if not outside or max(outside) < 2:
        pytest.skip("the BLAS runs one thread at most here")
    assert all(threads == [1] * len(outside) for threads in inside)
    assert alone == [outside]

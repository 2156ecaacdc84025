r"""Adiabatic gate pumping: emissivity current (seed Eq. 40) against scattering-matrix and
charge-conservation references, with a frozen texture.

* The emissivity :math:`\frac1{2\pi}\mathrm{Tr}[\Gamma_\alpha GP_kG^\dagger]` equals
  :math:`-\frac1{2\pi}\mathrm{Im\,Tr}[\Pi_\alpha\partial_kS\,S^\dagger]` with
  :math:`\partial_kS` from finite differences of the scattering matrix.
* The charge per cycle (time integral of the current) equals Brouwer's
  area integral of :math:`\frac1\pi\mathrm{Im\,Tr}[\Pi_\alpha\partial_1S\,\partial_2S^\dagger]`
  over the ellipse the gates enclose in the :math:`(V_1, V_2)` plane.
* With energy-independent (wide-band) self-energies the currents into all
  leads add up to minus the rate of change of the device's electron number,
  from finite differences of the Fermi-sea density.
* At small amplitudes the charge per cycle is bilinear,
  :math:`Q_\alpha = -V_1V_2\sin\phi\,\mathrm{Im\,Tr}[\Pi_\alpha\partial_1S\,
  \partial_2S^\dagger]_{V=0}`, with the S-matrix derivatives from dense Green's
  functions.
"""

import numpy as np
import pytest
from negf_reference import dense_green, neel_skyrmion

from weylmag.negf import (
    GatePump,
    SquareLattice,
    SquareLead,
    WideBandLead,
    electron_density,
    emissivity,
    pumped_charge,
    pumped_current,
    scattering_matrix,
)

NX, NY, E_F = 6, 4, 2.3
COLUMNS = (1, 4)


def device(left=None, right=None):
    return (
        SquareLattice(NX, NY, J=2.0, m=neel_skyrmion(NX, NY, 1.2), t_so=0.1)
        .attach_lead(left, side="left")
        .attach_lead(right, side="right")
        .finalized()
    )


def pump(omega=0.5, phi=0.5 * np.pi, amplitudes=(0.8, 0.6)):
    return GatePump(COLUMNS, amplitudes, omega, (0.0, phi))


def s_matrix(dev, v):
    return scattering_matrix(dev.with_gates(dict(zip(COLUMNS, v))), E_F)


def s_derivatives(dev, v, h=1e-4):
    """dS/dV_k by fourth-order central differences."""
    out = []
    for e in np.eye(2) * h:
        s = [s_matrix(dev, v + c * e).matrix for c in (-2, -1, 1, 2)]
        out.append((s[0] - 8 * s[1] + 8 * s[2] - s[3]) / (12 * h))
    return out


def test_emissivity_from_the_scattering_matrix():
    dev = device()
    v = np.array([0.3, -0.2])
    nu = emissivity(dev.with_gates(dict(zip(COLUMNS, v))), E_F, COLUMNS)
    s = s_matrix(dev, v)
    ds = s_derivatives(dev, v)
    for a, name in enumerate(dev.lead_names):
        rows = s.slices[name]
        for k in range(2):
            product = ds[k][rows] @ s.matrix[rows].conj().T
            brouwer = -np.trace(product).imag / (2 * np.pi)
            assert nu[a, k] == pytest.approx(brouwer, rel=1e-9, abs=1e-13)
    assert np.all(nu > 0)


def test_current_over_omega_collapses():
    """Seed Fig. 6a: I_p / omega at the same phase omega t is one curve."""
    dev = device()
    phase = np.linspace(0, 4 * np.pi, 9)
    curves = [
        pumped_current(dev, E_F, pump(w), phase / w, lead="right") / w
        for w in (0.2, 0.5, 1.0)
    ]
    scale = np.abs(curves[0]).max()
    for c in curves[1:]:
        assert np.abs(c - curves[0]).max() < 1e-12 * scale


def test_charge_per_cycle_is_brouwers_area_integral():
    dev = device()
    p = pump()
    q = pumped_charge(dev, E_F, p, n_times=48)
    # the trapezoidal rule has converged
    assert np.abs(pumped_charge(dev, E_F, p, n_times=96) - q).max() < 1e-12
    # Stokes: the ellipse (V1 r cos th, V2 r cos(th + phi)), oriented Jacobian
    v1, v2 = p.amplitudes
    phi = p.phases[1]
    r, wr = np.polynomial.legendre.leggauss(10)
    r, wr = 0.5 * (r + 1), 0.5 * wr
    n_theta = 24
    theta = 2 * np.pi * np.arange(n_theta) / n_theta
    area = np.zeros(len(dev.leads))
    for ri, wi in zip(r, wr):
        for th in theta:
            v = np.array([v1 * ri * np.cos(th), v2 * ri * np.cos(th + phi)])
            s = s_matrix(dev, v)
            d1, d2 = s_derivatives(dev, v)
            jac = -v1 * v2 * ri * np.sin(phi)
            for a, name in enumerate(dev.lead_names):
                rows = s.slices[name]
                curv = np.trace(d1[rows] @ d2[rows].conj().T).imag / np.pi
                area[a] += wi * (2 * np.pi / n_theta) * jac * curv
    assert np.abs(q).max() > 1e-3
    assert np.abs(area - q).max() < 1e-7 * np.abs(q).max()
    # no charge accumulates in the device over a cycle
    assert abs(q.sum()) < 1e-12


def brouwer_curvature(dev):
    r"""Im Tr[Pi_alpha dS/dV_1 dS^dagger/dV_2] at the device's gates, per lead.

    With the Fisher-Lee relation :math:`S_{\alpha\beta} = -\delta_{\alpha\beta}
    + iW_\alpha^\dagger GW_\beta` and :math:`\partial G/\partial V_k = GP_kG`,
    :math:`\partial_kS_{\alpha\beta} = iW_\alpha^\dagger GP_kGW_\beta`, so that
    :math:`\mathrm{Tr}[\Pi_\alpha\partial_1S\,\partial_2S^\dagger] =
    \mathrm{Tr}[\Gamma_\alpha GP_1G\,\Gamma\,G^\dagger P_2G^\dagger]` (Γ summed
    over the leads): no channel basis, no finite differences.
    """
    g, gamma = dense_green(dev, E_F)
    n, nb = dev.n_orbitals, dev.block_size
    p = np.zeros((2, n, n))
    for k, c in enumerate(COLUMNS):
        p[k, c * nb : (c + 1) * nb, c * nb : (c + 1) * nb] = np.eye(nb)
    middle = g @ p[0] @ g @ gamma @ g.conj().T @ p[1] @ g.conj().T
    out = []
    for lead, sigma in zip(dev.leads, dev.self_energies(np.array([E_F]))):
        idx = np.ix_(lead.orbitals, lead.orbitals)
        gamma_a = 1j * (sigma[0] - sigma[0].conj().T)
        out.append(np.trace(gamma_a @ middle[idx]).imag)
    return np.array(out)


def test_small_amplitude_charge_is_bilinear():
    r"""Q / (V1 V2 sin phi) at small V: one constant, the curvature at V = 0.

    The ellipse of area :math:`\pi V_1V_2|\sin\phi|`, traversed clockwise for
    :math:`\sin\phi > 0`, encloses the curvature
    :math:`\frac1\pi\mathrm{Im\,Tr}[\Pi_\alpha\partial_1S\,\partial_2S^\dagger]` of
    V = 0 up to :math:`O(V^2)` (the linear variation averages out over the
    centred ellipse).
    """
    dev = device()
    expected = -brouwer_curvature(dev)
    assert np.abs(expected).min() > 0.1
    deviation = {}
    for v in (0.01, 0.02):
        ratios = []
        for phi in (np.pi / 3, np.pi / 2, 2 * np.pi / 3, -np.pi / 2):
            q = pumped_charge(dev, E_F, pump(phi=phi, amplitudes=(v, v)), n_times=32)
            ratios.append(q / (v * v * np.sin(phi)))
        ratios = np.array(ratios)
        assert np.abs(ratios - ratios[0]).max() < 0.02 * np.abs(ratios[0]).max()
        assert np.abs(ratios - expected).max() < 0.02 * np.abs(expected).max()
        deviation[v] = np.abs(ratios - expected).max() / np.abs(expected).max()
    # the deviation from the bilinear form is the O(V^2) remainder
    assert 3.5 < deviation[0.02] / deviation[0.01] < 4.5


def test_charge_conservation_with_wide_band_leads():
    """sum_alpha I_alpha = -dN_device/dt when Sigma does not depend on energy."""
    dev = device(WideBandLead(NY, 0.7), WideBandLead(NY, 1.1))
    p = pump()
    t = 0.37 * p.period
    current = pumped_current(dev, E_F, p, t)[0]
    frozen = p.values(t)[0]
    h = 2e-3

    def n_device(v):
        gated = dev.with_gates(dict(zip(COLUMNS, v)))
        return electron_density(gated, E_F, rtol=1e-13, atol=1e-14).value.sum()

    dn = []
    for e in np.eye(2) * h:
        n = [n_device(frozen + c * e) for c in (-2, -1, 1, 2)]
        dn.append((n[0] - 8 * n[1] + 8 * n[2] - n[3]) / (12 * h))
    rate = np.dot(dn, p.rates(t)[0])
    assert current.sum() == pytest.approx(-rate, rel=1e-8)


def test_phase_symmetry():
    """No pumping for phi = 0, pi; reversing phi reverses the current."""
    dev = device()
    for phi in (0.0, np.pi):
        q = pumped_charge(dev, E_F, pump(phi=phi), n_times=32)
        assert np.abs(q).max() < 1e-14
    p, m = pump(phi=0.7), pump(phi=-0.7)
    t = np.linspace(0, p.period, 7)
    forward = pumped_current(dev, E_F, p, t)
    backward = pumped_current(dev, E_F, m, -t)
    assert np.abs(forward + backward).max() < 1e-13 * np.abs(forward).max()
    qp = pumped_charge(dev, E_F, p, n_times=32)
    qm = pumped_charge(dev, E_F, m, n_times=32)
    assert np.abs(qp + qm).max() < 1e-14
    assert np.abs(qp).max() > 1e-3


def test_threads_over_the_times_give_the_serial_currents():
    """workers=2 splits the times between threads: the same numbers, in order."""
    dev, p = device(), pump()
    t = np.linspace(0, p.period, 9)
    serial = pumped_current(dev, E_F, p, t, spin=True)
    threaded = pumped_current(dev, E_F, p, t, spin=True, workers=2)
    assert np.abs(threaded - serial).max() < 1e-13 * np.abs(serial).max()
    q = pumped_charge(dev, E_F, p, n_times=16, workers=2)
    assert np.abs(q - pumped_charge(dev, E_F, p, n_times=16)).max() < 1e-14


def test_errors():
    with pytest.raises(ValueError, match="workers"):
        pumped_current(device(), E_F, pump(), 0.0, workers=0)
    with pytest.raises(ValueError, match="one entry per gate"):
        GatePump((1, 2), (0.1,), 1.0, (0.0, 0.0))
    with pytest.raises(ValueError, match="omega"):
        GatePump((1, 2), (0.1, 0.1), 0.0, (0.0, 0.0))
    with pytest.raises(ValueError, match="gate columns"):
        emissivity(device(), E_F, [NX])


def test_spin_resolved_current_of_a_collinear_magnet_is_two_spinless_problems():
    """m along z without spin-orbit: spin along z is conserved, and each spin sees the
    lattice with the on-site energy shifted by +-J/2 (J s.m = (J/2) sigma.m)."""
    J, times = 1.2, np.linspace(0.3, 11.0, 5)

    def layer(onsite, exchange):
        return (
            SquareLattice(NX, NY, onsite=onsite, J=exchange, m=(0, 0, 1))
            .attach_lead(SquareLead(NY), side="left")
            .attach_lead(SquareLead(NY), side="right")
            .finalized()
        )

    resolved = pumped_current(layer(4.0, J), E_F, pump(), times, spin=True)
    for sigma, shift in enumerate((0.5 * J, -0.5 * J)):
        spinless = pumped_current(layer(4.0 + shift, 0.0), E_F, pump(), times)
        # the J = 0 layer pumps both spins alike: half of it is one spin
        assert np.abs(resolved[..., sigma] - 0.5 * spinless).max() < 1e-12 * np.abs(spinless).max()
    assert np.abs(resolved[..., 0] - resolved[..., 1]).max() > 0.05 * np.abs(resolved).max()


def test_spin_resolved_emissivities_add_up_for_spin_degenerate_leads():
    """Gamma = P_up Gamma P_up + P_dn Gamma P_dn when the lead is spin-degenerate, whatever
    the axis and the texture (skyrmion, spin-orbit) of the device."""
    dev = device().with_gates({1: 0.3, 4: -0.2})
    total = emissivity(dev, E_F, COLUMNS)
    for axis in [(0, 0, 1), (1, 2, -0.5)]:
        resolved = emissivity(dev, E_F, COLUMNS, spin=True, spin_axis=axis)
        assert resolved.shape == (2, 2, len(COLUMNS))
        assert np.abs(resolved.sum(axis=1) - total).max() < 1e-13 * np.abs(total).max()
        assert np.abs(resolved[:, 0] - resolved[:, 1]).max() > 1e-3 * np.abs(total).max()


def test_spin_resolved_emissivity_into_a_half_metallic_lead():
    """A right lead with exchange J = 4 along z has at E_F = 2.3 open channels of spin
    down only (the lowest transverse level plus J/2 lies above E_F): nothing of spin up
    reaches it, and its spin-down part is its whole emissivity."""
    dev = device(right=SquareLead(NY, J=4.0, m=(0, 0, 1))).with_gates({1: 0.3, 4: -0.2})
    total = emissivity(dev, E_F, COLUMNS)
    resolved = emissivity(dev, E_F, COLUMNS, spin=True)
    right = dev.lead_names.index("right")
    assert np.all(resolved[right, 0] == 0.0)
    assert np.abs(resolved[right, 1] - total[right]).max() < 1e-13 * np.abs(total).max()
    assert np.abs(resolved.sum(axis=1) - total).max() < 1e-13 * np.abs(total).max()
    assert resolved[1 - right].min() > 1e-3 * np.abs(total).max()


@pytest.mark.parametrize("J, polarised", [(4.0, True), (2.0, False)])
def test_pumped_current_into_the_lead_is_spin_polarised_where_one_band_is_closed(J, polarised):
    """Seed Fig. 4b: with the skyrmion, only spin-down electrons are pumped at E = 1.9.

    With (J/2) sigma.m the spin along m has its band above J/2 - the lowest
    transverse level; at J = 4 that is above 1.9, so the spin along m = +z
    that surrounds the skyrmion cannot reach the right lead (it decays over
    the 12 columns between the skyrmion and the lead). At J = 2 both spins
    conduct.
    """
    nx, ny = 30, 6
    dev = (
        SquareLattice(nx, ny, J=J, m=neel_skyrmion(nx, ny, 1.5))
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    gates = GatePump((1, 5), (0.8, 0.8), 1.0, (0.0, 0.5 * np.pi))
    current = pumped_current(dev, 1.9, gates, np.linspace(0.2, 6.0, 7), lead="right", spin=True)
    up, down = np.abs(current[:, 0]).max(), np.abs(current[:, 1]).max()
    assert down > 1e-3
    assert bool(up < 1e-4 * down) is polarised


@pytest.mark.parametrize("axis", [(0, 0, 0), (1, 0), (np.nan, 0, 1)])
def test_spin_axis_must_be_a_non_zero_vector(axis):
    with pytest.raises(ValueError, match="spin_axis must be a non-zero 3-vector"):
        emissivity(device(), E_F, COLUMNS, spin=True, spin_axis=axis)

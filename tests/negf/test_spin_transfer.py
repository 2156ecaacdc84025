r"""The spin density that a bias drives through a texture exerts the spin-transfer torque.

A bias :math:`\delta\mu` between the leads (:math:`\mu_{L,R} = E \pm \delta\mu/2`)
changes the spin density by
:math:`\delta\mathbf s = \tfrac{\delta\mu}{2}(\mathbf s_L - \mathbf s_R)`, with
:math:`\mathbf s_\alpha` the spin density per unit energy that lead α injects
(:func:`~weylmag.negf.injected_density`). Through the s-d exchange
:math:`J\mathbf s\cdot\mathbf m` the moments turn the electrons' spin at
the rate :math:`J\,\mathbf m_i\times\delta\mathbf s_i`, and the same
expression turns m (seed Eq. 39, one :math:`\hbar` per moment, its angular
momentum along :math:`-\mathbf m`): what the electrons gain, the moments
lose.

* **Conservation.** Without spin-orbit coupling the spin of the electrons
  changes only through that torque, and in leads magnetised along
  :math:`\pm z` its z component flows undisturbed (and none flows without
  the bias), so the torque on the electrons of the whole device is the z
  spin flowing out into the right lead minus the z spin flowing in from
  the left,
  :math:`\tfrac{\delta\mu}{2\pi}\sum_\sigma\tfrac{\sigma}{2}
  (T^\sigma_{R\leftarrow L} - T^\sigma_{L\leftarrow R})`, for any texture.
* **Adiabatic limit (seed Sec. IV D, Eq. 35).** Across a wall that turns m
  slowly along x, the electrons' spins follow m: those anti-parallel to m
  (the lower band of :math:`(J/2)\boldsymbol\sigma\cdot\mathbf m`) carry
  :math:`-\mathbf m/2`, the others :math:`+\mathbf m/2`, and the torque on
  the electrons of a column is the divergence of that spin current,
  :math:`-j_s\,\partial_x\mathbf m` with
  :math:`j_s = \tfrac{\delta\mu}{2\pi}\,\tfrac12(T_{\rm anti} - T_{\rm par})`:
  the adiabatic spin-transfer torque of the Zhang-Li form, with no
  non-adiabatic (:math:`\mathbf m\times\partial_x\mathbf m`) part for a
  ballistic wall. The difference falls as the square of the wall length.
* **Pumped (seed Sec. V).** Gates upstream of a wall pump electrons through
  it without a bias. Averaged over a period, the first-order pumped spin
  density (:class:`~weylmag.negf.AdiabaticPump`) exerts the same adiabatic
  torque, with :math:`j_s` from the spin-resolved pumped current into the
  right lead (the charge that piles up in the device and flows back
  averages out). Its component along :math:`\mathbf m\times\partial_x\mathbf m`
  has no net part and falls as 1/length against the adiabatic torque.
"""

import numpy as np
import pytest

from weylmag.negf import (
    AdiabaticPump,
    GatePump,
    SquareLattice,
    SquareLead,
    injected_density,
    pumped_current,
    transmission,
)

J = 2.0


def device(m, left=(0, 0, 1), right=(0, 0, -1)):
    """The texture m (nx, ny, 3) between leads with exchange J along ``left``, ``right``."""
    ny = m.shape[1]
    return (
        SquareLattice(m.shape[0], ny, J=J, m=m)
        .attach_lead(SquareLead(ny, J=J, m=left), side="left")
        .attach_lead(SquareLead(ny, J=J, m=right), side="right")
        .finalized()
    )


def bias_torque(dev, m, energy):
    """J m x ds per site for a unit bias, (nx, ny, 3)."""
    s = injected_density(dev, energy)[0, ..., 1:]  # (lead, nx, ny, 3)
    left, right = (dev.lead_names.index(name) for name in ("left", "right"))
    return J * np.cross(m, 0.5 * (s[left] - s[right]))


def spin_transmissions(dev, energy, lead_out, lead_in):
    """Transmissions into ``lead_out`` of spin along and against z, (2,)."""
    t = transmission(dev, energy, lead_out=lead_out, lead_in=lead_in, spin=True)
    return np.asarray(t).reshape(2, 2).sum(axis=-1)


def column_derivative(m):
    """Central differences of the texture of the first row along x, (nx, 3)."""
    column = m[:, 0]
    out = np.zeros_like(column)
    out[1:-1] = 0.5 * (column[2:] - column[:-2])
    return out


def wall(length, ny, pad=10):
    """m from +z to -z in the x-z plane over ``length`` columns, uniform domains of ``pad``.

    theta = pi (u - sin(2 pi u) / (2 pi)) reaches the domains with zero slope,
    so that the leads continue them.
    """
    u = np.clip((np.arange(length + 2 * pad) - pad) / length, 0.0, 1.0)
    theta = np.pi * (u - np.sin(2 * np.pi * u) / (2 * np.pi))
    m = np.zeros((len(u), ny, 3))
    m[..., 0] = np.sin(theta)[:, None]
    m[..., 2] = np.cos(theta)[:, None]
    return m


@pytest.mark.parametrize("energy", [1.5, 2.5, 3.3, 4.7, 6.0])
def test_torque_on_the_device_is_the_z_spin_current_through_it(energy):
    rng = np.random.default_rng(7)
    m = rng.standard_normal((12, 4, 3))
    m /= np.linalg.norm(m, axis=-1, keepdims=True)
    dev = device(m)
    torque = bias_torque(dev, m, energy).sum(axis=(0, 1))
    out = spin_transmissions(dev, energy, "right", "left")
    back = spin_transmissions(dev, energy, "left", "right")
    flux = 0.5 * ((out[0] - out[1]) - (back[0] - back[1])) / (2 * np.pi)
    assert abs(torque[2] - flux) < 1e-12
    assert np.abs(torque).max() > 1e-3  # the texture takes up spin


@pytest.mark.parametrize(
    "ny, energy",
    [
        (1, 2.0),  # only the band anti-parallel to m is open
        (3, 3.2),  # 3 channels anti-parallel, 2 parallel
        (3, 4.5),  # 2 anti-parallel, 3 parallel: j_s changes sign
    ],
)
def test_smooth_wall_gives_the_adiabatic_spin_transfer_torque(ny, energy):
    errors, betas = [], []
    for length in (32, 64, 128):
        m = wall(length, ny)
        dev = device(m)
        torque = bias_torque(dev, m, energy).sum(axis=1)  # per column
        # the right lead is magnetised along -z: spin along z is anti-parallel there
        anti, par = spin_transmissions(dev, energy, "right", "left")
        j_s = 0.5 * (anti - par) / (2 * np.pi)
        column, dm = m[:, 0], column_derivative(m)
        adiabatic = -j_s * dm
        errors.append(np.abs(torque - adiabatic).max() / np.abs(adiabatic).max())
        # the part along m x d_x m, as a fraction of the adiabatic torque
        perp = np.cross(column, dm)
        betas.append(np.einsum("xc,xc->", torque, perp) / (j_s * np.einsum("xc,xc->", dm, dm)))
    assert abs(abs(anti - par) - 1) < 1e-6  # one channel more of one spin: |j_s| = 1 / 4 pi
    assert errors[-1] < 1e-3
    # second order in 1 / length
    assert errors[0] / errors[1] > 3.5 and errors[1] / errors[2] > 3.5
    # the net non-adiabatic part is small and falls faster than the adiabatic error
    assert abs(betas[2]) < 1e-8 and abs(betas[2]) < 0.1 * abs(betas[1])


@pytest.mark.parametrize("ny, energy", [(1, 2.0), (3, 3.2)])
def test_pumped_spin_current_exerts_the_adiabatic_torque_on_a_wall(ny, energy):
    # gates on columns 2 and 6 of the +z domain, raised by 0.4 so that the layer
    # binds no state at any time (one emerging at the threshold would make the
    # first-order density jump in time)
    pump = GatePump((2, 6), (0.3, 0.3), 1.0, (0.0, 0.5 * np.pi))
    times = pump.period * np.arange(12) / 12
    along, across, net = [], [], []
    for length in (32, 64, 128):
        m = wall(length, ny, pad=12)
        dev = device(m).with_gates({2: 0.4, 6: 0.4})
        pumped = AdiabaticPump(dev, energy, pump, rtol=1e-8)
        spin = np.mean([pumped.evaluate(t).spin for t in times], axis=0)
        torque = (J * np.cross(m, spin)).sum(axis=1)  # per column, (nx, 3)
        anti, par = pumped_current(dev, energy, pump, times, lead="right", spin=True).mean(axis=0)
        j_s = 0.5 * (anti - par)
        column, dm = m[:, 0], column_derivative(m)
        adiabatic = -j_s * dm
        scale = np.abs(adiabatic).max()
        unit = dm / np.maximum(np.linalg.norm(dm, axis=-1, keepdims=True), 1e-300)
        difference = torque - adiabatic
        along.append(np.abs(np.einsum("xc,xc->x", difference, unit)).max() / scale)
        normal = np.einsum("xc,xc->x", difference, np.cross(column, unit))
        across.append(np.abs(normal).max() / scale)
        net.append(abs(normal.sum()) / np.abs(adiabatic).sum())
    assert abs(j_s) > 1e-3
    # second order in 1 / length along d_x m, first order across it
    assert along[-1] < 0.02 and along[0] / along[1] > 3 and along[1] / along[2] > 3
    assert across[0] / across[1] > 1.8 and across[1] / across[2] > 1.8
    assert net[-1] < 1e-4 and net[-1] < 0.1 * net[0]

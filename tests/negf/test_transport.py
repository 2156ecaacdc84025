"""Transmission and scattering matrix: clean lattice, exchange-split bands, symmetries."""

import numpy as np
import pytest
from negf_reference import neel_skyrmion

from weylmag.negf import (
    SparseLUSolver,
    SquareLattice,
    SquareLead,
    WideBandLead,
    scattering_matrix,
    transmission,
)


def two_terminal(nx, ny, **kwargs):
    return (
        SquareLattice(nx, ny, **kwargs)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )


def test_clean_lattice_transmits_every_open_channel():
    nx, ny = 7, 6
    dev = two_terminal(nx, ny)
    lead = SquareLead(ny)
    thresholds = lead.thresholds()
    e = np.linspace(0.02, 7.98, 200)
    e = e[np.min(np.abs(e[:, None] - thresholds), axis=1) > 1e-2][::3][:40]
    assert len(e) == 40
    open_channels = 2 * np.sum(np.abs(e[:, None] - lead.mode_energies) < 2, axis=1)
    t = transmission(dev, e)
    assert np.abs(t - open_channels).max() < 1e-8
    for energy, n in zip(e, open_channels):
        s = scattering_matrix(dev, energy)
        assert s.matrix.shape == (2 * n, 2 * n)
        assert s.unitarity_error() < 1e-10
        assert abs(s.transmission("right", "left") - n) < 1e-8


def test_exchange_windows_conduct_one_spin():
    """J = 2 along z: spin bands [J/2, 8 + J/2] (up) and [-J/2, 8 - J/2] (down).

    The leads (W = 5) conduct from 2 - 2 cos(pi/6) = 0.27 to 7.73.
    """
    dev = two_terminal(30, 5, J=2.0)
    low = np.linspace(0.32, 0.92, 9)  # only spin down exists in the device
    high = 8 - low  # only spin up
    t_low = transmission(dev, low, spin=True)
    t_high = transmission(dev, high, spin=True)
    assert t_low[:, 0, 0].max() < 1e-6 and t_low[:, 1, 1].min() > 0.1
    assert t_high[:, 1, 1].max() < 1e-6 and t_high[:, 0, 0].min() > 0.1
    for t in (t_low, t_high):  # the spin along z is conserved
        assert np.abs(t[:, 0, 1]).max() < 1e-14 and np.abs(t[:, 1, 0]).max() < 1e-14
    total = transmission(dev, low)
    assert np.abs(total - t_low.sum(axis=(1, 2))).max() < 1e-12


def test_particle_hole_symmetry():
    """Sublattice sign and spin flip map H - 4 to -(H - 4): T(E) = T(8 - E), spins exchanged."""
    dev = two_terminal(9, 5, J=1.3, gates={3: 0.0})
    e = np.linspace(0.13, 3.91, 20)
    t, t_mirror = transmission(dev, e, spin=True), transmission(dev, 8 - e, spin=True)
    assert np.abs(t - t_mirror[:, ::-1, ::-1]).max() < 1e-10
    assert np.abs(t[:, 0, 0] - t[:, 1, 1]).max() > 1e-2


def test_texture_scattering_matrix_and_conservation():
    dev = two_terminal(6, 6, J=2.0, m=neel_skyrmion(6, 6, 1.5), t_so=0.2)
    for e in (0.4, 1.9, 5.3):
        s = scattering_matrix(dev, e)
        assert s.unitarity_error() < 1e-10
        n_left = s.slices["left"].stop - s.slices["left"].start
        assert (
            abs(
                s.transmission("right", "left")
                + s.transmission("left", "left")
                - n_left
            )
            < 1e-10
        )
        assert abs(s.transmission("right", "left") - transmission(dev, e)) < 1e-10


def test_three_terminal_device():
    dev = (
        SquareLattice(5, 4, J=0.9, m=(1, 0, 0), t_so=0.3)
        .attach_lead(side="left")
        .attach_lead(side="right", span=(1, 4))
        .attach_lead(WideBandLead(2, gamma=0.8), side="top", span=(1, 3))
        .finalized()
    )
    assert dev.lead_names == ("left", "right", "top")
    s = scattering_matrix(dev, 2.3, solver=SparseLUSolver())
    assert s.unitarity_error() < 1e-10
    # lead right (W = 3): modes 4 - 2 cos(n pi / 4) = 2.59, 4.00, 5.41; two open at E = 2.3
    assert s.slices["right"] == slice(4, 8)
    into_right = sum(s.transmission("right", name) for name in dev.lead_names)
    assert abs(into_right - 4) < 1e-10
    assert (
        abs(
            s.transmission("top", "left")
            - transmission(dev, 2.3, lead_out="top", lead_in="left")
        )
        < 1e-10
    )
    with pytest.raises(ValueError, match="same lead"):
        transmission(dev, 2.3, lead_out="left", lead_in="left")
    with pytest.raises(KeyError, match="no lead"):
        transmission(dev, 2.3, lead_out="bottom")

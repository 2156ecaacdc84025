"""The builder: parameters per site, leads on edges, errors that name the right call."""

import discretisedfield as df
import numpy as np
import pytest

from weylmag.negf import (
    SquareLattice,
    SquareLead,
    WideBandLead,
    magnetisation_from_field,
)


def test_per_site_parameters_and_callables():
    def m(x, y):
        return (np.sin(0.3 * x), 0.0, np.cos(0.3 * x))

    onsite = np.arange(12.0).reshape(4, 3)
    dev = (
        SquareLattice(4, 3, onsite=onsite, J=np.full((4, 3), 0.5), m=m)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    assert np.allclose(dev.m[2, 1], m(2, 1)) and np.allclose(dev.onsite, onsite)
    h = dev.hamiltonian().toarray()
    site = 2 * (2 * 3 + 1)
    block = h[site : site + 2, site : site + 2]
    expected = onsite[2, 1] * np.eye(2) + 0.25 * np.array(
        [[m(2, 1)[2], m(2, 1)[0]], [m(2, 1)[0], -m(2, 1)[2]]]
    )
    assert np.allclose(block, expected)
    assert repr(dev) == "Device(nx=4, ny=3, t=1.0, J=0.5, leads=['left', 'right'])"


def test_leads_and_names():
    builder = SquareLattice(5, 4)
    builder.attach_lead(side="left", span=(0, 2)).attach_lead(side="left", span=(2, 4))
    builder.attach_lead(SquareLead(5), side="bottom", name="drain")
    dev = builder.finalized()
    assert dev.lead_names == ("left", "left2", "drain")
    assert dev.lead("left2").orbitals.tolist() == [4, 5, 6, 7]
    assert dev.lead("drain").sites[:, 1].tolist() == [0] * 5
    assert dev.lead("drain").orbitals[2:4].tolist() == [8, 9]  # site (1, 0)
    with pytest.raises(ValueError, match="overlaps"):
        SquareLattice(5, 4).attach_lead(side="left").attach_lead(
            side="left", span=(1, 3)
        )
    with pytest.raises(ValueError, match="3 sites wide"):
        SquareLattice(5, 4).attach_lead(SquareLead(3), side="right")
    with pytest.raises(ValueError, match="side"):
        SquareLattice(5, 4).attach_lead(side="front")
    with pytest.raises(ValueError, match="attach_lead"):
        SquareLattice(5, 4).finalized()
    with pytest.raises(ValueError, match="already"):
        SquareLattice(5, 4).attach_lead(side="left", name="a").attach_lead(
            side="right", name="a"
        )
    with pytest.raises(ValueError, match="broadcast"):
        SquareLattice(5, 4, m=np.ones((4, 5, 3))).attach_lead(side="left").finalized()
    with pytest.raises(ValueError, match="gate columns"):
        SquareLattice(5, 4, gates={7: 1.0}).attach_lead(side="left").finalized()
    with pytest.raises(TypeError, match="Lead"):
        SquareLattice(5, 4).attach_lead("lead")
    assert WideBandLead(4, 1.0).band == (-np.inf, np.inf)


def test_magnetisation_from_a_field():
    mesh = df.Mesh(p1=(0, 0, 0), p2=(30e-9, 20e-9, 2e-9), cell=(5e-9, 5e-9, 1e-9))
    field = df.Field(
        mesh,
        nvdim=3,
        norm=8e5,
        value=lambda p: (1, 0, 0) if p[0] < 15e-9 else (0, 1, 1),
    )
    m = magnetisation_from_field(field, layer=1)
    assert m.shape == (6, 4, 3)
    assert np.allclose(m[0, 0], (1, 0, 0)) and np.allclose(
        m[5, 3], (0, 2**-0.5, 2**-0.5)
    )
    dev = (
        SquareLattice(6, 4, J=1.0, m=m)
        .attach_lead(side="left")
        .attach_lead(side="right")
        .finalized()
    )
    assert np.allclose(np.linalg.norm(dev.m, axis=-1), 1)

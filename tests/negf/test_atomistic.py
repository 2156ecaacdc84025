r"""The atomistic energy of seed Eq. 38 on the lattice against weylmag's continuum energy.

One cell (a, a, a) per site, one layer, open boundaries: the energies of
weylmag's compiled terms (``wm.Problem``) equal the lattice sums term by
term, exchange up to the constant :math:`-J_{\rm ex}N_{\rm bonds}`.
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest
from negf_reference import neel_skyrmion

import weylmag as wm
from weylmag.negf.atomistic import (
    bond_count,
    continuum_energy,
    continuum_parameters,
    lattice_energy,
)

A_LAT = 0.5e-9
MEV = 1.602176634e-22
PARAMS = {
    "J_ex": MEV,
    "D": 0.2 * MEV,
    "K": 0.07 * MEV,
    "mu": 3 * 9.2740100783e-24,
    "B": (0.3, -0.2, 0.5),
}
NAMES = {
    "exchange": "exchange",
    "dmi": "dmi",
    "anisotropy": "uniaxialanisotropy",
    "zeeman": "zeeman",
}


def weylmag_energies(m, dmi):
    nx, ny, _ = m.shape
    p = continuum_parameters(**PARAMS, a=A_LAT, dmi=dmi)
    mesh = df.Mesh(p1=(0, 0, 0), p2=(nx * A_LAT, ny * A_LAT, A_LAT), n=(nx, ny, 1))
    field = df.Field(mesh, nvdim=3, value=m[:, :, None, :] * p["Ms"])
    system = mm.System(name="atomistic")
    system.energy = continuum_energy(**PARAMS, a=A_LAT, dmi=dmi)
    system.m = field
    problem = wm.Problem(system)
    return problem.energies(problem.m0, 0.0)


def random_texture(rng, nx, ny):
    m = rng.normal(size=(nx, ny, 3))
    return m / np.linalg.norm(m, axis=-1, keepdims=True)


def check(m, dmi):
    lattice = lattice_energy(m, **PARAMS, dmi=dmi)
    continuum = weylmag_energies(m, dmi)
    nx, ny, _ = m.shape
    offset = {"exchange": PARAMS["J_ex"] * bond_count(nx, ny)}
    for term, name in NAMES.items():
        expected = lattice[term] + offset.get(term, 0.0)
        assert continuum[name] == pytest.approx(expected, rel=1e-10, abs=0.0), term
    total = sum(continuum.values()) - offset["exchange"]
    assert total == pytest.approx(sum(lattice.values()), rel=1e-10, abs=0.0)


@pytest.mark.parametrize("dmi", ["bulk", "interfacial"])
def test_random_textures(dmi):
    rng = np.random.default_rng(7)
    for shape in [(5, 4), (3, 7), (1, 6)]:
        check(random_texture(rng, *shape), dmi)


def rotate_in_plane(m, angle):
    c, s = np.cos(angle), np.sin(angle)
    return m @ np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]]).T


@pytest.mark.parametrize("dmi, angle", [("bulk", 0.5 * np.pi), ("interfacial", np.pi)])
def test_skyrmion(dmi, angle):
    """A skyrmion of the chirality that the DMI form favours (D > 0)."""
    check(rotate_in_plane(neel_skyrmion(12, 10, 3.0), angle), dmi)


def test_dmi_forms_select_the_chirality():
    """Bulk DMI (Eq. 38 as printed) acts on Bloch, interfacial DMI on Néel skyrmions.

    A Néel texture has no bulk DMI energy and a Bloch texture (the Néel one
    rotated by 90 degrees about z) no interfacial DMI energy; reversing the
    in-plane components reverses the chirality and the sign of the DMI
    energy. With D > 0 (m_z = -1 at the centre) interfacial DMI favours the
    Néel skyrmion whose in-plane spins point to the centre, bulk DMI the
    Bloch skyrmion whose in-plane spins circle anticlockwise (+phi).
    """
    neel = neel_skyrmion(15, 15, 4.0)
    bloch = rotate_in_plane(neel, 0.5 * np.pi)
    args = {"J_ex": 0.0, "D": 1.0, "K": 0.0}

    def dmi_energy(m, form):
        return lattice_energy(m, **args, dmi=form)["dmi"]

    assert abs(dmi_energy(neel, "bulk")) < 1e-12
    assert abs(dmi_energy(bloch, "interfacial")) < 1e-12
    inward = rotate_in_plane(neel, np.pi)
    assert dmi_energy(inward, "interfacial") == pytest.approx(
        -dmi_energy(neel, "interfacial"), rel=1e-13
    )
    assert dmi_energy(inward, "interfacial") < -50.0
    assert dmi_energy(bloch, "bulk") < -50.0
    assert dmi_energy(rotate_in_plane(neel, -0.5 * np.pi), "bulk") > 50.0
    # the continuum map keeps the sign of D
    assert continuum_parameters(1.0, -2.0, 0.0, 1.0, 1.0)["D"] == -2.0


def test_errors():
    with pytest.raises(ValueError, match="dmi must be"):
        lattice_energy(np.zeros((2, 2, 3)), 1.0, 0.1, 0.0, dmi="Cnv")
    with pytest.raises(ValueError, match="shape"):
        lattice_energy(np.zeros((2, 3)), 1.0, 0.1, 0.0)
    with pytest.raises(ValueError, match="mu must be"):
        continuum_parameters(1.0, 0.1, 0.0, 0.0, 1e-9)

"""Preset files declare ``mm.CubicAnisotropy``, ``wm.FieldInducedDMI`` and
``mm.Slonczewski``: a file builds the same ``mm.System`` as the Python that
declares the same terms, and a bad value stops ``weylmag run`` with exit
status 2 and one line naming the line and the field."""

import numbers

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
import weylmag.meshes
from weylmag.cli import main

from .test_errors import line_of

TERMS = """
[mesh]
p1 = [0, 0, 0]
p2 = [40e-9, 20e-9, 5e-9]
cell = [5e-9, 5e-9, 5e-9]

[mesh.regions.gate]
p1 = [0, 0, 0]
p2 = [20e-9, 20e-9, 5e-9]

[material]
Ms = 8e5
A = 1.3e-11
alpha = 0.5

[initial]
kind = "uniform"
direction = [1, 0.2, 0.3]

[energy]
exchange = {}
cubic_anisotropy = { K = 4e4, u1 = [1, 1, 0], u2 = [-1, 1, 0] }

[energy.field_induced_dmi]
symmetry = "interfacial"
xi = 1e-11
E = { gate = [0, 0, 2e8], default = [0, 0, -1e8] }
normal = [0, 0, 1]

[dynamics]
precession = {}
damping = {}
slonczewski = { J = 5e11, mp = [0, 0, 1], P = 0.4, Lambda = 2, eps_prime = 0.1 }

[[drive]]
kind = "time"
t = 5e-12
n = 3
"""


def python_system():
    """What TERMS declares, written in Python."""
    gate = df.Region(p1=(0, 0, 0), p2=(20e-9, 20e-9, 5e-9))
    mesh = df.Mesh(p1=(0, 0, 0), p2=(40e-9, 20e-9, 5e-9), cell=(5e-9, 5e-9, 5e-9),
                   subregions={"gate": gate})
    system = mm.System(name="terms")
    system.energy = (
        mm.Exchange(A=1.3e-11)
        + mm.CubicAnisotropy(K=4e4, u1=(1, 1, 0), u2=(-1, 1, 0))
        + wm.FieldInducedDMI.interfacial(
            xi=1e-11, E={"gate": (0, 0, 2e8), "default": (0, 0, -1e8)},
            normal=(0, 0, 1))
    )
    system.dynamics = (
        mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.5)
        + mm.Slonczewski(J=5e11, mp=(0, 0, 1), P=0.4, Lambda=2, eps_prime=0.1)
    )
    system.m = df.Field(mesh, nvdim=3, value=(1, 0.2, 0.3), norm=8e5)
    return system


def assert_same(a, b, where):
    """Equal parameter values: numbers and arrays by value, tables key by key."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), where
        for key in a:
            assert_same(a[key], b[key], f"{where}[{key!r}]")
    elif isinstance(a, (numbers.Real, tuple, list, np.ndarray)):
        np.testing.assert_array_equal(np.asarray(a, dtype=float),
                                      np.asarray(b, dtype=float), err_msg=where)
    else:
        assert a == b, where


def assert_same_terms(container, expected):
    assert [type(t) for t in container] == [type(t) for t in expected]
    for term, other in zip(container, expected):
        values, others = dict(term), dict(other)
        assert values.keys() == others.keys(), term
        for key in values:
            assert_same(values[key], others[key], f"{type(term).__name__}.{key}")


def test_a_file_builds_the_python_system():
    system = weylmag.meshes.Preset(TERMS, "terms", "terms.toml").system()
    expected = python_system()
    assert_same_terms(system.energy, expected.energy)
    assert_same_terms(system.dynamics, expected.dynamics)
    assert system.m.mesh == expected.m.mesh
    assert system.m.allclose(expected.m)


def test_the_file_and_the_python_run_alike(tmp_path):
    preset = weylmag.meshes.Preset(TERMS, "terms", "terms.toml")
    system = preset.drive(dirname=tmp_path / "file", verbose=0)
    expected = python_system()
    wm.TimeDriver().drive(expected, t=5e-12, n=3, dirname=str(tmp_path / "python"),
                          verbose=0)
    columns = ["t", "mx", "my", "mz", "E", "E_cubicanisotropy", "E_fieldinduceddmi"]
    np.testing.assert_array_equal(system.table.data[columns].to_numpy(),
                                  expected.table.data[columns].to_numpy())
    # the terms act: the spin torque and the anisotropy turn m within 5 ps
    start = np.array([1, 0.2, 0.3]) / np.linalg.norm([1, 0.2, 0.3])
    assert np.abs(system.m.orientation.mean() - start).max() > 1e-3


#: The symmetries of wm.FieldInducedDMI a file names, and the Python call.
SYMMETRIES = {
    "interfacial": ('symmetry = "interfacial"\nxi = 2e-11\nnormal = [1, 0, 0]',
                    lambda E: wm.FieldInducedDMI.interfacial(
                        xi=2e-11, E=E, normal=(1, 0, 0))),
    "in_plane": ('symmetry = "in_plane"\nxi = -1e-11',
                 lambda E: wm.FieldInducedDMI.in_plane(xi=-1e-11, E=E)),
    "bulk": ('symmetry = "bulk"\nxi = 3e-11\naxis = [0, 1, 1]\n'
             'D0 = [[1e-3, 0, 0], [0, 1e-3, 0], [0, 0, 1e-3]]',
             lambda E: wm.FieldInducedDMI.bulk(xi=3e-11, E=E, axis=(0, 1, 1),
                                               D0=1e-3 * np.eye(3))),
    "isotropic": ('symmetry = "isotropic"\nxi = 1e-11',
                  lambda E: wm.FieldInducedDMI.isotropic(xi=1e-11, E=E)),
    "kappa": ("kappa = [[[0, 0, 1e-11], [0, 0, 0], [0, 0, 0]],\n"
              "         [[0, 0, 0], [0, 0, 2e-11], [0, 0, 0]],\n"
              "         [[0, 0, 0], [0, 0, 0], [3e-11, 0, 0]]]\n"
              "D0 = [[0, 1e-3, 0], [-1e-3, 0, 0], [0, 0, 0]]",
              lambda E: wm.FieldInducedDMI(
                  kappa=np.array([[[0, 0, 1e-11], [0, 0, 0], [0, 0, 0]],
                                  [[0, 0, 0], [0, 0, 2e-11], [0, 0, 0]],
                                  [[0, 0, 0], [0, 0, 0], [3e-11, 0, 0]]]),
                  E=E, D0=np.array([[0, 1e-3, 0], [-1e-3, 0, 0], [0, 0, 0]]))),
}


@pytest.mark.parametrize("keys, build", SYMMETRIES.values(), ids=SYMMETRIES.keys())
def test_each_field_induced_dmi_form_builds_the_python_term(keys, build):
    old = ('symmetry = "interfacial"\nxi = 1e-11\n'
           'E = { gate = [0, 0, 2e8], default = [0, 0, -1e8] }\nnormal = [0, 0, 1]\n')
    assert old in TERMS
    text = TERMS.replace(old, f"{keys}\nE = [1e8, 0, 2e8]\n")
    system = weylmag.meshes.Preset(text, "terms", "terms.toml").system()
    (term,) = [t for t in system.energy if isinstance(t, wm.FieldInducedDMI)]
    assert_same_terms([term], [build((1e8, 0, 2e8))])


def broken(old, new):
    assert old in TERMS
    return TERMS.replace(old, new, 1)


ZERO = "[" + ", ".join(["[[0, 0, 0], [0, 0, 0], [0, 0, 0]]"] * 3) + "]"
CUBIC = "cubic_anisotropy = { K = 4e4, u1 = [1, 1, 0], u2 = [-1, 1, 0] }"
SLONCZEWSKI = ("slonczewski = { J = 5e11, mp = [0, 0, 1], P = 0.4, Lambda = 2, "
               "eps_prime = 0.1 }")

#: A broken file, the line the error must name, and the message.
BROKEN = {
    "cubic K": (broken("K = 4e4", 'K = "big"'), CUBIC.replace("4e4", '"big"'),
                "energy.cubic_anisotropy.K must be a number (J/m^3); got 'big'"),
    "cubic parallel axes": (
        broken("u2 = [-1, 1, 0]", "u2 = [-2, -2, 0]"),
        CUBIC.replace("[-1, 1, 0]", "[-2, -2, 0]"),
        "energy.cubic_anisotropy.u2 must not be parallel to u1; got u1 = [1, 1, 0], "
        "u2 = [-2, -2, 0]"),
    "cubic zero axis": (broken("u1 = [1, 1, 0]", "u1 = [0, 0, 0]"),
                        CUBIC.replace("[1, 1, 0]", "[0, 0, 0]"),
                        "energy.cubic_anisotropy.u1 must be a nonzero direction; "
                        "got [0, 0, 0]"),
    "cubic missing axis": (broken(", u2 = [-1, 1, 0]", ""),
                           CUBIC.replace(", u2 = [-1, 1, 0]", ""),
                           "energy.cubic_anisotropy needs u2; set it in "
                           "energy.cubic_anisotropy"),
    "cubic K from material": (broken("K = 4e4, ", ""), CUBIC.replace("K = 4e4, ", ""),
                              "energy.cubic_anisotropy needs K; set it in material"),
    "slonczewski P": (broken("P = 0.4", "P = 0"), SLONCZEWSKI.replace("0.4", "0"),
                      "dynamics.slonczewski.P must be a positive number; got 0"),
    "slonczewski Lambda": (broken("Lambda = 2", "Lambda = -2"),
                           SLONCZEWSKI.replace("= 2,", "= -2,"),
                           "dynamics.slonczewski.Lambda must be a positive number; "
                           "got -2"),
    "slonczewski mp": (broken("mp = [0, 0, 1]", "mp = [0, 1]"),
                       SLONCZEWSKI.replace("[0, 0, 1]", "[0, 1]"),
                       "dynamics.slonczewski.mp must be three numbers; got [0, 1]"),
    "slonczewski J": (broken("J = 5e11", "J = { drain = 5e11 }"),
                      SLONCZEWSKI.replace("5e11", "{ drain = 5e11 }"),
                      "dynamics.slonczewski.J: no region 'drain'; the regions are "
                      "default, gate"),
    "slonczewski missing J": (broken("J = 5e11, ", ""),
                              SLONCZEWSKI.replace("J = 5e11, ", ""),
                              "dynamics.slonczewski needs J; set it in "
                              "dynamics.slonczewski"),
    "slonczewski unknown key": (broken("eps_prime", "epsilon"),
                                SLONCZEWSKI.replace("eps_prime", "epsilon"),
                                "unknown key dynamics.slonczewski.epsilon; "
                                "dynamics.slonczewski takes J, Lambda, P, eps_prime, "
                                "mp"),
    "dmi symmetry": (broken('"interfacial"', '"polar"'), 'symmetry = "polar"',
                     "energy.field_induced_dmi.symmetry must be one of 'interfacial', "
                     "'in_plane', 'bulk', 'isotropic'; got 'polar'"),
    "dmi xi": (broken("xi = 1e-11", "xi = [1e-11]"), "xi = [1e-11]",
               "energy.field_induced_dmi.xi must be a number (C/m); got [1e-11]"),
    "dmi missing xi": (broken("xi = 1e-11\n", ""), "[energy.field_induced_dmi]",
                       "energy.field_induced_dmi needs xi (C/m) with symmetry = "
                       "'interfacial'"),
    "dmi missing E": (broken("E = { gate = [0, 0, 2e8], default = [0, 0, -1e8] }\n",
                             ""), "[energy.field_induced_dmi]",
                      "energy.field_induced_dmi needs E; set it in "
                      "energy.field_induced_dmi"),
    "dmi E length": (broken("default = [0, 0, -1e8]", "default = [0, -1e8]"),
                     "E = { gate = [0, 0, 2e8], default = [0, -1e8] }",
                     "energy.field_induced_dmi.E.default must be three numbers (V/m); "
                     "got [0, -1e+08]"),
    "dmi E region": (broken("gate = [0, 0, 2e8]", "gates = [0, 0, 2e8]"),
                     "E = { gates = [0, 0, 2e8], default = [0, 0, -1e8] }",
                     "energy.field_induced_dmi.E: no region 'gates'; the regions are "
                     "default, gate"),
    "dmi wrong direction key": (broken("normal = [0, 0, 1]", "axis = [0, 0, 1]"),
                                "axis = [0, 0, 1]",
                                "energy.field_induced_dmi.axis does not apply to "
                                "symmetry = 'interfacial'; it takes normal"),
    "dmi kappa and symmetry": (broken("xi = 1e-11", f"xi = 1e-11\nkappa = {ZERO}"),
                               "[energy.field_induced_dmi]",
                               "energy.field_induced_dmi needs symmetry (with xi, C/m) "
                               "or kappa (a 3 x 3 x 3 array, C/m), not both"),
    "dmi kappa shape": (broken('symmetry = "interfacial"\nxi = 1e-11\n',
                               "kappa = [[0, 0, 1e-11], [0, 0, 0], [0, 0, 0]]\n"
                               ).replace("normal = [0, 0, 1]\n", ""),
                        "kappa = [[0, 0, 1e-11], [0, 0, 0], [0, 0, 0]]",
                        "energy.field_induced_dmi.kappa must be a 3 x 3 x 3 array of "
                        "numbers (C/m); got [[0, 0, 1e-11], [0, 0, 0], [0, 0, 0]]"),
    "dmi D0 shape": (broken("normal = [0, 0, 1]", "D0 = [1e-3, 0, 0]"),
                     "D0 = [1e-3, 0, 0]",
                     "energy.field_induced_dmi.D0 must be a 3 x 3 array of numbers "
                     "(J/m^2); got [0.001, 0, 0]"),
}


@pytest.mark.parametrize("text, fragment, message", BROKEN.values(), ids=BROKEN.keys())
def test_a_bad_term_value_gives_one_line_and_exit_2(tmp_path, capsys, text, fragment,
                                                    message):
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    assert main(["run", "bad.toml", "--short"]) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    line = line_of(text, fragment)
    assert lines[0] == f"weylmag run: error: bad.toml, line {line}: {message}"
    assert not any(tmp_path.glob("*/drive-*"))


def test_the_energy_terms_are_named_when_none_is_given(tmp_path, capsys):
    head, rest = TERMS.split("[energy]\n")
    text = head + "[energy]\n\n[dynamics]\n" + rest.split("[dynamics]\n")[1]
    (tmp_path / "bad.toml").write_text(text, encoding="utf-8")
    assert main(["run", "bad.toml"]) == 2
    err = capsys.readouterr().err
    assert ("energy needs at least one term (exchange, dmi, uniaxial_anisotropy, "
            "cubic_anisotropy, demag, zeeman, field_induced_dmi)") in err

"""Bad input gets a clear error naming the parameter; a failed drive loses nothing.

A failed drive must leave ``system.m`` exactly as it was and the drive
directory's ``info.json`` marked ``"success": false``.
"""

import json
import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm
from weylmag.parameters import ParameterError


def strip(name="errors", **energy):
    mesh = df.Mesh(p1=(0, 0, 0), p2=(10e-9, 2e-9, 2e-9), cell=(1e-9, 1e-9, 2e-9))
    system = mm.System(name=name)
    system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(H=(0, 0, 1e5))
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.1)
    system.m = df.Field(mesh, nvdim=3, value=(1, 0.2, 0.1), norm=8e5)
    return system


@pytest.mark.parametrize(
    "term, parameter",
    [
        (mm.Exchange(A=-1e-11), "A"),
        (mm.Exchange(A=math.nan), "A"),
        (mm.UniaxialAnisotropy(K=math.inf, u=(0, 0, 1)), "K1"),
        (mm.UniaxialAnisotropy(K=1e5, u=(0, 0, 0)), "u"),
        (mm.Zeeman(H=(0, math.nan, 0)), "H"),
        (mm.Exchange(A={"nowhere": 1e-11}), "A"),
    ],
)
def test_bad_parameter_is_named(term, parameter):
    """The error message names the offending parameter."""
    system = strip()
    system.energy = term
    with pytest.raises(ParameterError, match=repr(parameter)):
        wm.MinDriver().drive(system, verbose=0)


def test_negative_damping_is_rejected():
    system = strip()
    alpha = df.Field(system.m.mesh, nvdim=1, value=lambda p: -0.1 if p[0] < 5e-9 else 0.1)
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=alpha)
    with pytest.raises(ParameterError, match="'alpha'"):
        wm.TimeDriver().drive(system, t=1e-12, n=1, verbose=0)


def test_zero_magnetisation_is_rejected():
    system = strip()
    system.m = df.Field(system.m.mesh, nvdim=3, value=(0, 0, 0))
    with pytest.raises(ValueError, match="zero everywhere"):
        wm.MinDriver().drive(system, verbose=0)


def test_unknown_term_is_rejected():
    class Foreign(mm.energy.energyterm.EnergyTerm):
        _allowed_attributes = []
        _reprlatex = "w"

        def effective_field(self, m):
            raise NotImplementedError

    system = strip()
    system.energy += Foreign()
    with pytest.raises(TypeError, match="Foreign"):
        wm.MinDriver().drive(system, verbose=0)


@pytest.mark.parametrize("bc", ["xy", "xyz"])
def test_demag_refuses_more_than_one_periodic_axis(bc):
    system = strip()
    system.m = df.Field(
        df.Mesh(p1=(0, 0, 0), p2=(10e-9, 2e-9, 2e-9), cell=(1e-9, 1e-9, 2e-9), bc=bc),
        nvdim=3,
        value=(1, 0.2, 0.1),
        norm=8e5,
    )
    system.energy += mm.Demag()
    before = system.m.array.copy()
    with pytest.raises(ValueError, match="periodic boundary conditions along one axis"):
        wm.MinDriver().drive(system, verbose=0)
    np.testing.assert_array_equal(system.m.array, before)


@pytest.mark.parametrize("kwargs", [dict(t=0, n=1), dict(t=1e-12, n=0),
                                    dict(t=math.inf, n=1), dict(t=1e-12, n=1.5)])
def test_bad_time_arguments(kwargs):
    with pytest.raises(ValueError):
        wm.TimeDriver().drive(strip(), verbose=0, **kwargs)


def test_unknown_drive_keyword():
    with pytest.raises(TypeError, match="unknown keywords"):
        wm.TimeDriver().drive(strip(), t=1e-12, n=1, tmax=3, verbose=0)


def test_wrong_evolver_for_driver():
    with pytest.raises(TypeError, match="MinDriver"):
        wm.MinDriver(evolver=wm.RungeKuttaEvolver()).drive(strip(), verbose=0)
    with pytest.raises(TypeError, match="TimeDriver"):
        wm.TimeDriver(evolver=wm.CGEvolver()).drive(strip(), t=1e-12, n=1, verbose=0)


def test_unknown_method():
    with pytest.raises(ValueError, match="rk9"):
        wm.RungeKuttaEvolver(method="rk9")


def test_failed_drive_keeps_state_and_marks_directory():
    """An integration blow-up raises IntegrationError naming time and term."""
    system = strip(name="blowup")

    def explode(t):
        return math.nan if t > 2e-13 else 1.0

    system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(H=(0, 0, 1e5), func=explode, dt=1e-13,
                                                     name="pulse")
    before = system.m.array.copy()
    with pytest.raises(wm.IntegrationError, match="pulse") as info:
        wm.TimeDriver().drive(system, t=1e-12, n=2, verbose=0)
    assert "t = " in str(info.value)
    np.testing.assert_array_equal(system.m.array, before)
    with open("blowup/drive-0/info.json") as f:
        assert json.load(f)["success"] is False
    # The system is still usable: a later drive works and is numbered after it.
    system.energy = mm.Exchange(A=1e-11) + mm.Zeeman(H=(0, 0, 1e5))
    wm.TimeDriver().drive(system, t=1e-12, n=2, verbose=0)
    with open("blowup/drive-1/info.json") as f:
        assert json.load(f)["success"] is True
    assert not np.array_equal(system.m.array, before)


def test_finite_temperature_needs_thermal_evolver():
    system = strip()
    system.T = 10
    with pytest.raises(RuntimeError, match="thermal"):
        wm.TimeDriver(evolver=wm.RungeKuttaEvolver()).drive(system, t=1e-12, n=1, verbose=0)


def test_minimiser_iteration_limit_is_an_error():
    system = strip()
    md = wm.MinDriver(stage_iteration_limit=2, stopping_mxHxm=1e-9)
    before = system.m.array.copy()
    with pytest.raises(wm.IntegrationError, match="did not converge"):
        md.drive(system, verbose=0)
    np.testing.assert_array_equal(system.m.array, before)


def test_time_driver_rejects_output_step():
    """output_step belongs to MinDriver; TimeDriver says so instead of ignoring it."""
    with pytest.raises(ValueError, match="output_step"):
        wm.TimeDriver().drive(strip(), t=1e-12, n=1, output_step=True, verbose=0)

r"""A gate sets the period of a spin spiral through the field-induced DMI (seed 001, Ch. 3).

An open chain along x (1 nm cells, 600 nm, exchange A) with the interfacial
DMI induced by a gate field E along the normal z,
``FieldInducedDMI.interfacial(xi, E)``: :math:`D = \xi E_z` of class Cnv_z.
Relaxed from a 50 nm spiral, the chain settles on the Néel spiral of period
:math:`4\pi A/|D|`. On the chain the angle per cell :math:`\theta` minimises
:math:`A(2 - 2\cos\theta)/h^2 - D\sin\theta/h`, so
:math:`\tan\theta = Dh/2A`: the discrete period :math:`2\pi h/\arctan(Dh/2A)`
is 0.75 % longer than the continuum one at D = 3 mJ/m^2. The period is the
slope of the unwrapped angle of (m_x, m_z) away from the ends (and from the
edge of the gate).
"""

import math

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import pytest

import weylmag as wm

A = 1e-11
L = 600e-9
CELLS = 600
H = L / CELLS
XI = 1e-11  # C/m: D = xi E
MESH = df.Mesh(p1=(0, 0, 0), p2=(L, 1e-9, 1e-9), n=(CELLS, 1, 1))
X = (np.arange(CELLS) + 0.5) * H


def relaxed_angle(E):
    system = mm.System(name="gate_spiral")
    system.energy = mm.Exchange(A=A) + wm.FieldInducedDMI.interfacial(xi=XI, E=E)
    k0 = 2 * math.pi / 50e-9
    system.m = df.Field(MESH, nvdim=3, value=lambda p: (math.sin(k0 * p[0]), 0, math.cos(k0 * p[0])),
                        norm=8e5)
    wm.MinDriver().drive(system, verbose=0)
    m = system.m.orientation.array.reshape(-1, 3)
    return np.unwrap(np.arctan2(m[:, 0], m[:, 2]))


def period(angle, lo, hi):
    inside = (X > lo) & (X < hi)
    return 2 * math.pi / abs(np.polyfit(X[inside], angle[inside], 1)[0])


def discrete_period(D):
    return 2 * math.pi * H / math.atan(D * H / (2 * A))


def test_uniform_gate_sets_the_spiral_period():
    """4 pi A / |xi E| to 2 % (0.75 % here), and the chain's own period to 1e-3."""
    D = XI * 3e8
    p = period(relaxed_angle((0, 0, 3e8)), L / 4, 3 * L / 4)
    assert p == pytest.approx(4 * math.pi * A / D, rel=0.02)
    assert p == pytest.approx(discrete_period(D), rel=1e-3)


def test_gate_over_half_the_sample_gives_two_periods():
    """E = 3e8 V/m on the left half and 2e8 V/m on the right: 41.9 nm and
    62.8 nm spirals side by side, each to 2 % (and to 1e-3 of the chain's)."""
    E = df.Field(MESH, nvdim=3, value=lambda p: (0, 0, 3e8 if p[0] < L / 2 else 2e8))
    angle = relaxed_angle(E)
    for (lo, hi), Ez in (((L / 8, 3 * L / 8), 3e8), ((5 * L / 8, 7 * L / 8), 2e8)):
        p = period(angle, lo, hi)
        assert p == pytest.approx(4 * math.pi * A / (XI * Ez), rel=0.02)
        assert p == pytest.approx(discrete_period(XI * Ez), rel=1e-3)

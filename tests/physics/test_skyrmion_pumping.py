r"""Seed 004, Sec. V: the skyrmion that gate pumping drives, as example 12 runs it.

The seed's 40 x 40 layer (D = 0.2, K = 0.07, J = 2, alpha = 0.4, E_F = 1.9,
V = 0.8, w = 1, gates on columns 1 and 5) with its relaxed Néel skyrmion,
for 10 pumping periods at phi = +pi/2 and -pi/2. The coupled run is the
seed's reduction of Eq. 39 in the adiabatic limit in space (its Sec. IV D,
Eq. 37): the spin current of the pumped electrons acts through the
adiabatic spin-transfer torque (``--spin-transfer``; beta = 0, as the
lattice's electrons give across a smooth wall, ``tests/negf/
test_spin_transfer.py``). The seed's Figs. 4c and 5 show a drift along +x
with a smaller transverse (skyrmion Hall) part, both reversing with phi.

Two independent numbers are compared: the centre R(t) of the coupled
micromagnetic run, and Thiele's rigid-skyrmion drift of the same pumped spin
current, (G - alpha D) v = G u, which the example prints as the
"spin-transfer yardstick". The other reading of Eq. 39, J m x s_D with the
first-order pumped density, is dominated by resonance spikes on this layer
at w = 1; its adiabatic limit (w far below the widths of the resonances
that cross E_F), where the first-order density holds, is the lag of those
resonances' occupation (``--lag``, ``weylmag.negf.resonance_lag``, tested
against the quadrature in time in ``tests/negf/test_crossings.py``). Its
force reverses with phi, but the layer holds the skyrmion in a well: given
as slowly as that limit gives it, the lag moves the skyrmion by nothing.

About eleven minutes on two threads; marked long.
"""

import contextlib
import io
import pathlib
import re
import runpy

import numpy as np
import pytest

EXAMPLE = pathlib.Path(__file__).parents[2] / "examples" / "12_skyrmion_pumping.py"
NUMBER = r"([+-]\d+\.\d+(?:e[+-]?\d+)?)"


def _pairs(pattern, out):
    return {
        float(phi): np.array([float(x), float(y)])
        for phi, x, y in re.findall(pattern, out)
    }


@pytest.fixture(scope="module")
def example_output():
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.delenv("WEYLMAG_SHORT", raising=False)
        patch.setattr("sys.argv", [EXAMPLE.name, "--density", "frozen", "--spin-transfer",
                                   "--lag", "512", "--workers", "2"])
        runpy.run_path(str(EXAMPLE), run_name="__main__")
    return out.getvalue()


@pytest.mark.long
def test_the_pumped_skyrmion_drifts_along_x_and_reverses_with_phi(example_output):
    out = example_output
    moved = _pairs(rf"phi = {NUMBER}: R moved by \({NUMBER}, {NUMBER}\) sites in 10 periods",
                   out)
    rigid = _pairs(rf"phi = {NUMBER}, spin-transfer yardstick .*? a rigid skyrmion moves "
                   rf"\({NUMBER}, {NUMBER}\)", out)
    plus, minus = moved[round(np.pi / 2, 3)], moved[round(-np.pi / 2, 3)]

    # along +x, with a smaller transverse part (the skyrmion Hall effect)
    assert plus[0] > 0.03
    assert -plus[0] < plus[1] < -0.2 * plus[0]
    # both reverse with phi
    np.testing.assert_allclose(minus, -plus, atol=0.05 * np.linalg.norm(plus))
    # and the rigid skyrmion of Thiele's equation drifts by the same per period
    for phi, shift in moved.items():
        np.testing.assert_allclose(shift, 10 * rigid[phi], atol=0.3 * np.linalg.norm(shift))


@pytest.mark.long
def test_in_the_adiabatic_limit_the_layer_holds_the_skyrmion(example_output):
    rows = re.findall(
        rf"phi = {NUMBER}, frozen skyrmion, adiabatic limit .*? Thiele drift "
        rf"\({NUMBER}, {NUMBER}\) .*? R moves by \({NUMBER}, {NUMBER}\) sites within "
        rf"200 hbar/t, by \({NUMBER}, {NUMBER}\) spread over 32000", example_output)
    assert len(rows) == 2
    (phi, *plus), (_, *minus) = sorted(([float(x) for x in row] for row in rows), reverse=True)
    assert phi > 0
    rigid, quick, slow = np.reshape(plus, (3, 2))
    # phi -> -phi runs the gates' loop backwards: Thiele's force reverses
    # exactly, and the LLG equation's linear response to it nearly so
    np.testing.assert_allclose(np.reshape(minus, (3, 2))[0], -rigid, rtol=1e-3)
    np.testing.assert_allclose(np.reshape(minus, (3, 2))[1], -quick,
                               atol=0.1 * np.linalg.norm(quick))
    # given quickly, the lag moves the skyrmion along -x with a transverse part
    assert quick[0] < -0.02 and quick[1] < 0
    # given over twice the period of its gyration in the layer's well, as
    # the crossings where the expansion in w holds give it, it moves it by
    # nothing: the skyrmion follows the slow torque and comes back
    assert np.linalg.norm(slow) < 0.02 * np.linalg.norm(quick)

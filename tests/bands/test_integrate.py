"""Grid doubling, the error estimate and the convergence warning."""

import math

import numpy as np
import pytest

from weylmag.bands import BrillouinZone, ConvergenceWarning, KBox, integrate


def test_periodic_grid_is_exact_for_trigonometric_polynomials():
    bz = BrillouinZone.cubic(2e-9, dim=2)
    a = 2e-9

    def f(k):
        return (
            1 + np.cos(k[:, 0] * a) * np.sin(k[:, 1] * a) + np.cos(3 * k[:, 1] * a)
        ) ** 2

    r = integrate(f, bz, n_k=8, rtol=1e-13)
    # mean of f over the zone: 1 + 1/4 + 1/2, times V_BZ/(2 pi)^2 = 1/a^2
    assert r.value == pytest.approx(1.75 / a**2, rel=1e-13)
    assert r.converged and r.n_k == 16 and [n for n, _ in r.history] == [8, 16]


def test_midpoint_box_converges_at_second_order_and_the_error_bounds_it():
    box = KBox([(0.0, 1.0)])
    exact = (1 - math.cos(1.0)) / (2 * math.pi)
    r = integrate(lambda k: np.sin(k[:, 0]), box, n_k=4, rtol=1e-8)
    errors = [abs(v - exact) for _, v in r.history]
    ratios = [errors[i] / errors[i + 1] for i in range(len(errors) - 1)]
    assert all(abs(q - 4) < 0.05 for q in ratios)  # O(h^2)
    assert abs(r.value - exact) <= r.error
    assert r.error <= 1e-8 * abs(r.value)


def test_tensor_values_and_scaling_keep_the_history():
    bz = BrillouinZone.cubic(1.0, dim=1)
    r = integrate(
        lambda k: np.stack([np.cos(k[:, 0]) ** 2, np.ones(len(k))], -1), bz, n_k=4
    )
    assert np.allclose(r.value, [0.5, 1.0])
    s = r.scaled(2.0, "J")
    assert (
        np.allclose(s.value, [1.0, 2.0])
        and s.unit == "J"
        and len(s.history) == len(r.history)
    )


def test_not_converged_warns_and_says_so():
    box = KBox([(0.0, 1.0)])
    with pytest.warns(ConvergenceWarning, match="raise max_n_k"):
        r = integrate(lambda k: np.sqrt(k[:, 0]), box, n_k=4, max_n_k=16, rtol=1e-12)
    assert not r.converged and r.n_k == 16


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_k": 0}, "n_k must be a positive integer"),
        ({"n_k": 64, "max_n_k": 64}, "at least one doubling"),
        ({"rtol": 0.0, "atol": 0.0}, "not both 0"),
    ],
)
def test_bad_grid_control_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        integrate(lambda k: k[:, 0], KBox([(0.0, 1.0)]), **kwargs)

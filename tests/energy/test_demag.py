r"""The demagnetising field against closed forms, brute force and symmetry.

Independent references:

- Aharoni's closed form for the demagnetising factor of a rectangular prism
  (J. Appl. Phys. 83, 3432 (1998)). The cell-averaged tensor is exact, so the
  mean field of a uniformly magnetised brick of any number of cells must give
  that factor to round-off, whatever the cell aspect ratio.
- The two-dimensional limit of the same integral for an infinitely long bar,
  derived here from the field of two charged strips,

  .. math::

      N_z = \frac{1}{\pi}\Big[2\arctan\frac{b}{c}
      - \frac{c}{2b}\ln\Big(1 + \frac{b^2}{c^2}\Big)
      + \frac{b}{2c}\ln\Big(1 + \frac{c^2}{b^2}\Big)\Big],

  the reference for a prism that is periodic along its length.
- Spheres and spheroids: inside, the field is uniform, -M/3 and -N_z M with
  N_z = (1 - e^2)/e^3 (artanh e - e) for a prolate spheroid.
- Brute-force summation of ``-N(R_i - R_j) M_j`` over all pairs, which checks
  the FFT, the padding and the parities independently of any closed form.
"""

import math

import numpy as np
import pytest

from weylmag._kernels import newell
from weylmag.energy import demagtensor
from weylmag.energy.demag import Convolution


def aharoni(a, b, c):
    """Demagnetising factor along z of a prism 2a x 2b x 2c (Aharoni 1998)."""
    r = math.sqrt(a * a + b * b + c * c)
    ab = math.sqrt(a * a + b * b)
    bc = math.sqrt(b * b + c * c)
    ac = math.sqrt(a * a + c * c)
    s = (
        (b * b - c * c) / (2 * b * c) * math.log((r - a) / (r + a))
        + (a * a - c * c) / (2 * a * c) * math.log((r - b) / (r + b))
        + b / (2 * c) * math.log((ab + a) / (ab - a))
        + a / (2 * c) * math.log((ab + b) / (ab - b))
        + c / (2 * a) * math.log((bc - b) / (bc + b))
        + c / (2 * b) * math.log((ac - a) / (ac + a))
        + 2 * math.atan(a * b / (c * r))
        + (a**3 + b**3 - 2 * c**3) / (3 * a * b * c)
        + (a * a + b * b - 2 * c * c) / (3 * a * b * c) * r
        + c / (a * b) * (ac + bc)
        - (ab**3 + bc**3 + ac**3) / (3 * a * b * c)
    )
    return s / math.pi


def prism_factors(size):
    """(N_x, N_y, N_z) of a brick with full edge lengths ``size``."""
    a, b, c = (s / 2 for s in size)
    return np.array([aharoni(b, c, a), aharoni(c, a, b), aharoni(a, b, c)])


def bar_factor(b, c):
    """N along c of an infinitely long bar with cross-section b x c."""
    return (
        2 * math.atan(b / c)
        - c / (2 * b) * math.log(1 + (b / c) ** 2)
        + b / (2 * c) * math.log(1 + (c / b) ** 2)
    ) / math.pi


def mean_factors(conv, n, Ms=None):
    """-<H_a> / Ms for m uniform along each axis a."""
    cells = int(np.prod(n))
    Ms = np.ones(cells) if Ms is None else Ms
    out = []
    for a in range(3):
        m = np.zeros((cells, 3))
        m[:, a] = 1.0
        H = np.zeros((cells, 3))
        conv.add_field(m, Ms, H)
        out.append(-H[Ms > 0, a].mean())
    return np.array(out)


def test_cube_self_term_is_one_third():
    N = demagtensor.mesh_tensor((1, 1, 1), (3e-9, 3e-9, 3e-9))[:, 0, 0, 0]
    np.testing.assert_allclose(N[:3], 1 / 3, rtol=0, atol=1e-10)
    np.testing.assert_allclose(N[3:], 0, rtol=0, atol=1e-10)


def test_aharoni_closed_form_itself():
    """The reference is right where symmetry knows the answer."""
    assert aharoni(1.0, 1.0, 1.0) == pytest.approx(1 / 3, abs=1e-14)
    assert prism_factors((1.0, 2.0, 0.3)).sum() == pytest.approx(1.0, abs=1e-13)


@pytest.mark.parametrize(
    ("n", "cell"),
    [
        ((200, 50, 1), (2.5e-9, 2.5e-9, 3e-9)),  # thin film (standard problem 4)
        ((100, 100, 1), (1e-9, 1e-9, 0.1e-9)),  # very flat cells
        ((3, 3, 120), (2e-9, 2e-9, 1e-9)),  # long prism
        ((4, 150, 2), (1e-9, 1e-9, 5e-9)),  # long prism of tall cells
        ((7, 9, 11), (1e-9, 2e-9, 0.5e-9)),  # general brick
    ],
    ids=["film", "flat-cells", "prism", "prism-tall-cells", "brick"],
)
def test_mean_factors_match_aharoni(n, cell):
    conv = Convolution(n, cell)
    expected = prism_factors(np.array(n) * np.array(cell))
    np.testing.assert_allclose(mean_factors(conv, n), expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("radius", [-1.0, 2.0, 6.0])
def test_asymptotic_radius_keeps_the_factors(radius):
    """Closed forms everywhere, quadrature from 2 cells, OOMMF-like 6: same answer."""
    n, cell = (30, 20, 3), (2e-9, 2e-9, 2e-9)
    conv = Convolution(n, cell, radius=radius)
    expected = prism_factors(np.array(n) * np.array(cell))
    np.testing.assert_allclose(mean_factors(conv, n), expected, rtol=0, atol=1e-9)


#: Cell shapes with the accuracy of the closed forms a few cells away; they
#: lose digits to cancellation roughly as (distance / smallest edge)^6.
CELL_SHAPES = {(1.0, 1.0, 1.0): 1e-10, (1.0, 0.3, 0.2): 3e-9, (0.2, 1.0, 0.05): 1e-7}


@pytest.mark.parametrize("cell", list(CELL_SHAPES), ids=str)
@pytest.mark.parametrize("R", [(2, 1, 0), (3, -2, 1), (-2, 1, 2), (0, 3, -1)], ids=str)
def test_closed_form_and_quadrature_agree(cell, R):
    """Two independent evaluations of N where both are accurate.

    ``R`` is in units of the largest cell edge (2 to 4 of them), rounded to
    a whole number of cells.
    """
    X = np.round(np.array(R) / np.array(cell)) * np.array(cell)
    a = np.zeros(6)
    b = np.zeros(6)
    newell.newell_tensor(*X, *cell, a)
    newell.quadrature_tensor(*X, *cell, newell.GAUSS_NODES, newell.GAUSS_WEIGHTS, b)
    np.testing.assert_allclose(a, b, rtol=0, atol=CELL_SHAPES[cell] * np.abs(b).max())


def _direct_field(n, cell, periodic, M):
    """H_i = -sum_j N(R_i - R_j) M_j over all pairs, from the tensor table."""
    tensor = demagtensor.mesh_tensor(n, cell, periodic)
    idx = np.indices(n).reshape(3, -1).T
    H = np.zeros_like(M)
    pairs = {0: (0, 0), 1: (1, 1), 2: (2, 2), 3: (0, 1), 4: (0, 2), 5: (1, 2)}
    for i, ri in enumerate(idx):
        d = ri - idx
        sign = np.ones((len(idx), 6))
        for a in range(3):
            if periodic[a]:
                d[:, a] %= n[a]
            else:
                neg = d[:, a] < 0
                sign[neg] *= demagtensor.PARITY[:, a]
                d[:, a] = np.abs(d[:, a])
        N = tensor[:, d[:, 0], d[:, 1], d[:, 2]].T * sign
        for c, (p, q) in pairs.items():
            H[i, p] -= N[:, c] @ M[:, q]
            if p != q:
                H[i, q] -= N[:, c] @ M[:, p]
    return H


@pytest.mark.parametrize(
    ("n", "periodic"),
    [
        ((5, 4, 3), (False, False, False)),
        ((6, 1, 4), (False, False, False)),
        ((1, 7, 1), (False, False, False)),
        ((5, 4, 3), (True, False, False)),
        ((4, 5, 3), (False, True, False)),
        ((3, 4, 6), (False, False, True)),
    ],
    ids=["3d", "xz-film", "chain", "pbc-x", "pbc-y", "pbc-z"],
)
def test_fft_convolution_equals_direct_sum(n, periodic):
    """Random M with empty cells: the pruned padded FFT equals the pair sum."""
    cell = (1e-9, 1.5e-9, 0.7e-9)
    rng = np.random.default_rng(3)
    cells = int(np.prod(n))
    m = rng.normal(size=(cells, 3))
    m /= np.linalg.norm(m, axis=1)[:, None]
    Ms = rng.uniform(2e5, 1e6, cells)
    Ms[rng.random(cells) < 0.2] = 0.0
    m[Ms == 0] = 0.0
    H = np.zeros_like(m)
    Convolution(n, cell, periodic).add_field(m, Ms, H)
    expected = _direct_field(n, cell, periodic, Ms[:, None] * m)
    expected[Ms == 0] = 0.0
    np.testing.assert_allclose(H, expected, rtol=0, atol=1e-10 * np.abs(expected).max())


def test_bar_factor_is_the_long_prism_limit():
    """The 2D closed form is the limit of Aharoni's: 1/L convergence, Richardson."""
    b, c = 3.0, 1.0
    n1 = prism_factors((1e3, b, c))[2]
    n2 = prism_factors((2e3, b, c))[2]
    assert 2 * n2 - n1 == pytest.approx(bar_factor(b, c), abs=1e-6)
    assert bar_factor(1.0, 1.0) == pytest.approx(0.5, abs=1e-15)


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_periodic_bar_gives_infinite_bar_factors(axis):
    """A brick periodic along its length is an infinitely long bar."""
    n = [6, 4, 3]
    cell = [1e-9, 2e-9, 1.5e-9]
    n.insert(axis, n.pop(0))
    cell.insert(axis, cell.pop(0))
    periodic = tuple(a == axis for a in range(3))
    conv = Convolution(tuple(n), tuple(cell), periodic)
    size = np.array(n) * np.array(cell)
    b, c = np.delete(size, axis)
    expected = np.zeros(3)
    expected[[a for a in range(3) if a != axis]] = [bar_factor(c, b), bar_factor(b, c)]
    np.testing.assert_allclose(mean_factors(conv, n), expected, rtol=0, atol=1e-8)


def test_periodic_images_converge_to_the_long_open_mesh():
    """The middle copy of 2K+1 open copies approaches the periodic field as K grows."""
    n, cell = (8, 5, 2), (1e-9, 1e-9, 2e-9)
    rng = np.random.default_rng(0)
    m = rng.normal(size=(int(np.prod(n)), 3))
    m /= np.linalg.norm(m, axis=1)[:, None]
    H_pbc = np.zeros_like(m)
    Convolution(n, cell, (True, False, False)).add_field(m, np.ones(len(m)), H_pbc)
    errors = []
    for copies in (1, 3, 9, 27):
        big = (n[0] * copies, *n[1:])
        tiled = np.tile(m.reshape(*n, 3), (copies, 1, 1, 1)).reshape(-1, 3)
        H = np.zeros_like(tiled)
        Convolution(big, cell).add_field(tiled, np.ones(len(tiled)), H)
        middle = H.reshape(*big, 3)[n[0] * (copies // 2) : n[0] * (copies // 2 + 1)]
        errors.append(np.abs(middle.reshape(-1, 3) - H_pbc).max())
    # The missing far copies act like two dipole chains: error ~ 1/(K L)^2.
    assert all(e2 < e1 / 5 for e1, e2 in zip(errors, errors[1:])), errors
    assert errors[-1] < 2e-4 * np.abs(H_pbc).max(), errors


def test_image_tail_is_accounted_for():
    """Twice the explicit images changes the periodic tensor by round-off only."""
    n, cell = (10, 6, 1), (1e-9, 1e-9, 1e-9)
    tensor = demagtensor._build(n, cell, (True, False, False), 3.0)
    K = 2 * demagtensor.image_count(n, cell, 0)
    more = demagtensor._fold(_octant((n[0] * (K + 1), *n[1:]), cell), n[0], 0, K)
    more = demagtensor._symmetrise(more + demagtensor._tail(n, np.ones(3), 0, K), 0)
    np.testing.assert_allclose(tensor, more, rtol=0, atol=1e-12)
    # Without the dipole tail the same images miss a visible part.
    bare = demagtensor._fold(_octant((n[0] * (K + 1), *n[1:]), cell), n[0], 0, K)
    assert np.abs(demagtensor._symmetrise(bare, 0) - tensor).max() > 1e-9


def _octant(shape, cell):
    out = np.empty((6, *shape))
    d = np.array(cell) / max(cell)
    newell.set_octant(
        np.zeros(3), *d, 3.0, newell.GAUSS_NODES, newell.GAUSS_WEIGHTS, out
    )
    return out


def _ellipsoid(n, axes):
    """Cells of an (nx, ny, nz) unit-cell mesh inside the inscribed ellipsoid."""
    centres = [(np.arange(k) + 0.5) - k / 2 for k in n]
    X, Y, Z = np.meshgrid(*centres, indexing="ij")
    r2 = (X / axes[0]) ** 2 + (Y / axes[1]) ** 2 + (Z / axes[2]) ** 2
    return r2.ravel()


def _core_error(n, axes, component, N_expected):
    r2 = _ellipsoid(n, axes)
    Ms = np.where(r2 < 1, 1.0, 0.0)
    m = np.zeros((len(Ms), 3))
    m[Ms > 0, component] = 1.0
    H = np.zeros_like(m)
    Convolution(n, (1e-9, 1e-9, 1e-9)).add_field(m, Ms, H)
    core = r2 < 0.25
    return H[core, component], np.abs(H[core][:, [c for c in range(3) if c != component]])


def test_sphere_field_approaches_minus_a_third():
    """Inside a staircase sphere H -> -M/3 as the mesh is refined."""
    errors = []
    for k in (8, 32):
        Hz, H_other = _core_error((k, k, k), (k / 2,) * 3, 2, 1 / 3)
        errors.append(max(np.abs(Hz + 1 / 3).max(), H_other.max()))
    assert errors[1] < errors[0] / 3 and errors[1] < 1.5e-3, errors


def test_prolate_spheroid_factor():
    """Spheroid with c = 2a: mean core field -> -N_z M, -N_x M."""
    e = math.sqrt(1 - 0.25)
    Nz = (1 - e * e) / e**3 * (math.atanh(e) - e)
    Nx = (1 - Nz) / 2
    errors = []
    for k in (8, 16, 32):
        n, axes = (k, k, 2 * k), (k / 2, k / 2, k)
        Hz, _ = _core_error(n, axes, 2, Nz)
        Hx, _ = _core_error(n, axes, 0, Nx)
        errors.append(max(abs(Hz.mean() + Nz), abs(Hx.mean() + Nx)))
    assert errors[0] > errors[1] > errors[2], errors
    assert errors[2] < 1e-3, errors


def test_two_periodic_axes_are_refused():
    with pytest.raises(ValueError, match="one axis"):
        Convolution((4, 4, 2), (1e-9,) * 3, (True, True, False))


def test_large_tensor_goes_to_the_disk_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("WEYLMAG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(demagtensor, "DISK_CACHE_SECONDS", -1.0)
    demagtensor._cached_tensor.cache_clear()
    args = ((9, 7, 2), (1e-9, 1e-9, 3e-9))
    first = demagtensor.mesh_tensor(*args)
    (path,) = (tmp_path / "cache").iterdir()
    demagtensor._cached_tensor.cache_clear()
    np.save(path, 2 * first)  # prove the second call reads the file
    second = demagtensor.mesh_tensor(*args)
    np.testing.assert_array_equal(second, 2 * first)
    demagtensor._cached_tensor.cache_clear()

"""The demagnetisation tensor of a whole mesh: images, folding and caching.

:func:`mesh_tensor` returns the six components of ``N(R)`` for every
displacement ``R`` between two cells of a mesh with ``n = (n0, n1, n2)``
cells: along an open axis for the displacements ``0 .. n-1`` (the others
follow from parity: the diagonal components are even in every displacement,
``N_ab`` is odd in ``R_a`` and in ``R_b``); along a periodic axis for the
circular displacements ``0 .. n-1``, already summed over periodic images.

Images: ``K`` images on each side are summed exactly and the rest by their
dipole limit on the axis, ``sum_{|k|>K} V n(kL + X)``, which the Hurwitz zeta
function sums in closed form (see :func:`image_count` for ``K``). The sum is
made symmetric, ``C(n - i) = +-C(i)``, as the parities of an infinite sum
require; the kernel's transform is then real.

The tensor of a large mesh takes seconds; it is kept in memory for the
session and on disk (``.npy`` in the directory named by the environment
variable ``WEYLMAG_CACHE_DIR``, default ``~/.cache/weylmag``) when it took
longer than :data:`DISK_CACHE_SECONDS` to build.
"""

import functools
import hashlib
import os
import pathlib
import time

import numpy as np
import scipy.special

from .._kernels import newell

#: Bump when the tensor changes, so that stale disk caches are not read.
ALGORITHM = "newell+gauss-legendre/1"
#: Tensors that take longer than this to build are written to disk.
DISK_CACHE_SECONDS = 1.0
#: Default asymptotic radius, in units of the largest cell edge.
DEFAULT_RADIUS = 3.0
#: Odd (-1) or even (+1) parity of each component along x, y, z.
PARITY = np.array(
    [
        [1, 1, 1],  # xx
        [1, 1, 1],  # yy
        [1, 1, 1],  # zz
        [-1, -1, 1],  # xy
        [-1, 1, -1],  # xz
        [1, -1, -1],  # yz
    ]
)


def image_count(n, cell, axis, tolerance=1e-13):
    """Images per side summed exactly along the periodic ``axis``.

    Beyond ``K`` images the tail is summed in its dipole limit; what that
    leaves out, the next order in the transverse extent ``rho``, is about
    ``6 rho^2 V / (4 pi L^5) sum_{k>K} 2 / k^5 ~ 6 rho^2 V / (8 pi L^5 K^4)``,
    which ``K`` keeps below ``tolerance``.
    """
    d = np.asarray(cell, dtype=float) / max(cell)
    extent = np.asarray(n, dtype=float) * d
    L = extent[axis]
    rho = np.linalg.norm(np.delete(extent, axis))
    K = (6 * rho**2 * np.prod(d) / (8 * np.pi * L**5 * tolerance)) ** 0.25
    return int(min(10_000, max(8, np.ceil(4 * rho / L), np.ceil(K))))


def mesh_tensor(n, cell, periodic=(False, False, False), radius=DEFAULT_RADIUS):
    """N for every displacement of a mesh, shape (6, n0, n1, n2).

    Parameters
    ----------
    n : tuple of int
        Cells along x, y, z.
    cell : tuple of float
        Cell edges (m).
    periodic : tuple of bool
        Periodic axes; at most one.
    radius : float
        Asymptotic radius in units of the largest cell edge: closer
        displacements use Newell's closed forms, farther ones quadrature of
        the dipole kernel. Negative: closed forms everywhere.

    Examples
    --------
    The self term of a cube is 1/3 on each axis:

    >>> N = mesh_tensor((1, 1, 1), (2e-9, 2e-9, 2e-9))
    >>> [round(float(v), 12) for v in N[:3, 0, 0, 0]]
    [0.333333333333, 0.333333333333, 0.333333333333]
    """
    n = tuple(int(v) for v in n)
    cell = tuple(float(v) for v in cell)
    periodic = tuple(bool(p) for p in periodic)
    key = _key(n, cell, periodic, float(radius))
    return _cached_tensor(key, n, cell, periodic, float(radius))


def _key(n, cell, periodic, radius):
    text = repr((ALGORITHM, n, tuple(f"{c:.15e}" for c in cell), periodic, radius))
    return hashlib.sha1(text.encode()).hexdigest()


def cache_dir():
    """Where large tensors are kept between sessions."""
    env = os.environ.get("WEYLMAG_CACHE_DIR")
    if env:
        return pathlib.Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache"
    return pathlib.Path(base) / "weylmag"


@functools.lru_cache(maxsize=4)
def _cached_tensor(key, n, cell, periodic, radius):
    path = cache_dir() / f"demag-{key}.npy"
    try:
        tensor = np.load(path)
        if tensor.shape == (6, *n):
            tensor.setflags(write=False)
            return tensor
    except (OSError, ValueError):
        pass
    start = time.perf_counter()
    tensor = _build(n, cell, periodic, radius)
    if time.perf_counter() - start > DISK_CACHE_SECONDS:
        _save(path, tensor)
    tensor.setflags(write=False)
    return tensor


def _save(path, tensor):
    """Write atomically; a cache that cannot be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            np.save(f, tensor)
        os.replace(tmp, path)
    except OSError:
        pass


def _build(n, cell, periodic, radius):
    scale = max(cell)
    d = np.array(cell) / scale
    axes = [a for a in range(3) if periodic[a]]
    if len(axes) > 1:
        raise ValueError("the demagnetisation tensor supports one periodic axis.")
    if not axes:
        out = np.empty((6, *n))
        newell.set_octant(
            np.zeros(3), *d, radius, newell.GAUSS_NODES, newell.GAUSS_WEIGHTS, out
        )
        return out
    a = axes[0]
    images = image_count(n, cell, a)
    extended = list(n)
    extended[a] = n[a] * (images + 1)
    octant = np.empty((6, *extended))
    newell.set_octant(
        np.zeros(3), *d, radius, newell.GAUSS_NODES, newell.GAUSS_WEIGHTS, octant
    )
    return _symmetrise(_fold(octant, n[a], a, images) + _tail(n, d, a, images), a)


def _symmetrise(circular, axis):
    """(C(i) + s C(-i mod n)) / 2 along the periodic axis."""
    n = circular.shape[axis + 1]
    mirror = np.take(circular, (-np.arange(n)) % n, axis=axis + 1)
    sign = PARITY[:, axis].reshape(6, 1, 1, 1)
    return 0.5 * (circular + sign * mirror)


def _fold(octant, length, axis, images):
    """Sum N(i + k n) over |k| <= images for i in 0..n-1 along ``axis``."""
    moved = np.moveaxis(octant, axis + 1, 1)
    sign = PARITY[:, axis].reshape(6, 1, 1, 1)
    out = np.zeros((6, length, *moved.shape[2:]))
    for k in range(-images, images + 1):
        j = np.arange(length) + k * length
        out += np.where(j[:, None, None] >= 0, 1, sign) * moved[:, np.abs(j)]
    return np.moveaxis(out, 1, axis + 1)


def _tail(n, d, axis, images):
    """Dipole limit of the images beyond ``images`` on each side."""
    length = n[axis] * d[axis]
    q = np.arange(n[axis]) / n[axis]
    s = (
        scipy.special.zeta(3, images + 1 + q) + scipy.special.zeta(3, images + 1 - q)
    ) / length**3
    s *= np.prod(d) / (4 * np.pi)
    tail = np.zeros((6, *n))
    shape = [1, 1, 1]
    shape[axis] = n[axis]
    for c in range(3):
        tail[c] = (-2.0 if c == axis else 1.0) * s.reshape(shape)
    return tail


def full_kernel(tensor, padded, periodic):
    """The real-space kernel on the padded FFT grid, shape (6, *padded).

    Entry ``p`` along an open axis holds displacement ``p`` for ``p < n`` and
    ``p - P`` for ``p > P - n``; entries in between are never read back and
    are zero.
    """
    n = tensor.shape[1:]
    out = tensor
    for axis in range(3):
        if periodic[axis] or padded[axis] == n[axis]:
            continue
        size, P = n[axis], padded[axis]
        moved = np.moveaxis(out, axis + 1, 1)
        wide = np.zeros((6, P, *moved.shape[2:]))
        wide[:, :size] = moved
        sign = PARITY[:, axis].reshape(6, 1, 1, 1)
        wide[:, P - size + 1 :] = sign * moved[:, size - 1 : 0 : -1]
        out = np.moveaxis(wide, 1, axis + 1)
    return np.ascontiguousarray(out)

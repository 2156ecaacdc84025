r"""Demagnetisation by FFT convolution with the cell-averaged Newell tensor.

.. math::

    \mathbf H_i = -\sum_j N(\mathbf R_i - \mathbf R_j)\, M_s^j \mathbf m_j,
    \qquad w = -\tfrac12 \mu_0 M_s \mathbf m\cdot\mathbf H

The convolution runs on a zero-padded grid (at least ``2n - 1`` along every
open axis with more than one cell, ``n`` along a periodic axis, where it is
circular).
The forward transform is pruned: a real FFT along the longest axis of the
unpadded data, then complex FFTs along the other axes, each zero-padded only
as it is taken; the inverse crops after each axis. The kernel is real and
even or odd along each axis, so its transform is real: six real arrays.
Mesh periodicity (``mesh.bc``) along one axis sums periodic images; two or
three periodic axes raise ``ValueError``.
"""

import functools

import numba
import numpy as np
import pyfftw
import scipy.fft

from .._kernels import PARALLEL_MIN_CELLS
from .._kernels import demag as kd
from ..timefunc import attribute
from . import demagtensor
from .base import CompiledEnergy

#: Smallest mesh whose FFTs use more than one thread. On a loaded two-core
#: machine a two-thread FFTW plan for 100,000 cells took 300 ms per transform
#: against 3 ms with one thread.
FFT_THREADS_MIN_CELLS = 500_000


class Convolution:
    """``H = -N * M`` on a mesh: FFTW plans, buffers and the kernel spectrum.

    Parameters
    ----------
    n : tuple of int
    cell : tuple of float
        Cell edges (m).
    periodic : tuple of bool
    radius : float
        Asymptotic radius (largest cell edges).

    Notes
    -----
    Buffers: ``A`` (real, padded along the real-transform axis only; its
    padding stays zero), ``B`` (the spectrum, padded along every transformed
    axis). Forward: r2c from ``A`` into the unpadded block of ``B``, then
    in-place c2c along each further axis, each on the block the previous
    axes have filled. Inverse: the same in reverse, ending in a c2r into a
    second real buffer. FFTW does not normalise; the 1/size is folded into
    the kernel spectrum. Nothing is allocated per call.

    Examples
    --------
    A uniformly magnetised cube (one cell) has H = -M/3:

    >>> import numpy as np
    >>> conv = Convolution((1, 1, 1), (1e-9, 1e-9, 1e-9))
    >>> H = np.zeros((1, 3))
    >>> conv.add_field(np.array([[0.0, 0.0, 1.0]]), np.array([3e5]), H)
    >>> print(f"{H[0, 2]:.6f}", abs(H[0, :2]).max() < 1e-9)
    -100000.000000 True
    """

    def __init__(self, n, cell, periodic=(False, False, False),
                 radius=demagtensor.DEFAULT_RADIUS):
        self.n = tuple(int(v) for v in n)
        self.periodic = tuple(bool(p) for p in periodic)
        if sum(self.periodic) > 1:
            raise ValueError(
                "Demag supports periodic boundary conditions along one axis; the "
                f"mesh is periodic along {sum(self.periodic)}. Use bc with one of "
                "'x', 'y', 'z'."
            )
        self.padded = padded_shape(self.n, self.periodic)
        active = [a for a in range(3) if self.n[a] > 1]
        # The real transform goes along the longest padded axis.
        r = max(active, key=lambda a: (self.padded[a], a)) if active else 2
        self.real_axis = r
        self.complex_axes = tuple(a for a in active if a != r)
        key = (self.n, tuple(float(c) for c in cell), self.periodic, float(radius))
        self.spectrum = _spectrum(*key, self.padded, r, self.complex_axes)
        self._plan()

    def _block(self, padded_axes, extra=()):
        """Index of the mesh-sized block along ``padded_axes`` of a buffer."""
        index = [slice(None)] * 4
        for a in padded_axes:
            index[a + 1] = slice(0, self.n[a])
        for a, sl in extra:
            index[a + 1] = sl
        return tuple(index)

    def _plan(self):
        r, cs = self.real_axis, self.complex_axes
        shape_A = list(self.n)
        shape_A[r] = self.padded[r]
        shape_B = list(self.padded)
        shape_B[r] = self.padded[r] // 2 + 1
        self.A = pyfftw.zeros_aligned((3, *shape_A))
        self.A_out = pyfftw.zeros_aligned((3, *shape_A))
        self.B = pyfftw.zeros_aligned((3, *shape_B), dtype=complex)
        self._B_flat = self.B.reshape(3, -1)
        cells = int(np.prod(self.n))
        threads = numba.get_num_threads() if cells >= FFT_THREADS_MIN_CELLS else 1
        # The spectrum is about twice the mesh: decide threads by the mesh.
        self._multiply = (
            kd.multiply_tensor.parallel
            if cells >= PARALLEL_MIN_CELLS and numba.get_num_threads() > 1
            else kd.multiply_tensor.serial
        )
        flags = ("FFTW_MEASURE",) if cells >= 1024 else ("FFTW_ESTIMATE",)
        kw = dict(threads=threads, flags=flags, planning_timelimit=2.0)
        self.M_view = self.A[self._block([r])]
        self.H_view = self.A_out[self._block([r])]
        # Views of B filled after the transforms along cs[:k].
        filled = [self.B[self._block(cs[k:])] for k in range(len(cs) + 1)]
        self._forward = [pyfftw.FFTW(self.A, filled[0], axes=(r + 1,), **kw)]
        self._inverse = []
        for k, a in enumerate(cs):
            # Transform along a on the block not yet filled along the later axes.
            view = self.B[self._block(cs[k + 1:])]
            self._forward.append(pyfftw.FFTW(view, view, axes=(a + 1,), **kw))
            self._inverse.insert(
                0,
                pyfftw.FFTW(view, view, axes=(a + 1,), direction="FFTW_BACKWARD", **kw),
            )
        c2r_flags = dict(kw, flags=kw["flags"] + ("FFTW_DESTROY_INPUT",))
        self._inverse.append(
            pyfftw.FFTW(filled[0], self.A_out, axes=(r + 1,),
                        direction="FFTW_BACKWARD", **c2r_flags)
        )
        # Padding of B that the in-place transforms overwrite: zero it first.
        self._zero = [self._block(cs[k + 1:], [(a, slice(self.n[a], None))])
                      for k, a in enumerate(cs) if self.padded[a] > self.n[a]]
        self.A[:] = 0.0
        self.B[:] = 0.0

    def add_field(self, m, Ms, out, active=None):
        """out += demagnetising field (A/m) of magnetisation ``Ms m``."""
        kd.set_components(m, Ms, self.M_view)
        for index in self._zero:
            self.B[index] = 0.0
        for plan in self._forward:
            plan()
        self._multiply(self.spectrum, self._B_flat)
        for plan in self._inverse:
            plan(normalise_idft=False)
        kd.add_components(Ms > 0 if active is None else active, self.H_view, out)


def padded_shape(n, periodic):
    """FFT sizes: n along periodic axes and axes of one cell; along open axes the
    smallest size of at least 2n - 1 whose prime factors are small (an FFT of a
    size with a large prime factor is many times slower)."""
    return tuple(
        1 if size == 1 else size if per else _smooth_size(2 * size - 1)
        for size, per in zip(n, periodic)
    )


def _smooth_size(n):
    """The smallest integer >= n with no prime factor above 7 (FFTW's fast sizes).

    >>> [_smooth_size(k) for k in (99, 315, 399, 1263)]
    [100, 315, 400, 1280]
    """
    while True:
        k = n
        for p in (2, 3, 5, 7):
            while k % p == 0:
                k //= p
        if k == 1:
            return n
        n += 1


@functools.lru_cache(maxsize=4)
def _spectrum(n, cell, periodic, radius, padded, real_axis, complex_axes):
    """The kernel's transform over the padded size, a (K, 6) array.

    Shared by every Convolution of the same mesh; not marked read-only
    because numba compiles a kernel on a read-only array some 30x slower.
    """
    tensor = demagtensor.mesh_tensor(n, cell, periodic, radius)
    kernel = demagtensor.full_kernel(tensor, padded, periodic)
    x = scipy.fft.rfft(kernel, axis=real_axis + 1)
    for a in complex_axes:
        x = scipy.fft.fft(x, axis=a + 1, overwrite_x=True)
    # Parity makes the transform real; the imaginary part is round-off. The
    # inverse FFTs do not normalise: 1 / size goes here.
    return np.ascontiguousarray(x.real.reshape(6, -1).T) / np.prod(padded)


class Demag(CompiledEnergy):
    """Compiled ``mm.Demag``.

    ``asymptotic_radius`` (in units of the largest cell edge, default 3) is
    the distance beyond which the tensor comes from quadrature of the dipole
    kernel instead of Newell's closed forms; a negative value uses the closed
    forms everywhere. The default is smaller than OOMMF's 32 because here the
    quadrature, not the closed form, is the accurate one at a distance: in
    double precision the closed forms lose ``~6 log10(R / d)`` digits
    (see :mod:`weylmag._kernels.newell`).
    """

    def __init__(self, term, problem):
        super().__init__(term, problem)
        grid = problem.grid
        radius = attribute(term, "asymptotic_radius")
        radius = demagtensor.DEFAULT_RADIUS if radius is None else float(radius)
        self.conv = Convolution(grid.shape, grid.cell, grid.periodic, radius)
        self.Ms = problem.Ms
        self.active = grid.active

    def add_field(self, m, t, out):
        self.conv.add_field(m, self.Ms, out, self.active)

r"""Demagnetisation by FFT convolution with the cell-averaged Newell tensor.

.. math::

    \mathbf H_i = -\sum_j N(\mathbf R_i - \mathbf R_j)\, M_s^j \mathbf m_j,
    \qquad w = -\tfrac12 \mu_0 M_s \mathbf m\cdot\mathbf H

The convolution runs on a zero-padded grid (``2n`` along every open axis
with more than one cell, ``n`` along a periodic axis, where it is circular).
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
import scipy.fft

from .._kernels import demag as kd
from ..timefunc import attribute
from . import demagtensor
from .base import CompiledEnergy


class Convolution:
    """``H = -N * M`` on a mesh, FFT plan and kernel spectrum included.

    Parameters
    ----------
    n : tuple of int
    cell : tuple of float
        Cell edges (m).
    periodic : tuple of bool
    radius : float
        Asymptotic radius (largest cell edges).

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
        self.padded = tuple(
            1 if size == 1 else size if per else 2 * size
            for size, per in zip(self.n, self.periodic)
        )
        active = [a for a in range(3) if self.n[a] > 1]
        # The real transform goes along the longest padded axis.
        self.real_axis = max(active, key=lambda a: (self.padded[a], a)) if active else 2
        self.complex_axes = [a for a in active if a != self.real_axis]
        key = (self.n, tuple(float(c) for c in cell), self.periodic, float(radius))
        self.spectrum = _spectrum(*key, self.real_axis, tuple(self.complex_axes))
        self._M = np.zeros((3, *self.n))
        self._M_flat = self._M.reshape(3, -1)

    def _forward(self, x):
        """Pruned transform of (3, n0, n1, n2) data over the mesh axes."""
        workers = numba.get_num_threads()
        r = self.real_axis
        x = scipy.fft.rfft(x, n=self.padded[r], axis=r + 1, workers=workers)
        for a in self.complex_axes:
            x = scipy.fft.fft(
                x, n=self.padded[a], axis=a + 1, overwrite_x=True, workers=workers
            )
        return x

    def _inverse(self, x):
        workers = numba.get_num_threads()
        for a in reversed(self.complex_axes):
            x = scipy.fft.ifft(x, axis=a + 1, overwrite_x=True, workers=workers)
            x = _crop(x, a + 1, self.n[a])
        r = self.real_axis
        x = scipy.fft.irfft(x, n=self.padded[r], axis=r + 1, workers=workers)
        return _crop(x, r + 1, self.n[r])

    def add_field(self, m, Ms, out, active=None):
        """out += demagnetising field (A/m) of magnetisation ``Ms m``."""
        kd.set_components(m, Ms, self._M_flat)
        X = np.ascontiguousarray(self._forward(self._M))
        kd.multiply_tensor(self.spectrum, X.reshape(3, -1))
        H = np.ascontiguousarray(self._inverse(X)).reshape(3, -1)
        kd.add_components(Ms > 0 if active is None else active, H, out)


def _crop(x, axis, size):
    if x.shape[axis] == size:
        return x
    index = [slice(None)] * x.ndim
    index[axis] = slice(0, size)
    return x[tuple(index)]


@functools.lru_cache(maxsize=4)
def _spectrum(n, cell, periodic, radius, real_axis, complex_axes):
    """The kernel's transform as a read-only (K, 6) real array."""
    tensor = demagtensor.mesh_tensor(n, cell, periodic, radius)
    padded = tuple(
        1 if size == 1 else size if per else 2 * size for size, per in zip(n, periodic)
    )
    kernel = demagtensor.full_kernel(tensor, padded, periodic)
    x = scipy.fft.rfft(kernel, axis=real_axis + 1)
    for a in complex_axes:
        x = scipy.fft.fft(x, axis=a + 1, overwrite_x=True)
    # Parity makes the transform real; the imaginary part is round-off.
    spectrum = np.ascontiguousarray(x.real.reshape(6, -1).T)
    spectrum.setflags(write=False)
    return spectrum


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

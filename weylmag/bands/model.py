r"""A Bloch Hamiltonian :math:`H(\mathbf{k}, \mathbf{m})` and its derivatives.

**Units.** SI throughout: :math:`\mathbf{k}` in 1/m, :math:`H` in J (write
``eV * weylmag.constants.e`` for an energy given in eV). A lattice model
writes its phases as :math:`\mathbf{k}\cdot\mathbf{a}` with the lattice
vectors in m, e.g. ``t * np.sin(k[..., 0] * a)``. The magnetisation
direction :math:`\mathbf{m}` is a dimensionless unit 3-vector whatever the
dimension d of :math:`\mathbf{k}`.

**Calling convention.** ``hamiltonian(k, m)`` receives ``k`` as an array
whose last axis holds the d components (shape ``(d,)`` for one point, also
for d = 1) and ``m`` of shape ``(3,)``; it returns the Hermitian
``(n, n)`` matrix. A *vectorised* callable accepts ``k`` of shape
``(N, d)`` and returns ``(N, n, n)``; that is the fast path (one call per
block of k points instead of one per point). :class:`BlochModel` finds out
which kind it was given by calling it once on five points and comparing with
five single calls (``vectorized=None``), or takes ``vectorized=True/False``.

**Derivatives.** :math:`\partial H/\partial k_i` and
:math:`\partial H/\partial m_j` are central finite differences unless
callables are given. The m derivative treats :math:`H` as a function of
the three Cartesian components of :math:`\mathbf{m}`, so the Hamiltonian is
evaluated at :math:`\mathbf{m} \pm h\hat{\mathbf{e}}_j`, slightly off the
unit sphere (:math:`h = 10^{-5}` by default); only the components tangent
to the sphere enter the magnetisation dynamics.
"""

import numbers
import warnings

import numpy as np

from .kspace import _Region

__all__ = ["BlochModel", "unit_vector"]


def unit_vector(m, name="m", tol=1e-6):
    """``m`` as a float array of shape (3,), checked to have unit length."""
    v = np.asarray(m, dtype=float)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        raise ValueError(f"{name} must be a finite 3-vector; got {m!r}.")
    norm = float(np.linalg.norm(v))
    if abs(norm - 1) > tol:
        raise ValueError(
            f"{name} must be a unit vector (|{name}| = {norm:.6g}); "
            f"pass {name} / np.linalg.norm({name})."
        )
    return v


#: Fractions of the region's axes at which a model is probed on construction.
_PROBE = np.array([0.1234, 0.3571, 0.5813, 0.7462, 0.9031])
#: A generic unit vector at which a model is probed.
_PROBE_M = np.array([0.36, 0.48, 0.8])


class BlochModel:
    r"""A Bloch Hamiltonian :math:`H(\mathbf{k}, \mathbf{m})` on a region of k-space.

    Parameters
    ----------
    hamiltonian : callable
        ``hamiltonian(k, m)``: ``k`` (1/m) with the d components on its last
        axis, ``m`` a unit 3-vector; returns a Hermitian matrix (J). See the
        module docstring for the vectorised form.
    kspace : BrillouinZone or KBox
        Where the model lives: the Brillouin zone of a lattice model, or the
        momentum cutoff of a continuum model. Its dimension is that of k.
    dH_dk : callable, optional
        ``dH_dk(k, m)`` returning :math:`\partial H/\partial k_i` stacked on
        the axis before the matrix axes, shape ``(..., d, n, n)`` (J m).
        Central differences with step ``dk`` if omitted.
    dH_dm : callable, optional
        ``dH_dm(k, m)`` returning :math:`\partial H/\partial m_j`, shape
        ``(..., 3, n, n)`` (J). Central differences with step ``dm`` if
        omitted.
    vectorized : bool, optional
        Whether the callables accept a block of k points. Detected if None.
    dk : float, optional
        Finite-difference step in k (1/m); default ``1e-7`` times the largest
        extent of ``kspace``.
    dm : float, optional
        Finite-difference step in m (dimensionless), default ``1e-5``.
    name : str, optional
        A label for ``repr``.

    Attributes
    ----------
    dim : int
        Number of momentum components d.
    n_bands : int
        Size n of the Hamiltonian matrix.

    Examples
    --------
    A massive Dirac model (J), vectorised over k:

    >>> import numpy as np
    >>> from weylmag.bands import BlochModel, KBox
    >>> sx = np.array([[0, 1], [1, 0]]); sy = np.array([[0, -1j], [1j, 0]])
    >>> sz = np.diag([1.0, -1.0])
    >>> def h(k, m):
    ...     return (k[..., 0, None, None] * sx + k[..., 1, None, None] * sy
    ...             + m[2] * sz) * 1e-30
    >>> model = BlochModel(h, KBox.centered((0, 0), 1e10), name="dirac")
    >>> model
    BlochModel(name='dirac', dim=2, n_bands=2, vectorized=True, kspace=KBox(...))
    >>> model.hamiltonian(np.zeros((4, 2)), np.array([0, 0, 1.0])).shape
    (4, 2, 2)
    """

    def __init__(
        self,
        hamiltonian,
        kspace,
        *,
        dH_dk=None,
        dH_dm=None,
        vectorized=None,
        dk=None,
        dm=1e-5,
        name=None,
    ):
        if not callable(hamiltonian):
            raise TypeError(
                "hamiltonian must be a callable hamiltonian(k, m) returning a Hermitian "
                f"matrix; got {type(hamiltonian).__name__}."
            )
        if not isinstance(kspace, _Region):
            raise TypeError(
                "kspace must be a weylmag.bands.BrillouinZone (lattice model) or "
                f"weylmag.bands.KBox (continuum model); got {type(kspace).__name__}."
            )
        for label, fn in (("dH_dk", dH_dk), ("dH_dm", dH_dm)):
            if fn is not None and not callable(fn):
                raise TypeError(f"{label} must be a callable (k, m) -> array or None.")
        if vectorized not in (None, True, False):
            raise ValueError(
                f"vectorized must be True, False or None; got {vectorized!r}."
            )
        self._dk_given = dk is not None
        if dk is None:
            dk = kspace.default_dk
        if not (isinstance(dk, numbers.Real) and dk > 0):
            raise ValueError(
                f"dk must be a positive finite-difference step (1/m); got {dk!r}."
            )
        if not (isinstance(dm, numbers.Real) and 0 < dm < 0.1):
            raise ValueError(
                f"dm must be a small positive step (e.g. 1e-5); got {dm!r}."
            )
        self._h = hamiltonian
        self.kspace = kspace
        self._dH_dk = dH_dk
        self._dH_dm = dH_dm
        self.dk = float(dk)
        self.dm = float(dm)
        self.name = name
        self.n_bands = self._probe_single()
        self.vectorized = (
            self._detect_vectorized() if vectorized is None else vectorized
        )
        if vectorized:
            self._check_vectorized()

    # --- construction-time checks -------------------------------------------------

    @property
    def dim(self):
        """Number of momentum components d."""
        return self.kspace.dim

    def _probe_points(self):
        fractions = np.stack([np.roll(_PROBE, i) for i in range(self.dim)], axis=-1)
        return self.kspace.origin + fractions @ self.kspace.axes

    def _probe_single(self):
        k0 = self._probe_points()[0]
        h = np.asarray(self._h(k0, _PROBE_M.copy()))
        if h.ndim != 2 or h.shape[0] != h.shape[1]:
            raise ValueError(
                f"hamiltonian(k, m) must return a square matrix for k of shape ({self.dim},); "
                f"got an array of shape {h.shape}. Check that kspace has the dimension of k."
            )
        scale = max(float(np.max(np.abs(h))), np.finfo(float).tiny)
        if not np.all(np.isfinite(h)) or np.max(np.abs(h - h.conj().T)) > 1e-10 * scale:
            raise ValueError(
                "hamiltonian(k, m) must return a finite Hermitian matrix; "
                f"at k = {k0.tolist()} it is not (H - H^dagger = "
                f"{np.max(np.abs(h - h.conj().T)):.3g} J)."
            )
        return h.shape[0]

    def _singles(self, k):
        return np.stack([np.asarray(self._h(kk, _PROBE_M.copy())) for kk in k])

    def _detect_vectorized(self):
        k = self._probe_points()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                block = np.asarray(self._h(k, _PROBE_M.copy()))
            except Exception:  # noqa: BLE001 - a scalar callable may fail in any way on a block
                return False
        if block.shape != (len(k), self.n_bands, self.n_bands):
            return False
        single = self._singles(k)
        return bool(
            np.allclose(block, single, rtol=1e-12, atol=1e-12 * np.max(np.abs(single)))
        )

    def _check_vectorized(self):
        k = self._probe_points()
        block = np.asarray(self._h(k, _PROBE_M.copy()))
        n = self.n_bands
        if block.shape != (len(k), n, n) or not np.allclose(
            block, self._singles(k), rtol=1e-12, atol=1e-12 * np.max(np.abs(block))
        ):
            raise ValueError(
                f"vectorized=True, but hamiltonian(k, m) for k of shape ({len(k)}, {self.dim}) "
                f"does not return the ({len(k)}, {n}, {n}) stack of the single-point "
                "matrices; pass vectorized=False (or None to detect)."
            )

    # --- evaluation -----------------------------------------------------------------

    def _call(self, fn, k, m, tail):
        k = np.asarray(k, dtype=float)
        if k.shape[-1:] != (self.dim,):
            raise ValueError(
                f"k must have its {self.dim} components on the last axis; got shape {k.shape}."
            )
        flat = k.reshape(-1, self.dim)
        if self.vectorized:
            out = np.asarray(fn(flat, m))
        elif len(flat):
            out = np.stack([np.asarray(fn(kk, m)) for kk in flat])
        else:
            out = np.zeros((0,) + tail)
        if out.shape != (len(flat),) + tail:
            raise ValueError(
                f"expected an array of shape {(len(flat),) + tail} from the model; got {out.shape}."
            )
        return out.astype(complex, copy=False).reshape(k.shape[:-1] + tail)

    def hamiltonian(self, k, m):
        """H at the points ``k`` (shape (..., d), 1/m) for the unit vector ``m``; (..., n, n), J."""
        n = self.n_bands
        return self._call(self._h, k, np.asarray(m, dtype=float), (n, n))

    def dH_dk(self, k, m):
        r""":math:`\partial H/\partial k_i` at ``k``, shape (..., d, n, n) (J m)."""
        n, d = self.n_bands, self.dim
        m = np.asarray(m, dtype=float)
        if self._dH_dk is not None:
            return self._call(self._dH_dk, k, m, (d, n, n))
        k = np.asarray(k, dtype=float)
        out = []
        for i in range(d):
            step = np.zeros(d)
            step[i] = self.dk
            out.append(
                (self.hamiltonian(k + step, m) - self.hamiltonian(k - step, m))
                / (2 * self.dk)
            )
        return np.stack(out, axis=-3)

    def dH_dm(self, k, m):
        r""":math:`\partial H/\partial m_j` at ``k``, shape (..., 3, n, n) (J)."""
        n = self.n_bands
        m = np.asarray(m, dtype=float)
        if self._dH_dm is not None:
            return self._call(self._dH_dm, k, m, (3, n, n))
        out = []
        for j in range(3):
            step = np.zeros(3)
            step[j] = self.dm
            out.append(
                (self.hamiltonian(k, m + step) - self.hamiltonian(k, m - step))
                / (2 * self.dm)
            )
        return np.stack(out, axis=-3)

    def with_kspace(self, kspace):
        """The same Hamiltonian on another region (e.g. a larger cutoff box)."""
        return BlochModel(
            self._h,
            kspace,
            dH_dk=self._dH_dk,
            dH_dm=self._dH_dm,
            vectorized=self.vectorized,
            dk=self.dk if self._dk_given else None,
            dm=self.dm,
            name=self.name,
        )

    def __repr__(self):
        ks = f"{type(self.kspace).__name__}(...)"
        return (
            f"BlochModel(name={self.name!r}, dim={self.dim}, n_bands={self.n_bands}, "
            f"vectorized={self.vectorized}, kspace={ks})"
        )

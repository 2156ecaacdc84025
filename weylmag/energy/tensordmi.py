r"""The general DMI tensor and the DMI induced by an electric field (seed 001, Ch. 3).

The Dzyaloshinskii-Moriya energy of any crystal (seed 001, Eq. 3.2) is

.. math::

    w = \sum_i \mathbf{D}_i\cdot(\partial_i\mathbf{m}\times\mathbf{m})
      = D_{ij}\,\varepsilon_{jkl}\,\partial_i m_k\, m_l,
    \qquad \mathbf{D}_i = \sum_j D_{ij}\,\hat{\mathbf{e}}_j ,

a 3x3 tensor :math:`D_{ij}` (J/m^2): row i is the DM vector for variations
along i. Every ``mm.DMI`` crystal class is a special case,
``D * weylmag.energy.dmi.dmi_directions(crystalclass)`` (T: :math:`D\delta_{ij}`;
``Cnv_z``: :math:`\mathbf{D}_i = D\hat{\mathbf{z}}\times\hat{\mathbf{e}}_i`, ...).
A symmetric tensor favours Bloch textures, an antisymmetric one Néel
textures (seed, below Eq. 3.2).

An electric field adds a non-equilibrium part (Eqs. 3.57-3.59),

.. math::

    D_{ij}(\mathbf{r}, t) = D^0_{ij} + \kappa_{ijk}E_k(\mathbf{r}, t),

with :math:`\kappa` in C/m (J/m^2 per V/m); the seed writes the same tensor
as :math:`\kappa_{kij}E_k` (field index first). :func:`weylmag.bands`
computes :math:`\kappa` from a band structure.

**Discretisation.** As for ``mm.DMI``: the energy is a sum over links,
:math:`\Delta V\,\mathbf{D}_a^{(ij)}\cdot(\mathbf{m}_j\times\mathbf{m}_i)/
\Delta_a` for the neighbour j of cell i along +a, with the link's DM vector
the mean of its two cells' rows a, and the field is its exact derivative.
Where D varies in space, that derivative contains the
:math:`\partial_i\mathbf{D}_i` term of the continuum field
:math:`-(1/\mu_0M_s)[2\mathbf{D}_i\times\partial_i\mathbf{m}
+ (\partial_i\mathbf{D}_i)\times\mathbf{m}]`, and at an open surface the
missing link gives the natural boundary condition
:math:`2A\,\partial_n\mathbf{m} = \mathbf{D}_n\times\mathbf{m}`.
"""

import numbers

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

from .. import parameters
from ..grid import AXIS_OF_DIRECTION
from .._kernels import fields as kf
from .base import CompiledEnergy
from .dmi import link_vectors

_LEVI_CIVITA = np.zeros((3, 3, 3))
for _i, _j, _k in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
    _LEVI_CIVITA[_i, _j, _k] = 1.0
    _LEVI_CIVITA[_i, _k, _j] = -1.0


def _tensor_cells(value, mesh, name):
    """A 3x3 tensor parameter as an (N, 3, 3) array: a tensor, {region: tensor}
    or a field with nvdim 9 (row-major)."""
    n = int(np.prod(mesh.n))
    if isinstance(value, df.Field):
        if value.nvdim != 9:
            raise parameters.ParameterError(
                f"Parameter {name!r} as a field needs nvdim=9 (the tensor row by row); "
                f"got nvdim={value.nvdim}."
            )
        cells = np.stack(
            [parameters.scalar(_component(value, k), mesh, name) for k in range(9)], axis=1
        )
    elif isinstance(value, dict):
        flat = {}
        for key, tensor in value.items():
            flat[key] = _check_tensor(tensor, f"{name}[{key!r}]").reshape(9)
        cells = parameters._region_dict_to_cells(flat, mesh, name, 9)
    else:
        cells = np.tile(_check_tensor(value, name).reshape(9), (n, 1))
    cells = np.asarray(cells, dtype=float).reshape(n, 3, 3)
    if not np.all(np.isfinite(cells)):
        raise parameters.ParameterError(f"Parameter {name!r} has non-finite values.")
    return cells


def _component(field, k):
    return df.Field(field.mesh, nvdim=1, value=np.asarray(field.array)[..., k : k + 1])


def _check_tensor(value, name):
    tensor = np.asarray(value, dtype=float)
    if tensor.shape != (3, 3):
        raise parameters.ParameterError(
            f"Parameter {name!r} must be a 3x3 tensor (J/m^2; row i is the DM vector "
            f"for derivatives along i); got shape {tensor.shape}."
        )
    return tensor


def link_tensor(cells, grid):
    """Per-link DM vectors (N, 6, 3): the mean of the two cells' rows along the
    link's axis, zero where there is no link."""
    rows = cells[:, AXIS_OF_DIRECTION, :]  # (N, 6, 3): row a of cell i per direction
    neighbour = cells[grid.ngb, AXIS_OF_DIRECTION[None, :], :]  # row a of cell j
    return 0.5 * (rows + neighbour) * grid.link[:, :, None]


class TensorDMI(mm.energy.EnergyTerm):
    r"""DMI with a general tensor, :math:`w = \sum_i\mathbf{D}_i\cdot
    (\partial_i\mathbf{m}\times\mathbf{m})`, :math:`\mathbf{D}_i = D_{ij}\hat{\mathbf{e}}_j`
    (seed 001, Eq. 3.2).

    Parameters
    ----------
    D : array_like (3, 3), dict or discretisedfield.Field
        The tensor (J/m^2), uniform, per subregion ``{name: tensor}`` or a
        field with nvdim 9 (row-major). Row i is the DM vector of
        derivatives along i.

    Examples
    --------
    Bulk (class T) DMI of 1 mJ/m^2, as ``mm.DMI(D=1e-3, crystalclass="T")``:

    >>> import numpy as np
    >>> import weylmag as wm
    >>> wm.TensorDMI(D=1e-3 * np.eye(3)).name
    'tensordmi'
    """

    _allowed_attributes = ["D"]
    _reprlatex = r"\sum_i \mathbf{D}_i\cdot(\partial_i\mathbf{m}\times\mathbf{m})"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if getattr(self, "D", None) is None:
            raise ValueError("TensorDMI needs D, a 3x3 tensor (J/m^2).")
        if not isinstance(self.D, (dict, df.Field)):
            _check_tensor(self.D, "D")

    def effective_field(self, m):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledTensorDMI(self, problem, _tensor_cells(self.D, problem.mesh, "D"))


class CompiledTensorDMI(CompiledEnergy):
    """A DMI tensor per cell on the grid; the links take the mean of their cells."""

    def __init__(self, term, problem, cells):
        super().__init__(term, problem)
        self.dvec = link_vectors(np.ones((problem.grid.n, 6)), link_tensor(cells, problem.grid),
                                 problem)

    def add_field(self, m, t, out):
        kf.add_dmi(m, self.problem.grid.ngb, self.dvec, out)


class FieldInducedDMI(mm.energy.EnergyTerm):
    r"""DMI tuned by an electric field, :math:`D_{ij} = D^0_{ij} + \kappa_{ijk}E_k`
    (seed 001, Eqs. 3.57-3.59).

    Parameters
    ----------
    kappa : array_like (3, 3, 3)
        :math:`\kappa_{ijk}` (C/m = J/m^2 per V/m): i the direction of the
        derivative, j the component of the DM vector, k that of E.
    E : array_like, dict, discretisedfield.Field or callable
        Electric field (V/m): uniform, per subregion, a vector field (a gate
        over part of the sample) or a function of time returning a uniform
        vector.
    D0 : array_like (3, 3), dict or discretisedfield.Field, optional
        The equilibrium tensor (J/m^2), default zero.

    The constructors :meth:`isotropic`, :meth:`interfacial`, :meth:`bulk`
    and :meth:`in_plane` build kappa for the common symmetries.

    Examples
    --------
    A gate along z on a film (normal z) induces interfacial DMI
    :math:`D = \xi E_z` of class Cnv_z:

    >>> import weylmag as wm
    >>> term = wm.FieldInducedDMI.interfacial(xi=1e-11, E=(0, 0, 2e8))
    >>> (term.kappa[:, :, 2] * 2e8).round(6).tolist()  # D_ij = dmi_directions("Cnv_z") * 2e-3
    [[0.0, 0.002, 0.0], [-0.002, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """

    _allowed_attributes = ["kappa", "E", "D0"]
    _reprlatex = (
        r"\sum_i (D^0_{ij} + \kappa_{ijk}E_k)\hat{\mathbf{e}}_j\cdot"
        r"(\partial_i\mathbf{m}\times\mathbf{m})"
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for key in ("kappa", "E"):
            if getattr(self, key, None) is None:
                raise ValueError(
                    "FieldInducedDMI needs kappa (3x3x3, C/m) and E (V/m); missing "
                    f"{key!r}."
                )
        kappa = np.asarray(self.kappa, dtype=float)
        if kappa.shape != (3, 3, 3) or not np.all(np.isfinite(kappa)):
            raise ValueError(
                f"FieldInducedDMI: kappa must be a finite 3x3x3 tensor (C/m); got shape "
                f"{kappa.shape}."
            )

    @classmethod
    def isotropic(cls, xi, E, D0=None):
        r""":math:`\kappa_{ijk} = \xi\varepsilon_{ijk}`: :math:`\mathbf{D}_i =
        \xi\,\mathbf{E}\times\hat{\mathbf{e}}_i`.

        The only form an isotropic medium allows: E induces Néel-type (Cnv)
        DMI about its own direction, the continuum form of
        :math:`\mathbf{D}_{ij}\propto\mathbf{E}\times\mathbf{r}_{ij}`. xi in C/m.
        """
        return cls(**_with_D0(kappa=xi * _LEVI_CIVITA, E=E, D0=D0))

    @classmethod
    def interfacial(cls, xi, E, normal=(0, 0, 1), D0=None):
        r""":math:`\kappa_{ijk} = \xi(\hat{\mathbf{n}}\times\hat{\mathbf{e}}_i)_j n_k`:
        the gate field along the film normal n gives interfacial DMI
        :math:`D = \xi(\mathbf{E}\cdot\hat{\mathbf{n}})` of class Cnv about n
        (symmetry :math:`C_{\infty v}` about n; in-plane E has no effect).
        """
        n = _unit(normal, "normal")
        kappa = np.einsum("ij,k->ijk", np.cross(n, np.eye(3)), n)
        return cls(**_with_D0(kappa=xi * kappa, E=E, D0=D0))

    @classmethod
    def bulk(cls, xi, E, axis=(0, 0, 1), D0=None):
        r""":math:`\kappa_{ijk} = \xi\delta_{ij}a_k`: in a chiral crystal with a
        polar axis a (symmetry :math:`C_\infty` about a), E along a tunes the
        bulk (class T, Bloch) DMI :math:`D = \xi(\mathbf{E}\cdot\hat{\mathbf{a}})`.
        """
        a = _unit(axis, "axis")
        kappa = np.einsum("ij,k->ijk", np.eye(3), a)
        return cls(**_with_D0(kappa=xi * kappa, E=E, D0=D0))

    @classmethod
    def in_plane(cls, xi, E, normal=(0, 0, 1), D0=None):
        r""":math:`\mathbf{D}_i = \xi\,\mathbf{E}_\parallel\times\hat{\mathbf{e}}_i`
        with :math:`\mathbf{E}_\parallel` the part of E in the film plane:
        Cnv-type DMI about the in-plane field, the isotropic form restricted to
        in-plane E (the normal component has no effect here; add
        :meth:`interfacial` for it).
        """
        n = _unit(normal, "normal")
        projector = np.eye(3) - np.outer(n, n)
        kappa = np.einsum("ijl,lk->ijk", _LEVI_CIVITA, projector)
        return cls(**_with_D0(kappa=xi * kappa, E=E, D0=D0))

    def effective_field(self, m):
        raise NotImplementedError

    def _weylmag_compile(self, problem):
        return CompiledFieldInducedDMI(self, problem)


def _with_D0(**kwargs):
    if kwargs["D0"] is None:
        del kwargs["D0"]
    return kwargs


def _unit(value, name):
    v = np.asarray(value, dtype=float)
    if v.shape != (3,) or not np.linalg.norm(v) > 0:
        raise ValueError(f"{name} must be a non-zero 3-vector; got {value!r}.")
    return v / np.linalg.norm(v)


class CompiledFieldInducedDMI(CompiledEnergy):
    """D0 plus kappa E on the links; E(t) rebuilds the link vectors per call
    from three precomputed parts, without allocating."""

    def __init__(self, term, problem):
        super().__init__(term, problem)
        grid = problem.grid
        mesh = problem.mesh
        kappa = np.asarray(term.kappa, dtype=float)
        D0 = getattr(term, "D0", None)
        D0 = np.zeros((grid.n, 3, 3)) if D0 is None else _tensor_cells(D0, mesh, "D0")
        ones = np.ones((grid.n, 6))

        def vectors(cells):
            return link_vectors(ones, link_tensor(cells, grid), problem)

        self._E_of_t = None
        if callable(term.E) and not isinstance(term.E, df.Field):
            self._E_of_t = term.E
            self.time_dependent = True
            self.base = vectors(D0)
            # the link vectors of kappa_ijk for a unit field along k
            self.parts = [vectors(np.broadcast_to(kappa[:, :, k], (grid.n, 3, 3)))
                          for k in range(3)]
            self.dvec = self.base.copy()
            self._scratch = np.empty_like(self.base)
            self._E(0.0)
        else:
            E = parameters.vector(term.E, mesh, "E")
            self.dvec = vectors(D0 + np.einsum("ijk,nk->nij", kappa, E))

    def _E(self, t):
        value = np.asarray(self._E_of_t(t), dtype=float)
        if value.shape != (3,) or not np.all(np.isfinite(value)):
            raise ValueError(
                f"{self.name}: E(t) must return a finite 3-vector (V/m); got {value!r}."
            )
        return value

    def add_field(self, m, t, out):
        if self._E_of_t is not None:
            E = self._E(t)
            self.dvec[:] = self.base
            for k in range(3):
                if E[k]:
                    np.multiply(self.parts[k], E[k], out=self._scratch)
                    self.dvec += self._scratch
        kf.add_dmi(m, self.problem.grid.ngb, self.dvec, out)

    def table_columns(self, t):
        if self._E_of_t is None:
            return {}
        E = self._E(t)
        return {f"E_gate_{a}": (float(E[i]), "V/m") for i, a in enumerate("xyz")}

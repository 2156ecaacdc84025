r"""The chiral derivative: how Rashba coupling gives every texture term a partner.

Seed 002, Sec. IV B 2: with Rashba spin-orbit coupling
:math:`(\alpha_R/\hbar)\boldsymbol\sigma\cdot(\mathbf{p}\times\hat{\mathbf{n}})`
the effects of the coupling follow from those of a texture on replacing
:math:`\partial_i\mathbf{m}` by

.. math::

    \tilde\partial_i\mathbf{m} = \partial_i\mathbf{m}
    + k_R(\hat{\mathbf{n}}\times\hat{\mathbf{x}}_i)\times\mathbf{m},
    \qquad k_R = \frac{2\alpha_R m_e}{\hbar^2}.

Applied to the exchange energy,

.. math::

    A|\tilde\partial_i\mathbf{m}|^2 = A|\partial_i\mathbf{m}|^2
    - 2Ak_R\sum_i(\hat{\mathbf{n}}\times\hat{\mathbf{x}}_i)\cdot
      (\partial_i\mathbf{m}\times\mathbf{m})
    + Ak_R^2\left[1 + (\mathbf{m}\cdot\hat{\mathbf{n}})^2\right],

using :math:`\sum_i[(\hat{\mathbf{n}}\times\hat{\mathbf{x}}_i)\cdot
\mathbf{m}]^2 = |\mathbf{m}\times\hat{\mathbf{n}}|^2`: the exchange, an
interfacial DMI of micromagneticmodel's class ``Cnv_n`` with
:math:`D = -2Ak_R` (its tensor form :math:`w = D\sum_i(\hat{\mathbf{n}}
\times\hat{\mathbf{x}}_i)\cdot(\partial_i\mathbf{m}\times\mathbf{m})`), and a
hard axis along n, :math:`K = -Ak_R^2` (:func:`rashba_partners`). Applied to
the intrinsic non-adiabatic torque it gives the intrinsic spin-orbit torque
(:mod:`weylmag.torques.intrinsic`).
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

from .grid import Grid


def _normal_axis(normal):
    n = np.asarray(normal, dtype=float)
    axes = np.flatnonzero(n)
    if n.shape != (3,) or axes.size != 1:
        raise ValueError(
            f"normal={tuple(normal)} must lie along x, y or z (micromagneticmodel's "
            "Cnv classes), e.g. (0, 0, 1)."
        )
    return int(axes[0]), float(np.sign(n[axes[0]]))


def chiral_derivative(m, k_R, normal=(0, 0, 1)):
    r"""The chiral derivatives :math:`\tilde\partial_i\mathbf{m}` (1/m), i = x, y, z.

    Parameters
    ----------
    m : discretisedfield.Field
        Magnetisation (normalised inside; empty cells give zero).
    k_R : float
        Rashba wave number (1/m).
    normal : array_like, optional
        Interface normal, default (0, 0, 1).

    Returns
    -------
    list of discretisedfield.Field
        Three vector fields; the plain derivatives are the grid's differences
        (central inside, one-sided at open faces), as in the torques.

    Examples
    --------
    >>> import discretisedfield as df
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(3e-9, 1e-9, 1e-9), n=(3, 1, 1))
    >>> m = df.Field(mesh, nvdim=3, value=(0, 0, 1), norm=8e5)
    >>> dx, dy, dz = chiral_derivative(m, k_R=1e8)
    >>> dx.mean().tolist(), dy.mean().tolist()
    ([100000000.0, 0.0, 0.0], [0.0, 100000000.0, 0.0])
    """
    n = np.asarray(normal, dtype=float)
    n = n / np.linalg.norm(n)
    M = m.array.reshape(-1, 3)
    Ms = np.linalg.norm(M, axis=1)
    unit = np.divide(M, Ms[:, None], out=np.zeros_like(M), where=Ms[:, None] > 0)
    unit = np.ascontiguousarray(unit)
    grad = Grid(m.mesh, Ms).gradient(unit)
    out = []
    for i, e_i in enumerate(np.eye(3)):
        values = grad[:, i, :] + k_R * np.cross(np.cross(n, e_i), unit)
        out.append(df.Field(m.mesh, nvdim=3, value=values.reshape(*m.mesh.n, 3)))
    return out


def rashba_partners(A, k_R, normal=(0, 0, 1)):
    """The energy terms that the chiral derivative adds to ``mm.Exchange(A)``.

    Returns ``mm.DMI(D=-2 A k_R, crystalclass="Cnv_n")`` and
    ``mm.UniaxialAnisotropy(K=-A k_R**2, u=normal)`` (and drops the constant
    :math:`Ak_R^2` per volume), so that exchange plus these two is the
    energy :math:`A|\\tilde\\partial_i\\mathbf{m}|^2`.

    Examples
    --------
    >>> dmi, hard = rashba_partners(A=1e-11, k_R=1e8)
    >>> dmi.D, dmi.crystalclass, hard.K
    (-0.002, 'Cnv_z', -100000.0)
    """
    axis, sign = _normal_axis(normal)
    dmi = mm.DMI(D=-2 * A * k_R * sign, crystalclass=f"Cnv_{'xyz'[axis]}",
                 name="rashba_dmi")
    hard = mm.UniaxialAnisotropy(K=-A * k_R**2, u=tuple(float(v) for v in normal),
                                 name="rashba_anisotropy")
    return dmi, hard

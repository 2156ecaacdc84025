r"""The atomistic spin Hamiltonian of seed Eq. 38 and its exact continuum form.

The classical spins :math:`\mathbf m_i` (unit vectors) of a square lattice of
spacing a, one layer, open boundaries, with

.. math::

    H_{\rm Sk} = -J_{\rm ex}\sum_{\langle ij\rangle}\mathbf m_i\cdot\mathbf m_j
        + \sum_{\langle ij\rangle}\mathbf D_{ij}\cdot(\mathbf m_i\times\mathbf m_j)
        - K\sum_i (m_i^z)^2 - \mu\sum_i \mathbf m_i\cdot\mathbf B,

every nearest-neighbour pair counted once (:math:`\mathbf D_{ij}\cdot
(\mathbf m_i\times\mathbf m_j)` is symmetric in i, j). Seed Eq. 38 prints
:math:`\mathbf D_{ij} = D(\mathbf r_i - \mathbf r_j)/|\mathbf r_i - \mathbf r_j|`,
a DMI vector along the bond: that is *bulk* DMI (Bloch skyrmions,
crystal class T), ``dmi="bulk"`` here. The interfacial form
(Néel skyrmions, class :math:`C_{nv}`) has the vector in the plane,
perpendicular to the bond: ``dmi="interfacial"``,
:math:`\mathbf D_{ij} = D\,\hat z\times(\mathbf r_i - \mathbf r_j)/|\mathbf r_i - \mathbf r_j|`.

**Continuum map.** With one finite-difference cell of size
:math:`a\times a\times a` per site, weylmag's discrete energies (sums over
links of the cell-centred grid, see :mod:`weylmag.energy`) are, term by
term,

.. math::

    E_{\rm ex} = A a\sum_{\langle ij\rangle}|\mathbf m_j - \mathbf m_i|^2,\quad
    E_{\rm DMI} = D_c a^2\sum_{i,\,k=x,y}\hat{\mathbf d}_k\cdot
        (\mathbf m_{i+\hat k}\times\mathbf m_i),\quad
    E_{\rm an} = -K_c a^3\sum_i (m^z_i)^2,\quad
    E_{\rm Z} = -\mu_0 M_s a^3\sum_i\mathbf m_i\cdot\mathbf H,

(:math:`\hat{\mathbf d}_x = \hat x,\hat{\mathbf d}_y = \hat y` for class T;
:math:`\hat{\mathbf d}_x = \hat y,\hat{\mathbf d}_y = -\hat x` for
``Cnv_z``), so that the lattice energy is reproduced exactly by

.. math::

    A = \frac{J_{\rm ex}}{2a},\qquad D_c = \frac{D}{a^2},\qquad
    K_c = \frac{K}{a^3},\qquad M_s = \frac{\mu}{a^3},\qquad
    \mathbf H = \mathbf B/\mu_0,

with the same sign of D for both classes (μ in J/T = A m², B in T; the
statement :math:`\mu_0 M_s = \mu/a^3` holds when μ is instead given per unit
of H, in J m/A). The only offset is the exchange constant:
:math:`|\mathbf m_i - \mathbf m_j|^2 = 2 - 2\mathbf m_i\cdot\mathbf m_j`, so

.. math::

    H_{\rm Sk} = E_{\rm weylmag} - J_{\rm ex}N_{\rm bonds},\qquad
    N_{\rm bonds} = (n_x - 1)n_y + n_x(n_y - 1).

DMI, anisotropy and Zeeman carry no offset. The effective fields agree as
well: :math:`\mathbf H_i = -\partial E/\partial\mathbf m_i/(\mu_0 M_s a^3)`
is the lattice field :math:`-\partial H_{\rm Sk}/\partial\mathbf m_i` divided
by :math:`\mu_0\mu`.
"""

import numpy as np

from ..constants import mu0

__all__ = [
    "DMI_CLASSES",
    "bond_count",
    "continuum_energy",
    "continuum_parameters",
    "lattice_energy",
]

#: Lattice DMI form -> micromagneticmodel crystal class.
DMI_CLASSES = {"bulk": "T", "interfacial": "Cnv_z"}

def _check_dmi(dmi):
    if dmi not in DMI_CLASSES:
        raise ValueError(f"dmi must be one of {sorted(DMI_CLASSES)}; got {dmi!r}.")


def _bond_vectors(dmi):
    """Per-unit-D DMI vectors D_ij of the bonds j = i + x and j = i + y."""
    ex, ey, ez = np.eye(3)
    if dmi == "bulk":  # D (r_i - r_j) / |r_i - r_j| = -e_k
        return -ex, -ey
    return np.cross(ez, -ex), np.cross(ez, -ey)  # z x (r_i - r_j)


def bond_count(nx, ny):
    """Nearest-neighbour pairs of an open nx x ny square lattice."""
    return (nx - 1) * ny + nx * (ny - 1)


def lattice_energy(m, J_ex, D, K, mu=0.0, B=(0.0, 0.0, 0.0), *, dmi="bulk"):
    r"""Terms of the atomistic energy :math:`H_{\rm Sk}` (seed Eq. 38) of a texture.

    Parameters
    ----------
    m : (nx, ny, 3) array_like
        Spin directions, one layer, open boundaries (used as given).
    J_ex, D, K : float
        Exchange, DMI and anisotropy energies per bond or site (any energy
        unit; the result is in the same unit).
    mu : float
        Magnetic moment (energy per unit of B).
    B : (3,) array_like
        Magnetic field.
    dmi : {"bulk", "interfacial"}
        DMI vector along the bond (Eq. 38 as printed) or in-plane
        perpendicular to it (see the module docstring).

    Returns
    -------
    dict
        ``{"exchange", "dmi", "anisotropy", "zeeman"}`` energies; their sum
        is :math:`H_{\rm Sk}`.

    Examples
    --------
    A uniform state along z in a 3 x 2 layer (7 bonds):

    >>> from weylmag.negf.atomistic import lattice_energy
    >>> e = lattice_energy([[[0, 0, 1]] * 2] * 3, J_ex=1.0, D=0.2, K=0.1)
    >>> e["exchange"], e["dmi"], round(e["anisotropy"], 12)
    (-7.0, 0.0, -0.6)
    """
    _check_dmi(dmi)
    m = np.asarray(m, dtype=float)
    if m.ndim != 3 or m.shape[-1] != 3:
        raise ValueError(f"m must have shape (nx, ny, 3); got {m.shape}.")
    dx, dy = _bond_vectors(dmi)
    exchange = -J_ex * (
        np.sum(m[1:] * m[:-1]) + np.sum(m[:, 1:] * m[:, :-1])
    )
    dmi_energy = D * (
        np.sum(np.cross(m[:-1], m[1:]) @ dx)
        + np.sum(np.cross(m[:, :-1], m[:, 1:]) @ dy)
    )
    anisotropy = -K * np.sum(m[..., 2] ** 2)
    zeeman = -mu * np.sum(m @ np.asarray(B, dtype=float))
    return {
        "exchange": float(exchange),
        "dmi": float(dmi_energy),
        "anisotropy": float(anisotropy),
        "zeeman": float(zeeman),
    }


def continuum_parameters(J_ex, D, K, mu, a, B=(0.0, 0.0, 0.0), *, dmi="bulk"):
    r"""SI parameters of the finite-difference model equal to Eq. 38 (cell size a).

    Parameters
    ----------
    J_ex, D, K : float
        Lattice exchange, DMI, anisotropy (J).
    mu : float
        Magnetic moment per site (J/T).
    a : float
        Lattice constant = cell size (m).
    B : (3,) array_like
        Field (T).
    dmi : {"bulk", "interfacial"}

    Returns
    -------
    dict
        ``A`` (J/m), ``D`` (J/m^2), ``K`` (J/m^3), ``Ms`` (A/m), ``H`` (A/m,
        3-tuple), ``dmi_class`` (``"T"`` or ``"Cnv_z"``) and the exchange
        offset per bond ``J_ex`` (J): lattice = weylmag - J_ex N_bonds.

    Examples
    --------
    >>> from weylmag.negf.atomistic import continuum_parameters
    >>> p = continuum_parameters(2e-22, 4e-23, 1e-23, 1e-23, 5e-10, dmi="interfacial")
    >>> p["A"], p["dmi_class"]
    (2e-13, 'Cnv_z')
    """
    _check_dmi(dmi)
    if not a > 0:
        raise ValueError(f"a must be > 0; got {a!r}.")
    if not mu > 0:
        raise ValueError(f"mu must be > 0 (it sets Ms = mu / a^3); got {mu!r}.")
    return {
        "A": J_ex / (2 * a),
        "D": D / a**2,
        "K": K / a**3,
        "Ms": mu / a**3,
        "H": tuple(float(b) / mu0 for b in B),
        "dmi_class": DMI_CLASSES[dmi],
        "J_ex": J_ex,
    }


def continuum_energy(J_ex, D, K, mu, a, B=(0.0, 0.0, 0.0), *, dmi="bulk"):
    r"""``mm.Energy`` equal to Eq. 38: exchange, DMI, anisotropy along z, Zeeman.

    Use on a mesh with cells (a, a, a), one layer, and ``system.m`` of norm
    ``continuum_parameters(...)["Ms"]``. Parameters as
    :func:`continuum_parameters`.

    Examples
    --------
    >>> from weylmag.negf.atomistic import continuum_energy
    >>> energy = continuum_energy(1.6e-22, 3.2e-23, 1.1e-23, 2.8e-23, 5e-10)
    >>> sorted(term.name for term in energy)
    ['dmi', 'exchange', 'uniaxialanisotropy', 'zeeman']
    """
    import micromagneticmodel as mm

    p = continuum_parameters(J_ex, D, K, mu, a, B, dmi=dmi)
    return (
        mm.Exchange(A=p["A"])
        + mm.DMI(D=p["D"], crystalclass=p["dmi_class"])
        + mm.UniaxialAnisotropy(K=p["K"], u=(0, 0, 1))
        + mm.Zeeman(H=p["H"])
    )

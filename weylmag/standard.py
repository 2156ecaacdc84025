"""The muMAG standard problems as ready-made ``mm.System`` objects.

Each function returns the system in the initial state that the problem
statement prescribes, for any calculator; the drives are the user's (see
``examples/``).

Examples
--------
>>> system = standard_problem_4(cell=(5e-9, 5e-9, 3e-9))
>>> system.m.mesh.n.tolist(), [t.name for t in system.energy]
([100, 25, 1], ['exchange', 'demag'])
"""

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np

from .constants import e, muB

#: Applied fields of standard problem 4, mu0 H in tesla.
SP4_FIELDS = {1: (-24.6e-3, 4.3e-3, 0.0), 2: (-35.5e-3, -6.3e-3, 0.0)}

#: Edge lengths of the standard problem 5 film (m).
SP5_SIZE = (100e-9, 100e-9, 10e-9)

#: Saturation magnetisation of the permalloy of problems 4 and 5 (A/m).
PERMALLOY_MS = 8e5


def standard_problem_4(cell=(2.5e-9, 2.5e-9, 3e-9), name="stdprob4"):
    """Permalloy film 500 nm x 125 nm x 3 nm, before relaxation.

    Ms = 8e5 A/m, A = 1.3e-11 J/m, alpha = 0.02, gamma0 = 2.211e5 m/(A s),
    exchange and demagnetisation; m along (1, 0.25, 0.1), from which energy
    minimisation in zero field gives the S-state. Add the field of
    :func:`standard_problem_4_field` before the 1 ns time drive.
    """
    mesh = df.Mesh(p1=(0, 0, 0), p2=(500e-9, 125e-9, 3e-9), cell=cell)
    system = mm.System(name=name)
    system.energy = mm.Exchange(A=1.3e-11) + mm.Demag()
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.02)
    system.m = df.Field(mesh, nvdim=3, value=(1, 0.25, 0.1), norm=PERMALLOY_MS)
    return system


def standard_problem_4_field(field=1):
    """The Zeeman term of field 1 or 2 of standard problem 4."""
    if field not in SP4_FIELDS:
        raise ValueError(f"standard problem 4 has fields 1 and 2; got {field!r}.")
    return mm.Zeeman(H=tuple(b / mm.consts.mu0 for b in SP4_FIELDS[field]))


def standard_problem_5(cell=(5e-9, 5e-9, 5e-9), name="stdprob5"):
    """Permalloy square 100 nm x 100 nm x 10 nm with a vortex, before relaxation.

    Ms = 8e5 A/m, A = 1.3e-11 J/m, alpha = 0.1, gamma0 = 2.211e5 m/(A s),
    exchange and demagnetisation (Najafi et al., J. Appl. Phys. 105, 113914
    (2009); muMAG standard problem 5). The mesh spans
    ``(0, 0, 0)``-``(100, 100, 10)`` nm; with ``(x, y)`` measured from the
    centre of the square, m is along ``(-y, x, R)`` with R = 10 nm, which
    relaxes to a counter-clockwise vortex with its core along +z. Relax it,
    then add :func:`standard_problem_5_current` to the dynamics.

    Parameters
    ----------
    cell : tuple of float
        Cell edge lengths (m); they must divide the film's edges.
    name : str
        ``system.name``.

    Examples
    --------
    >>> system = standard_problem_5()
    >>> system.m.mesh.n.tolist(), [t.name for t in system.dynamics]
    ([20, 20, 2], ['precession', 'damping'])
    >>> [round(float(v), 3) for v in system.m.orientation((52.5e-9, 57.5e-9, 5e-9))]
    [-0.588, 0.196, 0.784]
    """
    mesh = df.Mesh(p1=(0, 0, 0), p2=SP5_SIZE, cell=cell)
    x0, y0 = SP5_SIZE[0] / 2, SP5_SIZE[1] / 2

    def vortex(point):
        x, y, _ = point
        return (-(y - y0), x - x0, 10e-9)

    system = mm.System(name=name)
    system.energy = mm.Exchange(A=1.3e-11) + mm.Demag()
    system.dynamics = mm.Precession(gamma0=2.211e5) + mm.Damping(alpha=0.1)
    system.m = df.Field(mesh, nvdim=3, value=vortex, norm=PERMALLOY_MS)
    return system


def standard_problem_5_current(P_J=1e12, beta=0.05, g=2.0):
    r"""The Zhang-Li term of standard problem 5: P J along +x, non-adiabaticity beta.

    .. math::

        u = -\frac{g \mu_B P J}{2 e M_s}

    with Ms = 8e5 A/m. The electrons, and with them the texture, drift
    against the current, so ``u`` points along -x for ``P_J > 0``: -72.35 m/s
    for the problem's P J = 1e12 A/m^2 and g = 2, the value of Ubermag's
    ``stdprob5`` test (oommfc, mumax3c and weylmag alike). Other codes differ
    by fractions of a per cent: fidimag and MicroMagnetic.jl take the free
    electron's g = 2.0023 (-72.44 m/s); mumax3 takes g = 2 and divides by
    1 + beta^2 as Zhang and Li's b_J does (-72.17 m/s).

    Parameters
    ----------
    P_J : float
        Spin polarisation times current density along +x (A/m^2).
    beta : float
        Non-adiabaticity (dimensionless).
    g : float
        Electron g-factor.

    Examples
    --------
    >>> term = standard_problem_5_current()
    >>> round(term.u, 2), term.beta
    (-72.35, 0.05)
    """
    return mm.ZhangLi(u=-g * muB * P_J / (2 * e * PERMALLOY_MS), beta=beta)


def vortex_core(m):
    r"""The position ``(x, y)`` (m) of a vortex core: where m_z peaks.

    The thickness average of the component along the core's polarity,
    :math:`w = \max(p\, \bar m_z, 0)^2`, weights the cell centres:
    :math:`\mathbf{r}_c = \sum w \mathbf{r} / \sum w`. Squaring the weight keeps
    the small m_z of the in-plane domains (a few per cent, spread over the
    film) from pulling the estimate towards the centre; clipping at zero
    drops the dip of opposite m_z beside a moving core. The estimate moves
    smoothly with the core, below the cell size.

    Parameters
    ----------
    m : discretisedfield.Field
        Magnetisation (any norm) on a mesh with z as the thickness.

    Examples
    --------
    >>> mesh = df.Mesh(p1=(0, 0, 0), p2=(100e-9, 100e-9, 10e-9), n=(20, 20, 2))
    >>> def bump(point):  # m_z = exp(-r^2 / (8 nm)^2) around (31, 58) nm
    ...     r2 = (point[0] - 31e-9) ** 2 + (point[1] - 58e-9) ** 2
    ...     mz = np.exp(-r2 / 8e-9**2)
    ...     return (np.sqrt(1 - mz**2), 0, mz)
    >>> m = df.Field(mesh, nvdim=3, value=bump, norm=8e5)
    >>> [round(v * 1e9, 2) for v in vortex_core(m)]
    [31.0, 58.0]
    """
    mz = np.asarray(m.orientation.array)[..., 2].mean(axis=2)
    polarity = 1.0 if mz.max() >= -mz.min() else -1.0
    w = np.clip(polarity * mz, 0.0, None) ** 2
    x = np.asarray(m.mesh.cells.x)
    y = np.asarray(m.mesh.cells.y)
    total = w.sum()
    return float(x @ w.sum(axis=1) / total), float(y @ w.sum(axis=0) / total)

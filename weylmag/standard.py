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

#: Applied fields of standard problem 4, mu0 H in tesla.
SP4_FIELDS = {1: (-24.6e-3, 4.3e-3, 0.0), 2: (-35.5e-3, -6.3e-3, 0.0)}


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
    system.m = df.Field(mesh, nvdim=3, value=(1, 0.25, 0.1), norm=8e5)
    return system


def standard_problem_4_field(field=1):
    """The Zeeman term of field 1 or 2 of standard problem 4."""
    if field not in SP4_FIELDS:
        raise ValueError(f"standard problem 4 has fields 1 and 2; got {field!r}.")
    return mm.Zeeman(H=tuple(b / mm.consts.mu0 for b in SP4_FIELDS[field]))

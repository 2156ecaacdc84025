"""``compute``: energy, energy density or effective field of a system, in memory."""

import json

import discretisedfield as df
import micromagneticmodel as mm
import numpy as np
import ubermagutil as uu

from .problem import Problem


def compute(func, system, /, dirname=".", append=True, n_threads=None, verbose=0,
            **kwargs):
    """The value of ``energy``, ``density`` or ``effective_field`` of a term or
    of the whole ``system.energy``.

    A ``compute-N`` directory is created under ``dirname/system.name`` with the
    magnetisation used and the result, as oommfc and mumax3c do.

    Returns
    -------
    float (J), or discretisedfield.Field (J/m^3 or A/m) on ``system.m.mesh``.

    Examples
    --------
    >>> import micromagneticmodel as mm
    >>> system = mm.examples.macrospin()
    >>> compute(system.energy.zeeman.energy, system) < 0
    True
    >>> delete(system)
    """
    name = getattr(func, "__name__", None)
    owner = getattr(func, "__self__", None)
    if name not in ("energy", "density", "effective_field") or not isinstance(
        owner, (mm.Energy, mm.abstract.Term)
    ):
        raise ValueError(
            f"Cannot compute {func!r}; pass term.energy, term.density or "
            "term.effective_field of an energy term or of system.energy."
        )
    if system.T > 0:
        raise RuntimeError(
            f"compute() evaluates deterministic quantities; system.T = {system.T}."
        )
    from .drivers.driver import numba_threads

    with numba_threads(n_threads):
        problem = Problem(system)
        m = problem.m0
        if isinstance(owner, mm.Energy):
            terms = problem.energy_terms
        else:
            terms = [t for t in problem.energy_terms if t.name == owner.name]
        n = problem.grid.n
        if name == "effective_field":
            H = np.zeros((n, 3))
            for term in terms:
                term.add_field(m, 0.0, H)
            result = df.Field(system.m.mesh, nvdim=3, value=H.reshape(*system.m.mesh.n, 3))
        else:
            e = np.zeros(n)
            for term in terms:
                e += problem.term_density(term, m, 0.0)
            if name == "energy":
                result = float(e.sum() * problem.grid.dV)
            else:
                result = df.Field(system.m.mesh, nvdim=1, value=e.reshape(*system.m.mesh.n, 1))

    workingdir = mm.ExternalDriver._setup_working_directory(
        system=system, dirname=dirname, mode="compute", append=append
    )
    with uu.changedir(workingdir):
        system.m.to_file("m0.omf")
        if isinstance(result, float):
            with open("energy.json", "w", encoding="utf-8") as f:
                json.dump({"energy": result, "term": getattr(owner, "name", "total")}, f)
        else:
            result.to_file(f"{name}.ovf")
    system.compute_number += 1
    return result


def delete(system, dirname="."):
    """Delete the directory ``dirname/system.name`` with all drives of the system."""
    import pathlib
    import shutil

    path = pathlib.Path(dirname, system.name)
    if path.exists():
        shutil.rmtree(path)

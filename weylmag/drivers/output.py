"""Writing a drive directory that micromagneticdata reads as OOMMF-style.

Layout: ``info.json`` (written by the driver base class), ``m0.omf``,
``<name>.mif`` (a plain-text description of the problem), ``<name>.odt``
(a tab-separated table with ``name (unit)`` headers) and one
``<name>-NNNNNNN.omf`` per output step.
"""

import math

import discretisedfield as df

OVF_FORMATS = ("bin8", "bin4", "txt")


def check_ovf_format(ovf_format):
    if ovf_format not in OVF_FORMATS:
        raise ValueError(
            f"ovf_format={ovf_format!r} is not one of {OVF_FORMATS}; 'bin8' is "
            "double precision binary."
        )


def describe(system):
    """A readable description of the problem, stored as ``<name>.mif``."""
    mesh = system.m.mesh
    lines = [
        "# weylmag problem description (plain text, not an OOMMF input file)",
        f"# system: {system.name}",
        f"# region: p1={tuple(mesh.region.pmin)} p2={tuple(mesh.region.pmax)}",
        f"# n: {tuple(int(v) for v in mesh.n)}  cell: {tuple(mesh.cell)}  "
        f"bc: {mesh.bc!r}",
        f"# subregions: {list(mesh.subregions)}",
        f"# energy: {system.energy!r}",
        f"# dynamics: {system.dynamics!r}",
        f"# T: {system.T}",
    ]
    return "\n".join(lines) + "\n"


class DriveWriter:
    """Appends snapshots and table rows to the current drive directory."""

    def __init__(self, system, ovf_format):
        self.name = system.name
        self.mesh = system.m.mesh
        self.ovf_format = ovf_format
        self.columns = None
        self._table = open(f"{self.name}.odt", "w", encoding="utf-8")  # noqa: SIM115

    def snapshot(self, M, index):
        field = df.Field(self.mesh, nvdim=3, value=M)
        field.to_file(f"{self.name}-{index:07d}.omf", representation=self.ovf_format)

    def row(self, values):
        """``values``: ordered ``{column: (value, unit)}``; columns fixed by row 1."""
        if self.columns is None:
            self.columns = list(values)
            header = "\t".join(f"{c} ({values[c][1]})" for c in self.columns)
            self._table.write(f"# {header}\n")
        missing = [c for c in self.columns if c not in values]
        if missing:
            raise KeyError(f"table row lacks columns {missing}")
        self._table.write("\t".join(_fmt(values[c][0]) for c in self.columns) + "\n")
        self._table.flush()

    def close(self):
        self._table.close()


def _fmt(value):
    value = float(value)
    return repr(value) if math.isfinite(value) else "nan"

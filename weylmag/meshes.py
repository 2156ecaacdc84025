"""Simulation presets: a mesh, a material, an initial state, the energy and
dynamics terms and the driver calls, declared in a small TOML file.

A preset file (SI units throughout)::

    description = "A head-to-head domain wall in a wire, pushed by a current."

    [mesh]
    p1 = [0, 0, 0]                  # m
    p2 = [200e-9, 20e-9, 5e-9]
    cell = [2e-9, 2e-9, 5e-9]       # or n = [100, 10, 1]
    bc = ""                         # periodic axes, e.g. "x" or "xy"
    [mesh.regions.left]             # optional subregions
    p1 = [0, 0, 0]
    p2 = [10e-9, 20e-9, 5e-9]

    [material]
    Ms = 8e5                        # A/m
    A = 1.3e-11                     # J/m; A, D, K and alpha also take
    K = 5e5                         # {region = value, default = value}
    u = [1, 0, 0]
    alpha = 0.02

    [initial]                       # uniform, wall, skyrmion or random
    kind = "wall"
    axis = "x"
    direction = [1, 0, 0]           # the domain at low x; -direction beyond
    centre = [0, 1, 0]              # m in the middle of the wall

    [energy]                        # term = {parameters}; missing ones from [material]
    exchange = {}
    uniaxial_anisotropy = {}

    [dynamics]
    precession = {}
    damping = {}
    zhang_li = { u = 100, beta = 0.04 }

    [[drive]]
    kind = "min"
    [[drive]]
    kind = "time"
    t = 0.5e-9
    n = 50

    [short]                         # merged into the file for a quick run
    mesh.cell = [4e-9, 4e-9, 5e-9]
    [[short.drive]]
    kind = "time"
    t = 0.02e-9
    n = 4

The energy terms are ``exchange``, ``dmi``, ``uniaxial_anisotropy``,
``cubic_anisotropy``, ``demag``, ``zeeman`` and ``field_induced_dmi``
(``wm.FieldInducedDMI``: ``E`` with ``symmetry`` and ``xi``, or ``kappa``;
``D0`` optional); the dynamics terms ``precession``, ``damping``,
``zhang_li``, ``slonczewski``, ``valley_torque`` and ``valley_diffusion``.
``meshes/README.md`` in the source tree lists their keys.

``[short]`` is merged into the rest of the file: its tables key by key,
every other value (numbers, arrays, the list of driver calls) replacing
the one it names. An optional ``[shape]`` (``kind = "disk"``, ``radius``,
``axis``, ``centre``) leaves the cells outside empty (Ms = 0), and an
optional ``[picture]`` (``kind`` arrows, slices or isosurface, ``color``,
``component``, ``view``, ``every``) says how the command line draws the
final state.

Every mistake raises :class:`PresetError` naming the file, the line and the
field (``bad.toml, line 7: material.Ms must be a positive number (A/m);
got -800000``), before anything runs.

The presets shipped with weylmag are in ``weylmag/presets/`` (package data,
so they are found in any installation); :func:`names` lists them.
"""

import importlib.resources
import math
import numbers
import pathlib
import re

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

#: Energy terms and the material parameters each takes: name -> {key: kind}.
ENERGY_TERMS = {
    "exchange": {"A": "scalar+"},
    "dmi": {"D": "scalar", "dmi_class": "dmi_class"},
    "uniaxial_anisotropy": {"K": "scalar", "u": "direction"},
    "cubic_anisotropy": {"K": "scalar", "u1": "direction", "u2": "direction"},
    "demag": {},
    "zeeman": {"H": "vector"},
    "field_induced_dmi": {
        "E": "vector_regions", "symmetry": "symmetry", "xi": "number",
        "normal": "direction", "axis": "direction", "kappa": "tensor3", "D0": "matrix",
    },
}

#: Dynamics terms and their parameters.
DYNAMICS_TERMS = {
    "precession": {"gamma0": "positive"},
    "damping": {"alpha": "scalar+"},
    "zhang_li": {"u": "number", "beta": "number"},
    "slonczewski": {"J": "scalar", "mp": "direction", "P": "positive",
                    "Lambda": "positive", "eps_prime": "number"},
    "valley_torque": {"nu": "number", "beta": "number", "direction": "direction"},
    "valley_diffusion": {
        "eta": "positive", "sigma": "positive", "N": "positive", "tau_v": "positive",
        "beta": "number", "B": "vector", "j_c": "vector", "E": "vector",
        "theta": "number", "mixing": "mixing",
    },
}

#: Material parameters: key -> (kind, unit).
MATERIAL = {
    "Ms": ("positive", "A/m"),
    "A": ("scalar+", "J/m"),
    "D": ("scalar", "J/m^2"),
    "dmi_class": ("dmi_class", ""),
    "K": ("scalar", "J/m^3"),
    "u": ("direction", ""),
    "alpha": ("scalar+", ""),
    "gamma0": ("positive", "m/(A s)"),
}

#: Units of the term parameters that are not in MATERIAL.
UNITS = {
    "H": "A/m", "nu": "m/s", "eta": "kg m/s", "sigma": "S/m", "N": "1/(J m^3)",
    "tau_v": "s", "B": "T", "j_c": "A/m^2", "E": "V/m", "zhang_li.u": "m/s",
    "J": "A/m^2", "xi": "C/m", "kappa": "C/m", "D0": "J/m^2",
}

#: The constructors of ``wm.FieldInducedDMI`` a file can name as ``symmetry``,
#: and the direction key each takes.
FIELD_DMI_SYMMETRIES = {"interfacial": "normal", "in_plane": "normal",
                        "bulk": "axis", "isotropic": None}

DMI_CLASSES = ("T", "O", "Cnv_x", "Cnv_y", "Cnv_z", "D2d_x", "D2d_y", "D2d_z")
MIXING_FACES = ("x-", "x+", "y-", "y+", "z-", "z+", "empty")
VIEWS = ("xy", "yx", "xz", "zx", "yz", "zy", "iso")
AXES = ("x", "y", "z")
DEFAULT_GAMMA0 = 2.211e5

_REQUIRED = object()


class PresetError(ValueError):
    """A preset file that cannot be read or describes no valid simulation.

    ``str(error)`` is one line: ``"FILE, line N: MESSAGE"`` (without the line
    where none applies).
    """

    def __init__(self, file, line, message, field=None):
        self.file, self.line, self.message, self.field = file, line, message, field
        where = file if line is None else f"{file}, line {line}"
        super().__init__(f"{where}: {message}")


def names():
    """The names of the presets shipped with weylmag, sorted."""
    return sorted(p.name[:-5] for p in _preset_dir().iterdir()
                  if p.name.endswith(".toml"))


def _preset_dir():
    return importlib.resources.files("weylmag") / "presets"


def load(name_or_path):
    """Read a preset by name (``"disk_skyrmion"``) or from a TOML file.

    A name without a path separator or ``.toml`` suffix is looked up among the
    shipped presets (:func:`names`); anything else is a file path.

    Raises
    ------
    PresetError
        The file is missing, not TOML, or describes no valid simulation.

    Examples
    --------
    >>> import weylmag.meshes
    >>> preset = weylmag.meshes.load("nanowire_wall")
    >>> print(*preset.system(short=True).m.mesh.n)
    50 5 1
    """
    text_name = str(name_or_path)
    path = pathlib.Path(text_name)
    if path.suffix != ".toml" and len(path.parts) == 1 and not path.is_file():
        resource = _preset_dir() / f"{text_name}.toml"
        if not resource.is_file():
            raise PresetError(text_name, None, f"no preset {text_name!r}; the presets "
                              f"are {', '.join(names())}, or give a .toml file")
        return Preset(resource.read_text(encoding="utf-8"), text_name, text_name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PresetError(text_name, None, f"cannot read the file: "
                          f"{exc.strerror or exc}") from None
    return Preset(text, path.stem, path.name)


class Preset:
    """A simulation read from a preset file; see the module docstring.

    Parameters
    ----------
    text : str
        The TOML text.
    name : str
        The system name (its drives go to ``<name>/drive-N``), unless the
        file sets ``name``.
    file : str
        The file name shown in error messages.
    """

    def __init__(self, text, name, file):
        self.file = file
        self.text = text
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            line = int(match.group(1)) if match else None
            message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            if match:
                message += f" (column {match.group(2)})"
            raise PresetError(file, line, f"TOML syntax: {message}") from None
        short = document.pop("short", {})
        if not isinstance(short, dict):
            raise PresetError(file, self._line(("short",)),
                              "short must be a table of values for a quick run")
        self._specs = {False: _Spec(document, self, ())}
        self._specs[True] = _Spec(_merge(document, short), self, ("short",), short)
        self.name = self._specs[False].name or name
        self.description = self._specs[False].description

    def __repr__(self):
        return f"Preset({self.name!r}, file={self.file!r})"

    def _line(self, path):
        return _line_of(self.text, path)

    def system(self, short=False):
        """A new ``micromagneticmodel.System`` with the initial state."""
        return self._specs[bool(short)].system(self.name)

    def driver_calls(self, short=False):
        """The driver calls as ``(driver, keywords)`` pairs."""
        return self._specs[bool(short)].driver_calls()

    def picture(self, short=False):
        """How to draw the final state: a dict of ``kind`` and the options of
        the weylmag.viz scene."""
        return dict(self._specs[bool(short)].picture)

    def drive(self, short=False, dirname=".", verbose=1, system=None, each=None):
        """Run the driver calls on a new system (or ``system``); return it.

        Parameters
        ----------
        short : bool
            Use the values of ``[short]``.
        dirname : str or path
            Where the drives are written (``dirname/<name>/drive-N``).
        verbose : int
            Passed to every driver call (2 shows a progress bar for time
            drives).
        each : callable, optional
            Called as ``each(i, count, driver, keywords)`` before the i-th
            (0-based) of ``count`` calls.
        """
        if system is None:
            system = self.system(short)
        calls = self.driver_calls(short)
        for i, (driver, keywords) in enumerate(calls):
            if each is not None:
                each(i, len(calls), driver, keywords)
            driver.drive(system, dirname=str(dirname), verbose=verbose, **keywords)
        return system


def _merge(base, over):
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# -- finding a key's line -------------------------------------------------

_KEY = r'(?:[A-Za-z0-9_-]+|"[^"]*"|\'[^\']*\')'
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=")


def _split_key(dotted):
    return tuple(part.strip().strip("\"'") for part in
                 re.findall(rf"{_KEY}", dotted))


def _line_of(text, path):
    """The 1-based line that sets ``path`` (a tuple of keys and array
    indices), or the closest line that sets a table containing it."""
    table, counts = (), {}
    best, best_length = None, -1
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            keys = _split_key(header.group(2))
            if header.group(1) == "[[":
                index = counts.get(keys, 0)
                counts[keys] = index + 1
                table = (*keys, index)
            else:
                table = keys
            here = table
        else:
            assign = _ASSIGN.match(line)
            if not assign:
                continue
            here = (*table, *_split_key(assign.group(1)))
        if here == tuple(path[: len(here)]) and len(here) > best_length:
            best, best_length = number, len(here)
            if len(here) == len(path):
                return number
    return best


# -- reading and checking values -----------------------------------------


def _show(value):
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _is_number(value):
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and math.isfinite(value))


def _is_array(value, shape):
    """``value`` is nested lists of numbers with this shape."""
    if not shape:
        return _is_number(value)
    return (isinstance(value, list) and len(value) == shape[0]
            and all(_is_array(v, shape[1:]) for v in value))


def _as_tuples(value):
    if isinstance(value, list):
        return tuple(_as_tuples(v) for v in value)
    return float(value)


class _Spec:
    """A preset document checked and turned into plain values."""

    def __init__(self, document, preset, prefix, override=None):
        self.preset, self.prefix, self.override = preset, prefix, override
        doc = self._table(document, ())
        self.name = self._get(doc, (), "name", "string", None)
        self.description = self._get(doc, (), "description", "string", "")
        self.mesh = self._mesh(self._get(doc, (), "mesh", "table"))
        self.shape = self._shape(self._get(doc, (), "shape", "table", {}))
        self.material = self._material(self._get(doc, (), "material", "table"))
        self.initial = self._initial(self._get(doc, (), "initial", "table",
                                               {"kind": "uniform"}))
        self.energy = self._terms(self._get(doc, (), "energy", "table"), "energy",
                                  ENERGY_TERMS)
        if not self.energy:
            self._fail(("energy",), "energy needs at least one term ("
                       f"{', '.join(ENERGY_TERMS)})")
        self.dynamics = self._terms(self._get(doc, (), "dynamics", "table", {}),
                                    "dynamics", DYNAMICS_TERMS)
        self.drives = self._drives(self._get(doc, (), "drive", "tables"))
        self.picture = self._picture(self._get(doc, (), "picture", "table", {}))
        self._done(doc, ())

    # -- error reporting
    def _where(self, path):
        """The line of ``path``: in [short] where the value came from there."""
        if self.override is not None:
            node = self.override
            for i, key in enumerate(path):
                if not isinstance(node, dict) or key not in node:
                    break
                node = node[key]
                if not isinstance(node, dict) or i == len(path) - 1:
                    return self.preset._line((*self.prefix, *path))
        return self.preset._line(path)

    def _fail(self, path, message):
        raise PresetError(self.preset.file, self._where(path), message,
                          field=_dotted(path))

    # -- tables
    def _table(self, value, path):
        return {"value": dict(value), "path": path, "seen": set()}

    def _get(self, table, path, key, kind, default=_REQUIRED, unit="", allow=()):
        values = table["value"]
        table["seen"].add(key)
        full = (*path, key)
        if key not in values:
            if default is _REQUIRED:
                self._fail(path, f"{_dotted(full)} is missing")
            if kind == "table" and isinstance(default, dict):
                return self._table(default, full)
            return default
        value = values[key]
        return self._check(full, value, kind, unit, allow)

    def _done(self, table, path):
        unknown = [k for k in table["value"] if k not in table["seen"]]
        if unknown:
            known = ", ".join(sorted(table["seen"]))
            self._fail((*path, unknown[0]),
                       f"unknown key {_dotted((*path, unknown[0]))}"
                       + (f"; {_dotted(path) or 'the file'} takes {known}"
                          if known else ""))

    def _check(self, path, value, kind, unit="", allow=()):
        field = _dotted(path)
        units = f" ({unit})" if unit else ""
        got = f"; got {_show(value)}"
        if kind == "table":
            if not isinstance(value, dict):
                self._fail(path, f"{field} must be a table{got}")
            return self._table(value, path)
        if kind == "tables":
            if not (isinstance(value, list) and value
                    and all(isinstance(v, dict) for v in value)):
                self._fail(path, f"{field} must be one or more [[{field}]] tables")
            return [self._table(v, (*path, i)) for i, v in enumerate(value)]
        if kind == "string":
            if not isinstance(value, str):
                self._fail(path, f"{field} must be a string{got}")
            return value
        if kind == "choice":
            if value not in allow:
                self._fail(path, f"{field} must be one of "
                           f"{', '.join(map(repr, allow))}{got}")
            return value
        if kind in ("number", "positive", "nonnegative", "count", "seed"):
            if kind in ("count", "seed"):
                ok = isinstance(value, int) and not isinstance(value, bool)
                ok = ok and (value >= 1 if kind == "count" else value >= 0)
                what = ("a positive integer" if kind == "count"
                        else "a non-negative integer")
            else:
                ok = _is_number(value)
                ok = ok and (kind == "number" or value > 0
                             or (kind == "nonnegative" and value == 0))
                what = {"number": "a number", "positive": "a positive number",
                        "nonnegative": "a non-negative number"}[kind]
            if not ok:
                self._fail(path, f"{field} must be {what}{units}{got}")
            return float(value) if kind not in ("count", "seed") else value
        if kind in ("scalar", "scalar+"):  # a number or {region = number}
            number = "number" if kind == "scalar" else "nonnegative"
            if isinstance(value, dict):
                regions = set(self.mesh["regions"]) | {"default"}
                if not value:
                    self._fail(path, f"{field} must be a number or a table of region "
                               "values")
                for region, v in value.items():
                    if region not in regions:
                        self._fail((*path, region), f"{field}: no region {region!r}; "
                                   f"the regions are {', '.join(sorted(regions))}")
                    self._check((*path, region), v, number, unit)
                return {k: float(v) for k, v in value.items()}
            return self._check(path, value, number, unit)
        if kind in ("vector", "direction", "point"):
            if not (isinstance(value, list) and len(value) == 3
                    and all(_is_number(v) for v in value)):
                self._fail(path, f"{field} must be three numbers{units}{got}")
            if kind == "direction" and not any(value):
                self._fail(path, f"{field} must be a nonzero direction{got}")
            return tuple(float(v) for v in value)
        if kind == "triple_positive":
            if not (isinstance(value, list) and len(value) == 3
                    and all(_is_number(v) and v > 0 for v in value)):
                self._fail(path, f"{field} must be three positive numbers{units}{got}")
            return tuple(float(v) for v in value)
        if kind == "triple_count":
            if not (isinstance(value, list) and len(value) == 3
                    and all(isinstance(v, int) and not isinstance(v, bool) and v >= 1
                            for v in value)):
                self._fail(path, f"{field} must be three positive integers{got}")
            return tuple(value)
        if kind == "vector_regions":  # three numbers or {region = three numbers}
            if isinstance(value, dict):
                regions = set(self.mesh["regions"]) | {"default"}
                if not value:
                    self._fail(path, f"{field} must be three numbers or a table of "
                               "region values")
                for region, v in value.items():
                    if region not in regions:
                        self._fail((*path, region), f"{field}: no region {region!r}; "
                                   f"the regions are {', '.join(sorted(regions))}")
                    self._check((*path, region), v, "vector", unit)
                return {k: tuple(float(x) for x in v) for k, v in value.items()}
            return self._check(path, value, "vector", unit)
        if kind in ("matrix", "tensor3"):
            shape = (3, 3) if kind == "matrix" else (3, 3, 3)
            if not _is_array(value, shape):
                self._fail(path, f"{field} must be a {' x '.join(map(str, shape))} "
                           f"array of numbers{units}{got}")
            return _as_tuples(value)
        if kind == "symmetry":
            return self._check(path, value, "choice", allow=tuple(FIELD_DMI_SYMMETRIES))
        if kind == "dmi_class":
            return self._check(path, value, "choice", allow=DMI_CLASSES)
        if kind == "mixing":
            faces = [value] if isinstance(value, str) else value
            if not (isinstance(faces, list) and faces
                    and all(f in MIXING_FACES for f in faces)):
                self._fail(path, f"{field} must be a face or a list of faces from "
                           f"{', '.join(MIXING_FACES)}{got}")
            return value if isinstance(value, str) else tuple(value)
        raise AssertionError(kind)  # pragma: no cover

    # -- sections
    def _mesh(self, table):
        path = ("mesh",)
        p1 = self._get(table, path, "p1", "point", unit="m")
        p2 = self._get(table, path, "p2", "point", unit="m")
        if any(a == b for a, b in zip(p1, p2)):
            self._fail((*path, "p2"), f"mesh.p2 must differ from mesh.p1 along every "
                       f"axis; got p1 = {_show(list(p1))}, p2 = {_show(list(p2))}")
        cell = self._get(table, path, "cell", "triple_positive", None, unit="m")
        n = self._get(table, path, "n", "triple_count", None)
        if (cell is None) == (n is None):
            self._fail(path, "mesh needs cell (the cell size, m) or n (the number of "
                       "cells), not both")
        bc = self._get(table, path, "bc", "string", "")
        if any(c not in "xyz" for c in bc) or len(set(bc)) != len(bc):
            self._fail((*path, "bc"), f"mesh.bc must name periodic axes, e.g. 'x' or "
                       f"'xy'; got {bc!r}")
        size = [abs(b - a) for a, b in zip(p1, p2)]
        if cell is not None:
            for i, axis in enumerate(AXES):
                count = size[i] / cell[i]
                if abs(count - round(count)) > 1e-6 * max(count, 1) or round(count) < 1:
                    self._fail((*path, "cell"), f"mesh.cell must divide the mesh: "
                               f"{axis} length {size[i]:g} m is {count:g} cells of "
                               f"{cell[i]:g} m")
        regions = {}
        raw = self._get(table, path, "regions", "table", None)
        if raw is not None:
            for region in raw["value"]:
                sub = self._get(raw, (*path, "regions"), region, "table")
                rpath = (*path, "regions", region)
                r1 = self._get(sub, rpath, "p1", "point", unit="m")
                r2 = self._get(sub, rpath, "p2", "point", unit="m")
                self._done(sub, rpath)
                lo, hi = [min(a, b) for a, b in zip(p1, p2)], [max(a, b)
                                                               for a, b in zip(p1, p2)]
                for q in (r1, r2):
                    if any(v < lo_i - 1e-12 * s or v > hi_i + 1e-12 * s
                           for v, lo_i, hi_i, s in zip(q, lo, hi, size)):
                        self._fail(rpath, f"{_dotted(rpath)} must lie inside the mesh")
                regions[region] = (r1, r2)
        self._done(table, path)
        return {"p1": p1, "p2": p2, "cell": cell, "n": n, "bc": bc,
                "regions": regions}

    def _shape(self, table):
        path = ("shape",)
        kind = self._get(table, path, "kind", "choice", "box", allow=("box", "disk"))
        shape = {"kind": kind}
        if kind == "disk":
            shape["radius"] = self._get(table, path, "radius", "positive", unit="m")
            shape["axis"] = self._get(table, path, "axis", "choice", "z", allow=AXES)
            shape["centre"] = self._get(table, path, "centre", "point", None, unit="m")
        self._done(table, path)
        return shape

    def _material(self, table):
        path = ("material",)
        material = {}
        for key, (kind, unit) in MATERIAL.items():
            value = self._get(table, path, key, kind, None, unit=unit)
            if value is not None:
                material[key] = value
        if "Ms" not in material:
            self._fail(path, "material.Ms (A/m) is missing")
        self._done(table, path)
        return material

    def _initial(self, table):
        path = ("initial",)
        kind = self._get(table, path, "kind", "choice", allow=(
            "uniform", "wall", "skyrmion", "random"))
        initial = {"kind": kind}
        if kind == "uniform":
            initial["direction"] = self._get(table, path, "direction", "direction",
                                             (0.0, 0.0, 1.0))
        elif kind == "wall":
            initial["axis"] = self._get(table, path, "axis", "choice", allow=AXES)
            initial["direction"] = self._get(table, path, "direction", "direction")
            initial["centre"] = self._get(table, path, "centre", "direction")
            initial["position"] = self._get(table, path, "position", "number", None,
                                            unit="m")
            initial["width"] = self._get(table, path, "width", "positive", None,
                                         unit="m")
        elif kind == "skyrmion":
            initial["radius"] = self._get(table, path, "radius", "positive", unit="m")
            initial["type"] = self._get(table, path, "type", "choice", "neel",
                                        allow=("neel", "bloch"))
            initial["axis"] = self._get(table, path, "axis", "choice", "z", allow=AXES)
            initial["centre"] = self._get(table, path, "centre", "point", None,
                                          unit="m")
            initial["chirality"] = self._get(table, path, "chirality", "choice", 1,
                                             allow=(1, -1))
        else:
            initial["seed"] = self._get(table, path, "seed", "seed", 0)
        self._done(table, path)
        return initial

    def _terms(self, table, section, known):
        terms = {}
        for name in table["value"]:
            if name not in known:
                self._fail((section, name), f"unknown {section} term {section}.{name}; "
                           f"the {section} terms are {', '.join(known)}")
            sub = self._get(table, (section,), name, "table")
            path = (section, name)
            values = {}
            for key, kind in known[name].items():
                unit = UNITS.get(f"{name}.{key}", UNITS.get(key, MATERIAL.get(
                    key, ("", ""))[1]))
                value = self._get(sub, path, key, kind, None, unit=unit)
                if value is None and key in self.material:
                    value = self.material[key]
                if value is not None:
                    values[key] = value
            self._done(sub, path)
            terms[name] = self._complete(section, name, values)
        return terms

    def _complete(self, section, name, values):
        """Check that a term has what it needs; fill defaults."""
        need = {
            "exchange": ("A",), "dmi": ("D",), "uniaxial_anisotropy": ("K", "u"),
            "zeeman": ("H",), "damping": ("alpha",), "zhang_li": ("u",),
            "valley_torque": ("nu", "direction"),
            "valley_diffusion": ("eta", "sigma", "N", "tau_v"),
            "cubic_anisotropy": ("K", "u1", "u2"), "field_induced_dmi": ("E",),
            "slonczewski": ("J", "mp", "P", "Lambda"),
        }.get(name, ())
        for key in need:
            if key not in values:
                where = ("material" if key in MATERIAL else f"{section}.{name}")
                self._fail((section, name), f"{section}.{name} needs {key}; set it in "
                           f"{where}")
        if name == "dmi":
            values.setdefault("dmi_class", "Cnv_z")
        if name == "precession":
            values.setdefault("gamma0", DEFAULT_GAMMA0)
        if name == "valley_diffusion" and ("j_c" in values) == ("E" in values):
            self._fail((section, name), f"{section}.{name} needs j_c (A/m^2) or E "
                       "(V/m), not both")
        if name == "cubic_anisotropy":
            u1, u2 = (_unit(values[k]) for k in ("u1", "u2"))
            if abs(sum(a * b for a, b in zip(u1, u2))) > 1 - 1e-9:
                self._fail((section, name, "u2"), f"{section}.{name}.u2 must not be "
                           f"parallel to u1; got u1 = {_show(list(values['u1']))}, "
                           f"u2 = {_show(list(values['u2']))}")
        if name == "field_induced_dmi":
            self._field_dmi((section, name), values)
        return values

    def _field_dmi(self, path, values):
        """kappa, or a symmetry with xi and the direction that symmetry takes."""
        field = _dotted(path)
        if ("kappa" in values) == ("symmetry" in values):
            self._fail(path, f"{field} needs symmetry (with xi, C/m) or kappa (a "
                       "3 x 3 x 3 array, C/m), not both")
        if "kappa" in values:
            for key in ("xi", "normal", "axis"):
                if key in values:
                    self._fail((*path, key), f"{field}.{key} goes with symmetry; "
                               "kappa is the whole tensor")
            return
        if "xi" not in values:
            self._fail(path, f"{field} needs xi (C/m) with symmetry = "
                       f"{values['symmetry']!r}")
        takes = FIELD_DMI_SYMMETRIES[values["symmetry"]]
        for key in ("normal", "axis"):
            if key in values and key != takes:
                self._fail((*path, key), f"{field}.{key} does not apply to symmetry "
                           f"= {values['symmetry']!r}"
                           + (f"; it takes {takes}" if takes else ""))

    def _drives(self, tables):
        drives = []
        for i, table in enumerate(tables):
            path = ("drive", i)
            kind = self._get(table, path, "kind", "choice", allow=("min", "time"))
            drive = {"kind": kind}
            if kind == "time":
                drive["t"] = self._get(table, path, "t", "positive", unit="s")
                drive["n"] = self._get(table, path, "n", "count")
                if not self.dynamics:
                    self._fail((*path, "kind"), "a time drive needs [dynamics] "
                               "(precession, damping, ...)")
            else:
                drive["stopping_mxHxm"] = self._get(table, path, "stopping_mxHxm",
                                                    "positive", None, unit="A/m")
            self._done(table, path)
            drives.append(drive)
        return drives

    def _picture(self, table):
        path = ("picture",)
        picture = {
            "kind": self._get(table, path, "kind", "choice", "arrows",
                              allow=("arrows", "slices", "isosurface")),
            "color": self._get(table, path, "color", "choice", "z",
                               allow=("x", "y", "z", "angle")),
            "view": self._get(table, path, "view", "choice", "xy", allow=VIEWS),
            "every": self._get(table, path, "every", "count", None),
            "component": self._get(table, path, "component", "choice", "z",
                                   allow=AXES),
        }
        self._done(table, path)
        return picture

    # -- building
    def system(self, name):
        import discretisedfield as df
        import micromagneticmodel as mm

        mesh_spec = self.mesh
        subregions = {k: df.Region(p1=a, p2=b)
                      for k, (a, b) in mesh_spec["regions"].items()}
        size = {"cell": mesh_spec["cell"]} if mesh_spec["cell"] else {
            "n": mesh_spec["n"]}
        mesh = df.Mesh(p1=mesh_spec["p1"], p2=mesh_spec["p2"], bc=mesh_spec["bc"],
                       subregions=subregions, **size)
        system = mm.System(name=name)
        system.energy = _sum(_energy_term(k, v) for k, v in self.energy.items())
        if self.dynamics:
            system.dynamics = _sum(_dynamics_term(k, v)
                                   for k, v in self.dynamics.items())
        ms = self.material["Ms"]
        value = _initial_state(self.initial, mesh)
        if self.shape["kind"] == "box":
            system.m = df.Field(mesh, nvdim=3, value=value, norm=ms)
        else:
            inside = _disk(self.shape, mesh)
            system.m = df.Field(mesh, nvdim=3, value=value,
                                norm=lambda p: ms if inside(p) else 0.0,
                                valid="norm")
        return system

    def driver_calls(self):
        from . import MinDriver, TimeDriver

        calls = []
        for drive in self.drives:
            if drive["kind"] == "time":
                calls.append((TimeDriver(), {"t": drive["t"], "n": drive["n"]}))
            elif drive["stopping_mxHxm"] is not None:
                calls.append((MinDriver(stopping_mxHxm=drive["stopping_mxHxm"]), {}))
            else:
                calls.append((MinDriver(), {}))
        return calls


def _dotted(path):
    """``("drive", 0, "t")`` -> ``"drive[0].t"``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else part
    return text


def _sum(terms):
    terms = list(terms)
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _energy_term(name, v):
    import micromagneticmodel as mm

    if name == "exchange":
        return mm.Exchange(A=v["A"])
    if name == "dmi":
        return mm.DMI(D=v["D"], crystalclass=v["dmi_class"])
    if name == "uniaxial_anisotropy":
        return mm.UniaxialAnisotropy(K=v["K"], u=v["u"])
    if name == "cubic_anisotropy":
        return mm.CubicAnisotropy(K=v["K"], u1=v["u1"], u2=v["u2"])
    if name == "demag":
        return mm.Demag()
    if name == "field_induced_dmi":
        return _field_induced_dmi(v)
    return mm.Zeeman(H=v["H"])


def _field_induced_dmi(v):
    import numpy as np

    from .energy.tensordmi import FieldInducedDMI

    D0 = None if "D0" not in v else np.array(v["D0"])
    if "kappa" in v:
        optional = {} if D0 is None else {"D0": D0}
        return FieldInducedDMI(kappa=np.array(v["kappa"]), E=v["E"], **optional)
    symmetry = v["symmetry"]
    direction = FIELD_DMI_SYMMETRIES[symmetry]
    optional = {direction: v[direction]} if direction in v else {}
    return getattr(FieldInducedDMI, symmetry)(xi=v["xi"], E=v["E"], D0=D0,
                                               **optional)


def _dynamics_term(name, v):
    import micromagneticmodel as mm

    from .torques.valley import ValleyDiffusion, ValleyTorque

    if name == "precession":
        return mm.Precession(gamma0=v["gamma0"])
    if name == "damping":
        return mm.Damping(alpha=v["alpha"])
    if name == "zhang_li":
        return mm.ZhangLi(u=v["u"], beta=v.get("beta", 0.0))
    if name == "slonczewski":
        return mm.Slonczewski(**v)
    if name == "valley_torque":
        return ValleyTorque(**v)
    return ValleyDiffusion(**v)


def _unit(vector):
    length = math.sqrt(sum(x * x for x in vector))
    return tuple(x / length for x in vector)


def _centre(mesh, point):
    import numpy as np

    if point is not None:
        return np.asarray(point, dtype=float)
    return (np.asarray(mesh.region.pmin) + np.asarray(mesh.region.pmax)) / 2


def _disk(shape, mesh):
    import numpy as np

    axis = AXES.index(shape["axis"])
    plane = [i for i in range(3) if i != axis]
    centre = _centre(mesh, shape["centre"])
    r2 = shape["radius"] ** 2

    def inside(p):
        d = np.asarray(p, dtype=float) - centre
        return d[plane[0]] ** 2 + d[plane[1]] ** 2 <= r2 * (1 + 1e-12)

    return inside


def _initial_state(spec, mesh):
    """The initial direction as a value discretisedfield takes."""
    import numpy as np

    kind = spec["kind"]
    if kind == "uniform":
        return spec["direction"]
    if kind == "random":
        rng = np.random.default_rng(spec["seed"])
        values = rng.normal(size=(*mesh.n, 3))
        return values / np.linalg.norm(values, axis=-1, keepdims=True)
    if kind == "wall":
        axis = AXES.index(spec["axis"])
        d = np.asarray(spec["direction"], dtype=float)
        d /= np.linalg.norm(d)
        c = np.asarray(spec["centre"], dtype=float)
        c = c - np.dot(c, d) * d
        if np.linalg.norm(c) < 1e-12:
            c = np.cross(d, np.eye(3)[np.argmin(np.abs(d))])
        c /= np.linalg.norm(c)
        x0 = (spec["position"] if spec["position"] is not None
              else _centre(mesh, None)[axis])
        width = (spec["width"] if spec["width"] is not None
                 else 2 * max(mesh.cell[axis], 1e-9))

        def wall(p):
            theta = 2 * math.atan(math.exp((p[axis] - x0) / width))
            return tuple(math.cos(theta) * d + math.sin(theta) * c)

        return wall
    axis = AXES.index(spec["axis"])
    a, b = [i for i in range(3) if i != axis]
    centre = _centre(mesh, spec["centre"])
    radius = spec["radius"]
    width = radius / 3
    bloch = spec["type"] == "bloch"
    sign = spec["chirality"]

    def skyrmion(p):
        x, y = p[a] - centre[a], p[b] - centre[b]
        r = math.hypot(x, y)
        theta = 2 * math.atan(math.exp((radius - r) / width))
        if r > 0:
            ex, ey = x / r, y / r
        else:
            ex, ey = 0.0, 0.0
        if bloch:
            ex, ey = ey, -ex
        m = [0.0, 0.0, 0.0]
        m[a] = -sign * math.sin(theta) * ex
        m[b] = -sign * math.sin(theta) * ey
        m[axis] = math.cos(theta)
        return tuple(m)

    return skyrmion

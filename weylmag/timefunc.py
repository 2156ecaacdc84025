"""Time dependence of field and current terms, in the forms Ubermag allows.

A term may carry ``func`` (``"sin"``, ``"sinc"`` or a callable ``func(t)``),
with ``f`` and ``t0`` for the named waves and ``dt`` for callables, or
``tcl_strings`` (an OOMMF Tcl procedure). weylmag evaluates callables at the
exact stage times of the integrator; ``dt`` is accepted for compatibility but
not used to sample. Tcl procedures run in Python's embedded Tcl interpreter
(``tkinter.Tcl``), so scripts written for OOMMF work unchanged.
"""

import math
import threading
import weakref

import numpy as np
import ubermagutil.typesystem as ts


def attribute(term, name):
    """The value of an optional term attribute, or None when it is not set."""
    value = getattr(term, name, None)
    if isinstance(value, ts.Descriptor):
        return None
    return value


class TimeFunction:
    """A multiplier ``s(t)``: a scalar, a 3-vector (diagonal) or a 3x3 matrix.

    ``kind`` is ``"scalar"``, ``"vector"`` (a field replacing the term's
    value, OOMMF ``ScriptUZeeman``) or ``"matrix"``.

    Examples
    --------
    >>> import micromagneticmodel as mm
    >>> f = TimeFunction.from_term(mm.Zeeman(H=(0, 0, 1), func="sin", f=1e9, t0=0))
    >>> round(f(0.25e-9), 12)
    1.0
    """

    def __init__(self, func, kind="scalar", constant=False):
        self._func = func
        self.kind = kind
        self.constant = constant

    def __call__(self, t):
        return self._func(t)

    @classmethod
    def constant_one(cls):
        return cls(lambda t: 1.0, "scalar", constant=True)

    @classmethod
    def from_term(cls, term):
        func = attribute(term, "func")
        wave = attribute(term, "wave")
        tcl = attribute(term, "tcl_strings")
        if isinstance(func, str) or isinstance(wave, str):
            name = func if isinstance(func, str) else wave
            f = attribute(term, "f")
            t0 = attribute(term, "t0") or 0.0
            if f is None:
                raise ValueError(
                    f"{type(term).__name__} with func={name!r} needs the frequency f "
                    "(Hz)."
                )
            w = 2 * math.pi * f
            if name == "sin":
                return cls(lambda t: math.sin(w * (t - t0)))
            if name == "sinc":
                return cls(lambda t: _sinc(w * (t - t0)))
            raise ValueError(
                f"Unknown func={name!r} for {type(term).__name__}; use 'sin', 'sinc' "
                "or a callable."
            )
        if callable(func):
            probe = np.asarray(func(0.0), dtype=float)
            if probe.size == 1:
                return cls(lambda t: float(func(t)))
            if probe.size == 9:
                return cls(
                    lambda t: np.asarray(func(t), dtype=float).reshape(3, 3), "matrix"
                )
            raise ValueError(
                f"func of {type(term).__name__} must return a number or 9 numbers "
                f"(a 3x3 matrix, row by row); it returned {probe.size} values."
            )
        if isinstance(tcl, dict):
            return _tcl_function(term, tcl)
        return cls.constant_one()


def _sinc(x):
    return 1.0 if x == 0 else math.sin(x) / x


#: Tcl interpreters of the time functions: (function, thread, interpreter).
#: A Tcl interpreter aborts the process when it is deleted by another thread
#: than its own, and the garbage collector may run in any thread (a progress
#: bar's monitor, a drive's output writer). Interpreters are therefore held
#: here and released by the thread that made them, once their function is gone.
_TCL_INTERPRETERS = []
_TCL_LOCK = threading.Lock()


def _keep_tcl_interpreter(function, interp):
    """Hold ``interp`` while ``function`` lives; release dead ones of this thread."""
    me = threading.get_ident()
    with _TCL_LOCK:
        gone = [e for e in _TCL_INTERPRETERS if e[0]() is None and e[1] == me]
        _TCL_INTERPRETERS[:] = [e for e in _TCL_INTERPRETERS if e not in gone]
        _TCL_INTERPRETERS.append((weakref.ref(function), me, interp))
    del gone  # the interpreters of dead functions are deleted here, in their thread


def _tcl_function(term, tcl):
    try:
        import tkinter
    except ImportError as exc:  # pragma: no cover - depends on the Python build
        raise RuntimeError(
            f"{type(term).__name__} uses tcl_strings, which needs Python's tkinter "
            "(Tcl) module; install it or give func= as a Python callable."
        ) from exc
    interp = tkinter.Tcl()
    interp.eval(tcl["script"])
    name = tcl["script_name"]
    energy = tcl.get("energy", "")
    kind = tcl.get("type", "")

    def values(t):
        out = interp.eval(f"{name} {float(t)!r}")
        return np.array([float(v) for v in interp.splitlist(out)])

    def symmetric(t):
        xx, xy, xz, yy, yz, zz = values(t)[:6]
        return np.array([[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]])

    if energy.endswith("ScriptUZeeman"):
        function = TimeFunction(lambda t: values(t)[:3], "vector")
    elif energy.endswith("TransformZeeman") and kind == "diagonal":
        function = TimeFunction(lambda t: np.diag(values(t)[:3]), "matrix")
    elif energy.endswith("TransformZeeman") and kind == "symmetric":
        function = TimeFunction(symmetric, "matrix")
    elif energy.endswith("TransformZeeman"):
        function = TimeFunction(lambda t: values(t)[:9].reshape(3, 3), "matrix")
    else:
        function = TimeFunction(lambda t: float(values(t)[0]))
    _keep_tcl_interpreter(function, interp)
    return function

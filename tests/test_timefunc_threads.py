"""Tcl time functions survive garbage collection in another thread.

A Tcl interpreter aborts the whole process ("async handler deleted by the
wrong thread") when it is deleted by a thread other than its own, and the
garbage collector runs in whichever thread allocates: a progress bar's
monitor thread or a drive's output writer. The check runs in a subprocess,
since the failure kills the interpreter that runs it.
"""

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import gc, threading
    import micromagneticmodel as mm
    from weylmag.timefunc import TimeFunction

    script = "proc Fz { total_time } { return [list 0 0 [expr {sin($total_time)}]] }"
    strings = {"script": script, "script_args": "total_time", "script_name": "Fz",
               "energy": "Oxs_ScriptUZeeman"}

    class Holder:
        pass

    gc.disable()
    for k in range(3):
        h = Holder()
        h.f = TimeFunction.from_term(mm.Zeeman(H=(0, 0, 1), tcl_strings=strings))
        h.cycle = h  # freed only by the collector
        assert abs(h.f(1.0)[2] - 0.8414709848078965) < 1e-15
        del h
        worker = threading.Thread(target=gc.collect)
        worker.start()
        worker.join()
    # a new function releases the interpreters of the dead ones, in this thread
    keep = TimeFunction.from_term(mm.Zeeman(H=(0, 0, 1), tcl_strings=strings))
    from weylmag import timefunc
    print(len(timefunc._TCL_INTERPRETERS))
    """
)


def test_tcl_interpreters_outlive_collection_in_other_threads():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["1"]

"""muMAG standard problem 4: reversal of a permalloy film in fields 1 and 2.

The S-state of a 500 nm x 125 nm x 3 nm film is found by energy minimisation
from (1, 0.25, 0.1); each field then acts for 1 ns. The script prints when
<mx> first crosses zero and <m> at 1 ns, and writes the <m>(t) curves to
``stdprob4-field1.txt`` and ``stdprob4-field2.txt`` (t, mx, my, mz).

For field 1 the published answers are a zero crossing near 0.139 ns and
<m> close to (-0.985, 0.127, 0.043) at 1 ns (OOMMF, 2.5 nm cells).

Run ``python examples/02_standard_problem_4.py`` (2.5 nm cells, about a
minute); with ``WEYLMAG_SHORT=1`` it uses 5 nm cells and 0.3 ns.
"""

import os
import time

import numpy as np

import weylmag as wm

short = os.environ.get("WEYLMAG_SHORT") == "1"
cell = (5e-9, 5e-9, 3e-9) if short else (2.5e-9, 2.5e-9, 3e-9)
t_end = 0.3e-9 if short else 1e-9

for field in (1, 2):
    system = wm.standard.standard_problem_4(cell=cell, name=f"stdprob4_field{field}")
    start = time.perf_counter()
    wm.MinDriver(stopping_mxHxm=1e-2).drive(system, verbose=0)
    relaxed = time.perf_counter()
    system.energy += wm.standard.standard_problem_4_field(field)
    wm.TimeDriver().drive(system, t=t_end, n=round(t_end / 1e-12), verbose=0)
    done = time.perf_counter()

    data = system.table.data
    curve = data[["t", "mx", "my", "mz"]].to_numpy()
    np.savetxt(f"stdprob4-field{field}.txt", curve, header="t(s) mx my mz")
    negative = np.flatnonzero(curve[:, 1] < 0)
    crossing = (
        f"{curve[negative[0], 0] * 1e9:.3f} ns" if negative.size else "not within the run"
    )
    print(
        f"field {field}: relaxed in {relaxed - start:.1f} s, {t_end * 1e9:g} ns in "
        f"{done - relaxed:.1f} s ({int(data['steps'].iloc[-1])} steps); <mx> < 0 from "
        f"{crossing}; <m>(end) = {np.round(curve[-1, 1:], 4).tolist()}"
    )

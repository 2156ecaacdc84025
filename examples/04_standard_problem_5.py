"""muMAG standard problem 5: a vortex driven by a spin-polarised current.

A counter-clockwise vortex (core along +z) is relaxed in a permalloy square
100 nm x 100 nm x 10 nm on 5 nm cells; then P J = 1e12 A/m^2 flows along +x
(Zhang-Li torque, u = -72.35 m/s, beta = 0.05, alpha = 0.1) for 8 ns, with
output every 10 ps. The core first drifts with the electrons (-x), gyrates
counter-clockwise and settles about 14.5 nm below the centre, slightly to
the left of it. The script prints <m> and the core position at the end and
writes ``stdprob5-core.txt`` (t, core x and y, <mx>, <my>, <mz>), the core
taken as the centre of the m_z peak (:func:`weylmag.standard.vortex_core`).

For comparison (5 nm cells): at 8 ns fidimag gives <m> = (-0.2040, 0.0153,
0.0217) with u = -72.44 m/s; the Ubermag ``stdprob5`` test requires
-0.35 < min <mx> < -0.30 and -0.03 < max <mx> < 0.

Run ``python examples/04_standard_problem_5.py`` (about half a minute);
with ``WEYLMAG_SHORT=1`` it drives 0.3 ns.
"""

import os
import time

import micromagneticdata as md
import numpy as np

import weylmag as wm

short = os.environ.get("WEYLMAG_SHORT") == "1"
t_end = 0.3e-9 if short else 8e-9

system = wm.standard.standard_problem_5()
start = time.perf_counter()
wm.MinDriver().drive(system, verbose=0)
relaxed = time.perf_counter()
x0, y0 = wm.standard.vortex_core(system.m)
system.dynamics += wm.standard.standard_problem_5_current()
wm.TimeDriver().drive(system, t=t_end, n=round(t_end / 10e-12), verbose=0)
done = time.perf_counter()

data = system.table.data
core = np.array([wm.standard.vortex_core(m) for m in md.Data(system.name)[-1]])
curve = np.column_stack([data["t"], core, data[["mx", "my", "mz"]]])
np.savetxt("stdprob5-core.txt", curve, header="t(s) x(m) y(m) mx my mz")

x, y = core[-1]
print(
    f"relaxed in {relaxed - start:.1f} s, {t_end * 1e9:g} ns in {done - relaxed:.1f} s "
    f"({int(data['steps'].iloc[-1])} steps); min <mx> = {data['mx'].min():.4f}; "
    f"<m>(end) = {np.round(curve[-1, 3:], 4).tolist()}; core from "
    f"({x0 * 1e9:.1f}, {y0 * 1e9:.1f}) nm to ({x * 1e9:.2f}, {y * 1e9:.2f}) nm"
)

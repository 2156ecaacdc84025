r"""A skyrmion driven by quantum parametric pumping (seed 004, Sec. V, Figs. 4-6).

A square lattice of N x N sites (one cell of a 2D mesh each, a = 0.5 nm)
carries both the local moments of the lattice Hamiltonian Eq. 38 (exchange
J_ex = t = 1 meV, interfacial DMI D = 0.2 t, anisotropy K = 0.07 t, one
moment hbar gamma0 per site) and conduction electrons (hopping t, s-d
exchange J = 2 t) between two leads. Gates on columns 1 and 5,
V cos(w t) and V cos(w t + phi) with V = 0.8 t, w = 1 t/hbar, pump a spin
density s_D into the layer, which drives the magnetisation through
``wm.QuantumPumping`` (the J m x s_D of Eq. 39); alpha = 0.4, E_F = 1.9 t.

1. A Néel skyrmion is written at the centre and relaxed; the transmission
   across the band with and without it (Fig. 3).
2. With the skyrmion frozen, the pumped current into the right lead over
   one period at ``--samples`` times (Fig. 4a, 6a) and the charge pumped
   per cycle, integrated adaptively in time, with and without the
   skyrmion; and the drift that the pumped torque gives a rigid skyrmion:
   Thiele's equation (G - alpha D) v = F with the force of the fields
   -J s_D averaged over the period on the skyrmion's translation modes (the
   gradients of m less the relaxed uniform state, whose moments the DMI
   cants at the edges), for phi = +pi/2 and -pi/2, and the
   drift that the spin current of the pumped electrons would give it
   through the adiabatic spin-transfer torque (a yardstick).
3. The coupled run for phi = +pi/2 and -pi/2: the skyrmion centre
   R = sum (m0 - m_z,i) r_i / sum (m0 - m_z,i) over the sites with
   m_z,i < m0 = -0.1 (the seed's definition), and the pumped current,
   against time in periods (Figs. 4c, 5). ``--periods 0`` skips it.

``python examples/12_skyrmion_pumping.py`` runs the seed's 40 x 40 lattice
for 10 periods; ``--size``, ``--periods`` and ``--omega`` choose others, ``--workers 2``
uses two threads for s_D. s_D is integrated on the contour adaptively to
``--rtol`` (default 1e-3) with an error estimate; ``--points`` selects a
fixed rule instead, ``--kT`` a lead temperature (units of t),
``--density`` the zeroth-order s_D of the frozen device (below),
``--amplitudes`` gate amplitudes at which to print the spin-transfer
yardstick, ``--spin-transfer`` the coupled run driven by the Zhang-Li
torque of the pumped spin current instead of J m x s_D, ``--floquet N``
the exact period average of the frozen skyrmion's pumped density with N
sidebands, to ``--floquet-rtol``, ``--lag N`` its adiabatic limit from the
resonances that cross E_F in N cells of the cycle, given to the skyrmion by
the LLG equation quickly and over ``--lag-time`` (all below).
``WEYLMAG_SHORT=1`` runs a 20 x 20 lattice for a twentieth of a period
with a fixed rule of 16 points, a single 15-point rule for the period
average and a loose tolerance for the charge: it exercises the code, its
numbers mean nothing. Writes ``skyrmion_pumping.png``.

What the seed's 40 x 40 lattice gives (relaxed skyrmion, core radius 4.4
sites, frozen, phi = +pi/2):

- Transmission (Fig. 3, 80 energies): the bare lattice transmits its open
  channels, spin-degenerate; with the skyrmion, below the spin-up band of
  the ferromagnet (E < J/2) the electrons leaving into the right lead are
  spin down (at most 7.9 against 0.61 of spin up below E = 0.9 at J = 2;
  9.1 against 0.76 below E = 1.9 at J = 4), the rest of spin up again from
  the canted edge moments. At E_F = 1.9 and J = 2 both spins are
  transmitted (9.6 up, 15.4 down); at J = 4 spin down only (8.3 against
  0.67), as in the seed's Fig. 3c.
- The pumped current (Fig. 4a): in the uniform state it is close to a
  sinusoid of the pumping frequency (amplitude 3.54 electrons per hbar/t,
  harmonics 2 and 3 of 0.55 and 0.51, from 128 samples) and pumps -1.5055
  electrons per cycle into the right lead. With the skyrmion the current
  has spikes up to 20 near t/T = 0.02 where resonances of the layer cross
  E_F, and the charge per cycle is -2.8450 (adaptive in time to 1e-7,
  2700 times; 128, 256 and 512 equally spaced samples give -2.66, -2.63
  and -2.57). Both reverse exactly with phi.
- The spin of the pumped electrons in the right lead (Fig. 4b, along z,
  64 times): at J = 2 both spins are pumped (largest |I_p| 9.6 of spin
  up, 3.9 of spin down), because the spin bands split by +-J/2 = +-1 and
  both are open at E_F = 1.9. The seed finds spin down only, which needs
  bands split by +-J, as its Sec. V text also says (only spin down
  conducts for 0 < E < |J| = 2): with ``--exchange 4`` spin down dominates
  (8.7 against 0.65), and the spin up left comes from the DMI canting of
  the moments at the edges, where the electrons enter the lead (m_x =
  +-0.44 on the edge columns); with the last four columns along z it
  falls to 0.011 against 18.5.
- The first-order pumped density has spikes whenever a narrow resonance
  of the gated layer crosses E_F: max |s_D| over the sites is 25.8 hbar per
  site at t = 0 and 12.9 at t/T = 0.625, against 0.04-1.2 at the other
  multiples of T/16, whereas a physical spin density is at most 1/2 per
  site. There the expansion in w is not valid (w times the dwell time is
  far above 1). The exact time-periodic (Floquet) response of a small
  layer with a resonance at E_F shows it (``tests/negf/test_floquet.py``):
  per unit w it matches the first-order density to 4% at w = 0.001, is
  off by a third at w = 0.01, and at w = 1 is 40 times smaller.
- Resolving those resonances costs energies: the adaptive contour takes
  150-240 energies per refresh at rtol 1e-3 (six times of the cycle:
  8.7-14.2 s on one thread, 4.4-7.6 s with ``--workers 2``), where a fixed
  rule of 48 points was wrong by orders of magnitude at some times (181.7
  against 0.53 at t/T = 0.1875, 21 against 6.67 at t/T = 0.1).
- The field J s_D of the spikes makes the adaptive integrator take steps
  down to 0.01 hbar/t (270 steps in the first half period), so the coupled
  10-period run needs many hours, not the 15 minutes aimed at.
- Thiele's drift of the frozen skyrmion (``thiele_drift``) averages the
  force of those spikes, which are narrow in time as well, adaptively in
  time: on 30 x 30 it took 105 evaluations, and the largest spike was met
  by only three nodes, where s_D itself carried an estimated error of up
  to 33 hbar per site; on 40 x 40 (time tolerance 0.3, s_D to rtol 1e-2)
  it had not converged after 387 refreshes of about 10 s on two threads,
  the spikes met reaching |s_D| = 341 hbar per site (t/T = 0.685), with a
  mean pumped current of about -0.4 electrons per hbar/t. For the frozen
  texture phi -> -phi turns s_D(t) into -s_D(-t) exactly (tested in
  ``tests/negf/test_contour.py``), so that drift reverses. With the seed's
  splitting (``--exchange 4``) the spikes are larger still: on 30 x 30,
  max |s_D| reaches 860 hbar per site at t/T = 0.149 and 1.7e3 at
  t/T = 0.297 (estimated errors 26 and 870), and the period average had
  not converged after 121 evaluations.
- A lead temperature (``--kT``) averages a resonance over the Fermi window
  instead of meeting it as a spike, but at temperatures the window allows
  (40 kT below E_F = 1.9) it does not bring s_D to the scale of a spin
  density. At t/T = 0.685 (rtol 1e-2) max |s_D| is 216 hbar per site at
  T = 0, 20.7 at kT = 0.01 and 16.8 at kT = 0.04, spread over the layer
  (4-15 on the skyrmion's columns at kT = 0.01); at t/T = 0.3 it is 4.8 at
  kT = 0.01 and 26 at kT = 0.04, whose wider window holds more channel
  thresholds, where the first-order density is large as well. The window
  lies on the real axis with the layer's resonances and thresholds: a
  refresh took 25-30 s at kT = 0.01 and 49-113 s at kT = 0.04 on two
  threads (634-4036 energies, most of them in the window), against about
  10 s at T = 0. On 30 x 30 at kT = 0.01 (s_D to rtol 1e-2, the time
  average adaptive to 0.02) spikes remain (|s_D| up to 56 hbar per site,
  narrow in time); after 479 refreshes (8 s each) the average had not met
  its tolerance.
- A coupled run that resolves the spikes in time needs of the same order
  of refreshes per period, so 10 periods on 40 x 40 take more than ten
  hours with this first-order model.
- What the seed describes, a drift along +x with a smaller transverse
  component, both reversing with phi, is what the spin current of the
  pumped electrons gives through the adiabatic spin-transfer torque of its
  Sec. IV D (Eq. 35; the lattice's electrons exert exactly that torque
  across a smooth wall, ``tests/negf/test_spin_transfer.py``). Per cycle
  the right lead receives -1.8175 electrons of spin up and -1.0276 of spin
  down (phi = +pi/2, adaptive to 1e-6): a spin current of 0.39 hbar per
  cycle carried along +x by the band anti-parallel to m, u = +0.0099 sites
  per period spread evenly over the 40 rows. A rigid skyrmion then moves
  by (+0.0077, -0.0041) sites per period, or by u with the seed's
  non-adiabatic term (Eq. 37, beta = alpha), and by the opposite for -pi/2:
  0.1 sites in 10 periods (the example prints this yardstick as
  "spin-transfer yardstick"). The first-order s_D holds the spin density
  that carries the pumped current, and with it this torque (averaged over
  a period, on a smooth wall downstream of the gates, it converges to
  -(j_s . grad) m: tested in the same file), but the resonance spikes of
  the skyrmion layer hide it; the zeroth-order s_D below carries no
  current.
- ``--spin-transfer`` runs that torque: mm.ZhangLi with beta = 0 and the
  drift velocity u(t) of the spin current that the frozen skyrmion pumps
  into the right lead (the seed's Eq. 37 with the pumped current for j_e),
  kept to its exact mean and 16 harmonics (its spikes are narrower than
  the integrator's steps; following them exactly, the two signs of phi
  moved the skyrmion by 0.050 and 0.077 sites in x at w = 0.5, by chance).
  In 10 periods R moved by (+0.0694, -0.0363) sites for phi = +pi/2 and
  by (-0.0689, +0.0347) for -pi/2, against (+0.077, -0.041) from the rigid
  yardstick; the whole example with ``--density frozen --spin-transfer
  --workers 2`` took 407 s (87-90 s for each period average of the Thiele
  force, 45 times), the runs themselves under a second. The
  centre advances with wiggles of the pump's period, faster along x than
  across, and both reverse with phi: the features the seed describes for
  Figs. 4c and 5, at a few thousandths of a site per period (the text
  does not give the seed's scale). Against Fig. 6b-c (``--omega``): at
  w = 0.5, (+0.0685, -0.0374) and (-0.0691, +0.0362) sites in 10 periods
  (217 s in all); at w = 0.2, (+0.0661, -0.0396) and (-0.0669, +0.0382)
  (201 s): per period the same as at w = 1, as adiabatic pumping of a
  skyrmion without inertia gives, and without the reflections back that
  the seed finds at w = 0.2 and 0.5.
- Against Fig. 5 (``--amplitudes 0.2 0.4 0.6 0.8 1 1.2``, 4 min on two
  threads): the charge per cycle grows with V (-0.44, -1.29, -2.12,
  -2.85, -3.52, -3.87 electrons), its spin less regularly, and the
  yardstick u is +0.0064, +0.0140, +0.0145, +0.0099, +0.0119 and +0.0125
  sites per period. It rises up to V = 0.4-0.6 and then stays near 0.01,
  as the seed's speed saturates above V = 0.8, but it is largest at
  V = 0.4-0.6, where the seed's skyrmion oscillates without propagating
  (V = 0.4).
- Sec. V says that the frozen Green's function (its Eq. A5) determines
  s_D of Eq. 33. Read literally, that is the zeroth-order density
  s_D^(0) of Eq. 14 of the device with the gates at their instantaneous
  values, which ``--density frozen`` uses instead (``both`` adds the two).
  It is bounded (|s_D| at most 0.14 hbar per site on 40 x 40) and smooth
  in energy and time: 60-180 contour energies at rtol 1e-2-1e-3 (at rtol
  1e-2 within 2.5e-5 of a 1e-7 reference), 1.6-3.4 s per refresh on two
  threads, and the adaptive integrator takes 24 steps per period. The
  coupled 40 x 40 run of 10 periods (rtol 1e-3, 240 steps) took 294-354 s
  for each sign of phi on two threads (four runs). The whole example with
  ``--density frozen --workers 2`` took 971 s (16 min 11 s), a little over
  the 15 minutes aimed at (which ``--spin-transfer`` keeps): besides the
  two coupled runs (330 s and 329 s), 42-46 s for each pumped charge per
  cycle with the skyrmion (2310 times to 1e-6, resolved in spin, two
  threads over the times), 11 s without it and 84-90 s for each period
  average of the Thiele force (45 times). But
  the part the gates drive is small at the skyrmion (it changes by 0.003
  hbar per site over the cycle on the skyrmion's columns, against 0.05 near
  the gates), and it cannot reverse with phi: phi -> -phi turns s_D^(0)(t)
  into s_D^(0)(-t) (tested), so a rigid texture feels the same
  period-averaged force for both signs (on 40 x 40 a drift of (+0.0003,
  +0.0005) sites per period for both, with a mean pumped current of -0.453
  and +0.453 electrons per hbar/t into the right lead). The coupled runs
  moved R by (+0.0029, +0.0049) sites in 10 periods for phi = +pi/2 and by
  (+0.0034, +0.0054) for -pi/2: the same slow creep, as Thiele's equation
  says, while the pumped current reverses. Nor can
  this density carry a skyrmion along: it is an equilibrium density, the
  derivative J s_D^(0) = dPhi/dm of the electrons' grand potential Phi
  at the instantaneous gates (its susceptibility is symmetric to 1e-10,
  that of the first-order density is not: ``tests/negf/test_frozen_torque.py``),
  so the force its period average exerts on a rigid skyrmion is
  -dPhi/dR of the cycle-averaged Phi. Damping lowers that Phi, with the
  magnetic energy, along the path (to leading order in the wiggle of a
  period), so the skyrmion can only slide towards a minimum and stop.
  Neither reading of s_D gives the seed's drift: the first-order density
  reverses with phi and holds the spin-transfer torque of the yardstick
  above, but is dominated by the resonance spikes; the zeroth-order one is
  smooth but does not reverse, and drives no steady motion.

- ``--floquet N`` solves the driven problem without the expansion in w
  (``weylmag.negf.FloquetPump``: Floquet sidebands, tested against a dense
  Floquet reference and, for small w, against Brouwer's charge), for the
  frozen relaxed skyrmion, and averages it over a period. At the seed's
  w = 1 (hbar w = t, an eighth of the band width) the pump is far from
  adiabatic. With 3 sidebands (rtol 1e-2, 7920-7980 energies,
  1104 s and 1177 s on two threads, 953 s for +pi/2 since the windows skip
  the adjoint solve, estimated error 2.2e-3 hbar per site)
  the right lead receives +0.5908 electrons per cycle (+0.4281 of spin up)
  for phi = +pi/2 and +0.6054 (+0.5340) for -pi/2, against -2.8450 and
  +2.8450 to first order in w: the part even in phi, which adiabatic
  pumping does not have (one gate alone pumps at finite w), is +0.598, the
  part that reverses -0.007. The torque J m x s_D of the period-averaged
  density (less the undriven layer's) moves a rigid skyrmion by
  (-0.0050, +0.0068) sites per period for +pi/2 and by (-0.0073, +0.0094)
  for -pi/2: along -x with a transverse part, but the same for both
  signs, as is the spin-transfer yardstick of these currents ((-0.0026,
  +0.0014) and (-0.0045, +0.0024)). So the exact response at the seed's
  frequency does not reverse with phi either: the seed's Sec. V picture
  belongs to the adiabatic regime, which at w = 1 its resonances (widths
  far below t) leave. With 4 sidebands (+pi/2, 9090 energies, 1723 s) the
  charge is +0.5927 (+0.4290 of spin up) and the drift (-0.0050, +0.0068):
  3 sidebands are enough. The drive also empties 85 of the 134 states that
  the layer binds below the leads' band (the s-d exchange lowers its
  majority band by J/2 = 1 below theirs); their spin lies along m and
  exerts no force. Nor is the part even in phi the rectified frozen
  response: the frozen density averaged over the gate cycle (32 times, the
  same for both signs) moves the skyrmion by (+0.0003, +0.0005) sites per
  period, against (-0.0062, +0.0081) for the even part of the exact drift.
- At w = 0.5 (``--omega 0.5 --floquet 5``, V/w = 1.6; 8955-9495 energies,
  1780 s for -pi/2 on two threads, error 2.5e-3) the part of the
  charge that reverses has grown, with the sign of the first order: +0.6214
  electrons per cycle (+0.5215 of spin up) for +pi/2 and +1.5378 (+1.0286)
  for -pi/2, an odd part of -0.458 against -2.845 to first order, beside an
  even part of +1.080. The drift is (-0.0040, +0.0236) and (-0.0022,
  +0.0176) sites per period: along +y for both signs, its odd part (-0.0009,
  +0.0030) a seventh of it. With 6 sidebands (+pi/2, 11235 energies, 2390
  s) the charge is +0.6220 (+0.5216 of spin up) and the drift (-0.0040,
  +0.0236): 5 are enough. Halving w has not brought the torque nearer the
  adiabatic regime: the layer's resonances are far narrower than 0.5 too.
- At w = 0.2 (``--omega 0.2 --floquet 10``, V/w = 4; 12360 energies,
  1144 s and 1091 s on two threads, error 0.9e-3 and 1.2e-3) the right
  lead receives -0.2271 electrons per cycle (-0.0601 of spin up) for
  +pi/2 and +1.4514 (+0.9476) for -pi/2: the part that reverses, -0.839,
  has grown again towards the first order's -2.845 (-0.007, -0.458 and
  -0.839 at w = 1, 0.5 and 0.2), beside an even part of +0.612. The drift
  is (-0.0084, +0.0255) and (-0.0167, +0.0181) sites per period. Its odd
  part, (+0.0042, +0.0037), now points along +x for +pi/2, with a
  transverse part, as the seed's drift does; but the even part (-0.0126,
  +0.0218), mostly along +y for both signs, is still more than four times
  larger, so the skyrmion does not reverse its course with phi. With 8
  sidebands (+pi/2, 818 s) the charge is -0.2267 and the drift (-0.0085,
  +0.0254): 8 are enough.
- At w = 0.1 (``--omega 0.1 --floquet 14``, V/w = 8; 17280 energies,
  2003 s and 1916 s on two threads, error 2.8e-4 and 2.6e-4) the right
  lead receives -0.6132 electrons per cycle (-0.2206 of spin up) for
  +pi/2 and +1.8056 (+1.1634) for -pi/2: an odd part of -1.209, nearer
  the first order's -2.845 again, and an even part of +0.596, about what
  it was at w = 1 and 0.2. The drift is (-0.0087, +0.0463) and (-0.0126,
  +0.0346) sites per period: an odd part of (+0.0020, +0.0059) and an
  even part of (-0.0107, +0.0405), seven times larger. Some of the even
  part is the frozen density's conservative push (above): as w -> 0 the
  period average tends to the frozen density averaged over the gate cycle,
  whose drift, (+0.00027, +0.00051) / w sites per period (32 times of the
  cycle), grows as 1/w per period, whereas the part that reverses tends to
  the first-order average, finite per period. At w = 0.1 that push is
  (+0.0027, +0.0051); the rest of the even part, (-0.0134, +0.0354), is
  not the second-order adiabatic term, which would fall with w per period,
  but has not fallen as w fell (its y component +0.0076, +0.0196, +0.0192
  and +0.0354 sites per period at w = 1, 0.5, 0.2 and 0.1). So at none of
  the four frequencies does the exact response of this layer
  reverse the skyrmion's course with phi. The seed's picture needs w below
  the widths of the resonances that carry the first-order density, so
  that the part that reverses is the first-order average, and w = 0.1 is
  far above them: the poles of the frozen layer at t/T = 0, 0.25, 0.5
  and 0.685 and without gates (``weylmag.negf.resonances``, the
  eigenvalues of H + Sigma(E_F)) put 70-75 resonances within 0.1 of
  E_F, 15-19 of them narrower than 0.01 and 4-9 narrower than 1e-3, the
  narrowest 1e-4 to 4e-4 wide (about 20 s each). The adiabatic
  regime of this layer begins below w of about 1e-3. There the frozen
  push at the initial position is about 0.6 sites per period, but it is
  conservative: it moves the skyrmion to where it balances the magnetic
  energy. With 12 sidebands (+pi/2, 14820 energies, 1468 s) the charge is
  -0.6156 (-0.2213 of spin up) and the drift (-0.0089, +0.0460): 14 are
  enough.
- ``--lag N`` takes that limit itself. For w below the widths of the
  resonances that cross E_F the first-order density integrated over a
  period is independent of w, and where a resonance of width Gamma
  crosses E_F it is dominated by the lag of the resonance's occupation,
  -dn s_psi / Gamma (``weylmag.negf.resonance_lag``, from the poles alone;
  on a double-barrier chain it matches the quadrature in time up to a
  difference of relative order Gamma, ``tests/negf/test_crossings.py``).
  Over the cycle of +pi/2 (512 cells, the 40 poles nearest E_F in each,
  poles up to 0.05 wide; 2 min on one thread) about nine resonances
  narrower than 0.005 cross E_F. The narrowest, 5.65e-5 wide at
  w t = 0.708, carries most of the spin: there a quadrature in time of
  the first-order density over +-0.01 rad of w t (210 refreshes, 18 min on
  two threads) gives 118.2 hbar per site times hbar/t at the largest site
  against 116.8 from the lag. Its state lies mostly at the gates (71% of it
  on columns 0-6, 1.2% within 8 sites of the centre). Thiele's rigid
  skyrmion would drift by (-0.263, -0.488) sites per period for +pi/2
  ((-0.2628, -0.4885) with 2048 cells) and exactly the opposite for -pi/2;
  counting only poles narrower than 0.01 gives (-0.265, -0.493), up to 0.2
  wide (80 poles) (-0.265, -0.475). The LLG equation moves it less: given
  the lag within 200 hbar/t (a hundredth of it, linear to 2%, the shift
  multiplied by 100), R moves by (-0.042, -0.075) sites for +pi/2 and
  (+0.040, +0.071) for -pi/2. The torque sits on the skyrmion's tail at the
  gates (columns 4-8, where m departs from the uniform state by 0.03-0.06),
  and the moments there give way more than they carry the skyrmion along.
- But in the adiabatic limit the lag does not arrive within 200 hbar/t,
  and the layer holds the skyrmion. The expansion in w holds where a
  resonance's occupation follows its energy, |dE_r/dt| << Gamma^2, so a
  crossing lasts Gamma / |dE_r/dt| >> 1/Gamma, 1.8e4 hbar/t for the
  narrowest. A skyrmion pushed off the centre of the 40 x 40 layer returns
  on a damped gyration of period 1.6e4 hbar/t whose amplitude falls 26-fold
  per turn (Thiele's equation in a harmonic well gives exp(2 pi alpha D /
  |G|) = 28), and one written 2.5 sites off the centre relaxes back to it.
  Spread over 4e3, 8e3, 1.6e4, 3.2e4 and 6.4e4 hbar/t (with a quarter of
  that to settle), the lag of the cycle of +pi/2 moves R by 0.075, 0.038,
  0.009, 3e-4 and 6e-6 sites (``--lag-time``): the skyrmion follows the
  torque of a slow crossing and comes back, and in the adiabatic limit it
  does not drift at all. Nor can a faster pump carry it far: 10 periods
  at w = 1 last 63 hbar/t, a 250th of the gyration, over which a steady
  torque looks like a drift; over longer times the skyrmion settles where
  the well balances it. Against Fig. 5 the narrowest crossings at V = 0.4,
  0.6, 1.0 and 1.2 are 6.3e-4, 6.6e-5, 5.1e-5 and 1.6e-5 wide; with the
  seed's splitting (``--exchange 4``) one only 2.8e-6 wide crosses.
- So for the J m x s_D of Eq. 39 the seed's picture holds in none of the
  regimes computed for this layer: from w = 1 to 0.1 the exact response
  does not reverse with phi, and where the first-order density holds the
  skyrmion does not drift (between, w of 1e-3 to 0.1, the Floquet solve
  needs more sidebands than were run). Thiele's rigid numbers are a guide
  where the torque sits on the skyrmion, as for the frozen density and the
  spin-transfer torque, whose coupled runs agree with them (above). Where it sits at the gates they
  are not: with the field of the w = 1 Floquet average (+pi/2) held for 10
  periods the LLG equation moves R by (+0.005, +0.016) sites against
  Thiele's (-0.050, +0.068); at a tenth of that field, in linear response,
  by (-0.003, +0.005) against (-0.005, +0.007). The field at the gates, up
  to J |s_D| = 0.1 t, bends the moments there beyond linear response.
- The times at w = 0.2 and 0.1 are with the windows of ``FloquetPump``
  folded onto one quantum; those quoted above for w = 1 and 0.5 are from
  before. With the folded windows +pi/2 takes 465 s at w = 1 (3
  sidebands, against 953 s) and 503 s at w = 0.5 (5 sidebands, against
  1780-2070 s), and gives the same charge and drift to 2e-4.

Below about 30 x 30 the skyrmion reaches the gated columns 1 and 5 (its
initial radius is at least 6 sites): there the pumped field reverses
moments within a quarter period and the centre R jumps by sites as
reversed gate sites enter the seed's definition.
"""

import argparse
import functools
import math
import os
import tempfile
import time

import discretisedfield as df
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import micromagneticdata as md  # noqa: E402
import micromagneticmodel as mm  # noqa: E402
import numpy as np  # noqa: E402

import weylmag as wm  # noqa: E402
from weylmag.constants import gamma0, hbar, mu0  # noqa: E402
from weylmag.negf import (  # noqa: E402
    AdiabaticPump,
    FloquetPump,
    GatePump,
    SquareLattice,
    atomistic,
    pumped_current,
    resonance_lag,
    transmission,
)
from weylmag.negf.quadrature import adaptive_gauss_kronrod  # noqa: E402

short = os.environ.get("WEYLMAG_SHORT") == "1"
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--size", type=int, default=20 if short else 40)
parser.add_argument("--periods", type=float, default=0.05 if short else 10.0)
parser.add_argument("--rtol", type=float, default=1e-2 if short else 1e-3,
                    help="tolerance of the adaptive contour quadrature of the pumped density")
parser.add_argument("--points", type=int, default=16 if short else None,
                    help="a fixed rule of this many contour points instead (faster, no error "
                         "estimate, can miss narrow resonances)")
parser.add_argument("--samples", type=int, default=8 if short else 256,
                    help="times per period of the plotted frozen-skyrmion current")
parser.add_argument("--charge-rtol", type=float, default=1e-1 if short else 1e-6,
                    help="tolerance of the pumped charge per cycle (adaptive in time)")
parser.add_argument("--time-rtol", type=float, default=1e3 if short else 0.3,
                    help="tolerance of the period average of the Thiele force")
parser.add_argument("--dt", type=float, default=0.0,
                    help="fixed RK4 step (units of hbar/t); 0: adaptive Dormand-Prince")
parser.add_argument("--exchange", type=float, default=2.0,
                    help="s-d exchange J in J s.m = (J/2) sigma.m (units of t); the seed's "
                         "spin bands split by +-J, its J = 2 is 4 here")
parser.add_argument("--kT", type=float, default=0.0,
                    help="temperature of the leads for s_D (units of t; the frozen current "
                         "and charge per cycle stay at zero temperature)")
parser.add_argument("--density", choices=("pumped", "frozen", "both"), default="pumped",
                    help="s_D: first order in the gate rates (default), the frozen device's "
                         "zeroth order (seed Eq. 14), or their sum")
parser.add_argument("--workers", type=int, default=1,
                    help="threads for the pumped density (at most the cores)")
parser.add_argument("--omega", type=float, default=1.0,
                    help="pumping frequency (units of t/hbar; Fig. 6 uses 0.2, 0.5 and 1)")
parser.add_argument("--spin-transfer", action="store_true",
                    help="drive the coupled run by the Zhang-Li torque of the pumped spin "
                         "current (seed Eq. 37) instead of J m x s_D")
parser.add_argument("--amplitudes", type=float, nargs="*", default=[],
                    help="gate amplitudes V (units of t) at which to print the spin-transfer "
                         "yardstick of the frozen skyrmion (Fig. 5)")
parser.add_argument("--floquet", type=int, default=0, metavar="N",
                    help="also the exact (Floquet, N sidebands) period-averaged pumped density "
                         "of the frozen skyrmion: its charge per cycle and Thiele drift")
parser.add_argument("--lag", type=int, default=0, metavar="N",
                    help="also the adiabatic limit of the drift per period: the spin that the "
                         "resonances crossing E_F leave behind per cycle (N cells of the cycle)")
parser.add_argument("--lag-time", type=float, default=2e3 if short else 3.2e4,
                    help="time (hbar/t) over which the LLG equation gives the skyrmion the lag "
                         "of a cycle, against the 200 hbar/t of the quick response")
parser.add_argument("--floquet-rtol", type=float, default=1e-1 if short else 1e-2,
                    help="tolerance of the Floquet energy integrals")
args, _ = parser.parse_known_args()

T_HOP = 1.602176634e-22  # t = J_ex = 1 meV
A_LAT = 0.5e-9
TAU = hbar / T_HOP  # lattice time unit (s)
N = args.size
RADIUS = max(N / 4, 6.0)  # initial radius in sites (10 for the seed's 40 x 40)
J, E_F, V, OMEGA, ALPHA = args.exchange, 1.9, 0.8, args.omega, 0.4
GATES = (1, 5)
PERIOD = 2 * math.pi / OMEGA
MU = hbar * gamma0 / mu0  # moment per site for gamma = hbar = 1 in lattice units
PARAMS = atomistic.continuum_parameters(
    J_ex=T_HOP, D=0.2 * T_HOP, K=0.07 * T_HOP, mu=MU, a=A_LAT, dmi="interfacial"
)
MESH = df.Mesh(p1=(0, 0, 0), p2=(N * A_LAT, N * A_LAT, A_LAT), cell=(A_LAT,) * 3)


def over_the_period(piece, s):
    """Times t = PERIOD s of one period and dt/ds, for the adaptive quadrature in time."""
    return PERIOD * s, np.full_like(s, PERIOD)


def drift_velocity(up, down):
    """Spin-transfer drift velocity (sites per hbar/t, along x) of the electrons pumped
    into the right lead at rates ``up``, ``down`` (spin down is anti-parallel to m = +z
    there), spread over the N rows with one hbar per moment."""
    return 0.5 * (down - up) / N


def pump(phi, amplitude=V):
    return GatePump(GATES, (amplitude, amplitude), omega=OMEGA, phases=(0.0, phi))


def lattice_device():
    return SquareLattice(N, N, J=J).attach_lead(side="left").attach_lead(
        side="right").finalized()


def skyrmion_system():
    """A Néel skyrmion of radius RADIUS sites at the centre, relaxed."""
    system = mm.System(name="pumped_skyrmion")
    system.energy = (
        mm.Exchange(A=PARAMS["A"])
        + mm.DMI(D=PARAMS["D"], crystalclass=PARAMS["dmi_class"])
        + mm.UniaxialAnisotropy(K=PARAMS["K"], u=(0, 0, 1))
    )
    centre = 0.5 * N * A_LAT

    def profile(p):
        x, y = p[0] - centre, p[1] - centre
        r = math.hypot(x, y) / A_LAT
        theta = 2 * math.atan(math.exp((RADIUS - r) / 2.0))  # m_z = -1 at the centre
        phi = math.atan2(y, x) + math.pi  # in-plane m points inwards for D > 0 here
        return (math.sin(theta) * math.cos(phi), math.sin(theta) * math.sin(phi),
                math.cos(theta))

    system.m = df.Field(MESH, nvdim=3, value=profile, norm=PARAMS["Ms"])
    return system


def centre(mz, m0=-0.1):
    """The seed's skyrmion centre (sites) from m_z on the lattice (nx, ny)."""
    weight = np.where(mz < m0, m0 - mz, 0.0)
    x, y = np.meshgrid(np.arange(N), np.arange(N), indexing="ij")
    total = weight.sum()
    if total == 0:
        return np.array([np.nan, np.nan])
    return np.array([(weight * x).sum(), (weight * y).sum()]) / total


def pump_options():
    """Quadrature, temperature and threads of the pumped density, from the command line."""
    options = {"kT": args.kT, "workers": args.workers, "density": args.density}
    if args.points is None:
        options["rtol"] = args.rtol
    else:
        options["n_points"] = args.points
    return options


def adiabatic_pump(phi):
    return AdiabaticPump(lattice_device(), E_F, pump(phi), **pump_options())


def frozen_current(m, phi):
    """Pumped current into the right lead over one period and the charge per cycle.

    The current at the samples is resolved in the spin of the lead (along
    and against z, Fig. 4b), shape (samples, 2).

    The current needs G at E_F only. It has spikes narrow in time where
    resonances cross E_F, so the charge per cycle is integrated adaptively
    in time (to ``--charge-rtol``), resolved in spin as well; equally
    spaced samples are for the plot.
    """
    device = lattice_device().with_magnetisation(m)
    gates = pump(phi)
    times = PERIOD * np.arange(args.samples) / args.samples
    current = pumped_current(device, E_F, gates, times, lead="right", spin=True,
                             workers=args.workers)
    return times, current, charge_per_cycle(device, gates)


def charge_per_cycle(device, gates):
    """Electrons of spin up and down pumped into the right lead per cycle, adaptive in time."""
    return adaptive_gauss_kronrod(
        lambda t: pumped_current(device, E_F, gates, t, lead="right", spin=True,
                                 workers=args.workers),
        over_the_period,
        rtol=args.charge_rtol, atol=1e-12, initial=8,
    )


def transmissions(m):
    """T(E) across the band (Fig. 3): the bare lattice (J = 0) and, with the skyrmion,
    resolved in the spin (along z) of the electrons leaving into the right lead."""
    energies = np.linspace(0.05, 7.95, 80 if not short else 16)
    clean = SquareLattice(N, N).attach_lead(side="left").attach_lead(side="right").finalized()
    textured = lattice_device().with_magnetisation(m)
    spin = transmission(textured, energies, spin=True).sum(axis=-1)  # (E, out spin)
    return energies, transmission(clean, energies), spin


@functools.lru_cache(maxsize=None)
def uniform_state():
    """The relaxed uniform state (nx, ny, 3): m along +z, canted at the edges by the DMI."""
    system = skyrmion_system()
    system.m = df.Field(MESH, nvdim=3, value=(0, 0, 1), norm=PARAMS["Ms"])
    with tempfile.TemporaryDirectory() as tmp:
        wm.MinDriver().drive(system, dirname=tmp, verbose=0)
    return system.m.orientation.array[:, :, 0]


def thiele_matrices(m):
    """The skyrmion's translation modes (2, nx, ny, 3), its gyrotropic G and G - alpha D.

    A rigid shift moves the skyrmion, not the moments that the DMI cants at
    the edges of the layer, so the modes are the gradients of m less the
    relaxed uniform state. The gradients of m itself would count those edges
    as moving with it: the gated columns lie at the left edge, where the
    pumped density is largest, and there they turn the force around: for
    the lag of the resonance at w t = 0.708 (module notes) they give
    (+0.077, +0.109) sites, the skyrmion's modes (-0.325, -0.611), and the
    LLG equation, given it quickly and in linear response, (-0.116, -0.199).
    """
    grad = np.stack(np.gradient(m - uniform_state(), axis=(0, 1)))
    g = np.einsum("xyc,xyc->", m, np.cross(grad[0], grad[1]))
    gyro = np.array([[0.0, g], [-g, 0.0]])
    return grad, gyro, gyro - ALPHA * np.einsum("ixyc,jxyc->ij", grad, grad)


def spin_transfer_drift(m, charge):
    r"""The drift that the spin current of the pumped electrons would give (sites per period).

    Seed Sec. IV D: the electrons' spins follow m, and the divergence of
    their spin current j_s exerts the adiabatic torque -(j_s . grad) m (seed
    Eq. 35; ``tests/negf/test_spin_transfer.py`` shows the lattice's
    electrons do this across a smooth wall, without a non-adiabatic part).
    Here j_s is taken from the spin of the charge pumped per cycle into the
    right lead, where m is along +z and spin down is the band anti-parallel
    to m, spread evenly over the N rows, with one hbar per moment: u =
    (Q_down - Q_up) / (2 N) sites per period along x. A rigid skyrmion then
    moves at v with (G - alpha D) v = G u; with the seed's non-adiabatic
    term (Eq. 37, beta = alpha) at v = u. Returns u and v.
    """
    up, down = charge
    u = np.array([drift_velocity(up, down), 0.0])
    _, gyro, mobility = thiele_matrices(m)
    return u, np.linalg.solve(mobility, gyro @ u)


def thiele_drift(m, phi):
    r"""Drift per period of a rigid skyrmion under the pumped fields -J s_D (Thiele).

    Projecting dm/dt = -m x h + alpha m x dm/dt, with dm/dt = -(v . grad) m
    and h = -J s_D (gamma = hbar = a = 1), on m x d_i m gives
    (G_ij - alpha D_ij) v_j = F_i = sum_sites d_i m . h, with the
    gyrotropic G_ij = sum m . (d_i m x d_j m) and dissipative
    D_ij = sum d_i m . d_j m (the relaxed texture has no force of its own).
    The force is averaged over one period by adaptive Gauss-Kronrod
    quadrature in time to ``--time-rtol``: the spikes of s_D are narrow in
    time, and a fixed sampling misses or over-weights them. (The mean
    pumped current is the charge per cycle over the period, from
    :func:`frozen_current`; its spikes, which the zeroth-order density does
    not have, would otherwise set the times of this average.)

    Returns the drift (sites per period), the number of s_D evaluations and
    the largest |s_D| met.
    """
    grad, gyro, mobility = thiele_matrices(m)
    solver = adiabatic_pump(phi)

    peak = [0.0]

    def force(times):
        rows = []
        for t in times:
            spin = solver.evaluate(float(t), m).spin
            peak[0] = max(peak[0], float(np.linalg.norm(spin, axis=-1).max()))
            rows.append(np.einsum("ixyc,xyc->i", grad, -J * spin))
        return np.array(rows)

    mean = adaptive_gauss_kronrod(
        force, over_the_period,
        rtol=args.time_rtol, atol=1e-12,
    )
    drift = np.linalg.solve(mobility, mean.value / PERIOD) * PERIOD
    return drift, mean.n_energies, peak[0]


def floquet_average(m, phi, amplitude=V):
    """:class:`~weylmag.negf.FloquetPump`'s period average for the frozen texture m."""
    device = lattice_device().with_magnetisation(m)
    return FloquetPump(device, E_F, pump(phi, amplitude), args.floquet,
                       rtol=args.floquet_rtol, workers=args.workers).average()


def rigid_drift(m, spin):
    """Thiele's drift (sites) of the rigid texture m under the fields -J s_D, given the
    spin density s_D integrated over the time of interest (hbar per site times hbar/t)."""
    grad, _, mobility = thiele_matrices(m)
    return np.linalg.solve(mobility, np.einsum("ixyc,xyc->i", grad, -J * spin))


def floquet_drift(m, phi, still):
    r"""The exact period average of the frozen skyrmion's pumped density (Floquet).

    :class:`~weylmag.negf.FloquetPump` with ``--floquet`` sidebands: no
    expansion in w, so the resonances of the layer are met as the driven
    problem meets them. Returns the average, the Thiele drift (sites per
    period) of the force of -J times the change of s_D from ``still``, the
    undriven layer's (the same sidebands without amplitudes), and the
    charge per cycle into the right lead (spin up, down).
    """
    average = floquet_average(m, phi)
    # the undriven average of the same arc fills the layer's states below the
    # leads' band (from E_c - N w up) as the driven one does
    drift = rigid_drift(m, (average.spin - still.spin) * PERIOD)
    return average, drift, average.current[1] * PERIOD


def llg_shift(relaxed, spin, duration, settle=0.0):
    r"""The shift of the centre R (sites) when the LLG equation gives the relaxed skyrmion
    the spin ``spin`` (hbar per site times hbar/t) of the pumped density.

    The fields -J s_D(t) of the density s_D(t) = spin w(t) / duration, with
    w = 2 sin^2(pi t / duration) over ``duration`` (hbar/t), then ``settle``
    more without them: the time profile of an impulse delivered in that time.
    """
    system = mm.System(name="lag_impulse")
    # H = -J t s_D / (mu0 Ms dV) per site, as wm.QuantumPumping applies it
    field = -J * T_HOP * (spin / duration) / (mu0 * PARAMS["Ms"] * A_LAT**3)

    def window(t):
        x = t / (duration * TAU)
        return 2.0 * math.sin(math.pi * x) ** 2 if 0.0 <= x <= 1.0 else 0.0

    system.energy = relaxed.energy + mm.Zeeman(
        H=df.Field(MESH, nvdim=3, value=field[:, :, None, :]), func=window, dt=TAU
    )
    system.dynamics = mm.Precession(gamma0=gamma0) + mm.Damping(alpha=ALPHA)
    system.m = df.Field(MESH, nvdim=3, value=relaxed.m.array.copy())
    with tempfile.TemporaryDirectory() as tmp:
        wm.TimeDriver().drive(system, t=(duration + settle) * TAU, n=1, dirname=tmp, verbose=0)
    before = centre(relaxed.m.orientation.array[:, :, 0, 2])
    return centre(system.m.orientation.array[:, :, 0, 2]) - before


def lag_drift(relaxed, phi):
    r"""The frozen skyrmion's response to a cycle in the adiabatic limit.

    For w below the widths of the resonances that cross E_F the first-order
    density integrated over a period is independent of w and dominated by
    the lag of those resonances' occupation (``weylmag.negf.resonance_lag``,
    ``--lag`` cells of the cycle). Returns the lag; the drift per period of
    a free rigid skyrmion under the force of -J times it (Thiele); what the
    LLG equation does with it in a short time, linearised (a hundredth of
    it within 200 hbar/t, the shift multiplied by 100), and spread over
    ``--lag-time`` (hbar/t, with a quarter of that to settle), as slow
    crossings deliver it to the skyrmion that the layer confines.
    """
    m = relaxed.m.orientation.array[:, :, 0]
    lag = resonance_lag(lattice_device().with_magnetisation(m), E_F, pump(phi),
                        n_angles=args.lag)
    quick = 100 * llg_shift(relaxed, 0.01 * lag.spin, 200.0)
    slow = llg_shift(relaxed, lag.spin, args.lag_time, 0.25 * args.lag_time)
    return lag, rigid_drift(m, lag.spin), quick, slow


def spin_transfer_term(m, phi, harmonics=16):
    """mm.ZhangLi driven by the spin current that the frozen skyrmion m pumps (seed Eq. 37).

    The drift velocity u(t) follows the spin current of the electrons pumped
    into the right lead, spread over the rows as in
    :func:`spin_transfer_drift`; beta = 0, as the lattice's electrons give
    across a smooth wall. Its spikes are far narrower than the integrator's
    steps, which would meet or miss them by chance, so the drive is u's
    mean and first ``harmonics`` harmonics of the pump frequency
    (integrated adaptively in time, to ``--charge-rtol``, with Lanczos
    factors against Gibbs ringing): the mean drift is exact, the wiggles
    within a period are smoothed.
    """
    device = lattice_device().with_magnetisation(m)
    gates = pump(phi)
    k = np.arange(harmonics + 1)

    def projections(t):
        up, down = pumped_current(device, E_F, gates, t, lead="right", spin=True,
                                  workers=args.workers).T
        u = drift_velocity(up, down)
        phase = OMEGA * np.outer(t, k)
        return np.concatenate([u[:, None] * np.cos(phase), u[:, None] * np.sin(phase)], axis=1)

    c = adaptive_gauss_kronrod(
        projections, over_the_period,
        rtol=args.charge_rtol, atol=1e-12, initial=8,
    ).value * (2 / PERIOD)
    c[0] /= 2
    c = c * np.tile(np.sinc(k / (harmonics + 1)), 2)

    def rate(t):
        phase = OMEGA * (t / TAU) * k
        return float(c[: len(k)] @ np.cos(phase) + c[len(k):] @ np.sin(phase))

    return mm.ZhangLi(u=A_LAT / TAU, beta=0.0, func=rate, dt=TAU)


def coupled_run(relaxed, phi, dirname):
    system = mm.System(name=f"pumped_skyrmion_{'plus' if phi > 0 else 'minus'}")
    system.energy = relaxed.energy
    if args.spin_transfer:
        term = spin_transfer_term(relaxed.m.orientation.array[:, :, 0], phi)
    else:
        term = wm.QuantumPumping(device=lattice_device(), pump=pump(phi), mu=E_F,
                                 hopping=T_HOP, **pump_options())
    system.dynamics = mm.Precession(gamma0=gamma0) + mm.Damping(alpha=ALPHA) + term
    # a copy: a drive updates system.m in place, and both runs start from the relaxed state
    system.m = df.Field(MESH, nvdim=3, value=relaxed.m.array.copy())
    n_out = max(2, int(round(8 * args.periods)))
    start = time.perf_counter()
    if args.dt > 0:
        evolver = wm.RungeKuttaEvolver(method="rk4", fixed_timestep=args.dt * TAU)
    else:
        evolver = wm.RungeKuttaEvolver()
    wm.TimeDriver(evolver=evolver).drive(system, t=args.periods * PERIOD * TAU, n=n_out,
                                         dirname=dirname)
    elapsed = time.perf_counter() - start
    drive = md.Data(system.name, dirname=dirname)[-1]
    table = drive.table.data
    start = centre(relaxed.m.orientation.array[:, :, 0, 2])
    centres = np.array([start] + [centre(drive[i].orientation.array[:, :, 0, 2])
                                  for i in range(drive.n)])
    return table, centres, elapsed


def main():
    begin = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        relaxed = skyrmion_system()
        wm.MinDriver().drive(relaxed, dirname=tmp)
        m = relaxed.m.orientation.array[:, :, 0]
        r0 = centre(m[..., 2])
        with_sk, without = [], []
        core = np.count_nonzero(m[..., 2] < 0)
        print(f"{N} x {N} lattice: relaxed skyrmion at R = ({r0[0]:.2f}, {r0[1]:.2f}) sites, "
              f"radius about {math.sqrt(core / math.pi):.1f} sites")

        energies, clean, spin_resolved = transmissions(m)
        window = energies < J / 2 - 0.1  # below the band of spin up in the ferromagnet
        print(f"transmission (Fig. 3): J = 0 {clean[np.argmin(abs(energies - E_F))]:.3f} at "
              f"E_F; with the skyrmion, spin up {spin_resolved[window, 0].max():.3g} and "
              f"spin down {spin_resolved[window, 1].max():.3g} at most below E = "
              f"{J / 2 - 0.1:g}")

        uniform = np.tile([0.0, 0.0, 1.0], (N, N, 1))
        charges = {}
        for phi in (math.pi / 2, -math.pi / 2):
            for label, texture in (("skyrmion", m), ("uniform state", uniform)):
                start = time.perf_counter()
                times, current, charge = frozen_current(texture, phi)
                up, down = np.abs(current).max(axis=0)
                print(f"phi = {phi:+.3f}, frozen {label}: {charge.value.sum():+.6f} electrons "
                      f"per cycle into the right lead ({charge.value[0]:+.4f} of spin up, "
                      f"error {charge.error:.1e}, {charge.n_energies} times), largest |I_p| "
                      f"of spin up {up:.3g}, down {down:.3g} "
                      f"({time.perf_counter() - start:.0f} s)")
                charges[phi, label] = charge.value
                if phi > 0:
                    (with_sk if label == "skyrmion" else without).extend(current.sum(axis=1))
                    if label == "skyrmion":
                        velocity = drift_velocity(*current.T)
        for phi in (math.pi / 2, -math.pi / 2):
            start = time.perf_counter()
            drift, evaluations, peak = thiele_drift(m, phi)
            print(f"phi = {phi:+.3f}, frozen skyrmion, Thiele: drift ({drift[0]:+.4g}, "
                  f"{drift[1]:+.4g}) sites per period, mean pumped current "
                  f"{charges[phi, 'skyrmion'].sum() / PERIOD:+.4g} electrons per hbar/t "
                  f"({evaluations} times, max |s_D| {peak:.3g} hbar per site, "
                  f"{time.perf_counter() - start:.0f} s)")
            u, v = spin_transfer_drift(m, charges[phi, "skyrmion"])
            print(f"phi = {phi:+.3f}, spin-transfer yardstick from the pumped spin current: "
                  f"u = {u[0]:+.4g} sites per period along x; a rigid skyrmion moves "
                  f"({v[0]:+.4g}, {v[1]:+.4g}), or u with beta = alpha")

        # without amplitudes the phase does nothing: one undriven average for both
        still = floquet_average(m, 0.0, amplitude=0.0) if args.floquet else None
        for phi in (math.pi / 2, -math.pi / 2) if args.floquet else ():
            start = time.perf_counter()
            average, drift, charge = floquet_drift(m, phi, still)
            u, v = spin_transfer_drift(m, charge)
            print(f"phi = {phi:+.3f}, frozen skyrmion, Floquet ({args.floquet} sidebands): "
                  f"{charge.sum():+.4f} electrons per cycle ({charge[0]:+.4f} of spin up); "
                  f"Thiele drift ({drift[0]:+.4g}, {drift[1]:+.4g}) sites per period; "
                  f"spin-transfer yardstick u = {u[0]:+.4g}, rigid skyrmion ({v[0]:+.4g}, "
                  f"{v[1]:+.4g}) ({average.n_energies} energies, error {average.error:.1e}, "
                  f"{time.perf_counter() - start:.0f} s)")

        for phi in (math.pi / 2, -math.pi / 2) if args.lag else ():
            start = time.perf_counter()
            lag, drift, quick, slow = lag_drift(relaxed, phi)
            crossed = np.abs(lag.dn) > 0.05
            print(f"phi = {phi:+.3f}, frozen skyrmion, adiabatic limit (resonance lag, "
                  f"{args.lag} cells): Thiele drift ({drift[0]:+.4g}, {drift[1]:+.4g}) sites per "
                  f"period, max |int s dt| over a period {np.abs(lag.spin).max():.3g} hbar "
                  f"per site times hbar/t, narrowest crossing width "
                  f"{-2 * lag.pole[crossed].imag.max() if crossed.any() else np.nan:.2e} t; "
                  f"LLG: R moves by ({quick[0]:+.4g}, {quick[1]:+.4g}) sites within 200 hbar/t, "
                  f"by ({slow[0]:+.4g}, {slow[1]:+.4g}) spread over {args.lag_time:g} "
                  f"({time.perf_counter() - start:.0f} s)")

        for amplitude in args.amplitudes:
            charge = charge_per_cycle(lattice_device().with_magnetisation(m),
                                      pump(math.pi / 2, amplitude))
            u, v = spin_transfer_drift(m, charge.value)
            print(f"V = {amplitude:g}, phi = +pi/2, frozen skyrmion: {charge.value.sum():+.4f} "
                  f"electrons per cycle ({charge.value[0]:+.4f} of spin up); spin-transfer "
                  f"yardstick u = {u[0]:+.4g}, rigid skyrmion ({v[0]:+.4g}, {v[1]:+.4g}) "
                  "sites per period")

        runs = {}
        for phi in (math.pi / 2, -math.pi / 2) if args.periods > 0 else ():
            table, centres, elapsed = coupled_run(relaxed, phi, tmp)
            runs[phi] = (table, centres)
            shift = centres[-1] - centres[0]
            steps = int(table["steps"].iloc[-1])
            print(f"phi = {phi:+.3f}: R moved by ({shift[0]:+.4f}, {shift[1]:+.4f}) sites in "
                  f"{args.periods:g} periods; {steps} steps, {elapsed:.1f} s "
                  f"({elapsed / max(steps, 1):.2f} s per step)")

    fig, axes = plt.subplots(1, 4, figsize=(18, 4))
    axes[0].plot(times / PERIOD, with_sk, label="skyrmion (frozen)")
    axes[0].plot(times / PERIOD, without, "--", label="uniform")
    axes[0].set_xlabel("t / T")
    axes[0].set_ylabel(r"$I_p$ into the right lead ($t/\hbar$)")
    axes[0].legend()
    for phi, style in zip(runs, ("-", "--")):
        table, centres = runs[phi]
        tt = np.concatenate([[0.0], table["t"].to_numpy() / (PERIOD * TAU)])
        label = rf"$\phi = {'+' if phi > 0 else '-'}\pi/2$"
        axes[1].plot(tt, centres[:, 0] - centres[0, 0], style, label=f"x, {label}")
        axes[1].plot(tt, centres[:, 1] - centres[0, 1], style, label=f"y, {label}")
        if "I_right" in table:
            axes[2].plot(table["t"].to_numpy() / (PERIOD * TAU),
                         table["I_right"].to_numpy(), style, label=label)
    axes[1].set_xlabel("t / T")
    axes[1].set_ylabel("R(t) - R(0) (sites)")
    if runs:
        axes[1].legend(fontsize=8)
    axes[2].set_xlabel("t / T")
    if axes[2].lines:
        axes[2].set_ylabel("current into the right lead (A)")
        axes[2].legend()
    else:  # the Zhang-Li run: its drift velocity over one period
        axes[2].plot(times / PERIOD, velocity)
        axes[2].set_ylabel(r"$u$ for $\phi = +\pi/2$ (sites per $\hbar/t$)")
    axes[3].plot(energies, clean, "k--", label="J = 0, both spins")
    axes[3].plot(energies, spin_resolved[:, 0], label="skyrmion, spin up")
    axes[3].plot(energies, spin_resolved[:, 1], label="skyrmion, spin down")
    axes[3].set_xlabel("E (t)")
    axes[3].set_ylabel("transmission")
    axes[3].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig("skyrmion_pumping.png", dpi=100)
    plt.close(fig)
    print(f"the whole example took {time.perf_counter() - begin:.0f} s")


if __name__ == "__main__":
    main()

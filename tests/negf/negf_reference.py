"""Independent references for NEGF tests: textures, Hamiltonians, dense G, Floquet."""

import numpy as np

SIGMA = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]])


def neel_skyrmion(nx, ny, radius, width=1.0):
    """Neel skyrmion centred in an nx x ny layer: m_z = -1 at the centre, +1 outside."""
    x = np.arange(nx) - (nx - 1) / 2
    y = np.arange(ny) - (ny - 1) / 2
    X, Y = np.meshgrid(x, y, indexing="ij")
    r, phi = np.hypot(X, Y), np.arctan2(Y, X)
    theta = 2 * np.arctan(np.exp((radius - r) / width))
    return np.stack(
        [np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)],
        axis=-1,
    )


def explicit_hamiltonian(nx, ny, t, onsite, J, m, t_so, gates):
    """The layer Hamiltonian written bond by bond (orbital 2 (x ny + y) + s)."""
    n = 2 * nx * ny
    h = np.zeros((n, n), dtype=complex)

    def o(x, y):
        return slice(2 * (x * ny + y), 2 * (x * ny + y) + 2)

    for x in range(nx):
        for y in range(ny):
            v = onsite[x, y] + gates.get(x, 0.0)
            h[o(x, y), o(x, y)] = v * np.eye(2) + 0.5 * J[x, y] * np.einsum(
                "i,iab->ab", m[x, y], SIGMA
            )
            if x + 1 < nx:  # c+_{r+x} (-t - i tso sy) c_r + h.c.
                b = -t * np.eye(2) - 1j * t_so * SIGMA[1]
                h[o(x + 1, y), o(x, y)] = b
                h[o(x, y), o(x + 1, y)] = b.conj().T
            if y + 1 < ny:  # c+_{r+y} (-t + i tso sx) c_r + h.c.
                b = -t * np.eye(2) + 1j * t_so * SIGMA[0]
                h[o(x, y + 1), o(x, y)] = b
                h[o(x, y), o(x, y + 1)] = b.conj().T
    return h


def dense_green(device, energy, derivative=False, hamiltonian=None):
    """G(E) by dense inversion of E - H - sum Sigma, with Gamma (and dSigma/dE)."""
    e = np.array([energy])
    h = device.hamiltonian().toarray() if hamiltonian is None else hamiltonian
    n = len(h)
    sigma_full = np.zeros((n, n), dtype=complex)
    dsigma_full = np.zeros((n, n), dtype=complex)
    if derivative:
        sig, dsig = device.self_energies(e, derivative=True)
    else:
        sig, dsig = device.self_energies(e), [np.zeros_like(s) for s in device.leads]
    for lead, s, d in zip(device.leads, sig, dsig):
        idx = np.ix_(lead.orbitals, lead.orbitals)
        sigma_full[idx] += s[0]
        if derivative:
            dsigma_full[idx] += d[0]
    g = np.linalg.inv(energy * np.eye(n) - h - sigma_full)
    gamma = 1j * (sigma_full - sigma_full.conj().T)
    if derivative:
        return g, gamma, dsigma_full
    return g, gamma


# -- Floquet NEGF for harmonic gates -------------------------------------------------


def _gate_coupling(device, pump):
    r"""U = sum_k (V_k/2) e^{-i phi_k} P_k: the e^{-i w t} component of H(t) - H0."""
    n, nb = device.n_orbitals, device.block_size
    u = np.zeros((n, n), dtype=complex)
    for column, v, phase in zip(pump.columns, pump.amplitudes, pump.phases):
        idx = np.arange(column * nb, (column + 1) * nb)
        u[idx, idx] += 0.5 * v * np.exp(-1j * phase)
    return u


def _floquet_diagonal(device, h, energies):
    """D_n = (E + n w) - H0 - Sigma(E + n w) for a batch of E + n w, (nE, N, N)."""
    a = energies[:, None, None] * np.eye(len(h)) - h
    for lead, sigma in zip(device.leads, device.self_energies(energies)):
        a[(slice(None), *np.ix_(lead.orbitals, lead.orbitals))] -= sigma
    return a


def floquet_matrix(device, energy, pump, n_side):
    r"""Dense Floquet matrix :math:`K(E)`, sidebands :math:`n = -N..N` (block n + N).

    :math:`K_{nn} = E + n\omega - H_0 - \Sigma(E + n\omega)`,
    :math:`K_{n+1,n} = -U`, :math:`K_{n-1,n} = -U^\dagger` with
    :math:`U = \sum_k (V_k/2)e^{-i\phi_k}P_k`; :math:`G_F = K^{-1}`.
    """
    h = device.hamiltonian().toarray()
    u = _gate_coupling(device, pump)
    m = len(h)
    size = 2 * n_side + 1
    k = np.zeros((size * m, size * m), dtype=complex)
    for i, n in enumerate(range(-n_side, n_side + 1)):
        e = np.array([energy + n * pump.omega])
        k[i * m : (i + 1) * m, i * m : (i + 1) * m] = _floquet_diagonal(device, h, e)[0]
        if i + 1 < size:
            k[(i + 1) * m : (i + 2) * m, i * m : (i + 1) * m] = -u
            k[i * m : (i + 1) * m, (i + 1) * m : (i + 2) * m] = -u.conj().T
    return k


def floquet_sidebands(device, energies, pump, n_side):
    r"""Sideband amplitudes :math:`g_n(E) = [K(E)^{-1}]_{n0}` on the lead orbitals.

    Block elimination of the block-tridiagonal Floquet matrix (see
    :func:`floquet_matrix`) from both ends of the sideband ladder: with
    :math:`R_N = D_N^{-1}`, :math:`R_n = (D_n - U^\dagger R_{n+1}U)^{-1}` and
    :math:`L_{-N} = D_{-N}^{-1}`, :math:`L_n = (D_n - UL_{n-1}U^\dagger)^{-1}`,

    .. math::

        g_0 = (D_0 - U^\dagger R_1U - UL_{-1}U^\dagger)^{-1},\quad
        g_n = R_nUg_{n-1}\ (n > 0),\quad g_n = L_nU^\dagger g_{n+1}\ (n < 0).

    Returns
    -------
    g : (2N + 1, nE, n_orbitals, n_lead_orbitals) ndarray
        Sideband n at index n + N; columns are the interface orbitals of all
        leads, in ``device.leads`` order.
    """
    energies = np.asarray(energies, dtype=float)
    h = device.hamiltonian().toarray()
    u = _gate_coupling(device, pump)
    ud = u.conj().T
    w = pump.omega
    right, left = {}, {}
    for n in range(n_side, 0, -1):
        a = _floquet_diagonal(device, h, energies + n * w)
        if n < n_side:
            a = a - ud @ right[n + 1] @ u
        right[n] = np.linalg.inv(a)
    for n in range(-n_side, 0):
        a = _floquet_diagonal(device, h, energies + n * w)
        if n > -n_side:
            a = a - u @ left[n - 1] @ ud
        left[n] = np.linalg.inv(a)
    a = _floquet_diagonal(device, h, energies)
    if n_side > 0:
        a = a - ud @ right[1] @ u - u @ left[-1] @ ud
    interface = np.concatenate([lead.orbitals for lead in device.leads])
    g = {0: np.linalg.inv(a)[:, :, interface]}
    for n in range(1, n_side + 1):
        g[n] = right[n] @ (u @ g[n - 1])
    for n in range(-1, -n_side - 1, -1):
        g[n] = left[n] @ (ud @ g[n + 1])
    return np.array([g[n] for n in range(-n_side, n_side + 1)])


def _sideband_grid(device, pump, n_side, cuts, nodes, max_len):
    """Gauss-Legendre nodes and weights (1/2pi included) on [cuts[0], cuts[-1]].

    Break points at the given cuts and at every lead threshold shifted by a
    whole number of quanta; pieces of at most ``max_len``, each with
    ``nodes`` nodes in E = e0 + (e1 - e0) sin^2(pi u / 2), which makes
    square-root ends analytic.
    """
    w = pump.omega
    lo, hi = cuts[0], cuts[-1]
    sidebands = range(-n_side, n_side + 1)
    shifted = {x - n * w for x in device.thresholds() for n in sidebands} | set(cuts)
    cuts = [lo, *sorted(x for x in shifted if lo < x < hi), hi]
    points = [lo]
    for x in cuts[1:]:
        if x - points[-1] > 1e-9:
            k = int(np.ceil((x - points[-1]) / max_len))
            points.extend(np.linspace(points[-1], x, k + 1)[1:])
    u, wu = np.polynomial.legendre.leggauss(nodes)
    u, wu = 0.5 * (u + 1), 0.5 * wu
    energies, weights = [], []
    for e0, e1 in zip(points[:-1], points[1:]):
        energies.append(e0 + (e1 - e0) * np.sin(0.5 * np.pi * u) ** 2)
        weights.append(wu * (e1 - e0) * 0.5 * np.pi * np.sin(np.pi * u) / (2 * np.pi))
    return np.concatenate(energies), np.concatenate(weights)


def floquet_current(device, mu, pump, n_side, *, nodes=12, max_len=0.02):
    r"""Time-averaged particle current into each lead per spin along z, (n_leads, 2).

    From the Floquet scattering matrix in the frame of the injection energy E
    (Moskalets and Buttiker): with every lead at one μ at zero temperature,

    .. math::

        I_\alpha = \sum_{n\ne0}\int\frac{dE}{2\pi}\,[f(E) - f(E + n\omega)]\,
            \mathrm{Tr}[\Gamma_\alpha(E + n\omega)g_n\Gamma(E)g_n^\dagger],

    g_n the sideband amplitudes of :func:`floquet_sidebands` (injection at
    sideband 0 from every lead, Γ the sum of the leads').
    """
    w = pump.omega
    cuts = [mu + k * w for k in range(-n_side, n_side + 1)]
    energies, weights = _sideband_grid(device, pump, n_side, cuts, nodes, max_len)
    g = floquet_sidebands(device, energies, pump, n_side)
    gamma = np.zeros((len(energies), g.shape[-1], g.shape[-1]), dtype=complex)
    offset = 0
    for s in device.self_energies(energies):
        k = s.shape[-1]
        gamma[:, offset : offset + k, offset : offset + k] = 1j * (
            s - np.conj(np.swapaxes(s, 1, 2))
        )
        offset += k
    spin = [np.diag([1.0, 0.0]), np.diag([0.0, 1.0])]
    out = np.zeros((len(device.leads), 2))
    for i, n in enumerate(range(-n_side, n_side + 1)):
        if n == 0:
            continue
        occupied = (energies < mu).astype(float) - (energies + n * w < mu)
        sigmas = device.self_energies(energies + n * w)
        for a, (lead, s) in enumerate(zip(device.leads, sigmas)):
            ga = 1j * (s - np.conj(np.swapaxes(s, 1, 2)))
            rows = g[i][:, lead.orbitals]
            emitted = np.einsum("eoc,ecd,epd->eop", rows, gamma, rows.conj())
            for k, p in enumerate(spin):
                proj = np.kron(np.eye(ga.shape[-1] // 2), p)
                flux = np.einsum("eij,eji->e", proj @ ga @ proj, emitted).real
                out[a, k] += np.sum(weights * occupied * flux)
    return out


def floquet_density(
    device, mu, pump, times, n_side, *, nodes=8, max_len=0.1, chunk=256
):
    r"""Exact time-periodic density of a device with harmonic gates (Floquet NEGF).

    **Retarded function.** With :math:`H(t) = H_0 + \sum_k V_k\cos(\omega t +
    \phi_k)P_k = H_0 + Ue^{-i\omega t} + U^\dagger e^{i\omega t}`,
    :math:`U = \sum_k(V_k/2)e^{-i\phi_k}P_k`, and undriven leads
    (:math:`\Sigma(t - t')`), the retarded function has the form
    :math:`G(t, t') = \int\frac{dE}{2\pi}\sum_ne^{-i(E + n\omega)t + iEt'}g_n(E)`.
    Inserting it in :math:`(i\partial_t - H(t))G - \Sigma\circ G = \delta(t - t')`
    (the convolution turns :math:`e^{-i(E+n\omega)t}` into
    :math:`\Sigma(E + n\omega)e^{-i(E+n\omega)t}`, and :math:`Ue^{-i\omega t}`
    raises the sideband index by one) gives
    :math:`\sum_mK_{nm}(E)g_m(E) = \delta_{n0}`, i.e. :math:`g_n = [K^{-1}]_{n0}`
    with the Floquet matrix of :func:`floquet_matrix`, truncated to
    :math:`|n| \le N`.

    **Lesser function.** The leads are in equilibrium at one chemical
    potential, :math:`\Sigma^<(E) = if(E)\Gamma(E)`,
    :math:`\Gamma = \sum_\alpha i(\Sigma_\alpha - \Sigma_\alpha^\dagger)`.
    In the steady state :math:`G^< = G\Sigma^<G^\dagger` (device states
    coupled to the leads forget the initial state; bound states are left
    out, as in the library's Fermi-sea integrals). The two time integrals of
    the convolution set the energies of :math:`\Sigma^<` and of both
    :math:`G`'s equal, so that

    .. math::

        G^<(t, t') = i\sum_{nm}\int\frac{dE}{2\pi}f(E)
            e^{-i(E + n\omega)t + i(E + m\omega)t'}g_n\Gamma g_m^\dagger,

    and the equal-time density matrix :math:`\rho(t) = -iG^<(t, t)` is

    .. math::

        \rho(t) = \int\frac{dE}{2\pi}f(E)\,\psi_E(t)\Gamma(E)\psi_E(t)^\dagger
        = \sum_pe^{-ip\omega t}\rho_p,\qquad
        \psi_E(t) = \sum_ne^{-in\omega t}g_n(E),

    with harmonics :math:`\rho_p = \sum_m\int\frac{dE}{2\pi}f\,g_{m+p}\Gamma
    g_m^\dagger`. Only the columns of :math:`g_n` on the lead interface
    orbitals enter (:func:`floquet_sidebands`).

    **Energy integral.** Zero temperature, E from the lowest lead threshold
    to μ. :math:`g_n(E)` has square-root branch points where
    :math:`E + m\omega` is a lead threshold for any :math:`|m| \le N`; these
    and μ are break points, pieces are cut to at most ``max_len``, and each
    piece takes ``nodes`` Gauss-Legendre nodes in
    :math:`E = e_0 + (e_1 - e_0)\sin^2(\pi u/2)`, which makes the
    square-root ends analytic.

    Parameters
    ----------
    device : Device
        The undriven device (its own static gates included in :math:`H_0`).
    mu : float
        Chemical potential of all leads.
    pump : GatePump
        Only its columns, amplitudes, phases and ω are used.
    times : 1D array
        Times at which :math:`\rho(t)` is returned.
    n_side : int
        Sidebands :math:`-N..N`.

    Returns
    -------
    (len(times), nx, ny, 4) ndarray
        Electron density and spin density (units of ħ) per site,
        (n, s_x, s_y, s_z).
    """
    w = pump.omega
    lower = device.band()[0]
    energies, weights = _sideband_grid(device, pump, n_side, [lower, mu], nodes, max_len)

    nx, ny = device.shape
    sites = nx * ny
    times = np.atleast_1d(np.asarray(times, dtype=float))
    phases = np.exp(-1j * w * np.outer(times, np.arange(-n_side, n_side + 1)))
    rho = np.zeros((len(times), sites, 2, 2), dtype=complex)
    for start in range(0, len(energies), chunk):
        e = energies[start : start + chunk]
        g = floquet_sidebands(device, e, pump, n_side)
        blocks = [
            1j * (s - np.conj(np.swapaxes(s, 1, 2))) for s in device.self_energies(e)
        ]
        gamma = np.zeros((len(e), g.shape[-1], g.shape[-1]), dtype=complex)
        offset = 0
        for b in blocks:
            k = b.shape[-1]
            gamma[:, offset : offset + k, offset : offset + k] = b
            offset += k
        psi = np.einsum("tn,neoc->teoc", phases, g)
        shape = (len(times), len(e), sites, 2, -1)
        weighted = (psi @ gamma).reshape(shape)
        rho += np.einsum(
            "e,terac,terbc->trab",
            weights[start : start + chunk],
            weighted,
            psi.reshape(shape).conj(),
        )
    n = np.einsum("traa->tr", rho).real
    s = 0.5 * np.einsum("iab,trba->tri", SIGMA, rho).real
    return np.concatenate([n[..., None], s], axis=-1).reshape(len(times), nx, ny, 4)

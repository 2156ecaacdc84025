"""Physical constants in SI units: the single source used by every module."""

import scipy.constants as _c

mu0 = 4e-7 * _c.pi
"""Vacuum permeability in the pre-2019 exact form used by OOMMF and mumax3 (N/A^2)."""

gamma0 = 2.211e5
"""Default gyromagnetic ratio times mu0, in m/(A s) (OOMMF's default ``gamma_G``)."""

e = _c.e
"""Elementary charge (C)."""

hbar = _c.hbar
"""Reduced Planck constant (J s)."""

muB = _c.physical_constants["Bohr magneton"][0]
"""Bohr magneton (J/T)."""

kB = _c.k
"""Boltzmann constant (J/K)."""

m_e = _c.m_e
"""Electron mass (kg)."""

epsilon0 = _c.epsilon_0
"""Vacuum permittivity (F/m)."""

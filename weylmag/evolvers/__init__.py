"""Integrators and the minimiser, one module per method family."""

from .base import Evolver as Evolver
from .euler import EulerEvolver as EulerEvolver
from .heun import ThermHeunEvolver as ThermHeunEvolver
from .heun import UHH_ThetaEvolver as UHH_ThetaEvolver
from .heun import Xf_ThermHeunEvolver as Xf_ThermHeunEvolver
from .heun import Xf_ThermSpinXferEvolver as Xf_ThermSpinXferEvolver
from .minimiser import BBEvolver as BBEvolver
from .minimiser import CGEvolver as CGEvolver
from .rungekutta import RungeKuttaEvolver as RungeKuttaEvolver
from .rungekutta import SpinTEvolver as SpinTEvolver
from .rungekutta import SpinXferEvolver as SpinXferEvolver

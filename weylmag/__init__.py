"""weylmag: an Ubermag calculator with numba kernels and electronic torques.

Use it like ``oommfc`` or ``mumax3c``::

    import weylmag as wm
    wm.MinDriver().drive(system)
    wm.TimeDriver().drive(system, t=1e-9, n=100)
"""

import importlib.metadata

from .compute import compute as compute
from .compute import delete as delete
from .drivers import Driver as Driver
from .drivers import HysteresisDriver as HysteresisDriver
from .drivers import MinDriver as MinDriver
from .drivers import TimeDriver as TimeDriver
from .energy.tensordmi import FieldInducedDMI as FieldInducedDMI
from .energy.tensordmi import TensorDMI as TensorDMI
from .evolvers import BBEvolver as BBEvolver
from .evolvers import CGEvolver as CGEvolver
from .evolvers import EulerEvolver as EulerEvolver
from .evolvers import RungeKuttaEvolver as RungeKuttaEvolver
from .evolvers import SpinTEvolver as SpinTEvolver
from .evolvers import SpinXferEvolver as SpinXferEvolver
from .evolvers import ThermHeunEvolver as ThermHeunEvolver
from .evolvers import UHH_ThetaEvolver as UHH_ThetaEvolver
from .evolvers import Xf_ThermHeunEvolver as Xf_ThermHeunEvolver
from .evolvers import Xf_ThermSpinXferEvolver as Xf_ThermSpinXferEvolver
from .problem import IntegrationError as IntegrationError
from .problem import Problem as Problem
from .torques.intrinsic import IntrinsicNonadiabaticTorque as IntrinsicNonadiabaticTorque
from .torques.intrinsic import IntrinsicSpinOrbitTorque as IntrinsicSpinOrbitTorque
from .torques.pumping import SpinMotiveForce as SpinMotiveForce
from .torques.quantum import QuantumPumping as QuantumPumping
from .torques.surface import AnisotropicGyromagneticRatio as AnisotropicGyromagneticRatio
from .torques.surface import FaradayField as FaradayField
from .torques.valley import ValleyDiffusion as ValleyDiffusion
from .torques.valley import ValleyTorque as ValleyTorque
from .torques.valley import fields as valley_fields
from .torques import pumping as pumping
from . import bands as bands
from . import chiral as chiral
from . import standard as standard
from . import sweep as sweep
from . import valley as valley

__version__ = importlib.metadata.version("weylmag")

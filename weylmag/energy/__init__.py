"""Compiled energy terms, one module per term."""

from .cubicanisotropy import CubicAnisotropy as CubicAnisotropy
from .demag import Demag as Demag
from .dmi import DMI as DMI
from .exchange import Exchange as Exchange
from .rkky import RKKY as RKKY
from .uniaxialanisotropy import UniaxialAnisotropy as UniaxialAnisotropy
from .zeeman import Zeeman as Zeeman

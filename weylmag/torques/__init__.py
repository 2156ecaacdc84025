"""Compiled torque terms, one module per term."""

from .slonczewski import Slonczewski as Slonczewski
from .zhangli import ZhangLi as ZhangLi

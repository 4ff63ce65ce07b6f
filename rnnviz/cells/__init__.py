"""The cell registry: one module per recurrent cell kind, found here, asked by everything that names cells.

    from rnnviz.cells import cell_names, get_cell
    cell_names()                         # ('SimpleRNN', 'LSTM', 'GRU', ...)
    get_cell("LSTM").gate_names          # ('i', 'f', 'g', 'o')

Every module of this package except the shared machinery (`registry`, `equations`) is a cell kind and is
imported here, so adding a cell is adding its module. Importing the registry does not import Keras.
"""

from __future__ import annotations

import importlib
import pkgutil

from .registry import CellKind, cell_names, course_cells, get_cell, register, register_keras_classes

_MACHINERY = {"registry", "equations"}

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name not in _MACHINERY:
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["CellKind", "cell_names", "course_cells", "get_cell", "register", "register_keras_classes"]

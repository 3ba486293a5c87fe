"""A module that a library imports but rarely reads, loaded when first read instead of at start.

pyvista's colour module runs ``import matplotlib.pyplot as plt`` at import time, for one function
that reads ``plt.rcParams`` (the default colour cycle), which radviz never calls.  pyplot brings in
its state machine, backends' glue and mplot3d: about 10 MB and 0.3 s of every app start.  radviz itself draws
its plots with ``matplotlib.figure`` and never needs pyplot.

:func:`defer` puts a stand-in into ``sys.modules``; the first attribute read from it (pyplot's
``rcParams``, ``figure``...) imports the real module through the caller's own ``import`` statement
(radviz imports no module by a name held in a string), which from then on is the one in
``sys.modules`` and on its package, so later imports get the real module.  The standard library's
``importlib.util.LazyLoader`` cannot do this on Python 3.11: an ``import`` statement reads the
module's ``__spec__`` and that read alone loads it.
"""
from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Callable

__all__ = ["defer", "is_deferred"]


class _Deferred(types.ModuleType):
    """Stands in for a module until an attribute is first read from it."""

    def __init__(self, name: str, load: Callable[[], types.ModuleType]):
        super().__init__(name)
        self.__load = load  # name-mangled: never mistaken for the real module's attribute

    def __getattr__(self, name: str):
        # Called only for names the stand-in lacks (everything but the module dunders).
        return getattr(self.__real(), name)

    def __dir__(self):
        return dir(self.__real())

    def __real(self) -> types.ModuleType:
        """The real module: imported on the first read, then served from ``sys.modules``."""
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return self.__load()


def defer(name: str, load: Callable[[], types.ModuleType]) -> None:
    """Stand in for module ``name`` until something reads from it (no-op once it is imported).

    ``load`` imports and returns the real module with a plain ``import`` statement.  Finding the
    module imports its parent package (``import a.b`` hands back the package ``a``), which gets the
    stand-in as its attribute, as an import would: a package that imports submodules on attribute
    access (numpy's ``__getattr__``) must find it there rather than import it again.
    """
    if name in sys.modules:
        return
    found = importlib.util.find_spec(name)  # where it is (its parent package is imported): no code of it runs
    if found is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    parent_name, _, child = name.rpartition(".")
    parent = sys.modules.get(parent_name) if parent_name else None
    if name in sys.modules or (parent is not None and child in vars(parent)):
        return  # the parent package imported it
    stand_in = _Deferred(name, load)
    # A finished spec: the import system treats a module whose spec is still initialising as
    # half-imported and waits on it.  ``__file__`` too: PySide6 reads it from every module in
    # ``sys.modules`` when it builds its signatures, and that read must not load the module.
    stand_in.__spec__ = importlib.machinery.ModuleSpec(name, None, origin=found.origin)
    stand_in.__file__ = found.origin
    sys.modules[name] = stand_in
    if parent is not None:
        setattr(parent, child, stand_in)


def is_deferred(name: str) -> bool:
    """Whether ``name`` is still a stand-in (nothing has read from it yet)."""
    return isinstance(sys.modules.get(name), _Deferred)

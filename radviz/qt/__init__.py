"""The Qt desktop app: views and panels that read the Qt-free model and send intent as commands.

Nothing here computes anatomy or scores: :mod:`radviz.engine`, :mod:`radviz.pictures` and
:mod:`radviz.colors` do, so the app, the CLI and the reports show the same thing.  Importing this
package is cheap; :func:`radviz.qt.app.run_app` pulls in PySide6, pyvista and VTK.
"""
__all__ = ["run_app"]


def run_app(argv: list[str] | None = None) -> int:
    """Open the app (imported lazily so ``import radviz.qt`` stays light)."""
    from radviz.qt.app import run_app as _run

    return _run(argv)

"""radviz: spinal nerve root territories (dermatomes, myotomes) on a 3D human body.

The top-level package is Qt-free: body, maps, scoring, sessions and report content are plain
Python/numpy so the CLI, the tests and the Qt views share one model.  Educational, not a
diagnostic device.
"""
__version__ = "0.1.0"

DISCLAIMER = ("radviz explains and teaches how spinal nerve roots map onto the body. "
              "It does not diagnose: talk to a clinician about your symptoms.")

__all__ = ["__version__", "DISCLAIMER"]

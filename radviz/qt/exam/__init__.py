"""Exam mode: enter an ISNCSCI examination on the body and see it classified (see :mod:`.ui`)."""
from radviz.qt.exam.ui import ExamMode, install

__all__ = ["ExamMode", "install"]

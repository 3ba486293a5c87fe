"""ISNCSCI 2019 examination and classification (Qt-free): exam value object, Praxis JSON layout,
rules with every possible value for NT cells, non-SCI marks, totals and a worksheet summary."""
from radviz.isncsci.classify import Classification, Determination, classify
from radviz.isncsci.exam import Exam, ExamSide, exam_to_dict, load_exam, parse_exam

__all__ = ["Exam", "ExamSide", "parse_exam", "load_exam", "exam_to_dict", "classify", "Classification",
           "Determination"]

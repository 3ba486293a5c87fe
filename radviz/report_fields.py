"""Who a report is about and who wrote it (Qt-free): kept in the session, never sent anywhere.

A session's ``report`` block holds the patient's name, identifier and date of birth and the
clinician's name; the free-text notes stay the session's top-level ``notes``.  Empty fields are
printed as blank lines to fill in by hand.  Every problem raises :class:`InputError` naming the
file and the key (``report.birth_date``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from radviz.errors import InputError
from radviz.visits import check_date

__all__ = ["PatientFields", "read_patient_fields", "FIELD_LABELS", "MAX_FIELD_CHARS", "MAX_NOTES_CHARS"]

MAX_FIELD_CHARS = 200
MAX_NOTES_CHARS = 20000
FIELD_LABELS = {"patient": "Patient", "patient_id": "Patient ID", "birth_date": "Date of birth",
                "clinician": "Clinician"}


@dataclass(frozen=True)
class PatientFields:
    """The report's header fields that belong to the session (``birth_date``: YYYY-MM-DD or empty)."""

    patient: str = ""
    patient_id: str = ""
    birth_date: str = ""
    clinician: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, str):
                raise ValueError(f"{f.name}: expected text, got {type(value).__name__}")
            if len(value) > MAX_FIELD_CHARS:
                raise ValueError(f"{f.name}: at most {MAX_FIELD_CHARS} characters, got {len(value)}")
            if "\n" in value or "\r" in value:
                raise ValueError(f"{f.name}: one line of text expected")
        if self.birth_date:
            check_date(self.birth_date)

    def to_dict(self) -> dict[str, str]:
        return asdict(self)

    def is_empty(self) -> bool:
        return not any(self.to_dict().values())


def read_patient_fields(raw, path) -> PatientFields:
    """The session's ``report`` block (missing: all empty); unknown keys are ignored like the rest
    of the session's."""
    if raw is None:
        return PatientFields()
    if not isinstance(raw, dict):
        raise InputError(path, "report", "expected an object with patient, patient_id, birth_date, clinician")
    values = {}
    for key in FIELD_LABELS:
        value = raw.get(key, "")
        try:
            PatientFields(**{key: value})
        except ValueError as exc:
            raise InputError(path, f"report.{key}", str(exc).split(": ", 1)[-1]) from None
        values[key] = value.strip()
    return PatientFields(**values)

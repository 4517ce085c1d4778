"""Facts of the mentorship model that the code relies on (DOMAIN.md)."""

from __future__ import annotations

from db.models import Form, Role

# Who stands on each side of a form: (mentor, mentee).
FORM_SIDES: dict[Form, tuple[str, str]] = {
    Form.TEACHER_TEACHER: ("teacher", "teacher"),
    Form.TEACHER_STUDENT: ("teacher", "student"),
    Form.STUDENT_STUDENT: ("student", "student"),
    Form.UNIVERSITY_STUDENT: ("university_student", "student"),
    Form.EMPLOYER_STUDENT: ("employer", "student"),
    Form.EMPLOYER_UNIVERSITY: ("employer", "university_student"),
}
# People of these kinds may be under 18, so they are asked, and a minor needs a parent's consent.
MAY_BE_MINOR = {"student", "university_student"}

DIRECTIONS = ("intellectual", "sport", "volunteer", "career", "creative", "methodical")
MAX_MENTEES_PER_MENTOR = 2


def side_kind(role: str, form: str) -> str:
    mentor, mentee = FORM_SIDES[Form(form)]
    return mentor if role == Role.MENTOR else mentee


def may_be_minor(role: str, form: str) -> bool:
    return side_kind(role, form) in MAY_BE_MINOR

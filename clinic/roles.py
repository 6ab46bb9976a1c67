"""What each role may do in the admin, as Django groups: "Clinicians" record, "Viewers" read.

``User.role`` is the source of truth; the groups carry the matching model permissions so that
the admin's own permission checks (menus, buttons, views) follow the role. The admin also checks
the role itself, so a viewer placed in the wrong group by hand still cannot record an exam.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import transaction
from django.db.models import Q

from clinic.models import User

CLINICIANS = "Clinicians"
VIEWERS = "Viewers"

_READ = (
    ("exams", "view_patient"),
    ("exams", "view_exam"),
    ("decisions", "view_decisionrecord"),
)
# Recording and amending go through exams.services (a new version each time), never a raw edit,
# so "change" here means "amend"; nobody gets "delete": clinical records are never deleted.
_RECORD = (*_READ, ("exams", "add_exam"), ("exams", "change_exam"))

GROUP_PERMISSIONS: dict[str, tuple[tuple[str, str], ...]] = {CLINICIANS: _RECORD, VIEWERS: _READ}
ROLE_GROUPS: dict[str, str] = {User.Role.CLINICIAN: CLINICIANS, User.Role.VIEWER: VIEWERS}


def role_group(role: str) -> Group:
    """The group of a role, created with its permissions if a database flush removed it."""
    name = ROLE_GROUPS[role]
    group, created = Group.objects.get_or_create(name=name)
    if created:
        condition = Q(pk__in=[])
        for app_label, codename in GROUP_PERMISSIONS[name]:
            condition |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(condition))
    return group


@transaction.atomic
def user_role_sync(user: User) -> None:
    """Put the user in exactly the group of their role (and out of the other role's group)."""
    wanted = role_group(user.role)
    others = Group.objects.filter(name__in=[n for n in ROLE_GROUPS.values() if n != wanted.name])
    user.groups.remove(*others)
    user.groups.add(wanted)


def may_read_clinic(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Superusers read every clinic; anyone else needs a clinic and a role."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return user.is_superuser or (user.clinic_id is not None and user.role in ROLE_GROUPS)


def may_record(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Record or amend exams: a clinician (or superuser) who belongs to a clinic to record them in."""
    if not isinstance(user, User) or user.clinic_id is None or not user.is_active:
        return False
    return user.is_superuser or user.role == User.Role.CLINICIAN

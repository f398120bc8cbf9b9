"""Users, trucks and company details from a desktop's own server login.

A login outside the owner group cannot write the users table (models/server_roles.py): the
owner's request is refused with words that say why and what to ask for, nothing changes,
and ``check`` still passes. Trucks and the company's details are the office's to keep.
"""

from __future__ import annotations

import datetime as dt

import pytest

from models import store
from models.errors import PermissionDenied
from models.integrity import check
from models.schema import Truck, User
from models.services import company_details, trucks_admin, users_admin
from models.services.actor import Actor
from models.services.company_details import Details
from tests.postgres.test_desktop_role import _url, office  # noqa: F401 - a fixture

OWNER = Actor("owner", "owner")
NOW = dt.datetime(2026, 11, 23, 18, 0, tzinfo=dt.timezone.utc)


def users() -> list[tuple]:
    return sorted((u.id, u.name, u.role, u.password_hash) for u in User.select())


def test_a_desktop_login_cannot_change_users_and_says_why(office):  # noqa: F811
    store.close()
    store.open_db(_url(office, "desk"))
    owner_id = users_admin.user_id("owner")
    before = users()
    for call in (lambda: users_admin.add_user("eve", "dispatcher", "secret-1", OWNER, NOW),
                 lambda: users_admin.reset_password(owner_id, "new-pass-1", OWNER, NOW)):
        with pytest.raises(PermissionDenied, match="server-grant"):
            call()
    assert users() == before
    # the office's own things are still the desktop's to keep
    truck = Truck.get(Truck.name == "Truck 1")
    trucks_admin.set_crew(truck.id, "Luis & Dana", OWNER, NOW)
    company_details.save(Details("Prairie Carpet Care", "1 Main St", "(312) 555-0177",
                                 "office@prairie.example", None), OWNER, NOW)
    assert check() == []


def test_an_owner_group_login_may(office):  # noqa: F811
    store.close()
    store.open_db(_url(office, "boss"))
    new_id = users_admin.add_user("eve", "dispatcher", "secret-1", OWNER, NOW)
    users_admin.set_role(new_id, "owner", OWNER, NOW)
    users_admin.reset_password(new_id, "fresh-pass", OWNER, NOW)
    assert User.get_by_id(new_id).role == "owner"
    assert check() == []

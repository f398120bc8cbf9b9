"""Trucks, users and the company's details after the first run: rules, refusals, the trail."""

from __future__ import annotations

import datetime as dt

import pytest

from models.auth import verify_password
from models.errors import DomainError, PermissionDenied
from models.integrity import check
from models.schema import AuditEntry, Setting, Truck, User
from models.services import company_details, trucks_admin, users_admin
from models.services.actor import authenticate
from models.services.company_details import Details
from tests import factories
from tests.conftest import NOW, PASSWORD
from tests.logo_images import png

PNG = png()


def rows(model) -> list[tuple]:
    return sorted(tuple(r.values()) for r in model.select().dicts())


def trail() -> int:
    return AuditEntry.select().count()


# -- trucks --------------------------------------------------------------------------------
def test_rename_crew_colour_are_audited_and_check_passes(truck_id, owner):
    before = trail()
    assert trucks_admin.rename(truck_id, "  Truck Ｏne ", owner, NOW) == "Truck One"
    assert trucks_admin.set_crew(truck_id, "Luis & Dana", owner, NOW) == "Luis & Dana"
    assert trucks_admin.set_color(truck_id, "#ABCDEF", owner, NOW) == "#abcdef"
    truck = Truck.get_by_id(truck_id)
    assert (truck.name, truck.crew, truck.color) == ("Truck One", "Luis & Dana", "#abcdef")
    assert trail() > before
    entry = AuditEntry.select().where(AuditEntry.action == "edit").order_by(
        AuditEntry.id.desc()).first()
    assert entry.by == "owner" and entry.entity == "truck"
    assert check() == []


@pytest.mark.parametrize("name", ["", "   ", "Truck\u202e 2", "Truck\u200b2", "Tab\there",
                                  "truck 1", "TRUCK 1", "Truсk 1", "x" * 61])
def test_bad_truck_names_change_nothing(truck_id, owner, name):
    other = factories.truck("Truck 2", "", now=NOW)
    before, entries = rows(Truck), trail()
    with pytest.raises(DomainError):
        trucks_admin.rename(other, name, owner, NOW)
    with pytest.raises(DomainError):
        trucks_admin.add_truck(name, "", None, owner, NOW)
    assert rows(Truck) == before and trail() == entries
    assert check() == []


def test_bad_crew_and_colour_change_nothing(truck_id, owner):
    before = rows(Truck)
    for crew in ("Ana\x00Bo", "Ana\u2066Bo", "y" * 101):
        with pytest.raises(DomainError):
            trucks_admin.set_crew(truck_id, crew, owner, NOW)
    for color in ("red", "#12345", "#GGGGGG", ""):
        with pytest.raises(DomainError):
            trucks_admin.set_color(truck_id, color, owner, NOW)
    assert rows(Truck) == before


def test_retiring_a_truck_with_jobs_to_do_is_refused_and_names_them(job_id, truck_id,
                                                                     dispatcher):
    before = rows(Truck)
    with pytest.raises(DomainError) as refused:
        trucks_admin.retire(truck_id, "sold", dispatcher, NOW - dt.timedelta(days=2))
    text = str(refused.value)
    assert "1 job(s)" in text and "2026-11-23 at 09:00" in text and "Zoë Ñúñez" in text
    assert rows(Truck) == before


def test_retire_needs_a_reason_then_leaves_the_board(truck_id, dispatcher):
    from models.queries.customers import trucks

    with pytest.raises(DomainError, match="reason"):
        trucks_admin.retire(truck_id, "  ", dispatcher, NOW)
    trucks_admin.retire(truck_id, "off the road", dispatcher, NOW)
    assert truck_id not in [t.truck_id for t in trucks()]
    entry = AuditEntry.select().where(AuditEntry.action == "retire").get()
    assert entry.reason == "off the road" and entry.by == "dana"
    with pytest.raises(DomainError, match="already retired"):
        trucks_admin.retire(truck_id, "again", dispatcher, NOW)
    trucks_admin.bring_back(truck_id, dispatcher, NOW)
    assert truck_id in [t.truck_id for t in trucks()]
    assert check() == []


def test_a_finished_day_does_not_stop_retiring(job_id, truck_id, owner):
    # two days after the job's window, an unstamped job is the office's to settle, not a
    # crew's to do
    trucks_admin.retire(truck_id, "sold", owner, dt.datetime(2026, 11, 26, tzinfo=dt.UTC))
    assert not Truck.get_by_id(truck_id).active


# -- users ---------------------------------------------------------------------------------
def test_a_dispatcher_is_refused_in_the_service(dispatcher, owner):
    dana = User.get(User.name == "dana")
    before, entries = rows(User), trail()
    with pytest.raises(PermissionDenied):
        users_admin.add_user("eve", "dispatcher", "secret-1", dispatcher, NOW)
    with pytest.raises(PermissionDenied):
        users_admin.set_role(dana.id, "owner", dispatcher, NOW)
    with pytest.raises(PermissionDenied):
        users_admin.reset_password(dana.id, "new-pass-1", dispatcher, NOW)
    assert rows(User) == before and trail() == entries


def test_owner_adds_promotes_and_resets(dispatcher, owner):
    dana = User.get(User.name == "dana")
    users_admin.set_role(dana.id, "owner", owner, NOW)
    assert User.get_by_id(dana.id).role == "owner"
    users_admin.reset_password(dana.id, "fresh-pass", owner, NOW)
    assert verify_password("fresh-pass", User.get_by_id(dana.id).password_hash)
    assert authenticate("Dana", "fresh-pass").role == "owner"
    new_id = users_admin.add_user("Ｅve", "dispatcher", "secret-1", owner, NOW)
    assert User.get_by_id(new_id).name == "Eve"
    entry = AuditEntry.select().where(AuditEntry.action == "password").get()
    assert "scrypt" not in entry.new and "fresh-pass" not in entry.new
    assert check() == []


def test_the_last_owner_cannot_be_demoted(owner, dispatcher):
    me = User.get(User.name == "owner")
    before = rows(User)
    with pytest.raises(DomainError, match="last owner"):
        users_admin.set_role(me.id, "dispatcher", owner, NOW)
    assert rows(User) == before
    dana = User.get(User.name == "dana")
    users_admin.set_role(dana.id, "owner", owner, NOW)
    users_admin.set_role(me.id, "dispatcher", owner, NOW)  # now someone else is an owner
    assert User.get_by_id(me.id).role == "dispatcher"
    assert check() == []


def test_bad_user_input_changes_nothing(owner, dispatcher):
    dana = User.get(User.name == "dana")
    system = User.get(User.name == "system")
    before = rows(User)
    for call in (lambda: users_admin.set_role(dana.id, "boss", owner, NOW),
                 lambda: users_admin.set_role(system.id, "owner", owner, NOW),
                 lambda: users_admin.reset_password(dana.id, "short", owner, NOW),
                 lambda: users_admin.reset_password(dana.id, " padded-pass ", owner, NOW),
                 lambda: users_admin.add_user("DANA", "dispatcher", "secret-1", owner, NOW),
                 lambda: users_admin.add_user("dаna", "dispatcher", "secret-1", owner, NOW),
                 lambda: users_admin.add_user("eve", "dispatcher", "12345", owner, NOW)):
        with pytest.raises(DomainError):
            call()
    assert rows(User) == before
    assert authenticate("dana", "dispatch-pass").name == "dana"
    assert authenticate("owner", PASSWORD).role == "owner"


# -- the company's details -----------------------------------------------------------------
def settings() -> dict[str, str]:
    return {s.key: s.value for s in Setting.select()}


def details(**change) -> Details:
    base = dict(name="Prairie Carpet Care", address="12 Main St\nSpringfield, IL 62701",
                phone="(217) 555-0199", email="office@prairie.example", logo=None)
    base.update(change)
    return Details(**base)


def test_details_are_stored_audited_and_checked(owner):
    stored = company_details.save(details(logo=PNG), owner, NOW)
    assert stored.logo_kind == "png"
    again = company_details.details()
    assert again == stored
    entry = AuditEntry.select().where(AuditEntry.entity == "company").order_by(
        AuditEntry.id.desc()).first()
    assert "(217) 555-0199" in entry.new and "sha256" in entry.new
    assert check() == []
    company_details.save(details(logo=None, email=""), owner, NOW)
    assert company_details.details().logo is None
    assert check() == []


@pytest.mark.parametrize("change", [
    {"name": "  "}, {"name": "Bad\u202eName"}, {"phone": "call us"}, {"phone": "55"},
    {"phone": "555\n0199"}, {"email": "office@"}, {"email": "not an address"},
    {"address": "1 Elm\x00St"}, {"address": "x" * 1001},
    {"logo": b"GIF89a" + b"\x00" * 40}, {"logo": PNG[:-12]},
    {"logo": b"\xff\xd8\xff\xe0" + b"\x00" * 100},
    {"logo": PNG[:-12] + b"\x00" * (256 * 1024) + PNG[-12:]},
])
def test_bad_details_change_nothing(owner, change):
    company_details.save(details(), owner, NOW)
    before, entries = settings(), trail()
    with pytest.raises(DomainError):
        company_details.save(details(**change), owner, NOW)
    assert settings() == before and trail() == entries


def test_a_dispatcher_cannot_change_the_details(dispatcher):
    before = settings()
    with pytest.raises(PermissionDenied):
        company_details.save(details(), dispatcher, NOW)
    assert settings() == before


def test_letter_head_carries_address_phone_and_email(owner):
    from models.letterhead import letterhead

    company_details.save(details(), owner, NOW)
    head = letterhead()
    assert head.contact_lines == ["12 Main St", "Springfield, IL 62701", "Phone (217) 555-0199",
                                  "E-mail office@prairie.example"]



def test_locking_a_user_out_and_back(owner, dispatcher):
    dana = User.get(User.name == "dana")
    with pytest.raises(DomainError, match="why"):
        users_admin.set_active(dana.id, False, " ", owner, NOW)
    with pytest.raises(PermissionDenied):
        users_admin.set_active(dana.id, False, "left", dispatcher, NOW)
    users_admin.set_active(dana.id, False, "left the company", owner, NOW)
    with pytest.raises(DomainError, match="Wrong user name or password"):
        authenticate("dana", "dispatch-pass")
    users_admin.set_active(dana.id, True, "", owner, NOW)
    assert authenticate("dana", "dispatch-pass").name == "dana"
    me = User.get(User.name == "owner")
    with pytest.raises(DomainError, match="last owner"):
        users_admin.set_active(me.id, False, "testing", owner, NOW)
    assert User.get_by_id(me.id).active
    assert check() == []


def test_an_owner_demoted_a_moment_ago_is_refused(owner, dispatcher):
    dana = User.get(User.name == "dana")
    me = User.get(User.name == "owner")
    users_admin.set_role(dana.id, "owner", owner, NOW)
    users_admin.set_role(me.id, "dispatcher", owner, NOW)  # the window still says 'owner'
    before = rows(User)
    with pytest.raises(PermissionDenied, match="no longer an owner"):
        users_admin.add_user("eve", "dispatcher", "secret-1", owner, NOW)
    with pytest.raises(PermissionDenied, match="no longer an owner"):
        company_details.save(details(), owner, NOW)
    assert rows(User) == before

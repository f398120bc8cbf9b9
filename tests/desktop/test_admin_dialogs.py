"""The Company menu's dialogs on real widgets: trucks, users, the company's details.

Names come from tests/data/blns.txt: each is either saved exactly as the rules store it, or
refused with a message and nothing changed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from models.integrity import check
from models.names import normal
from models.schema import AuditEntry, Setting, Truck, User
from models.services import company_details
from tests.desktop.conftest import Clock
from tests.logo_images import png

BLNS = Path(__file__).resolve().parent.parent / "data" / "blns.txt"
STRINGS = [line for line in BLNS.read_text(encoding="utf-8").split("\n")
           if line and not line.startswith("#")]
SAMPLE = STRINGS[::max(1, len(STRINGS) // 40)][:40]


def inline_error(dialog) -> str:
    label = dialog.findChild(QLabel, "inlineError")
    return label.text() if not label.isHidden() else ""


def table(model) -> list[tuple]:
    return sorted(tuple(r.values()) for r in model.select().dicts())


def trail() -> int:
    return AuditEntry.select().count()


def click(qtbot, dialog, name: str) -> None:
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.LeftButton)


@pytest.fixture
def trucks_dialog(qtbot, day_jobs_ids, owner, now):
    from desktop.admin.trucks_dialog import TrucksDialog

    dialog = TrucksDialog(owner, Clock(now))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def select(dialog, name: str) -> None:
    row = next(i for i, t in enumerate(dialog.trucks) if t.name == name)
    dialog.table.selectRow(row)


# -- trucks --------------------------------------------------------------------------------
def test_blns_names_are_saved_as_typed_or_refused_with_nothing_changed(qtbot, trucks_dialog):
    saved = refused = 0
    for text in SAMPLE:
        before, entries = table(Truck), trail()
        trucks_dialog.table.clearSelection()
        trucks_dialog.name.setText(text)
        trucks_dialog.crew.setText("Crew")
        trucks_dialog.color.setText("")
        click(qtbot, trucks_dialog, "add")
        if inline_error(trucks_dialog):
            refused += 1
            assert table(Truck) == before and trail() == entries, text
        else:
            saved += 1
            assert Truck.select().where(Truck.name == normal(text)).exists(), text
            assert normal(text) in [t.name for t in trucks_dialog.trucks]
    assert saved and refused
    assert check() == []


def test_rename_crew_and_colour_in_one_save(qtbot, trucks_dialog, day_jobs_ids):
    changed = []
    trucks_dialog.changed.connect(lambda: changed.append(1))
    select(trucks_dialog, "Truck 1")
    trucks_dialog.name.setText(STRINGS[200] if normal(STRINGS[200]) else "Ｔruck One")
    trucks_dialog.crew.setText("Luis & Dana")
    trucks_dialog.color.setText("#123456")
    name = trucks_dialog.name.text()
    click(qtbot, trucks_dialog, "save")
    if inline_error(trucks_dialog):  # the blns name was refused: a plain one must pass
        trucks_dialog.name.setText("Ｔruck One")
        name = "Ｔruck One"
        click(qtbot, trucks_dialog, "save")
    assert not inline_error(trucks_dialog)
    truck = Truck.get_by_id(day_jobs_ids["t1"])
    assert (truck.name, truck.crew, truck.color) == (normal(name), "Luis & Dana", "#123456")
    assert changed


def test_a_bad_colour_leaves_the_name_alone(qtbot, trucks_dialog, day_jobs_ids):
    select(trucks_dialog, "Truck 1")
    before = table(Truck)
    trucks_dialog.name.setText("Renamed")
    trucks_dialog.color.setText("blue")
    click(qtbot, trucks_dialog, "save")
    assert "not a colour" in inline_error(trucks_dialog)
    assert table(Truck) == before


def test_retiring_a_truck_with_jobs_says_which_and_changes_nothing(qtbot, trucks_dialog):
    select(trucks_dialog, "Truck 1")
    before, entries = table(Truck), trail()
    click(qtbot, trucks_dialog, "retire")
    assert "Why retire it" in inline_error(trucks_dialog)
    trucks_dialog.reason.setText("sold")
    click(qtbot, trucks_dialog, "retire")
    text = inline_error(trucks_dialog)
    assert "2026-11-23 at 13:00" in text and "Ana Ñúñez" in text and "Move them" in text
    assert table(Truck) == before and trail() == entries


def test_retire_and_bring_back_a_free_truck(qtbot, trucks_dialog, now):
    trucks_dialog.name.setText("ट्रक ३")  # Devanagari: a name, not a trick
    click(qtbot, trucks_dialog, "add")
    assert not inline_error(trucks_dialog)
    trucks_dialog.reason.setText("off the road")
    click(qtbot, trucks_dialog, "retire")
    assert not inline_error(trucks_dialog)
    assert not Truck.get(Truck.name == "ट्रक ३").active
    assert trucks_dialog.back.isEnabled()
    click(qtbot, trucks_dialog, "bringBack")
    assert Truck.get(Truck.name == "ट्रक ३").active
    assert check() == []


def test_escape_closes_without_a_change(qtbot, trucks_dialog):
    before = table(Truck)
    select(trucks_dialog, "Truck 1")
    trucks_dialog.reason.setText("sold")
    qtbot.keyClick(trucks_dialog.reason, Qt.Key_Return)  # Enter in a field retires nothing
    qtbot.keyClick(trucks_dialog, Qt.Key_Escape)
    assert not trucks_dialog.isVisible()
    assert table(Truck) == before


# -- users ---------------------------------------------------------------------------------
@pytest.fixture
def users_dialog_for(qtbot, db_path, now):
    from desktop.admin.users_dialog import UsersDialog

    def make(actor):
        dialog = UsersDialog(actor, Clock(now))
        qtbot.addWidget(dialog)
        dialog.show()
        return dialog
    return make


def test_owner_adds_users_with_blns_names(qtbot, users_dialog_for, owner):
    dialog = users_dialog_for(owner)
    saved = refused = 0
    for text in SAMPLE[:20]:
        before = table(User)
        dialog.table.clearSelection()
        dialog.name.setText(text)
        dialog.role.setCurrentText("dispatcher")
        dialog.password.setText("secret-1")
        dialog.again.setText("secret-1")
        click(qtbot, dialog, "add")
        if inline_error(dialog):
            refused += 1
            assert table(User) == before, text
        else:
            saved += 1
            assert User.select().where(User.name == normal(text)).exists(), text
    assert saved and refused
    assert check() == []


def test_a_dispatcher_in_the_dialog_is_refused_by_the_service(qtbot, users_dialog_for,
                                                              dispatcher):
    dialog = users_dialog_for(dispatcher)
    assert "Only an owner" in dialog.note.text()
    before, entries = table(User), trail()
    dialog.name.setText("eve")
    dialog.password.setText("secret-1")
    dialog.again.setText("secret-1")
    click(qtbot, dialog, "add")
    assert "Only an owner may add users" in inline_error(dialog)
    dialog.table.selectRow(0)
    dialog.role.setCurrentText("owner")
    click(qtbot, dialog, "setRole")
    assert "Only an owner" in inline_error(dialog)
    click(qtbot, dialog, "resetPassword")
    assert "Only an owner" in inline_error(dialog)
    assert table(User) == before and trail() == entries


def test_last_owner_and_password_mismatch(qtbot, users_dialog_for, owner):
    dialog = users_dialog_for(owner)
    before = table(User)
    dialog.table.selectRow(0)  # the only user: the owner
    dialog.role.setCurrentText("dispatcher")
    click(qtbot, dialog, "setRole")
    assert "last owner" in inline_error(dialog)
    dialog.password.setText("new-pass-1")
    dialog.again.setText("new-pass-2")
    click(qtbot, dialog, "resetPassword")
    assert "differ" in inline_error(dialog)
    assert table(User) == before


# -- the company's details -----------------------------------------------------------------
@pytest.fixture
def company_dialog(qtbot, db_path, owner, now):
    from desktop.admin.company_dialog import CompanyDialog

    dialog = CompanyDialog(owner, Clock(now))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def stored_settings() -> dict[str, str]:
    return {s.key: s.value for s in Setting.select()}


def test_details_with_a_logo_are_saved(qtbot, company_dialog, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(40, 20))
    company_dialog.name.setText(STRINGS[5] if normal(STRINGS[5]).isprintable()
                                and normal(STRINGS[5]) else "Prairie Carpet Care")
    company_dialog.address.setPlainText("12 Main St\nSpringfield, IL 62701")
    company_dialog.phone.setText("(217) 555-0199")
    company_dialog.email.setText("office@prairie.example")
    assert company_dialog.load_logo(logo)
    click(qtbot, company_dialog, "save")
    assert not inline_error(company_dialog)
    stored = company_details.details()
    assert (stored.phone, stored.email, stored.logo) == ("(217) 555-0199",
                                                          "office@prairie.example", png(40, 20))
    assert stored.address == "12 Main St\nSpringfield, IL 62701"
    assert check() == []


def test_a_big_or_fake_logo_is_refused_before_saving(qtbot, company_dialog, tmp_path):
    big = tmp_path / "big.png"
    big.write_bytes(png() + b"\x00" * (300 * 1024))
    fake = tmp_path / "fake.jpg"
    fake.write_bytes(b"GIF89a not a jpeg")
    before = stored_settings()
    assert not company_dialog.load_logo(big)
    assert "at most 256 KB" in inline_error(company_dialog)
    assert not company_dialog.load_logo(fake)
    assert "PNG or JPEG" in inline_error(company_dialog)
    assert not company_dialog.load_logo(tmp_path / "missing.png")
    assert company_dialog.logo is None
    assert stored_settings() == before


@pytest.mark.parametrize("field,text,words", [
    ("email", "office@", "e-mail"), ("phone", "call us", "phone"), ("name", "   ", "name")])
def test_bad_details_keep_the_dialog_open_and_change_nothing(qtbot, company_dialog, field,
                                                             text, words):
    before = stored_settings()
    getattr(company_dialog, field).setText(text)
    click(qtbot, company_dialog, "save")
    assert words in inline_error(company_dialog).lower()
    assert company_dialog.isVisible()
    assert stored_settings() == before


def test_blns_company_names(qtbot, company_dialog):
    for text in SAMPLE:
        before = stored_settings()
        company_dialog.name.setText(text)
        click(qtbot, company_dialog, "save")
        if inline_error(company_dialog):
            assert stored_settings() == before, text
            continue
        assert company_details.details().name == normal(text).strip() or \
            company_details.details().name == text.strip(), text
        company_dialog.show()
    assert check() == []


# -- the menu on the board window ----------------------------------------------------------
def test_company_menu_on_the_board(window):
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Company" in menus and menus.index("&Company") < menus.index("&Help")
    m = window.company_menu
    assert m.trucks.isEnabled() and m.users.isEnabled() and m.details.isEnabled()


def test_a_dispatchers_menu_greys_out_users_and_details(qtbot, day_jobs_ids, dispatcher,
                                                        clock, settings):
    from desktop.main_window import MainWindow

    win = MainWindow(dispatcher, clock, settings, sound=False, refresh_ms=3_600_000,
                     sweep_ms=3_600_000)
    qtbot.addWidget(win)
    m = win.company_menu
    assert m.trucks.isEnabled()
    assert not m.users.isEnabled() and not m.details.isEnabled()
    assert "Only an owner" in m.users.toolTip()
    win.realtime.stop()


def test_a_change_in_the_dialog_redraws_the_board(qtbot, window, day_jobs_ids):
    from desktop.admin.trucks_dialog import TrucksDialog

    dialog = TrucksDialog(window.controller.actor, window.controller.now, window)
    qtbot.addWidget(dialog)
    dialog.changed.connect(window.company_menu.on_changed)
    select(dialog, "Truck 2")
    dialog.name.setText("Van Ω")
    click(qtbot, dialog, "save")
    assert "Van Ω" in [t.name for t in window.controller.trucks]


# -- the first run uses the same truck-name rules, before anything is written -------------
@pytest.mark.parametrize("trucks, words", [
    ("Van A\nvan a\n", "already a truck"), ("Van\u202eA\n", "direction-changing")])
def test_first_run_refuses_bad_truck_names_before_creating_anything(qtbot, tmp_path, now,
                                                                    trucks, words):
    from desktop.dialogs.setup import SetupDialog
    from tests.desktop.test_dialogs import fill_setup

    target = tmp_path / "new.sqlite3"
    dialog = SetupDialog(str(target), lambda: now)
    qtbot.addWidget(dialog)
    fill_setup(dialog)
    dialog.trucks.setPlainText(trucks)
    dialog.accept()
    assert words in inline_error(dialog)
    assert not target.exists()  # nothing half-saved


def test_lock_out_needs_a_reason_and_unlock_lets_back_in(qtbot, users_dialog_for, owner,
                                                         dispatcher):
    from models.services.actor import authenticate

    dialog = users_dialog_for(owner)
    row = next(i for i, u in enumerate(dialog.users) if u.name == "dana")
    dialog.table.selectRow(row)
    click(qtbot, dialog, "lock")
    assert "why" in inline_error(dialog).lower()
    assert User.get(User.name == "dana").active
    dialog.why.setText("left the company")
    click(qtbot, dialog, "lock")
    assert not inline_error(dialog)
    assert not User.get(User.name == "dana").active
    assert dialog.unlock.isEnabled()
    click(qtbot, dialog, "unlock")
    assert authenticate("dana", "dispatch-pass").name == "dana"
    assert check() == []

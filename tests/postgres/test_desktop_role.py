"""A desktop's server login, used with a hand-written SQL client, cannot forge the trail,
promote itself, read the key or void an issued reward; an owner-group login may void."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import uuid

import psycopg
import pytest

from models import store
from models.integrity import check
from models.schema import Reward
from models.server_roles import grant_app_role
from models.services import jobs, people, rewards, stamps
from models.services.actor import Actor
from tests.conftest import PASSWORD

UTC = dt.timezone.utc
OWNER = Actor("owner", "owner")
DAY = dt.date(2026, 11, 23)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def office(pg_url, pg_cluster):
    """A late, stamped job whose reward was issued; logins desk1 (desktop) and boss1
    (desktop in the owner group)."""
    booked = dt.datetime(2026, 11, 22, 15, 0, tzinfo=UTC)
    truck = people.add_truck("Truck 1", "", None, OWNER, booked)
    from models.db import write_tx

    with write_tx():
        customer = people.add_customer("Ann", "555-0100", "1 Elm St", "", OWNER, booked)
    job = jobs.book(jobs.JobDraft(customer.id, truck, DAY, dt.time(9, 0),
                                  service="Carpet", price="150.00"), OWNER, booked).job_id
    arrive_at = dt.datetime(2026, 11, 23, 16, 40, tzinfo=UTC)  # 40 min late: tier 1
    stamps.arrive(job, arrive_at, OWNER, arrive_at, reason="crew called")
    reward = Reward.get(Reward.job == job)
    rewards.issue(reward.id, OWNER, arrive_at + dt.timedelta(minutes=5))
    tag = uuid.uuid4().hex[:8]
    desk, boss = f"desk_{tag}", f"boss_{tag}"  # roles belong to the whole cluster
    with psycopg.connect(pg_cluster.admin_url(), autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {desk} LOGIN")
        admin.execute(f"CREATE ROLE {boss} LOGIN")
    grant_app_role(desk)
    grant_app_role(boss, owner=True)
    assert check() == []
    return {"url": pg_url, "job": job, "reward": reward.id, "desk": desk, "boss": boss}


def _url(office, who: str) -> str:
    return office["url"].replace("postgres@", f"{office[who]}@")


def _as(office, who: str):
    return psycopg.connect(_url(office, who), autocommit=True)


FORGERIES = [
    ("promote itself", "UPDATE \"user\" SET role = 'owner' WHERE name = 'owner'"),
    ("swap a password hash", "UPDATE \"user\" SET password_hash = 'x'"),
    ("add a user", "INSERT INTO \"user\" (name, role, active) VALUES ('eve', 'owner', TRUE)"),
    ("edit the policy", "UPDATE policy_version SET data = '{}'"),
    ("add a policy", "INSERT INTO policy_version (effective_from, data, created_by) "
                     "VALUES (now(), '{}', 'eve')"),
    ("append to the trail", "INSERT INTO audit_entry (at, by, action, entity, entity_id, old, "
                            "new, reason, prev_hash, hash) VALUES (now(), 'owner', 'x', 'x', "
                            "'1', '', '', '', '', '')"),
    ("rewrite the trail", "UPDATE audit_entry SET reason = 'x'"),
    ("delete the trail", "DELETE FROM audit_entry"),
    ("move the head", "UPDATE setting SET value = '1:abc' WHERE key = 'audit_head'"),
    ("change the audit id", "UPDATE setting SET value = 'abc' WHERE key = 'audit_db_id'"),
    ("read the key", "SELECT key FROM audit_key"),
    ("void an issued reward", "UPDATE reward SET status = 'void' WHERE id = {reward}"),
    ("lower an issued reward", "UPDATE reward SET value = 0 WHERE id = {reward}"),
]


@pytest.mark.parametrize("what,sql", FORGERIES, ids=[f[0] for f in FORGERIES])
def test_a_desktop_login_cannot(office, what, sql):
    with _as(office, "desk") as desk:
        with pytest.raises(psycopg.Error):
            desk.execute(sql.replace("{reward}", str(office["reward"])))
    assert check() == []


def test_what_a_desktop_login_appends_names_the_login(office):
    with _as(office, "desk") as desk:
        desk.execute("BEGIN")
        desk.execute("SELECT ontime_audit_append(ARRAY[now()::timestamp], ARRAY['owner'], "
                     "ARRAY['void'], ARRAY['reward'], ARRAY['1'], ARRAY[''], ARRAY[''], "
                     "ARRAY['forged'])")
        desk.execute("SELECT ontime_audit_seal(0, 'owner', NULL)")
        desk.execute("UPDATE job SET notes = 'moved by hand' WHERE id = %s", (office["job"],))
        desk.execute("SELECT ontime_audit_seal(0, 'owner', NULL)")
        desk.execute("COMMIT")
        rows = desk.execute("SELECT by, action FROM audit_entry ORDER BY id DESC LIMIT 2"
                            ).fetchall()
    login = f"owner (login {office['desk']})"
    assert (login, "row") == rows[0]
    assert (login, "void") == rows[1]
    assert check() == []  # honest entries: who did it is on record


def test_an_owner_group_login_may_void_an_issued_reward(office):
    with _as(office, "boss") as boss:
        boss.execute("UPDATE reward SET status = 'void' WHERE id = %s", (office["reward"],))
    assert Reward.get_by_id(office["reward"]).status == "void"


def test_the_program_as_a_dispatcher_login_cannot_void_it_either(office):
    store.close()
    store.open_db(_url(office, "desk"))
    with pytest.raises(Exception, match="owner"):
        rewards.void(office["reward"], "customer was nice", OWNER,
                     dt.datetime(2026, 11, 23, 18, 0, tzinfo=UTC))
    assert Reward.get_by_id(office["reward"]).status == "issued"


def test_server_grant_by_a_login_that_cannot_grant_exits_2(office):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ONTIME_", "PG"))}
    env.update(ONTIME_PASSWORD=PASSWORD, ONTIME_NOW="2026-11-23T18:00:00Z",
               ONTIME_AUDIT_KEY_DIR=os.environ["ONTIME_AUDIT_KEY_DIR"])
    result = subprocess.run(
        [sys.executable, "main.py", "--db", _url(office, "desk"), "server-grant",
         office["boss"]], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "GRANT" not in result.stdout

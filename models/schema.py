"""The tables. Facts live here; rules live in rules.py; changes go through services."""

from __future__ import annotations

from peewee import (
    SQL,
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models.db import BaseModel, UtcField

MONEY = {"max_digits": 12, "decimal_places": 2, "auto_round": True}


class Setting(BaseModel):
    """Key/value settings of the company (name, zone, currency, audit head, schema version)."""

    key = CharField(primary_key=True)
    value = TextField()


class PolicyVersion(BaseModel):
    """The guarantee policy in force from ``effective_from`` (JSON, see policy.Policy)."""

    id = AutoField()
    effective_from = UtcField(index=True)
    data = TextField()
    created_by = CharField()


class User(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    role = CharField()  # owner | dispatcher | system
    password_hash = CharField(null=True)
    active = BooleanField(default=True)


class Truck(BaseModel):
    id = AutoField()
    name = CharField(unique=True)
    crew = CharField(default="")
    color = CharField(default="#3b82f6")
    active = BooleanField(default=True)


class Customer(BaseModel):
    id = AutoField()
    name = CharField()
    phone = CharField(default="")
    phone_digits = CharField(default="", index=True)
    address = TextField(default="")
    notes = TextField(default="")
    make_next_visit_perfect = BooleanField(default=False)
    decline_next_booking = BooleanField(default=False)
    decline_reason = TextField(default="")


class Job(BaseModel):
    """A promise: a one-hour window told to the customer as local date + time + zone."""

    id = AutoField()
    external_id = CharField(null=True, unique=True)
    customer = ForeignKeyField(Customer, backref="jobs", on_delete="RESTRICT")
    # Schema 6: empty while the job waits in the tray (booked before a truck was chosen).
    truck = ForeignKeyField(Truck, null=True, backref="jobs", on_delete="RESTRICT")
    service = CharField(default="")
    price = DecimalField(**MONEY, default=0)
    duration_minutes = IntegerField(default=90)
    notes = TextField(default="")
    local_date = DateField(index=True)
    local_start = CharField()  # HH:MM, wall clock in ``tz``
    fold = IntegerField(default=0)  # 1 = the second occurrence of a repeated fall-back time
    tz = CharField()
    window_minutes = IntegerField(default=60)
    # Derived from the four fields above when the job is written; kept for range queries.
    window_start_utc = UtcField(index=True)
    window_end_utc = UtcField(index=True)
    status = CharField(default="scheduled", index=True)
    cancel_reason = TextField(default="")
    rescheduled_from = ForeignKeyField("self", null=True, backref="rescheduled_into")
    rescheduled_by = CharField(null=True)  # on the new job: company | customer
    closed_at = UtcField(null=True)  # when it was rescheduled away or cancelled
    free = BooleanField(default=False)  # company reschedule: the new job costs nothing
    fault = CharField(default="company")
    fault_reason = TextField(default="")
    booked_at = UtcField()
    version = IntegerField(default=1)


class Stamp(BaseModel):
    """An event a crew called in: en_route, arrival, completion. Superseded rows stay."""

    id = AutoField()
    job = ForeignKeyField(Job, backref="stamps", on_delete="RESTRICT")
    kind = CharField()  # en_route | arrival | completion
    at = UtcField()
    by = CharField()
    recorded_at = UtcField()
    client_uid = CharField(unique=True)
    active = BooleanField(default=True)
    reason = TextField(default="")

    class Meta:
        constraints = [SQL("CHECK (kind IN ('en_route','arrival','completion'))")]


# Only one live stamp of each kind per job; corrected ones stay, inactive, for the record.
Stamp.add_index(Stamp.index(Stamp.job, Stamp.kind, unique=True, where=SQL("active"),
                            name="stamp_one_active_per_kind"))


class Reward(BaseModel):
    """What the company owes for a broken promise: at most one per job and kind.

    A goodwill reward (given by hand) is owed by no job's guarantee: its ``job`` is empty,
    so the one-per-job-and-kind index never counts it, and ``goodwill_job`` names the job
    it is about, if any.
    """

    id = AutoField()
    job = ForeignKeyField(Job, null=True, backref="rewards", on_delete="RESTRICT")
    kind = CharField()  # lateness | reschedule | cancellation | goodwill
    tier = IntegerField(null=True)  # 1..3 for lateness
    minutes_late = IntegerField(null=True)
    wording = TextField()
    value = DecimalField(**MONEY)
    status = CharField(default="proposed")  # proposed | issued | redeemed | void
    void_reason = TextField(default="")
    voided_by_person = BooleanField(default=False)  # the program never brings such a row back
    earned_at = UtcField()
    created_at = UtcField()
    certificate_code = CharField(null=True, unique=True)
    certificate_value = DecimalField(**MONEY, null=True)
    certificate_expires_at = UtcField(null=True)
    certificate_status = CharField(null=True)  # unused | redeemed | void (expired is derived)
    redeemed_on = ForeignKeyField(Job, null=True, backref="redemptions")
    redeemed_at = UtcField(null=True)
    # Schema 4. The most the customer was told of (issued or redeemed): no dispatcher's
    # change takes the reward below these or voids it; only an owner may.
    issued_tier = IntegerField(null=True)
    issued_value = DecimalField(**MONEY, null=True)
    customer = ForeignKeyField(Customer, null=True, backref="rewards", on_delete="RESTRICT")
    goodwill_job = ForeignKeyField(Job, null=True, backref="goodwill", on_delete="RESTRICT")
    # The complaint a goodwill reward answers (a plain id: complaint already points here).
    goodwill_complaint = IntegerField(null=True)

    class Meta:
        indexes = ((("job", "kind"), True),)


class Complaint(BaseModel):
    id = AutoField()
    customer = ForeignKeyField(Customer, backref="complaints", on_delete="RESTRICT")
    job = ForeignKeyField(Job, null=True, backref="complaints")
    reward = ForeignKeyField(Reward, null=True, unique=True, backref="complaint")
    source = CharField()  # auto | manual
    fault = CharField(default="company")
    words = TextField(default="")
    status = CharField(default="open")  # open | on_hold | resolved | closed | withdrawn
    owner = CharField(null=True)
    opened_at = UtcField(index=True)
    first_response_at = UtcField(null=True)
    resolved_at = UtcField(null=True)
    closed_at = UtcField(null=True)
    outcome = CharField(null=True)  # great | good | bad | really_bad
    hold_note = TextField(default="")
    worked_on = BooleanField(default=False)  # a person has touched it: never withdrawn again


class ComplaintStep(BaseModel):
    """One of the ten recovery steps of a complaint, with who ticked it and when."""

    id = AutoField()
    complaint = ForeignKeyField(Complaint, backref="steps", on_delete="CASCADE")
    number = IntegerField()
    done = BooleanField(default=False)
    done_by = CharField(null=True)
    done_at = UtcField(null=True)
    data = TextField(default="{}")  # step-specific answers as JSON

    class Meta:
        indexes = ((("complaint", "number"), True),)


class FollowUp(BaseModel):
    id = AutoField()
    complaint = ForeignKeyField(Complaint, backref="follow_ups", on_delete="CASCADE")
    due_at = UtcField(index=True)
    done_at = UtcField(null=True)
    done_by = CharField(null=True)
    note = TextField(default="")


class AuditEntry(BaseModel):
    """Append-only, hash-chained record of every change."""

    id = AutoField()
    at = UtcField()
    by = CharField()
    action = CharField()
    entity = CharField()
    entity_id = CharField()
    old = TextField(default="")
    new = TextField(default="")
    reason = TextField(default="")
    prev_hash = CharField()
    hash = CharField()

    class Meta:
        indexes = ((("entity", "entity_id"), False),)


TABLES = [
    Setting,
    PolicyVersion,
    User,
    Truck,
    Customer,
    Job,
    Stamp,
    Reward,
    Complaint,
    ComplaintStep,
    FollowUp,
    AuditEntry,
]

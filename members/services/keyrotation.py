"""Key rotation of the personal data at rest: re-encrypt every encrypted column and
recompute every blind index under the current keys (`manage.py rotate_field_keys`).

Which columns: every `EncryptedTextField` of every installed model, and for each such
field `x` a field `x_index` if the model has one (its blind index, e.g. `id_number_index`).
A row is rewritten when one of its values is not under the current field key (including
values of the legacy format, which carry no key id) or its index differs from the index
under the current index key; other rows are only read. Each batch is one transaction
with its rows locked (`SELECT … FOR UPDATE`), so a run can be stopped and run again.

A row whose value no configured key opens, or whose new index collides with another
record's, is reported (model and id, never the value) and left exactly as it was; the
other rows go on."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

from django.apps import apps
from django.db import IntegrityError, connection, models, reset_queries, transaction
from django.db.models.functions import Cast

from audit.models import AuditAction
from audit.services import audit_record

from ..crypto import (
    EncryptedTextField,
    UndecryptableError,
    blind_index,
    decrypt,
    encrypt,
    field_keys,
    index_keys,
    is_current,
)

DEFAULT_BATCH = 2000
_STALE_IDS_KEPT = 20  # ids of rows still to rotate that --verify names


@dataclass(frozen=True)
class Target:
    """One model with encrypted columns: their names and the blind indexes built on them."""

    model: type[models.Model]
    encrypted: tuple[str, ...]
    indexes: tuple[tuple[str, str], ...]  # (index field, encrypted field it indexes)

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def title(self) -> str:
        return f"{self.model._meta.verbose_name}（{self.label}）"

    def verbose(self, name: str) -> str:
        return str(self.model._meta.get_field(name).verbose_name)


def targets() -> list[Target]:
    """Every installed model with an encrypted column, in label order."""
    found = []
    for model in apps.get_models():
        encrypted = tuple(f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField))
        if not encrypted:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        indexes = tuple((f"{name}_index", name) for name in encrypted if f"{name}_index" in names)
        found.append(Target(model, encrypted, indexes))
    return sorted(found, key=lambda t: t.label)


@dataclass(frozen=True)
class Problem:
    """A row left as it was: which row and why (no personal data)."""

    label: str
    pk: int
    reason: str

    def __str__(self) -> str:
        return f"{self.label} id={self.pk}：{self.reason}"


@dataclass
class Tally:
    """What a run found and did in one model."""

    target: Target
    total: int = 0
    scanned: int = 0
    stale: int = 0  # rows found needing the rotation (old key, legacy format or stale index)
    unreadable: int = 0  # rows no configured key opens
    rotated: int = 0  # rows rewritten under the current keys
    problems: list[Problem] = field(default_factory=list)
    stale_ids: list[int] = field(default_factory=list)  # the first few, for --verify

    @property
    def left(self) -> int:
        """Rows still not under the current keys after this run (unreadable ones included)."""
        return self.stale - self.rotated + self.unreadable

    def add(self, other: "Tally") -> None:
        """Count a committed batch."""
        self.scanned += other.scanned
        self.stale += other.stale
        self.unreadable += other.unreadable
        self.rotated += other.rotated
        self.problems += other.problems
        self.stale_ids += other.stale_ids[:max(0, _STALE_IDS_KEPT - len(self.stale_ids))]


@dataclass
class Run:
    """One run over all targets."""

    write: bool
    batch: int
    tallies: list[Tally] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    interrupted: bool = False

    def total(self, attr: str) -> int:
        return sum(getattr(t, attr) for t in self.tallies)

    @property
    def problems(self) -> list[Problem]:
        return [p for t in self.tallies for p in t.problems]

    @property
    def left(self) -> int:
        return sum(t.left for t in self.tallies)

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started


Progress = Callable[[Tally], None]


def _plan_row(target: Target, values: dict[str, str]) -> dict[str, str] | None:
    """The plain values to write back under the current keys, or None when the row is
    already under them. Raises UndecryptableError naming the field that no key opens."""
    plain: dict[str, str] = {}
    stale = False
    for name in target.encrypted:
        stored = values[name]
        if stored:
            try:
                plain[name] = decrypt(stored)
            except UndecryptableError as exc:
                raise UndecryptableError(f"{target.verbose(name)}无法解密：{exc}") from exc
            stale = stale or not is_current(stored)
        else:
            plain[name] = stored
    for index, source in target.indexes:
        plain[index] = blind_index(plain[source])
        stale = stale or values[index] != plain[index]
    return plain if stale else None


def _update(target: Target, rows: dict[int, dict[str, str]]) -> None:
    """One UPDATE … FROM (VALUES …) for the rows, values encrypted here under the current
    key as the field would (bulk_update's CASE per row cost 10× more in Python)."""
    meta, qn = target.model._meta, connection.ops.quote_name
    names = [*target.encrypted, *(index for index, _ in target.indexes)]
    columns = [qn(meta.get_field(name).column) for name in names]
    pk = qn(meta.pk.column)
    params: list[object] = []
    for key, plain in rows.items():
        params.append(key)
        params += [encrypt(plain[n]) if n in target.encrypted and plain[n] else plain[n] for n in names]
    values = ", ".join(["(" + ", ".join(["%s"] * (len(names) + 1)) + ")"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {qn(meta.db_table)} AS t SET {', '.join(f'{c} = v.{c}' for c in columns)} "
            f"FROM (VALUES {values}) AS v({pk}, {', '.join(columns)}) WHERE t.{pk} = v.{pk}",
            params,
        )


def _write(target: Target, rows: dict[int, dict[str, str]], tally: Tally) -> None:
    """Write the batch in one statement; if a row collides (a unique index), write row by
    row to find it, and keep the others."""
    if not rows:
        return
    try:
        with transaction.atomic():
            _update(target, rows)
        tally.rotated += len(rows)
        return
    except IntegrityError:
        pass
    for pk, plain in rows.items():
        try:
            with transaction.atomic():
                _update(target, {pk: plain})
            tally.rotated += 1
        except IntegrityError:
            tally.problems.append(Problem(target.label, pk, "新索引与另一条记录冲突（同一公民身份号码有两条有效记录），未改动"))


def _batch(target: Target, tally: Tally, *, after: int, size: int, write: bool) -> int | None:
    """Scan (and when `write`, rotate) the next batch of rows after pk `after`, counting
    into `tally`; return the last pk seen, or None at the end of the table."""
    raw = {f"_raw_{name}": Cast(name, models.TextField()) for name in target.encrypted}  # skip decrypt-on-read
    qs = target.model._base_manager.filter(pk__gt=after).order_by("pk").annotate(**raw)
    if write:
        qs = qs.select_for_update()
    columns = ["pk", *raw, *(index for index, _ in target.indexes)]
    fetched = list(qs.values_list(*columns)[:size])
    if not fetched:
        return None
    keys = ["pk", *target.encrypted, *(index for index, _ in target.indexes)]
    pending: dict[int, dict[str, str]] = {}
    for row in fetched:
        values = dict(zip(keys, row))
        pk = values.pop("pk")
        try:
            plain = _plan_row(target, values)
        except UndecryptableError as exc:
            tally.unreadable += 1
            tally.problems.append(Problem(target.label, pk, str(exc)))
            continue
        if plain is not None:
            tally.stale += 1
            if len(tally.stale_ids) < _STALE_IDS_KEPT:
                tally.stale_ids.append(pk)
            pending[pk] = plain
    if write:
        _write(target, pending, tally)
    tally.scanned += len(fetched)
    return fetched[-1][0]


def rotation_run(*, write: bool, batch: int = DEFAULT_BATCH, progress: Progress | None = None,
                 run: Run | None = None) -> Run:
    """Scan every encrypted column; with `write`, rewrite the rows not under the current
    keys, one transaction per batch. Without it nothing is written (dry run, verify)."""
    run = run or Run(write=write, batch=batch)
    for target in targets():
        tally = Tally(target, total=target.model._base_manager.count())
        run.tallies.append(tally)
        last: int | None = 0
        while last is not None:
            counted = Tally(target)
            with transaction.atomic():
                last = _batch(target, counted, after=last, size=batch, write=write)
            tally.add(counted)  # only once the batch is committed
            reset_queries()  # under DEBUG Django keeps every statement; a batch's UPDATE is ~0.3 MB
            if last is not None and progress:
                progress(tally)
    run.finished = time.monotonic()
    return run


def key_summary() -> dict[str, object]:
    """Key ids (never the keys) of the configuration a run used."""
    fields, indexes = field_keys(), index_keys()
    return {"field_key_id": fields[0].kid, "old_field_keys": len(fields) - 1,
            "index_key_id": indexes[0].kid, "old_index_keys": len(indexes) - 1}


def rotation_audit(run: Run) -> None:
    """One audit row for a run that wrote: counts and key ids only, no personal data."""
    with transaction.atomic():
        audit_record(action=AuditAction.UPDATE, extra={"rotate_field_keys": {
            **key_summary(),
            "batch": run.batch,
            "tables": {t.target.label: {"scanned": t.scanned, "rotated": t.rotated, "failed": len(t.problems)}
                       for t in run.tallies},
            "rotated": run.total("rotated"),
            "failed": len(run.problems),
            "left": run.left,
            "interrupted": run.interrupted,
            "seconds": round(run.seconds, 1),
        }})

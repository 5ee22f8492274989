"""Bulk writes for demo seeding: COPY rows into a table, and rebuild a table's secondary
indexes and constraints once after a large load instead of maintaining them row by row."""

from __future__ import annotations

import contextlib
import io
from typing import Iterable, Iterator

from django.db import connection


def copy_rows(table: str, columns: list[str], rows: Iterable[tuple], chunk: int = 100_000) -> int:
    """COPY `rows` (tuples in `columns` order; None → NULL) into `table`, `chunk` rows per
    COPY so that neither the rows (a generator is fine) nor the text buffer are all held in
    memory at once. Values must not contain tabs, newlines or backslashes (demo data).
    Returns the number of rows written."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    buf, n, total = io.StringIO(), 0, 0

    def flush() -> None:
        buf.seek(0)
        with connection.cursor() as c:
            c.cursor.copy_expert(sql, buf)
        buf.seek(0)
        buf.truncate()

    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row))
        buf.write("\n")
        n += 1
        if n == chunk:
            flush()
            total, n = total + n, 0
    if n:
        flush()
    return total + n


@contextlib.contextmanager
def bulk_load(tables: list[str]) -> Iterator[None]:
    """Drop the secondary indexes, unique and foreign-key constraints of `tables` (inside the
    caller's transaction), yield for COPY, then rebuild each once: one sort per index and one
    join per foreign key instead of millions of index insertions and deferred trigger events.
    Any failure rolls the whole thing back, indexes included."""
    rebuild: list[str] = []
    with connection.cursor() as c:
        c.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for table in tables:
            c.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                      "AND contype IN ('f', 'u')", [table])
            cons = c.fetchall()
            c.execute("SELECT i.relname, pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
                      "WHERE x.indrelid = %s::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)",
                      [table])
            indexes = c.fetchall()
            for name, _ in sorted(cons, key=lambda r: r[1].startswith("UNIQUE")):  # foreign keys first
                c.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            for name, _ in indexes:
                c.execute(f'DROP INDEX "{name}"')
            rebuild += [definition for _, definition in indexes]
            # unique constraints before the foreign keys that may rest on them
            rebuild += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
                        for name, definition in sorted(cons, key=lambda r: not r[1].startswith("UNIQUE"))]
    yield
    with connection.cursor() as c:
        for statement in rebuild:
            c.execute(statement)

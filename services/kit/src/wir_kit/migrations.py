"""Forward-only SQL migrations per service schema, with the roles and isolation they need.

Everything happens in one transaction under an advisory lock, so replicas that start at once
apply each file exactly once. The schema is owned by a NOLOGIN owner role; the service logs in
as `wir_<schema>`, which owns nothing and has no BYPASSRLS, so row-level security holds for it.
The outbox relay logs in as `wir_<schema>_relay`, which reads every district's outbox (and
prunes the inbox) and nothing else; no role is a member of another, so no statement run as the
service can become the relay.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from wir_kit.sqlfile import load_queries

Q = load_queries("wir_kit.sql")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
_FILE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(RuntimeError):
    """A migration cannot be applied, or the schema would not isolate districts."""


@dataclass(frozen=True)
class Migration:
    component: str
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


@dataclass(frozen=True)
class Roles:
    owner: str
    app: str
    relay: str

    @classmethod
    def for_schema(cls, schema: str) -> Roles:
        if not _IDENT.match(schema):
            raise MigrationError("schema names are lower-case identifiers of at most 40 chars")
        return cls(owner=f"wir_{schema}_owner", app=f"wir_{schema}", relay=f"wir_{schema}_relay")


def migrations_in(component: str, folder: Traversable) -> list[Migration]:
    """The `NNNN_name.sql` files of a folder, in order."""
    found = [f for f in folder.iterdir() if _FILE.match(f.name)]
    return [
        Migration(component, f.name, f.read_text(encoding="utf-8"))
        for f in sorted(found, key=lambda f: f.name)
    ]


def kit_migrations() -> list[Migration]:
    folder = files("wir_kit.sql")
    return [
        Migration("kit", f.name.removeprefix("kit_"), f.read_text(encoding="utf-8"))
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.startswith("kit_") and f.name.endswith(".sql")
    ]


async def migrate(
    admin: asyncpg.Connection,
    schema: str,
    app_password: str,
    migrations: Sequence[Migration],
    *,
    extensions: Sequence[str] = (),
    relay_password: str | None = None,
) -> list[str]:
    """Bring `schema` up to date; return the names of the files applied now. The relay's login
    gets `relay_password`, or the service's when there is none."""
    roles = Roles.for_schema(schema)
    async with admin.transaction():
        await admin.execute(Q["migrate_lock"], schema)
        await _ensure_extensions(admin, extensions)
        await _ensure_roles(admin, roles, app_password, relay_password or app_password)
        await _exec_built(admin, "create_schema", schema, roles.owner)
        await admin.execute(f'SET LOCAL ROLE "{roles.owner}"')  # validated identifier
        await admin.execute(f'SET LOCAL search_path = "{schema}", public')
        await admin.execute(Q["migrations_table"])
        applied = await _pending(admin, [*kit_migrations(), *migrations])
        for migration in applied:
            await admin.execute(migration.sql)
            await admin.execute(
                Q["migrations_record"], migration.component, migration.name, migration.checksum
            )
        await _isolate_districts(admin, schema, roles)
        await _exec_built(admin, "grant_app", schema, roles.app, roles.relay)
    return [f"{m.component}/{m.name}" for m in applied]


async def _ensure_extensions(conn: asyncpg.Connection, extensions: Sequence[str]) -> None:
    """Extensions are per database and need the admin; one lock for all services' migrations."""
    if not extensions:
        return
    await conn.execute(Q["extensions_lock"])
    for name in extensions:
        if not _IDENT.match(name):
            raise MigrationError("extension names are lower-case identifiers")
        await _exec_built(conn, "create_extension", name)


async def _pending(conn: asyncpg.Connection, wanted: Iterable[Migration]) -> list[Migration]:
    done = {(r["component"], r["name"]): r["checksum"] for r in await conn.fetch(Q["migrations_applied"])}
    pending = []
    for migration in wanted:
        checksum = done.get((migration.component, migration.name))
        if checksum is None:
            pending.append(migration)
        elif checksum != migration.checksum:
            raise MigrationError(
                f"{migration.component}/{migration.name} changed after it was applied; "
                "migrations are forward-only: add a new file instead"
            )
    return pending


async def _ensure_roles(
    conn: asyncpg.Connection, roles: Roles, app_password: str, relay_password: str
) -> None:
    if not await conn.fetchval(Q["role_exists"], roles.owner):
        await _exec_built(conn, "create_group_role", roles.owner)
    for login, password in ((roles.app, app_password), (roles.relay, relay_password)):
        if await conn.fetchval(Q["role_exists"], login):
            await _exec_built(conn, "alter_login_password", login, password)
        else:
            await _exec_built(conn, "create_login_role", login, password)
    # Installations before the relay had its own login made the service a member of the relay
    # role, so any statement of the service could SET ROLE to it: that path goes.
    if await conn.fetchval(Q["role_member"], roles.relay, roles.app):
        await _exec_built(conn, "revoke_role", roles.relay, roles.app)
    # The migrating user acts as the owner so that every object belongs to the owner role.
    await conn.execute(f'GRANT "{roles.owner}" TO CURRENT_USER')


async def _isolate_districts(conn: asyncpg.Connection, schema: str, roles: Roles) -> None:
    """Every table gets the district policy; a table without `district` fails the migration."""
    for table in await conn.fetch(Q["schema_tables"], schema):
        if not table["has_district"]:
            raise MigrationError(f"table {table['table_name']} has no district column")
        if not table["has_policy"]:
            await _exec_built(conn, "isolate_table", schema, table["table_name"])
        elif not (table["rls"] and table["forced"]):
            raise MigrationError(f"table {table['table_name']} has row-level security switched off")
    if not await conn.fetchval(Q["policy_exists"], schema, "outbox", "relay_reads_all"):
        await _exec_built(conn, "relay_policy", schema, roles.relay)
    if not await conn.fetchval(Q["policy_exists"], schema, "inbox", "relay_prunes_all"):
        await _exec_built(conn, "relay_inbox_policy", schema, roles.relay)


async def _exec_built(conn: asyncpg.Connection, query: str, *args: str) -> None:
    """Run a statement that Postgres itself builds with format(%I/%L), so names are quoted."""
    statement = await conn.fetchval(Q[query], *args)
    await conn.execute(statement)


async def ensure_database(admin_url: str) -> None:
    """Create the database of `admin_url` when it does not exist yet (first start)."""
    try:
        conn = await asyncpg.connect(admin_url)
    except asyncpg.InvalidCatalogNameError:
        parts = urlsplit(admin_url)
        name = parts.path.lstrip("/")
        if not _IDENT.match(name):
            raise MigrationError("database names are lower-case identifiers") from None
        server = await asyncpg.connect(urlunsplit(parts._replace(path="/postgres")))
        try:
            await server.execute(f'CREATE DATABASE "{name}"')
        except asyncpg.DuplicateDatabaseError:
            pass  # another replica was first
        finally:
            await server.close()
    else:
        await conn.close()


async def drop_schema(admin: asyncpg.Connection, schema: str) -> None:
    """Remove a schema and its roles (tests and `wir` reset only)."""
    roles = Roles.for_schema(schema)
    async with admin.transaction():
        await admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        for role in (roles.app, roles.relay, roles.owner):
            if await admin.fetchval(Q["role_exists"], role):
                await admin.execute(f'DROP OWNED BY "{role}" CASCADE')
                await admin.execute(f'DROP ROLE "{role}"')

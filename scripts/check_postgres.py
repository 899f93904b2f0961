"""Stop `make test` early, and say why, when PostgreSQL can't be reached."""

import os
import sys

import environ
import psycopg2

url = os.environ["DATABASE_URL"]
config = environ.Env.db_url_config(url)
if "postgresql" not in config["ENGINE"]:
    sys.exit(f"make test runs on PostgreSQL, but DATABASE_URL is {url!r}.")
try:
    server = psycopg2.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        connect_timeout=5,
    )
except psycopg2.OperationalError as error:
    sys.exit(
        f"PostgreSQL is not reachable at {url}:\n  {error}\n"
        "Start it, or point DATABASE_URL at one, e.g.\n"
        "  make test DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/liv_site"
    )

# The suite makes its own test_<name> database; the named one must exist too,
# as `makemigrations --check` reads its migration history.
server.autocommit = True
with server.cursor() as cursor:
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
    if cursor.fetchone() is None:
        cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
server.close()

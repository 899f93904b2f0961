"""Check that a database built at an earlier commit upgrades with
``migrate`` and loses nothing (issue 19: "an existing database upgrades
with migrate and loses nothing — tested on a database built at the
previous commit").

    scripts/upgrade_check.py [--from REF]      (make upgrade-check FROM=REF)

1. A temporary git worktree of REF (default HEAD~1) builds a fresh
   database, as `make run` would (catalogs, migrate, load_demo), and adds
   what the demo lacks: subscribers, a saved version of each article with
   a review event, a redirect.
2. Every table's row count, and fingerprints of the content columns, are
   read with SQL, which depends on neither checkout's code; each saved
   version's model is read with the old checkout's Django.
3. This checkout (with its uncommitted changes) migrates the same
   database. Counts and fingerprints must be unchanged (only Django's
   bookkeeping tables may grow), every saved version must still load as
   its model, ``makemigrations --check`` must find nothing to do, and the
   articles and home page must be served from that database.

The worktree, the database and the media folder are removed at the end,
whatever happened. Exit status 0 if the check passed, else 1.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/liv_site"
MARKER = "UPGRADE-CHECK-JSON:"

# Tables that migrations and post_migrate may add rows to.
MAY_GROW = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group_permissions",
}
# What must come through unchanged: {table: columns}, in the order they
# are hashed (ordered by id). Derived columns (renderings, search vectors)
# are left out: a release may rebuild them.
FIELDS = "serialized_data::jsonb -> 0 -> 'fields'"
FINGERPRINTS = {
    "articles_article": (
        "id, language, slug, title, summary, body, status, published_at, "
        "category_id, author_id, medical_reviewer_id, translation_group"
    ),
    "articles_category": "id, slug, name, description, translations",
    "articles_author": "id, name, credentials, bio, is_organisation",
    "articles_keytakeaway": "id, article_id, text, position",
    "faq_faqentry": "id, article_id, topic_id, question, answer, language, status",
    "references_citation": "id, title, publisher, url",
    "references_articlecitation": "id, article_id, citation_id, position",
    "newsletter_subscriber": "id, email, language, status, consent_version",
    "articles_reviewevent": (
        "id, article_id, action, user_id, comment, revision_id, created_at"
    ),
    "reversion_revision": "id, date_created, user_id, comment",
    # The model a version belongs to is checked with Django (a model moved
    # to another app keeps its table, not its content type).
    "reversion_version": (
        f"id, revision_id, object_id, {FIELDS} ->> 'title', "
        f"{FIELDS} ->> 'slug', {FIELDS} ->> 'body', {FIELDS} ->> 'question', "
        f"{FIELDS} ->> 'answer', {FIELDS} ->> 'text'"
    ),
    "redirects_redirect": "id, old_path, new_path",
    "auth_user": "id, username, email, is_staff, is_superuser",
}

# Run at the old commit, in `manage.py shell`: models are found by table,
# which a move between apps keeps.
SEED = """
import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from reversion.models import Version

def model(table):
    return next(m for m in apps.get_models() if m._meta.db_table == table)

editor = get_user_model().objects.create_user(
    "upgrade-check-editor", "editor@example.org", None, is_staff=True
)
for article in model("articles_article").objects.order_by("pk"):
    with reversion.create_revision():
        reversion.set_user(editor)
        reversion.set_comment(f"Saved by the upgrade check: {article.slug}")
        article.save()
    model("articles_reviewevent").objects.create(
        article=article,
        action="submitted",
        user=editor,
        comment=f"Please review {article.slug}",
        revision=Version.objects.get_for_object(article).first().revision,
    )
for number, (language, status) in enumerate(
    [("en", "confirmed"), ("tr", "pending"), ("ar", "unsubscribed")]
):
    model("newsletter_subscriber").objects.create(
        email=f"reader{number}@example.org",
        language=language,
        status=status,
        consent_version="upgrade-check",
        consented_at=timezone.now(),
    )
model("redirects_redirect").objects.create(
    old_path="/2023/05/old-post/", new_path="/en/articles/"
)
"""

# Run in both checkouts: the table of each saved version's model, and
# whether the version still loads.
VERSIONS = """
import json
from reversion.models import Version

tables, unreadable = {}, []
for version in Version.objects.select_related("content_type").order_by("pk"):
    model = version.content_type.model_class()
    tables[version.pk] = model._meta.db_table if model else None
    try:
        version.field_dict
    except Exception as error:
        unreadable.append(f"version {version.pk}: {error!r}")
print(MARKER + json.dumps({"tables": tables, "unreadable": unreadable}))
"""

# Run in this checkout after the upgrade.
SERVE = """
import json
from django.apps import apps
from django.test import Client
from django.utils.html import escape

Article = next(
    m for m in apps.get_models() if m._meta.db_table == "articles_article"
)
pages = [("/en/", None)] + [
    (article.get_absolute_url(), article.title)
    for article in Article.objects.filter(status="published").order_by("pk")
]
served = []
for url, title in pages:
    response = Client().get(url)
    shown = title is None or escape(title) in response.content.decode()
    served.append([url, response.status_code, shown])
print(MARKER + json.dumps(served))
"""


class Failed(Exception):
    pass


def main():
    args = parse_args()
    started = time.monotonic()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if not git("rev-parse", "--verify", f"{args.ref}^{{commit}}", check=False):
        # A shallow clone (some CI checkouts) has no earlier commit to
        # build the database at: say so rather than fail the build.
        print(f"Upgrade check: {args.ref} is not in this clone; nothing to compare.")
        return 0
    old = git("rev-parse", "--verify", f"{args.ref}^{{commit}}")
    title = git("log", "-1", "--format=%h %s", old)
    print(f"Upgrade check: {title}\n  -> this checkout ({ROOT})\n")
    database_url = upgrade_database_url(args)
    scratch = Path(tempfile.mkdtemp(prefix="liv-upgrade-"))
    problems = []
    try:
        problems = check(args, old, database_url, scratch)
    except Failed as error:
        problems = [str(error)]
    finally:
        clean_up(database_url, scratch)
    seconds = time.monotonic() - started
    if problems:
        print(f"\nUPGRADE CHECK FAILED ({seconds:.0f} s):")
        print("\n".join(f"  - {problem}" for problem in problems))
        return 1
    print(f"\nUPGRADE CHECK PASSED: {title} -> this checkout ({seconds:.0f} s)")
    return 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0])
    parser.add_argument(
        "--from",
        dest="ref",
        default="HEAD~1",
        help="the commit the database is built at (default: HEAD~1)",
    )
    parser.add_argument(
        "--database",
        default="liv_upgrade",
        help="the scratch database's name, on DATABASE_URL's server "
        "(created, then dropped; default: liv_upgrade)",
    )
    parser.add_argument(
        "--cache-url",
        default="locmemcache://upgrade-check",
        help="CACHE_URL for both checkouts (default: a per-process cache)",
    )
    return parser.parse_args()


def check(args, old, database_url, scratch):
    env = django_env(database_url, args.cache_url, scratch / "media")
    print(f"This checkout runs with DEBUG={env['DEBUG']} (1: no static files)")
    if not git("diff", "--quiet", old, "--", "requirements.txt", check=False):
        print("! requirements.txt differs: the old commit runs on these packages")
    create_database(database_url)
    before, before_versions = build_at(old, scratch / "checkout", env)
    step("New: migrate", manage, ROOT, env, "migrate", "--no-input")
    after = snapshot(database_url)
    after_versions = step("New: versions", django_json, ROOT, env, VERSIONS)
    problems = compare(before, after)
    problems += compare_versions(before_versions, after_versions)
    problems += step("New: makemigrations --check", migrations_pending, env)
    problems += step("New: pages served", pages_not_served, env)
    return problems


def build_at(old, checkout, env):
    """The database as the old commit leaves it: (snapshot, versions)."""
    env = {**env, "DEBUG": "1"}  # as `make run`: no collected static files
    step(f"Worktree of {old[:10]}", git, "worktree", "add", "--detach", checkout, old)
    ignore = ["--ignore=.venv", "--ignore=node_modules", "--verbosity=0"]
    step("Old: compilemessages", manage, checkout, env, "compilemessages", *ignore)
    step("Old: migrate", manage, checkout, env, "migrate", "--no-input")
    step("Old: load_demo", manage, checkout, env, "load_demo")
    step("Old: more rows", manage, checkout, env, "shell", "-c", SEED)
    before = snapshot(env["DATABASE_URL"])
    versions = step("Old: versions", django_json, checkout, env, VERSIONS)
    print_counts(before)
    return before, versions


def step(label, function, *args):
    started = time.monotonic()
    result = function(*args)
    print(f"- {label}: {time.monotonic() - started:.1f} s", flush=True)
    return result


def git(*args, check=True):
    """Its output; with check=False, whether it succeeded."""
    done = subprocess.run(
        ["git", *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )
    if not check:
        return done.returncode == 0
    if done.returncode:
        raise Failed(f"git {' '.join(map(str, args))}: {done.stderr.strip()}")
    return done.stdout.strip()


def django_env(database_url, cache_url, media):
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_REPLICA_URL": "",
        "CACHE_URL": cache_url,
        "MEDIA_ROOT": str(media),
        "SECRET_KEY": "upgrade-check-only-not-secret-0123456789abcdefghijkl",
        "DEBUG": "0" if (ROOT / "staticfiles" / "staticfiles.json").exists() else "1",
        "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "REQUIRE_2FA_FOR_SITE_ADMINS": "0",
        "PAGE_CACHE_ENABLED": "0",
    }


def manage(checkout, env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        output = (done.stdout + done.stderr).strip()[-3000:]
        raise Failed(f"manage.py {args[0]} in {checkout} failed:\n{output}")
    return done.stdout


def django_json(checkout, env, code):
    # The code prints its result as JSON on a line of its own.
    code = f"MARKER = {MARKER!r}\n{code}"
    output = manage(checkout, env, "shell", "-c", code)
    line = next(line for line in output.splitlines() if line.startswith(MARKER))
    return json.loads(line.removeprefix(MARKER))


# The database ---------------------------------------------------------------


def upgrade_database_url(args):
    source = os.environ.get("DATABASE_URL") or DEFAULT_SERVER
    parts = urlsplit(source)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit(f"DATABASE_URL must be PostgreSQL, not {source!r}")
    if parts.path.strip("/") == args.database:
        raise SystemExit(f"--database {args.database} is DATABASE_URL's own")
    return urlunsplit(parts._replace(path=f"/{args.database}", query=""))


def connect(url, database=None):
    parts = urlsplit(url)
    return psycopg2.connect(
        dbname=database or parts.path.strip("/"),
        user=parts.username or None,
        password=parts.password or None,
        host=parts.hostname or None,
        port=parts.port or None,
    )


def server_command(url, statement):
    server = connect(url, database="postgres")
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute(statement)
    finally:
        server.close()


def create_database(url):
    name = sql.Identifier(urlsplit(url).path.strip("/"))
    server_command(url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    server_command(url, sql.SQL("CREATE DATABASE {}").format(name))


def clean_up(database_url, scratch):
    checkout = scratch / "checkout"
    if checkout.exists():
        git("worktree", "remove", "--force", checkout, check=False)
    git("worktree", "prune", check=False)
    shutil.rmtree(scratch, ignore_errors=True)
    name = sql.Identifier(urlsplit(database_url).path.strip("/"))
    server_command(
        database_url, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
    )
    print(f"\nRemoved the worktree, {scratch} and the database.")


def snapshot(url):
    """{"counts": {table: rows}, "fingerprints": {table: md5 or error}}."""
    connection = connect(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            return {
                "counts": row_counts(cursor),
                "fingerprints": {
                    table: fingerprint(cursor, table, columns)
                    for table, columns in FINGERPRINTS.items()
                },
            }
    finally:
        connection.close()


def row_counts(cursor):
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def fingerprint(cursor, table, columns):
    # The columns are this script's own text, not input.
    query = sql.SQL(
        "SELECT md5(coalesce(string_agg(row({columns})::text, E'\\n' "
        "ORDER BY id), '')) FROM {table}"
    ).format(columns=sql.SQL(columns), table=sql.Identifier(table))
    try:
        cursor.execute(query)
    except psycopg2.Error as error:
        return f"cannot be read: {error.pgerror or error}".strip()
    return cursor.fetchone()[0]


# The comparisons ------------------------------------------------------------


def print_counts(before):
    rows = {t: n for t, n in before["counts"].items() if n}
    listed = ", ".join(f"{table} {count}" for table, count in rows.items())
    print(f"  {len(before['counts'])} tables, {len(rows)} with rows: {listed}")


def compare(before, after):
    problems = []
    for table, count in before["counts"].items():
        now = after["counts"].get(table)
        if now is None:
            if count:
                problems.append(f"{table}: dropped with {count} rows")
            else:
                print(f"  note: {table} (empty) dropped")
        elif now != count and not (table in MAY_GROW and now > count):
            problems.append(f"{table}: {count} rows before, {now} after")
    for table in sorted(set(after["counts"]) - set(before["counts"])):
        print(f"  note: new table {table} ({after['counts'][table]} rows)")
    for table, digest in before["fingerprints"].items():
        if digest.startswith("cannot"):
            problems.append(f"{table} at the old commit: {digest}")
        elif digest != after["fingerprints"][table]:
            problems.append(
                f"{table}: content changed ({digest} -> {after['fingerprints'][table]})"
            )
    print(
        f"  counts: {len(before['counts'])} tables compared; fingerprints: "
        f"{len(before['fingerprints'])} tables compared"
    )
    return problems


def compare_versions(before, after):
    problems = [f"before the upgrade, {each}" for each in before["unreadable"]]
    problems += [f"after the upgrade, {each}" for each in after["unreadable"]]
    for pk, table in before["tables"].items():
        if after["tables"].get(pk) != table:
            problems.append(
                f"version {pk}: belonged to {table}, now to {after['tables'].get(pk)}"
            )
    print(f"  saved versions: {len(before['tables'])} compared")
    return problems


def migrations_pending(env):
    done = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        return [f"makemigrations --check: {(done.stdout + done.stderr).strip()}"]
    return []


def pages_not_served(env):
    served = django_json(ROOT, env, SERVE)
    for url, status, shown in served:
        print(f"  {status} {unquote(url)}{'' if shown else ' (title missing)'}")
    return [
        f"{url}: {status}{'' if shown else ', title missing'}"
        for url, status, shown in served
        if status != 200 or not shown
    ]


if __name__ == "__main__":
    sys.exit(main())

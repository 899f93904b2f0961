"""The interface in Turkish, Arabic, Russian and German: complete catalogs,
placeholders and markup kept, and pages and emails that use them."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from newsletter.models import Subscriber
from tests.factories import ArticleFactory
from tests.newsletter.conftest import sign_up

PROJECT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
# CLDR plural categories as gettext numbers them (Django's own catalogs use
# the same counts: Russian keeps a fourth form for fractions).
PLURAL_FORMS = {"tr": 2, "ar": 6, "ru": 4, "de": 2}

# %(name)s, %(count)d, %s … but not a literal %%.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
TAG = re.compile(r"<[^>]*>")


def catalog(language):
    return polib.pofile(
        str(PROJECT / "locale" / language / "LC_MESSAGES" / "django.po")
    )


def entries(language):
    return [entry for entry in catalog(language) if not entry.obsolete]


def translations(entry):
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def describe(entry):
    return f"line {entry.linenum}: {entry.msgid!r}"


def english_left_in(html, language):
    """Interface strings of the catalog that a page shows untranslated."""
    sources = {
        e.msgid
        for e in entries(language)
        if len(e.msgid) > 12 and "%" not in e.msgid and e.msgstr != e.msgid
    }
    return sorted(msgid for msgid in sources if msgid in html)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The signup rate limit counts in the cache; each test starts at zero."""
    cache.clear()


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_header_names_the_language_and_its_plural_forms(language):
    po = catalog(language)

    assert not po.metadata_is_fuzzy, "remove '#, fuzzy' above the header"
    assert po.metadata["Language"] == language
    assert f"nplurals={PLURAL_FORMS[language]};" in po.metadata["Plural-Forms"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    fuzzy = [describe(e) for e in entries(language) if "fuzzy" in e.flags]
    empty = [
        describe(e)
        for e in entries(language)
        if not all(text.strip() for text in translations(e))
        or (e.msgid_plural and len(e.msgstr_plural) != PLURAL_FORMS[language])
    ]

    assert not fuzzy, f"fuzzy in locale/{language}: " + "; ".join(fuzzy)
    assert not empty, f"untranslated in locale/{language}: " + "; ".join(empty)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language):
    problems = []
    for entry in entries(language):
        singular = set(PLACEHOLDER.findall(entry.msgid))
        allowed = singular | set(PLACEHOLDER.findall(entry.msgid_plural))
        tags = sorted(TAG.findall(entry.msgid))
        for text in translations(entry):
            found = set(PLACEHOLDER.findall(text))
            # A plural form may use a placeholder only the plural source has
            # (“the next %(minutes)s minutes”), never one from nowhere.
            if not singular <= found <= allowed:
                problems.append(f"{describe(entry)} placeholders {sorted(found)}")
            if sorted(TAG.findall(text)) != tags:
                problems.append(f"{describe(entry)} markup {TAG.findall(text)}")

    assert not problems, "\n".join(problems)


def test_catalogs_hold_every_string_the_code_and_templates_mark(tmp_path):
    """A string wrapped in {% translate %} or gettext after the last
    `make makemessages` would show in English on every translated page."""
    for entry in PROJECT.iterdir():
        if entry.name not in {"locale", "tests", ".git"}:
            (tmp_path / entry.name).symlink_to(entry)
    (tmp_path / "locale").mkdir()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    django_admin = Path(sys.executable).with_name("django-admin")
    result = subprocess.run(
        [django_admin, "makemessages", "--symlinks", "--keep-pot", "-l", "tr"]
        + ["--ignore=" + d for d in ("node_modules", "tools", "staticfiles")]
        + ["--ignore=.venv", "--ignore=media", "--verbosity=0"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    marked = {
        (e.msgctxt, e.msgid) for e in polib.pofile(tmp_path / "locale/django.pot")
    }
    shutil.rmtree(tmp_path / "locale")
    assert (None, "Health articles") in marked

    for language in LANGUAGES:
        known = {(e.msgctxt, e.msgid) for e in entries(language)}
        missing = sorted(msgid for _ctx, msgid in marked - known)
        assert not missing, (
            f"locale/{language} lacks {len(missing)} new strings; run "
            f"`make makemessages` and translate them: {missing}"
        )


# What a patient sees ------------------------------------------------------

# The page heading, the main navigation and the skip link, as a reader of
# each language should see them.
ARTICLE_LIST = {
    "tr": ["<h1>Sağlık makaleleri</h1>", ">Makaleler</a>", "Ana içeriğe geç"],
    "ar": ["<h1>مقالات صحية</h1>", ">المقالات</a>", "الانتقال إلى المحتوى الرئيسي"],
    "ru": ["<h1>Статьи о здоровье</h1>", ">Статьи</a>", "Перейти к основному"],
    "de": ["<h1>Gesundheitsartikel</h1>", ">Artikel</a>", "Zum Hauptinhalt springen"],
}
HOME_HEADING = {
    "tr": "Güvenebileceğiniz sağlık bilgileri",
    "ar": "معلومات صحية موثوقة",
    "ru": "Медицинская информация, которой можно доверять",
    "de": "Gesundheitsinformationen, denen Sie vertrauen können",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_article_list_shows_the_interface_in_the_visitors_language(client, language):
    html = client.get(f"/{language}/articles/").content.decode()

    for text in ARTICLE_LIST[language]:
        assert text in html
    assert "Health articles" not in html
    assert "Skip to main content" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_page_is_marked_with_its_language_and_direction(client, language):
    html = client.get(f"/{language}/").content.decode()

    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert HOME_HEADING[language] in html


@pytest.mark.django_db
def test_english_pages_stay_english(client):
    html = client.get("/en/articles/").content.decode()

    assert '<html lang="en" dir="ltr">' in html
    assert "<h1>Health articles</h1>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_article_page_shows_no_english_interface_text(client, language):
    article = ArticleFactory(language=language, title="Δ", slug="delta")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    leaked = english_left_in(response.content.decode(), language)
    assert not leaked, f"English on the /{language}/ article page: {leaked}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/{}/",
        "/{}/faq/",
        "/{}/search/?q=diabetes",
        "/{}/newsletter/",
        "/{}/privacy/",
        "/{}/imprint/",
        "/{}/medical-disclaimer/",
        "/{}/no-such-page/",
    ],
)
def test_visitor_pages_show_no_english_interface_text(client, path):
    for language in LANGUAGES:
        html = client.get(path.format(language)).content.decode()

        leaked = english_left_in(html, language)
        assert not leaked, f"English on {path.format(language)}: {leaked}"


CONFIRMATION_SUBJECT = {
    "tr": "Lütfen Liv Hospital e-bülten aboneliğinizi onaylayın",
    "ar": "يُرجى تأكيد اشتراكك في النشرة الإلكترونية لمستشفى ليف",
    "ru": "Пожалуйста, подтвердите подписку на рассылку Liv Hospital",
    "de": "Bitte bestätigen Sie Ihr Abonnement des E-Newsletters des Liv Hospital",
}
CONFIRMATION_TEXT = {
    "tr": "Onaylamak için bu bağlantıyı açın:",
    "ar": "للتأكيد، افتح هذا الرابط:",
    "ru": "Чтобы подтвердить, откройте ссылку:",
    "de": "Öffnen Sie zur Bestätigung diesen Link:",
}
CONFIRMATION_BUTTON = {
    "tr": "Aboneliğimi onayla",
    "ar": "تأكيد اشتراكي",
    "ru": "Подтвердить подписку",
    "de": "Mein Abonnement bestätigen",
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_confirmation_email_is_written_in_the_subscribers_language(
    client, smtp_server, language
):
    address = f"patient-{language}@example.com"

    sign_up(client, address, language=language)

    [message] = smtp_server.inbox.to(address)
    assert message["Subject"].strip() == CONFIRMATION_SUBJECT[language]
    assert message["Content-Language"] == language
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert CONFIRMATION_TEXT[language] in text
    assert f"/{language}/newsletter/confirm/" in text
    assert CONFIRMATION_BUTTON[language] in html
    assert "Confirm my subscription" not in html
    assert Subscriber.objects.get(email=address).language == language


@pytest.mark.django_db
def test_each_confirmation_email_follows_its_own_signup_pages_language(
    client, mailoutbox
):
    """The signup page's language decides, not the language of the last
    request or the server's default."""
    sign_up(client, "patient@example.com", language="ru")
    sign_up(client, "reader@example.com", language="en")

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["patient@example.com"] == CONFIRMATION_SUBJECT["ru"]
    assert subjects["reader@example.com"].startswith("Please confirm")

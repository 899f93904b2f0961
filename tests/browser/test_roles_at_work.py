"""Each role does its whole job in Chromium on a database built by
`migrate` alone (issue 20): the groups and their permissions come from the
set-up that runs after every migrate (articles.apps, articles.workflow.roles), and
no test here makes or changes a group. An author adds the FAQ entry and
the reference their [1] marker needs; a translator translates an article
with its FAQ, alt text and caption; a Site admin lifts a colleague's
sign-in lockout and resets their lost two-factor device."""

import io

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from PIL import Image

from articles.models import Article
from articles.workflow.roles import AUTHOR, SITE_ADMIN, TRANSLATOR
from faq.models import FaqEntry
from staff.two_factor import new_backup_codes
from tests.browser.staff import sign_in
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    FaqEntryFactory,
    UserFactory,
)
from tests.staff.test_two_factor import add_device, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-staff-password"


def member_of(role, **fields):
    """A staff member in a group that migrate made (none is made here)."""
    group = Group.objects.get(name=role)
    assert group.permissions.exists()
    user = UserFactory(**fields)
    user.groups.add(group)
    return user


def change_url(site_server, article):
    return f"{site_server}/admin/articles/article/{article.pk}/change/"


def messages(page):
    return page.locator(".messagelist").inner_text()


def type_in_editor(page, editable, text):
    """Replace the text of a CKEditor editing area, as typed."""
    editable.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def test_an_author_adds_the_faq_and_the_reference_their_marker_needs(
    site_server, browser
):
    author = member_of(AUTHOR, username="writer")
    article = ArticleFactory(
        draft=True,
        created_by=author,
        title="HbA1c",
        body="<h2>What it shows</h2><p>Your average blood sugar.[1]</p>",
    )
    CitationFactory(title="Glycated haemoglobin for diagnosis")
    page = sign_in(browser, site_server, author)

    page.goto(change_url(site_server, article))
    assert "the reference list has no such entry" in messages(page)
    page.get_by_role("button", name="Add another reference").click()
    page.locator("#article_citations-0 .select2-selection").click()
    page.locator(".select2-search__field").fill("Glycated")
    page.get_by_role("option", name="Glycated haemoglobin for diagnosis").click()
    page.get_by_role("button", name="Add another frequently asked question").click()
    page.locator("#id_faq_entries-0-question").fill("How often is it measured?")
    type_in_editor(
        page,
        page.locator("#faq_entries-0 .ck-editor__editable"),
        "Every three months while treatment changes.",
    )
    page.locator("#id_faq_entries-0-status").select_option("published")
    page.get_by_role("button", name="Save and continue editing").click()

    assert "was changed successfully" in messages(page)
    assert "no such entry" not in messages(page)
    page.get_by_role("button", name="Submit for medical review").click()
    assert "Submitted for medical review." in messages(page)

    article.refresh_from_db()
    assert article.status == "in_review"
    assert [c.citation.title for c in article.article_citations.all()] == [
        "Glycated haemoglobin for diagnosis"
    ]
    entry = article.faq_entries.get()
    assert (entry.question, entry.status) == ("How often is it measured?", "published")
    assert "Every three months" in entry.answer
    assert page.csp_violations == []
    page.context.close()


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (160, 90), "teal").save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="hero.png")


def test_a_translator_translates_the_faq_the_alt_text_and_the_caption(
    site_server, browser
):
    translator = member_of(
        TRANSLATOR, username="translator", first_name="Elif", last_name="Kaya"
    )
    source = ArticleFactory(
        language="en",
        title="Blood sugar",
        slug="blood-sugar",
        hero_image=png(),
        hero_image_alt="A nurse measuring a child's blood sugar",
        hero_image_caption="At the diabetes clinic",
    )
    FaqEntryFactory(article=source, question="Is the test painful?")
    page = sign_in(browser, site_server, translator)

    page.goto(change_url(site_server, source))
    page.get_by_role("link", name="Translate into …").click()
    page.get_by_label("Translate into").select_option("tr")
    page.get_by_label("Slug").fill("kan-sekeri")
    page.get_by_role("button", name="Start the translation").click()
    assert "Translation started as a draft" in messages(page)
    checks = page.locator(".content-checks").inner_text()
    assert "alt text is the source's, untranslated" in checks
    assert "caption is the source's, untranslated" in checks
    assert "Is the test painful?" in checks
    assert "The title is the source's, untranslated." in checks

    page.locator("#id_title").fill("Kan şekeri")
    page.get_by_label("Summary").fill("Kan şekeri testi nedir ve nasıl yapılır?")
    type_in_editor(
        page,
        page.locator(".field-body .ck-editor__editable"),
        "Kan şekeri testi kandaki glikozu ölçer.",
    )
    page.get_by_label("Hero image alt text").fill(
        "Bir hemşire bir çocuğun kan şekerini ölçüyor"
    )
    page.get_by_label("Hero image caption").fill("Diyabet kliniğinde")
    page.locator("#id_faq_entries-0-question").fill("Test acıtır mı?")
    type_in_editor(
        page,
        page.locator("#faq_entries-0 .ck-editor__editable"),
        "Hayır, parmaktan tek bir damla kan yeterli.",
    )
    page.locator("#id_faq_entries-0-status").select_option("published")
    page.get_by_role("button", name="Save and continue editing").click()

    assert "was changed successfully" in messages(page)
    assert "untranslated" not in page.locator(".field-content_check_list").inner_text()
    assert page.get_by_role("button", name="Approve", exact=True).count() == 0
    assert page.get_by_role("button", name="Publish", exact=True).count() == 0
    page.get_by_role("button", name="Submit for medical review").click()
    assert "Submitted for medical review." in messages(page)

    translation = Article.objects.get(language="tr")
    assert translation.status == "in_review"
    assert translation.author.user == translator  # credited to its translator
    assert translation.author.name == "Elif Kaya"
    assert translation.translation_source.author == source.author
    assert translation.hero_image_caption == "Diyabet kliniğinde"
    entry = translation.faq_entries.get()
    assert (entry.question, entry.language, entry.status) == (
        "Test acıtır mı?",
        "tr",
        FaqEntry.Status.PUBLISHED,
    )
    assert page.csp_violations == []
    page.context.close()


def log_in(page, site_server, username, code=""):
    page.goto(site_server + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    if code:
        page.get_by_label("Authentication code").fill(code)
    page.get_by_role("button", name="Log in").click()


def test_a_site_admin_lifts_a_lockout_and_resets_a_lost_device(
    site_server, browser, settings, django_user_model
):
    settings.REQUIRE_2FA_FOR_SITE_ADMINS = True
    admin = member_of(SITE_ADMIN, username="it-admin")
    admin.set_password(PASSWORD)
    admin.save()
    nurse = django_user_model.objects.create_user(
        username="nurse", password=PASSWORD, is_staff=True
    )
    add_device(nurse)
    new_backup_codes(nurse)

    # The nurse, phone lost, tries passwords until sign-in is paused.
    nursing = browser.new_page()
    for _attempt in range(5):
        nursing.goto(site_server + "/admin/login/")
        nursing.get_by_label("Username").fill("nurse")
        nursing.get_by_label("Password").fill("not-the-password")
        nursing.get_by_role("button", name="Log in").click()
    assert "Sign-in is paused" in nursing.content()

    helping = browser.new_page()
    log_in(helping, site_server, "it-admin", current_code(add_device(admin)))
    helping.wait_for_url(site_server + "/admin/")
    helping.goto(f"{site_server}/admin/auth/user/{nurse.pk}/change/")
    helping.get_by_role("button", name="Lift the sign-in lockout").click()
    assert "can sign in again." in messages(helping)
    helping.get_by_role("button", name="Reset two-factor sign-in").click()
    assert "Two-factor sign-in for nurse is reset" in messages(helping)
    helping.goto(f"{site_server}/admin/auth/user/{nurse.pk}/history/")
    history = helping.locator("#change-history").inner_text()
    assert "Lifted the sign-in lockout." in history
    assert "Reset two-factor sign-in" in history

    assert not AccessAttempt.objects.filter(username="nurse").exists()
    assert not TOTPDevice.objects.filter(user=nurse).exists()
    assert not StaticDevice.objects.filter(user=nurse).exists()
    # The nurse signs in with the password alone, to set up a new phone.
    log_in(nursing, site_server, "nurse")
    nursing.wait_for_url(site_server + "/admin/")
    for page in (nursing, helping):
        page.close()

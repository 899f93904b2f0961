"""Each staff member chooses, on a page of their own reached from the admin
home, how and in which language they hear about their work."""

import pytest

from inbox.models import Preference
from tests.factories import CategoryFactory

from .conftest import choose

pytestmark = pytest.mark.django_db

URL = "/admin/inbox/settings/"


def test_the_admin_home_links_to_the_settings(client, writer):
    client.force_login(writer)

    html = client.get("/admin/").content.decode()

    assert "Emails about my work: An email at every step." in html
    assert f'<a href="{URL}">Change my notification settings</a>' in html


def test_the_defaults_are_every_step_in_the_sites_language(client, writer):
    client.force_login(writer)

    form = client.get(URL).context["form"]

    assert form["delivery"].value() == "each"
    assert form["language"].value() == "en"
    # Only reviewers choose categories.
    assert "categories" not in form.fields


def test_a_user_saves_their_choice(client, writer):
    client.force_login(writer)

    response = client.post(URL, {"delivery": "digest", "language": "ar"}, follow=True)

    assert "Your notification settings are saved." in response.content.decode()
    preference = Preference.objects.get(user=writer)
    assert (preference.delivery, preference.language) == ("digest", "ar")
    assert "Emails about my work: One email a day (daily digest)." in (
        response.content.decode()
    )


def test_a_reviewer_chooses_the_categories_they_review(client, reviewer):
    cardiology = CategoryFactory(name="Cardiology")
    CategoryFactory(name="Oncology")
    client.force_login(reviewer)

    client.post(
        URL, {"delivery": "each", "language": "tr", "categories": [cardiology.pk]}
    )

    assert list(Preference.objects.get(user=reviewer).categories.all()) == [cardiology]


def test_a_user_changes_only_their_own_settings(client, writer, reviewer):
    client.force_login(writer)

    client.post(URL, {"delivery": "none", "language": "de", "user": reviewer.pk})

    assert Preference.objects.get().user == writer


def test_a_wrong_choice_is_refused(client, writer):
    client.force_login(writer)

    response = client.post(URL, {"delivery": "hourly", "language": "xx"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"delivery", "language"}
    assert not Preference.objects.exists()


def test_site_admins_see_every_mail_and_choice(client, site_admin, writer):
    choose(writer, delivery="digest")
    client.force_login(site_admin)

    for page in ("notification", "digest", "preference"):
        assert client.get(f"/admin/inbox/{page}/").status_code == 200
    assert client.get("/admin/inbox/notification/add/").status_code == 403

"""Rotating SECRET_KEY keeps the links already sent working, as long as
the old key is in SECRET_KEY_FALLBACKS: a real gunicorn started with the
rotated keys in its environment, as a deploy would."""

import pytest

from newsletter import services
from newsletter.models import Subscriber
from tests.factories import SubscriberFactory
from tests.live_gunicorn import gunicorn

OLD_KEY = "old-key-before-the-rotation-0123456789abcdefghijklmnopqrstuvwxyz"
NEW_KEY = "new-key-after-the-rotation-0123456789abcdefghijklmnopqrstuvwxyzA"


def links_signed_with_the_old_key(settings, subscriber):
    settings.SECRET_KEY = OLD_KEY
    return (
        f"/en/newsletter/confirm/{services.make_confirm_token(subscriber)}/",
        f"/en/newsletter/unsubscribe/{services.make_unsubscribe_token(subscriber)}/",
    )


@pytest.mark.django_db(transaction=True)
def test_links_sent_before_the_rotation_work_with_the_old_key_as_fallback(
    tmp_path, settings
):
    subscriber = SubscriberFactory()
    confirm, unsubscribe = links_signed_with_the_old_key(settings, subscriber)

    with gunicorn(
        tmp_path, SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=f"{OLD_KEY},another-key"
    ) as server:
        confirmed = server.request(confirm, "POST")
        subscriber.refresh_from_db()
        status_after_confirm = subscriber.status
        unsubscribed = server.request(unsubscribe, "POST")

    assert confirmed[0] == 200
    assert "Thank you for confirming" in confirmed[1]
    assert status_after_confirm == Subscriber.Status.CONFIRMED
    assert unsubscribed[0] == 200
    assert "You are unsubscribed" in unsubscribed[1]
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


@pytest.mark.django_db(transaction=True)
def test_without_the_fallback_the_old_links_stop_working(tmp_path, settings):
    subscriber = SubscriberFactory()
    confirm, unsubscribe = links_signed_with_the_old_key(settings, subscriber)

    with gunicorn(tmp_path, SECRET_KEY=NEW_KEY) as server:
        statuses = [server.request(link, "POST")[0] for link in (confirm, unsubscribe)]

    assert statuses == [400, 400]
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

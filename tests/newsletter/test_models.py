import pytest
from django.db import IntegrityError

from tests.factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_row_for_a_case_variant():
    SubscriberFactory(email="Case@Example.com")

    with pytest.raises(IntegrityError):
        SubscriberFactory(email="case@example.COM")


def test_subscriber_is_named_by_id_never_by_address():
    subscriber = SubscriberFactory(email="private@example.com")

    assert str(subscriber) == f"subscriber #{subscriber.pk}"

"""Many signups of one address at the same moment, on PostgreSQL."""

import threading

import pytest
from django.db import connections
from django.test import Client

from newsletter.models import Subscriber

from .conftest import sign_up

THREADS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_signups_of_one_address_make_one_row(mailoutbox):
    start = threading.Barrier(THREADS)
    statuses = []
    errors = []

    def sign_up_at_once(number):
        # Each thread is another visitor (own IP) typing the address in
        # its own way; the rate limit is not what makes this pass.
        client = Client(REMOTE_ADDR=f"10.0.{number // 250}.{number % 250}")
        address = "Twin@Example.com" if number % 2 else "twin@example.com"
        try:
            start.wait()
            statuses.append(sign_up(client, address).status_code)
        except Exception as error:  # a 500 would surface here
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign_up_at_once, args=(n,)) for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [302] * THREADS
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().email == "twin@example.com"
    assert len(mailoutbox) == 1

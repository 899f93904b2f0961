"""What erasing a subscriber (deleting the row: the admin, or
``purge_unconfirmed``) takes with it besides the row.

Their deliveries stay, without the subscriber, so that an issue's counts
hold; their bounce history goes with them (a cascade). What still names
the address is cleared here: the suppression of the address, and the
errors of their deliveries, which quote it when a mail server refused it.
"""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from .models import Delivery, Subscriber, Suppression

ERASED_ERROR = "The recipient's address was erased with the subscriber."


@receiver(pre_delete, sender=Subscriber, dispatch_uid="newsletter.erasure")
def forget_the_address(sender, instance, **kwargs):
    Suppression.objects.of(instance.email).delete()
    Delivery.objects.filter(
        subscriber=instance, error__icontains=instance.email
    ).update(error=ERASED_ERROR)

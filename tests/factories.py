import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from articles.models import Article, Author, Category, KeyTakeaway
from newsletter.consent import CONSENT_VERSION
from newsletter.models import Subscriber


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "Conditions and treatments."


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Editorial Team {n}")
    credentials = "Health writers"
    is_organisation = True


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Living well with condition {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "What the condition is, how it is treated, and where to get help."
    body = (
        "<h2>What it is</h2><p>An explanation for patients.</p>"
        "<h3>Symptoms</h3><p>Tiredness and thirst.</p>"
        "<h2>Treatment</h2><p>Options your doctor may suggest.</p>"
    )
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(AuthorFactory)
    medical_reviewer = factory.SubFactory(AuthorFactory, name="Review Board")
    reviewed_on = datetime.date(2025, 10, 21)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - datetime.timedelta(days=1)
    )

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() + datetime.timedelta(days=7)
            )
        )


class KeyTakeawayFactory(DjangoModelFactory):
    class Meta:
        model = KeyTakeaway

    article = factory.SubFactory(ArticleFactory)
    text = factory.Sequence(lambda n: f"Takeaway number {n}.")
    position = factory.Sequence(int)


class SubscriberFactory(DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    language = "en"
    consent_version = CONSENT_VERSION
    consented_at = factory.LazyFunction(timezone.now)
    source_path = "/en/"
    confirmation_sent_at = factory.LazyFunction(timezone.now)

    class Params:
        confirmed = factory.Trait(
            status=Subscriber.Status.CONFIRMED,
            confirmed_at=factory.LazyFunction(timezone.now),
        )

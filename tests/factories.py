import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from articles.models import Article, Author, Category, KeyTakeaway
from faq.models import FaqEntry
from newsletter.consent import CONSENT_VERSION
from newsletter.models import Subscriber
from references.models import ArticleCitation, Citation


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
        in_review = factory.Trait(status=Article.Status.IN_REVIEW, published_at=None)
        approved = factory.Trait(status=Article.Status.APPROVED, published_at=None)
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


class FaqEntryFactory(DjangoModelFactory):
    class Meta:
        model = FaqEntry

    article = factory.SubFactory(ArticleFactory)
    question = factory.Sequence(lambda n: f"Can I ask question number {n}?")
    answer = factory.Sequence(lambda n: f"<p>Yes, this is answer number {n}.</p>")
    status = FaqEntry.Status.PUBLISHED
    position = factory.Sequence(int)


class CitationFactory(DjangoModelFactory):
    class Meta:
        model = Citation

    title = factory.Sequence(lambda n: f"A study of treatment {n}")
    publisher = "Journal of Clinical Research"
    url = factory.Sequence(lambda n: f"https://journal.example.org/articles/{n}")
    accessed_on = datetime.date(2025, 10, 21)


class ArticleCitationFactory(DjangoModelFactory):
    class Meta:
        model = ArticleCitation

    article = factory.SubFactory(ArticleFactory)
    citation = factory.SubFactory(CitationFactory)
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


class UserFactory(DjangoModelFactory):
    """A staff member. ``groups=["Medical reviewer"]`` puts them in
    editorial groups (articles.workflow.roles); ``credentials="MD, Cardiology"``
    links an author profile, which a reviewer needs in order to approve."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@hospital.example")
    first_name = factory.Sequence(lambda n: f"Staff{n}")
    last_name = "Member"
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))

    @factory.post_generation
    def credentials(self, create, extracted, **kwargs):
        if extracted:
            AuthorFactory(
                user=self,
                name=f"Dr {self.first_name} {self.last_name}",
                credentials=extracted,
                is_organisation=False,
            )

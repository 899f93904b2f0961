import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.text import slugify
from factory.django import DjangoModelFactory

from articles.models import Article, Author, Category, KeyTakeaway


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


class UserFactory(DjangoModelFactory):
    """A staff member. ``groups=["Medical reviewer"]`` puts them in
    editorial groups (articles.roles); ``credentials="MD, Cardiology"``
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

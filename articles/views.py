from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from core import alternates
from core.origin import origin

from .models import Article, Category
from .rendering import cards, content, structured_data

RELATED_ARTICLES_SHOWN = 3


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        return Article.objects.published().in_language(get_language()).for_listing()

    def get_context_data(self, **kwargs):
        # Set by the language switcher on an article not translated into
        # this language; only a known language code is taken from the URL.
        came_from = self.request.GET.get("from")
        return super().get_context_data(
            untranslated_notice=came_from in dict(settings.LANGUAGES)
            and came_from != get_language(),
            **kwargs,
        )


class CategoryArticleListView(ArticleListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            category=self.category,
            structured_data=[
                structured_data.category_breadcrumbs(
                    self.category, origin(self.request)
                )
            ],
            **kwargs,
        )


def article_page_context(article, request, section):
    """What the article template needs besides the article itself and its
    content ``section``; shared by the public page and the admin's preview
    of any version."""
    return {
        "content_html": section.html,
        "faq_json_ld": section.faq_json_ld,
        "head_html": section.head_html_at(origin(request)),
    }


class ArticleDetailView(DetailView):
    """An article page. Staff who may edit articles also see drafts and
    scheduled articles here, under a preview banner and never cached."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_object(self, queryset=None):
        if self._may_preview():
            return super().get_object(queryset)
        article = Article.objects.visible_page(get_language(), self.kwargs["slug"])
        if article is None:
            raise Http404("No such article")
        return article

    def _may_preview(self):
        # Only staff have sessions. Not looking at the user of a request
        # without one keeps the page free of "Vary: Cookie", so cacheable.
        has_session = settings.SESSION_COOKIE_NAME in self.request.COOKIES
        return has_session and self.request.user.has_perm("articles.change_article")

    def get_queryset(self):
        # What staff may preview. Working copies share their article's
        # slug; staff preview them from the admin.
        return Article.objects.originals().in_language(get_language()).for_page()

    def get_context_data(self, **kwargs):
        article = self.object
        paths = alternates.article_paths(Article.objects.visible_translations(article))
        return super().get_context_data(
            related_cards=cards.for_articles(
                Article.objects.related_cards(article, RELATED_ARTICLES_SHOWN)
            ),
            # The switcher's and <head>'s targets: published versions only.
            translation_paths=paths,
            alternates=alternates.for_article(paths),
            is_preview=not article.is_published(),
            **article_page_context(article, self.request, content.for_page(article)),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
        return response

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from .models import Article, Category

RELATED_ARTICLES_SHOWN = 3


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 12

    def get_queryset(self):
        return Article.objects.published().in_language(get_language()).for_listing()


class CategoryArticleListView(ArticleListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class ArticleDetailView(DetailView):
    """An article page. Staff who may edit articles also see drafts and
    scheduled articles here, under a preview banner and never cached."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # Working copies share their article's slug; staff preview them
        # from the admin.
        articles = Article.objects.originals().in_language(get_language()).for_page()
        if self.request.user.has_perm("articles.change_article"):
            return articles
        return articles.published()

    def get_context_data(self, **kwargs):
        article = self.object
        related = (
            Article.objects.published()
            .in_language(article.language)
            .filter(category_id=article.category_id)
            .exclude(pk=article.pk)
            .for_listing()[:RELATED_ARTICLES_SHOWN]
        )
        return super().get_context_data(
            related_articles=related,
            is_preview=not article.is_published(),
            show_review_notice=settings.REVIEW_OVERDUE_NOTICE
            and article.is_review_overdue(),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["is_preview"]:
            add_never_cache_headers(response)
        return response

"""Full-text search over published FAQ entries, beside article search."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Q

from articles.search import search_config, uses_postgres


def search_faq(entries, query, language):
    """Rank ``entries`` (already limited to what visitors may see)."""
    if not uses_postgres():
        return entries.filter(Q(question__icontains=query) | Q(answer__icontains=query))
    ts_query = SearchQuery(
        query, search_type="websearch", config=search_config(language)
    )
    return (
        entries.filter(search_vector=ts_query)
        .annotate(rank=SearchRank(F("search_vector"), ts_query))
        .order_by("-rank", "position", "pk")
    )

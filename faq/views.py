from django.utils.translation import get_language
from django.views.generic import ListView

from .models import FaqEntry


class FaqListView(ListView):
    """Every published question in the visitor's language, grouped by topic."""

    template_name = "faq/faq_list.html"
    context_object_name = "entries"

    def get_queryset(self):
        return FaqEntry.objects.published().in_language(get_language()).for_faq_page()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topics"] = group_by_topic(context["entries"])
        # The JSON-LD lists the questions in the order the page shows them.
        context["entries"] = [e for topic in context["topics"] for e in topic.entries]
        return context


class TopicGroup:
    def __init__(self, topic):
        self.topic = topic
        self.entries = []

    @property
    def anchor(self):
        return f"topic-{self.topic.slug}" if self.topic else "topic-general"


def group_by_topic(entries):
    """Topics in name order, questions without one last."""
    groups = {}
    for entry in entries:
        topic = entry.effective_topic
        groups.setdefault(topic, TopicGroup(topic)).entries.append(entry)
    return sorted(
        groups.values(), key=lambda g: (g.topic is None, g.topic and g.topic.name)
    )

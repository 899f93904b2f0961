"""The articles' domain signals: what other apps subscribe to instead of
the models' own save and delete signals."""

from django.dispatch import Signal

# What visitors can see of articles changed. Sent once per edit (an
# article, one of its parts, a topic, a person credited, a citation) with
# ``change``: an ``articles.changes.Change`` saying what it touched. The
# page cache (delivery.invalidation) and the stored renderings
# (articles.rendering) subscribe to it.
articles_changed = Signal()

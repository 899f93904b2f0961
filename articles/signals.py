"""The articles' domain signals: what other apps subscribe to instead of
the models' own save and delete signals, so the articles app knows
nothing of what follows."""

from django.dispatch import Signal

# What visitors can see of articles changed. Sent once per edit (an
# article, one of its parts, a topic, a person credited, a citation) with
# ``change``: an ``articles.changes.Change`` saying what it touched. The
# page cache (delivery.invalidation), the stored renderings
# (articles.rendering) and the header's topics subscribe to it.
articles_changed = Signal()

# A workflow step was taken. Sent once per recorded step (``ReviewEvent``),
# after the step's transaction commits: a step that rolls back tells no
# one. Arguments: ``article`` (the live article when a working copy was
# published into it), ``user``, ``action`` (a ``ReviewEvent.Action``),
# ``comment`` and ``event`` (the ``ReviewEvent``). The staff
# notifications (inbox) subscribe to it.
workflow_step_taken = Signal()

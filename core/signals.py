"""Signals between apps of one layer, which may not import one another
(the layers in pyproject.toml): the sender says what happened, the apps
that care listen.

Paths are as ``get_absolute_url()`` gives them (percent-encoded); both are
sent inside the transaction that saved the page.
"""

from django.dispatch import Signal

# A page visitors could reach moved: ``old_path`` is no longer a page,
# ``new_path`` is the same page now.
page_moved = Signal()
# A page went live at ``path`` (published, or scheduled to be).
page_published = Signal()

"""The editorial workflow's domain signal, for whatever follows a step
(the staff notifications of ``inbox``) without the workflow knowing it.

``workflow_step_taken`` is sent once per recorded step (``ReviewEvent``),
after the step's transaction commits: a step that rolls back tells no
one. Arguments: ``article`` (the live article when a working copy was
published into it), ``user``, ``action`` (a ``ReviewEvent.Action``),
``comment`` and ``event`` (the ``ReviewEvent``).
"""

from django.dispatch import Signal

workflow_step_taken = Signal()

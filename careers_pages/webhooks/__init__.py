"""Publish webhooks (``careers_pages.webhooks``, app label ``careers_webhooks``).

``deliver_webhook`` is found here too, lazily: deliveries queued before the
task moved to ``tasks.py`` are stored under ``careers_pages.webhooks.deliver_webhook``,
and the task worker imports a queued task by that path."""


def __getattr__(name):
    if name == "deliver_webhook":
        from .tasks import deliver_webhook

        return deliver_webhook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""How Celery applies companies/queues.py: routing of follow-up work and the order workers read queues in.

Declared in settings (CELERY_TASK_QUEUES, CELERY_TASK_ROUTES and the broker's
`queue_order_strategy`), so the web server, `make worker`, docker-compose's worker
and the test workers all publish and consume the same way without a `-Q` list.
"""

from __future__ import annotations

from kombu.utils.scheduling import round_robin_cycle

from companies.queues import INTERACTIVE


def route_task(name, args, kwargs, options, task=None, **kw):
    """A task queued from inside a running task waits in that task's queue.

    The matching queued when a bulk resume is processed stays in its company's bulk
    shard (it must not jump ahead of another company's single upload); the matching
    of a single upload stays interactive; a task's own retry stays where it was.
    Outside a task (a web request) the default queue applies: interactive.
    An explicit `queue=` always wins.
    """
    if options.get("queue"):
        return None
    from celery import current_task

    if not current_task or current_task.request.is_eager:  # a proxy: falsy outside a task
        return None
    parent_queue = (current_task.request.delivery_info or {}).get("routing_key")
    if parent_queue and parent_queue in _declared_names():
        return {"queue": parent_queue}
    return None


def _declared_names() -> set[str]:
    from django.conf import settings

    return {queue.name for queue in settings.CELERY_TASK_QUEUES}


class InteractiveFirstCycle(round_robin_cycle):
    """The order a worker polls its queues in (kombu's Redis transport, one BRPOP over all).

    Interactive always comes first, so a recruiter's single upload waits at most for
    the tasks already running; the bulk shards and maintenance follow in round-robin
    (the queue just served moves to the back), so each company with a backlog gets
    its turn. Interactive work is human-paced; it cannot starve the bulk queues.
    """

    def consume(self, n):
        # sorted() is stable: the other queues keep their round-robin order.
        return sorted(self.items[:n], key=lambda queue: queue != INTERACTIVE)

"""Celery side of the outbox: the base class of follow-up tasks, the sweep and the clean-up."""

from celery import Task, shared_task

from outbox import services


class FollowUpTask(Task):
    """A task that may be sent through the outbox: run through its row when it was, directly otherwise."""

    follow_up = True
    # The task's writes commit with the row's "done" (e-mails, campaign checks). Tasks that claim a job row of
    # their own and record its failure (balance reports, compilations) set it to False.
    atomic = True
    # A long job whose row a page shows while it runs (a compilation, a balance report, an input's PDF). With no
    # broker it runs in a thread of its own, after the request that asked for it (services.in_thread).
    background = False

    def __call__(self, *args, **kwargs):
        pk = services.follow_up_id(self.request.id)
        if pk is None:
            return super().__call__(*args, **kwargs)
        return services.run(pk, lambda: super(FollowUpTask, self).__call__(*args, **kwargs), atomic=self.atomic)


@shared_task
def follow_ups_sweep() -> int:
    """Every minute (Celery beat): hand the broker again the follow-ups it never got or lost."""
    return services.sweep()


@shared_task
def follow_ups_prune() -> int:
    """Each night: delete the follow-ups done long ago."""
    return services.prune()

"""django-tasks-db's ``db_worker``, made to outlive database errors.

Its worker loop ends at the first database error it does not expect: a
"database is locked" while it begins the transaction that claims a task, a
connection dropped by PostgreSQL, a failed commit. Without ``--reload`` the
process exits; with ``--reload`` (the default under DEBUG) only the thread that
runs tasks dies and the process lives on doing nothing, so e-mails and search
updates stay queued until someone restarts it. This command takes the same
options and logs such an error, waits (1, 2, 4 … seconds, at most a minute)
and starts the loop again. Any other error ends the process with a message,
so that whoever supervises it (``manage.py supervise_worker`` under make run)
sees it and starts a new one.

The loop itself is django-tasks-db's ``Worker`` class (public in the command's
module, though not documented): it is subclassed, not copied.
"""

import contextlib
import logging
import os
import threading
import time

from django.core.management import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
FIRST_RETRY_SECONDS = 1.0
LAST_RETRY_SECONDS = 60.0


class SurvivingWorker(db_worker.Worker):
    """The worker loop, started again after a database error instead of ending."""

    def run(self) -> None:
        delay = FIRST_RETRY_SECONDS
        while self.running:
            started = time.monotonic()
            try:
                super().run()
                return
            except DATABASE_ERRORS as error:
                if time.monotonic() - started > LAST_RETRY_SECONDS:
                    delay = FIRST_RETRY_SECONDS  # it ran a while: a new spell of trouble
                logger.error(
                    "Task worker: database error (%s: %s); trying again in %g s",
                    type(error).__name__,
                    error,
                    delay,
                )
                # A broken connection is opened afresh by the next query.
                with contextlib.suppress(*DATABASE_ERRORS):
                    connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, LAST_RETRY_SECONDS)
            except Exception:
                logger.critical("Task worker: stopped by an unexpected error", exc_info=True)
                if threading.current_thread() is not threading.main_thread():
                    # Under the autoreloader this is a thread; ending only it would
                    # leave a process that looks alive and runs nothing.
                    os._exit(1)
                raise


class Command(db_worker.Command):
    help = (
        "Run the database task worker; after a database error it logs, waits "
        "and carries on instead of stopping."
    )

    def handle(
        self,
        *,
        verbosity,
        queue_name,
        interval,
        batch,
        backend_name,
        startup_delay,
        reload,
        max_tasks,
        worker_id,
        exclude_queues,
        **options,
    ):
        # The same steps as django-tasks-db's handle(), with SurvivingWorker.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be used together; not reloading.")
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SurvivingWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the reloaded child, main thread
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()

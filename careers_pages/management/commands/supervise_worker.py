"""Keep a task worker running beside the development server (make run).

A worker that ends for any reason, a crash or a kill, is started again after a
pause, with a line on the console each time; the pause doubles while it keeps
ending within a minute (1, 2, 4 … seconds, at most 30). SIGTERM or Ctrl-C stops
the worker (with the same signal, so it finishes the task it is running) and
then this command.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

FIRST_PAUSE_SECONDS = 1.0
LAST_PAUSE_SECONDS = 30.0
#: A worker that ran this long before ending resets the pause.
STEADY_SECONDS = 60.0
#: How long a stopping worker may take to finish its task before it is killed.
STOP_GRACE_SECONDS = 10.0


class Command(BaseCommand):
    help = "Run manage.py db_worker and start it again whenever it ends."

    def add_arguments(self, parser):
        parser.add_argument(
            "worker_arguments",
            nargs="*",
            help="Options for db_worker, after --, e.g. -- --interval 0.5",
        )

    def handle(self, *args, worker_arguments, **options):
        self.stopping = None
        self.worker = None
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, self.stop)
        command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "db_worker"]
        command += worker_arguments
        pause = FIRST_PAUSE_SECONDS
        while self.stopping is None:
            started = time.monotonic()
            # A session of its own: a signal reaches the worker and its
            # autoreloader's child together, and only from here.
            self.worker = subprocess.Popen(command, start_new_session=True)
            self.stdout.write(f"Task worker started (pid {self.worker.pid}).")
            code = self.worker.wait()
            if self.stopping is not None:
                break
            if time.monotonic() - started > STEADY_SECONDS:
                pause = FIRST_PAUSE_SECONDS
            self.stderr.write(
                f"The task worker (pid {self.worker.pid}) ended with exit code {code}; "
                f"starting it again in {pause:g} s."
            )
            self.sleep(pause)
            pause = min(pause * 2, LAST_PAUSE_SECONDS)
        self.stop_worker()

    def stop(self, signum, frame):
        self.stopping = signum
        if self.worker is not None and self.worker.poll() is None:
            self.signal_worker(signum)

    def signal_worker(self, signum):
        # The worker's process group: the worker and, under --reload, its child.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.worker.pid, signum)

    def sleep(self, seconds):
        deadline = time.monotonic() + seconds
        while self.stopping is None and time.monotonic() < deadline:
            time.sleep(0.1)

    def stop_worker(self):
        if self.worker is None:
            return
        try:
            self.worker.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self.stderr.write("The task worker did not stop in time; killing it.")
            self.signal_worker(signal.SIGKILL)
            self.worker.wait()
        self.stdout.write("Task worker stopped.")

"""Settings for bench/api_speed.py: the project's own, with the floor view's URLs."""

from cms.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

"""Settings of the site bench/load.py serves: Concord's own, from config/settings.py and the environment as in
production, with one URLconf more (bench/load_urls.py: a trivial view as the baseline). gunicorn loads it as
DJANGO_SETTINGS_MODULE=load_settings, with bench/ on the path."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "load_urls"

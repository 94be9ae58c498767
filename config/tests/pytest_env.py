"""The test session's environment, set before pytest-django loads the settings.

Loaded with `-p config.tests.pytest_env` (pytest.ini): a conftest.py is imported
only after pytest-django has read config/settings.py, too late for these.
"""

import os

os.environ.setdefault("SHORTLIST_TESTING", "1")
# Tasks run inside the test that queues them; worker tests publish to a real broker
# instead (config/tests/worker_helpers.py) and their workers never run eagerly.
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

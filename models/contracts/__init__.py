"""One module per workflow: its input, updates, signals, queries and status."""

from datetime import timedelta

# How long a worker may take over one workflow task before Temporal hands it to another. Temporal's
# 10 s default was exceeded on a 2-core machine under load (tasks of 6-11 s in a chaos run), and a
# task that times out while an update waits meets a temporalio 1.35 bug that stops the workflow
# (README, "Known issues"); a worker killed mid-task delays its workflows by at most this long.
WORKFLOW_TASK_TIMEOUT = timedelta(seconds=30)

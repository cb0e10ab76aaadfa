"""Jobs: the scheduled update (``update``) and what runs around it: its lock, schedule,
change records, alerts and health report (``status``)."""

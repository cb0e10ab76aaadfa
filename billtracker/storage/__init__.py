"""Storage: the schema and its migrations, every write, and the shared queries.

Everything else reads and writes the working database through this package:
``from billtracker import storage`` then ``storage.open_db()``, ``storage.add_version()``...

- ``schema``: opening the database, the migrations, text hashes;
- ``writes``: bills, versions, actions, sponsors, changes, the checklist, scores, diffs;
- ``runs``: the ledgers of crawl runs, update runs and publishes;
- ``queries``: shared reads (the latest version of each bill, a version by id).
"""

from .queries import find_version, latest_version, latest_versions_sql, version_text
from .runs import (
    fail_crawl_run,
    finish_crawl_run,
    mark_interrupted,
    queue_alert,
    record_crawl_error,
    record_delivery,
    record_publish_run,
    save_bill_state,
    save_subscription_watermark,
    set_update_state,
    start_crawl_run,
    start_update_run,
    update_update_run,
)
from .schema import (
    DEFAULT_DB,
    DEFAULT_PUBLISHED,
    TABLES,
    migrations,
    normalise_for_hash,
    now,
    open_db,
    schema_version,
    text_hash,
    working_db_path,
)
from .writes import (
    add_actions,
    add_sponsors,
    add_version,
    as_json,
    forget_signatures,
    keep_current,
    record_change,
    save_bill,
    save_checklist,
    save_diff,
    save_jurisdiction,
    save_related,
    save_signatures,
    save_similar,
    write_scores,
)

__all__ = [
    "DEFAULT_DB",
    "DEFAULT_PUBLISHED",
    "TABLES",
    "add_actions",
    "add_sponsors",
    "add_version",
    "as_json",
    "fail_crawl_run",
    "find_version",
    "forget_signatures",
    "finish_crawl_run",
    "keep_current",
    "latest_version",
    "latest_versions_sql",
    "mark_interrupted",
    "migrations",
    "normalise_for_hash",
    "now",
    "open_db",
    "record_change",
    "queue_alert",
    "record_crawl_error",
    "record_delivery",
    "record_publish_run",
    "save_bill",
    "save_bill_state",
    "save_subscription_watermark",
    "save_checklist",
    "save_diff",
    "save_jurisdiction",
    "save_related",
    "save_signatures",
    "save_similar",
    "schema_version",
    "set_update_state",
    "start_crawl_run",
    "start_update_run",
    "text_hash",
    "update_update_run",
    "version_text",
    "working_db_path",
    "write_scores",
]

"""Named exceptions for failures a user can act on; the CLI prints them as one line."""


class BilltrackerError(Exception):
    "Base class for errors reported to users without a traceback"


class ConfigError(BilltrackerError):
    "A configuration file (checklist, sources) is missing or invalid"


class InputError(BilltrackerError):
    "A bill text or recorded response cannot be read"


class NotFound(BilltrackerError):
    "A bill or version id names nothing in the database"


class SpiderError(BilltrackerError):
    "A spider could not run (unknown name, missing replay folder, missing key)"


class PublishError(BilltrackerError):
    "The published database could not be built or failed its checks"


class DiskFull(BilltrackerError):
    "A write failed because its file system is full"


def is_disk_full(ex: BaseException) -> bool:
    """True for SQLite's SQLITE_FULL and the OS's ENOSPC (and EDQUOT)."""
    import errno

    if getattr(ex, "sqlite_errorname", None) == "SQLITE_FULL":
        return True
    return getattr(ex, "errno", None) in (errno.ENOSPC, errno.EDQUOT)


def disk_full(path, ex: BaseException) -> DiskFull:
    """The one-line error for a full disk while writing ``path``."""
    return DiskFull(f"disk full: could not write {path} ({ex}); free space and run again")

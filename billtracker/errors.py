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

"""The errors a user sees: one line each (the CLI prints them; `--debug` shows the traceback).

Each carries the exit code the command line returns for it.
"""
from __future__ import annotations


class PolicySiteError(Exception):
    """A run refused for a reason the user can act on; the message says which file and why."""

    exit_code = 1


class InputError(PolicySiteError):
    """An input that cannot be converted, or a command that cannot be carried out as given (a target
    folder that is not ours to replace); the message names the file and says why."""

    exit_code = 2


class OfflineError(PolicySiteError):
    """The site would fetch resources from the network; the message lists them, one per line."""

    exit_code = 1

    def __init__(self, loads: list):
        shown = [f"{x.file}: {x.what} {x.url}" for x in loads[:20]]
        more = [f"… and {len(loads) - 20} more"] if len(loads) > 20 else []
        super().__init__("\n".join([f"the site loads {len(loads)} resource(s) from the network:"] + shown + more))
        self.loads = loads

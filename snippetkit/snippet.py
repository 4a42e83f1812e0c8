"""Temporary: the old module, split into snippetfile, checker and execute (removed before this lands)."""

from .checker import *  # noqa: F401,F403
from .execute import *  # noqa: F401,F403
from .snippetfile import *  # noqa: F401,F403

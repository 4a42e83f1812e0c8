"""Warm-up that tests/sitebuild.py's fork server runs once, after its imports (listed in its PRELOAD).

Third-party state only, the kind a module builds on first use and keeps: soupsieve (behind
BeautifulSoup's ``select``, which the theme calls on every page) compiles its own patterns on the
first selector, about 0.1 s. A build forked from the server starts with them compiled; what it
builds is the same.
"""

import soupsieve

# An element, a class, a child combinator: soupsieve compiles the patterns for each kind once.
for selector in ("li", "details > p.caption"):
    soupsieve.compile(selector)

"""The author of an opinion piece named in its closing bio line, when no byline names one.

Op-eds end with a line about their author: 'Cindy Godwin is a retired marketing executive in Tucson and a Public
Voices Fellow with The OpEd Project.', 'Rudy Giuliani is the former mayor of New York City.', 'Aaron Kall is director
of debate at the University of Michigan.' (PolNeAR dev and train articles). Without it, an unsigned op-ed's holder is
`author:unknown` and its author's own name becomes a target of their stances. The line is the first sentence of the
last paragraph: a name of two to four capitalised words, then 'is' or 'was' and a role ('a ...', 'the ...',
'director ...'; not 'is expected', 'is running': a verb with no article says what a person in a news story does).
"""

from __future__ import annotations

import re

_NAME = r"(?P<name>[A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){1,3})"
_BIO = re.compile(rf"^{_NAME},? (?:is|was) (?P<article>(?:a|an|the) )?(?P<role>[a-z][\w-]*)")
#: The longest closing line read as a bio (characters).
MAX_BIO_CHARS = 400


def bio_byline(text: str) -> str | None:
    """The author's name in the bio line closing a text, or None."""
    last = text.rstrip().rsplit("\n\n", 1)[-1].strip()
    if not last or len(last) > MAX_BIO_CHARS:
        return None
    m = _BIO.match(last)
    if m is None or (m.group("article") is None and m.group("role").endswith(("ed", "ing"))):
        return None  # 'is expected to speak': no article, a verb ('a retired executive' is a role)
    return m.group("name")

"""How people are named: the one home of the display-name rule.

- To the person, their mentors and the admin: the display name, else the e-mail address
  (else the username, for accounts without an address).
- To anyone with a public link: the display name, else a neutral phrase; never the address.
- Once their account is deleted: "a former member" (or "a former mentor"); nothing of them
  is kept.
"""

PUBLIC_LEARNER = "A careerpath learner"
FORMER_MEMBER = "a former member"  # someone whose account was deleted


def private_name(display_name, email, username="") -> str:
    """Return the name shown to the person and the people they work with."""
    return display_name or email or username


def public_name(display_name, *, fallback=PUBLIC_LEARNER) -> str:
    """Return the name shown on public pages: never the e-mail address."""
    return display_name or fallback


def display_name(user, *, gone=FORMER_MEMBER) -> str:
    """Return the name a person shows to the people they work with, in pages and e-mails
    (and how django-allauth names them: ACCOUNT_USER_DISPLAY); `gone` for a person whose
    account was deleted (None)."""
    if user is None:
        return gone
    profile = getattr(user, "profile", None)
    return profile.name if profile else private_name("", user.email, user.get_username())

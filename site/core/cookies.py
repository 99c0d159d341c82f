"""The cookies the site sets, named and timed from the settings in force, for the cookies page.

The site sets only the cookies it needs to work, so it asks no one's consent and shows no
cookie banner. Messages ("Saved") travel in the session (MESSAGE_STORAGE), not a cookie of
their own.
"""

from dataclasses import dataclass

from django.conf import settings

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
WEEK = 7 * DAY


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: str
    expires: str


def lifetime(seconds: int) -> str:
    """'2 weeks', '52 weeks', '1 day', '90 minutes': the largest unit that divides exactly."""
    for unit, name in ((WEEK, "week"), (DAY, "day"), (HOUR, "hour"), (MINUTE, "minute")):
        if seconds >= unit and seconds % unit == 0:
            count = seconds // unit
            return f"{count} {name}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def essential_cookies() -> list[Cookie]:
    """The session cookie and, unless the CSRF token lives in the session, the CSRF cookie."""
    session_expires = (
        "When you close your browser"
        if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
        else lifetime(settings.SESSION_COOKIE_AGE)
    )
    cookies = [
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            purpose="Keeps you signed in as you move from page to page, and carries a short "
            "message, such as 'Saved', to the next page. Set when you sign in, or when the "
            "site has to remember something between pages.",
            expires=session_expires,
        )
    ]
    if not settings.CSRF_USE_SESSIONS:
        cookies.append(
            Cookie(
                name=settings.CSRF_COOKIE_NAME,
                purpose="Makes sure a form you send, such as signing in or giving feedback, "
                "really comes from you on this site and not from another website. Set when "
                "you open a page with a form.",
                expires=lifetime(settings.CSRF_COOKIE_AGE)
                if settings.CSRF_COOKIE_AGE
                else "When you close your browser",
            )
        )
    return cookies

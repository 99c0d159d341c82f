"""Password checks beside Django's own (AUTH_PASSWORD_VALIDATORS), with GOV.UK wording. They run
wherever a password is set: accepting an invitation, resetting, changing, and the admin's user
forms."""

import re
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError

# Words of the service's name too common to refuse alone ("family", "kit") are refused only
# next to another word of the name; longer ones ("safeguarding", "adoption") on their own.
DISTINCTIVE_WORD_LENGTH = 8


def _letters_and_digits(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


class RepeatedPatternValidator:
    """Refuses a password that is mostly one character (``aaaaaaaaaaa1``) or one short pattern
    repeated (``abcabcabcabc``, ``12341234123412``)."""

    def validate(self, password: str, user=None) -> None:
        text = password.lower()
        if not text:
            return
        _, most = Counter(text).most_common(1)[0]
        if most * 2 > len(text) or self._is_repeated(text):
            raise ValidationError(
                "Your password must not be one character or a short pattern repeated, "
                "like ‘aaaaaaaaaaaa’ or ‘abcabcabcabc’",
                code="password_repeated",
            )

    @staticmethod
    def _is_repeated(text: str) -> bool:
        """Whether the text is a part of at most half its length, written again and again (the
        last time perhaps cut short)."""
        for size in range(1, len(text) // 2 + 1):
            unit = text[:size]
            if (unit * (len(text) // size + 1))[: len(text)] == text:
                return True
        return False

    def get_help_text(self) -> str:
        return "Your password must not be one character or a short pattern repeated."


class ServiceNameValidator:
    """Refuses a password containing the service's name (WAGTAIL_SITE_NAME) or an obvious part of
    it, ignoring case, spaces and punctuation: ``Family-Safeguarding-2026`` is refused."""

    def __init__(self, name: str | None = None):
        self.name = name or settings.WAGTAIL_SITE_NAME

    def parts(self) -> list[str]:
        words = [_letters_and_digits(word) for word in self.name.split()]
        words = [word for word in words if word]
        pairs = [first + second for first, second in zip(words, words[1:], strict=False)]
        distinctive = [word for word in words if len(word) >= DISTINCTIVE_WORD_LENGTH]
        return ["".join(words), *pairs, *distinctive]

    def validate(self, password: str, user=None) -> None:
        text = _letters_and_digits(password)
        if any(part in text for part in self.parts()):
            raise ValidationError(
                f"Your password must not include the name of this service, {self.name}, "
                "or words from it",
                code="password_service_name",
            )

    def get_help_text(self) -> str:
        return "Your password must not include the name of this service."

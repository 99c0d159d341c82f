"""Passwords: Django's validators plus ours (core.password_validation), wherever one is set."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

import pytest

from core.password_validation import RepeatedPatternValidator, ServiceNameValidator

REPEATED = "Your password must not be one character or a short pattern repeated"
SERVICE_NAME = "Your password must not include the name of this service"


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "AAAAAAAAAAAA",
        "aaaaaaaaaab1",
        "abcabcabcabc",
        "abababababab",
        "12341234123412",
        "xyzxyzxyzxyzx",
    ],
)
def test_one_character_or_a_short_pattern_repeated_is_refused(password):
    with pytest.raises(ValidationError, match=REPEATED):
        RepeatedPatternValidator().validate(password)


@pytest.mark.parametrize(
    "password",
    [
        "Family Safeguarding 2026",
        "familysafeguarding!!",
        "my-SAFEGUARDING-pass",
        "adoption kit rules",
        "the adoption papers",
    ],
)
def test_the_services_name_or_a_part_of_it_is_refused(password):
    with pytest.raises(ValidationError, match=SERVICE_NAME):
        ServiceNameValidator().validate(password)


@pytest.mark.parametrize(
    "password",
    [
        "a-long-and-unusual-passphrase",
        "my family likes kites",
        "correct horse battery staple",
        "Mississippi!2026",
    ],
)
def test_ordinary_passphrases_pass_both(password):
    RepeatedPatternValidator().validate(password)
    ServiceNameValidator().validate(password)


def test_the_site_settings_use_them_beside_djangos(db):
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password("aaaaaaaaaaaa")
    assert any(REPEATED in message for message in refused.value.messages)
    names = {type(v).__name__ for v in password_validation.get_default_password_validators()}
    assert {
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "RepeatedPatternValidator",
        "ServiceNameValidator",
    } <= names

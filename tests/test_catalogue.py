"""The Spanish catalogue against the code: every message the code marks is translated, and nothing else is."""

import pytest

from tests.i18n_messages import catalogue, code_messages, placeholders


@pytest.fixture(scope="module")
def extracted():
    return code_messages()


@pytest.fixture(scope="module")
def spanish():
    return catalogue("es")


def test_the_catalogue_holds_exactly_the_messages_of_the_code(extracted, spanish):
    in_code = {message[0] if isinstance(message, tuple) else message for message in extracted}
    in_catalogue = {message.id[0] if isinstance(message.id, tuple) else message.id for message in spanish if message.id}
    assert in_code, "no message extracted: babel.cfg or the keywords changed"
    assert sorted(in_code - in_catalogue) == []      # run pybabel update, then translate
    assert sorted(in_catalogue - in_code) == []      # obsolete entries: run pybabel update
    assert not spanish.obsolete


def test_every_message_is_translated_and_none_is_fuzzy(spanish):
    untranslated, fuzzy = [], []
    for message in spanish:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(form and form.strip() for form in forms):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []


def test_placeholders_are_the_same_in_both_languages(spanish):
    different = []
    for message in spanish:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(placeholders(text) for text in ids))
        different += [(message.id, form) for form in forms if placeholders(form) != expected]
    assert different == []


def test_every_translation_formats_with_the_english_placeholders(spanish):
    """A brace the translator typed by mistake ("{" alone) would raise only when a student sees the text."""
    for message in spanish:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            values = {name: _sample(spec) for name, spec in placeholders(form)}
            form.format(**values)


def _sample(spec: str):
    return 0.5 if any(kind in spec for kind in "efg%") else (1 if "d" in spec or "," in spec else "x")


def test_the_placeholder_check_would_catch_a_renamed_field():
    assert placeholders("{n} épocas") != placeholders("{epochs} epochs")
    assert placeholders("r = {r:+.2f}") != placeholders("r = {r:.2f}")
    assert placeholders("h_{{t-1}} de {layer}") == {("layer", "")}

"""The message catalogues: gettext with Babel, a language per context, every message translated."""

import threading

import pytest

from rnnviz import i18n
from rnnviz.i18n import _, _n, get_language, set_language, use_language


def test_english_is_the_default_and_the_message_id_itself():
    assert get_language() == "en"
    assert _("Interface language") == "Interface language"


def test_spanish_comes_from_the_catalogue_with_plural_forms():
    with use_language("es"):
        assert _("Interface language") == "Idioma de la interfaz"
        assert _n("{n} epoch", "{n} epochs", 1).format(n=1) == "1 época"
        assert _n("{n} epoch", "{n} epochs", 3).format(n=3) == "3 épocas"
        assert _("a message nobody translated") == "a message nobody translated"
    assert get_language() == "en"


def test_a_language_set_in_one_thread_does_not_leak_into_another():
    seen = {}

    def other():
        seen["language"] = get_language()

    with use_language("es"):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
    assert seen["language"] == "en"


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match=r"language must be one of 'en', 'es', got 'fr'"):
        set_language("fr")


def test_the_spanish_catalogue_compiles_without_errors():
    from babel.messages.pofile import read_po

    with (i18n.LOCALE_DIR / "es" / "LC_MESSAGES" / "rnnviz.po").open("rb") as po_file:
        catalog = read_po(po_file, locale="es")
    assert not list(catalog.check())                    # placeholders and plural forms consistent


def test_numbers_in_a_spanish_message_are_written_by_babel_and_english_ones_by_python():
    message = "{n:,} sentences, accuracy {a:.3f}, {p:.1%} kept, {x:+.2f}, {r:.2g}x, {small:.1e}, epoch {e}, {f}"
    values = dict(n=102481, a=0.5104, p=0.1234, x=-0.5, r=0.62, small=1.2e-7, e=12000, f=0.25)
    assert _(message).format(**values) == message.format(**values)
    with use_language("es"):
        spanish = _(message).format(**values)
    assert spanish == "102.481 sentences, accuracy 0,510, 12,3\u00a0% kept, -0,50, 0,62x, 1,2e-07, epoch 12000, 0,25"
    from babel.numbers import format_decimal

    assert format_decimal(102481, locale="es") in spanish and format_decimal(0.25, locale="es") in spanish


def test_format_number_follows_the_language_for_numbers_outside_messages():
    from rnnviz.i18n import format_number

    assert format_number(4000) == "4,000" and format_number(0.51049, 3) == "0.510" and format_number(0.5) == "0.5"
    with use_language("es"):
        assert format_number(4000) == "4.000" and format_number(0.51049, 3) == "0,510"
        assert format_number("n/a") == "n/a"

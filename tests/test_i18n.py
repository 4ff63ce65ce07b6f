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

"""An uploader's size limit is a visible line under it (Streamlit's own refusal is a red mark explained on hover),
and the limit is the one the uploader enforces."""

from streamlit.testing.v1 import AppTest


def _run_uploader():
    from rnnviz.ui.run_transfer import upload_run

    upload_run()


def test_the_run_uploader_shows_its_limit():
    from rnnviz.run_files import MAX_UNPACKED_MB

    at = AppTest.from_function(_run_uploader, default_timeout=60).run()
    assert not at.exception
    captions = [caption.value for caption in at.caption]
    assert f"Files of at most {MAX_UNPACKED_MB:g} MB: a larger file is refused (marked red) before it is sent." \
        in captions
    (uploader,) = at.get("file_uploader")
    assert uploader.proto.max_upload_size_mb == MAX_UNPACKED_MB

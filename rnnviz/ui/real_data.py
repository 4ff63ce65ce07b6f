"""Train page, real data: the IMDB reviews, the student's own CSV file, and how words enter the network
(learned embedding, one-hot, pretrained vectors from an uploaded file).

Uploads become files of this session (`uploads.keep_upload`), so a TrainingRequest carries their path, a
plain value a worker process can open. Every problem with a file is the library's one-line ValueError.
"""

from __future__ import annotations

import os

import streamlit as st

from ..data import DATASET_NAMES
from ..data.csv_data import MAX_FILE_MB
from ..i18n import N_, _
from ..models import INPUT_REPRESENTATIONS, ModelConfig
from .cache import cached_dataset
from .train_forms import _choice, _labels, _number
from .run_transfer import size_limit_caption
from .uploads import keep_upload

DATASET_MENU = (*DATASET_NAMES, "imdb", "csv")
DATASET_TITLES = {"toy_sentiment": N_("toy sentiment (movie reviews)"),      # translated where shown
                  "memory_task": N_("memory task (long-range dependency)"),
                  "order_task": N_("order task (which came first: x or y)"),
                  "imdb": N_("IMDB reviews (the course's data, keras.datasets)"),
                  "csv": N_("your CSV file (your own texts and labels)")}
INPUT_TITLES = {"embedding": N_("learned embedding"), "one_hot": N_("one-hot vectors (frozen identity)"),
                "pretrained": N_("pretrained vectors (your GloVe / word2vec file)")}
APP_CSV_MB = 20.0     # ~15,000 reviews: parsed and vectorised in the server in a few seconds on 2 cores
CSV_PATH, VECTORS_PATH = "rnnviz_csv_path", "rnnviz_vectors_path"   # session_state: this session's uploads


def real_data_form(name: str) -> dict:
    """The options of "imdb" or "csv" (load_dataset keyword arguments), drawn in a row of four columns."""
    return _imdb_options() if name == "imdb" else _csv_options()


def _imdb_options() -> dict:
    a, b, c = st.columns(4)[:3]
    options = {"size": _number(a, "imdb_size", _("Reviews"), 5000, 1000,
                               help=_("Train / validation / test 70 / 15 / 15 %; test reviews come from Keras' "
                                      "test half. More reviews train longer.")),
               "vocabulary_size": _number(b, "imdb_vocabulary_size", _("Vocabulary (num_words)"), 5000, 1000),
               "sequence_length": _number(c, "imdb_sequence_length", _("Words read per review (maxlen)"), 200,
                                          50)}
    _labels().update(size=_("Reviews"), vocabulary_size=_("Vocabulary (num_words)"),
                     sequence_length=_("Words read per review (maxlen)"))
    return options


def _csv_options() -> dict:
    path = _uploaded_path(_("Your CSV file: UTF-8, one text column and one label column, at most {mb:g} "
                            "MB").format(mb=csv_limit_mb()), "train_csv_file", CSV_PATH, max_mb=csv_limit_mb())
    if not path:
        st.info(_("Upload a CSV file to train on your own texts (any language; two classes or more). It stays in "
                  "this session only."), icon=":material/upload_file:")
        return {"path": ""}
    try:
        names = _columns(path)
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        return {"path": ""}
    digest = os.path.basename(os.path.dirname(path))     # the boxes belong to this file's columns
    a, b, c, d = st.columns(4)                           # under the uploader: they name its columns
    text_guess = names.index("text") if "text" in names else 0
    label_guess = names.index("label") if "label" in names else min(1, len(names) - 1)
    options = {"path": path, "max_file_mb": csv_limit_mb(),
               "text_column": a.selectbox(_("Text column"), names, index=text_guess, key=f"train_text_{digest}"),
               "label_column": b.selectbox(_("Label column"), names, index=label_guess,
                                           key=f"train_label_{digest}")}
    size = _number(c, "csv_size", _("Rows used (0 = all)"), 0, 500)
    length = _number(d, "csv_sequence_length", _("Sequence length (0 = measured)"), 0, 10)
    options.update(size=size or None, sequence_length=length or None,
                   vocabulary_size=_number(c, "csv_vocabulary_size", _("Vocabulary size (max words)"), 10_000,
                                           1000))
    _labels().update(size=_("Rows used (0 = all)"), sequence_length=_("Sequence length (0 = measured)"),
                     vocabulary_size=_("Vocabulary size (max words)"), text_column=_("Text column"),
                     label_column=_("Label column"))
    return options


def csv_limit_mb() -> float:
    """The largest CSV this server reads (env RNNVIZ_MAX_CSV_MB, default APP_CSV_MB): the server parses and
    vectorises an uploaded CSV itself (the preview, the vocabulary), so its size is capped before it is parsed."""
    raw = os.environ.get("RNNVIZ_MAX_CSV_MB", "")
    try:
        return min(float(raw), MAX_FILE_MB) if raw else APP_CSV_MB
    except ValueError:
        return APP_CSV_MB


def _uploaded_path(label: str, key: str, memory: str, max_mb: float | None = None) -> str:
    """The path of this session's upload for `key`: the one just made, else the last one (page switches
    forget an uploader's file, the session does not). A file over max_mb MB gets one line and is not kept."""
    uploaded = st.file_uploader(label, key=key, max_upload_size=int(max_mb or MAX_FILE_MB))
    size_limit_caption(max_mb or MAX_FILE_MB)
    if uploaded is not None and max_mb is not None and uploaded.size > max_mb * 1e6:
        st.error(_("{file} is {size:,.1f} MB; this server reads CSV files of at most {limit:g} MB: upload a sample "
                   "of its rows").format(file=uploaded.name, size=uploaded.size / 1e6, limit=max_mb),
                 icon=":material/error:")
        return ""
    if uploaded is not None:
        try:
            st.session_state[memory] = keep_upload(uploaded, replaces=st.session_state.get(memory, ""))
        except ValueError as error:
            st.error(str(error), icon=":material/error:")
            return ""
    path = st.session_state.get(memory, "")
    if path and uploaded is None:
        st.caption(_("Using {file}, uploaded earlier in this session.").format(file=os.path.basename(path)))
    return path if path and os.path.isfile(path) else ""


@st.cache_data(max_entries=16, show_spinner=False)
def _columns(path: str) -> list[str]:
    from ..data.csv_data import read_columns

    return read_columns(path)


def input_form() -> dict:
    """How words enter the network: ModelConfig keyword arguments (input_representation and its file)."""
    a, b = st.columns([3, 1], vertical_alignment="bottom")
    choice = _choice(a, "input_representation", _("Input representation"), INPUT_REPRESENTATIONS,
                     widget=a.radio, horizontal=True, format_func=lambda kind: _(INPUT_TITLES[kind]),
                     help=_("One-hot: each word is a vector of V zeros and a one (a frozen identity matrix): "
                            "count its parameters. Pretrained: the vectors of your file, frozen unless fine-tuned."))
    options = {"input_representation": choice}
    if choice == "pretrained":
        options["fine_tune_vectors"] = b.toggle(_("Fine-tune the vectors"), key="train_fine_tune_vectors",
                                                persist_state="session")
        options["vectors_path"] = _uploaded_path(_("Word vectors: a GloVe / word2vec text file (word, then its "
                                                   "numbers, one word a line)"), "train_vectors_file", VECTORS_PATH)
        _labels()["vectors_path"] = _("Word vectors")
    return options


def with_vectors(config: ModelConfig, name: str, options: dict) -> ModelConfig | None:
    """For a "pretrained" config: read the file for this dataset's words, show how many are missing, and
    return the config with the file's dimension and hash; None after a one-line error."""
    if config.input_representation != "pretrained":
        return config
    try:
        vectors = cached_vectors(config.vectors_path, name, tuple(sorted(options.items())))
    except ValueError as error:
        st.error(_("Word vectors: {error}").format(error=error), icon=":material/error:")
        return None
    known = vectors.matrix.shape[0] - 2
    shown = ", ".join(vectors.missing[:10])
    st.caption(_("{file}: {n_words:,} words of {dimension} dimensions; {n_missing:,} of the {known:,} vocabulary "
                 "words are missing from it (their vectors stay 0)").format(
        file=os.path.basename(vectors.path), n_words=vectors.n_file_words, dimension=vectors.dimension,
        n_missing=vectors.n_missing, known=known)
        + (f": {shown}{' ...' if vectors.n_missing > 10 else ''}" if shown else "."))
    return config.replace(embedding_dim=vectors.dimension, vectors_sha256=vectors.sha256)


@st.cache_data(max_entries=8, show_spinner="Reading the word vectors...")
def cached_vectors(path: str, name: str, options: tuple):
    """rnnviz.load_word_vectors(path, the dataset of (name, options))."""
    from ..vectors import load_word_vectors

    return load_word_vectors(path, cached_dataset(name, options))


def measured_options(name: str, options: dict, dataset) -> dict:
    """The CSV options with the row count and sequence length the loaded dataset measured in place of None.

    The same data (every row kept, the same measured length), but the request then states its real size, so
    the server's cost cap (TrainingRequest's estimate reads size and sequence_length) sees what it will cost.
    """
    if name != "csv" or dataset is None:
        return options
    from ..data.own_texts import MAX_TEXTS

    rows = len(dataset.train) + len(dataset.validation) + len(dataset.test)
    measured = dict(options)
    if measured.get("size") is None and rows <= MAX_TEXTS:
        measured["size"] = rows
    if measured.get("sequence_length") is None:
        measured["sequence_length"] = dataset.sequence_length
    return measured

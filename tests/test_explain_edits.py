"""compare_edits: edited sentences traced exactly, aligned word by word, sorted by effect."""

import numpy as np
import pytest

from rnnviz.explain import Edit, compare_edits, suggest_edits
from rnnviz.tracing import trace

SENTENCE = "the movie was not good at all"


@pytest.fixture(scope="module", params=["SimpleRNN", "LSTM", "GRU"])
def run(request, tiny_runs):
    return tiny_runs[request.param]


def test_an_edit_gives_the_states_of_the_edited_sentence_traced_directly(run):
    comparison = compare_edits(run.model, SENTENCE, [Edit("swap", 4, "bad"), Edit("delete", 3)], dataset=run.dataset)
    for result, text in zip(comparison.results, ["the movie was not bad at all", "the movie was good at all"]):
        direct = trace(run.model, text, dataset=run.dataset)
        for ours, theirs in zip(result.trace.layers, direct.layers):
            np.testing.assert_array_equal(ours.h, theirs.h)
            for gate in theirs.gates:
                np.testing.assert_array_equal(ours.gates[gate], theirs.gates[gate])
        np.testing.assert_array_equal(result.trace.predictions, direct.predictions)


def test_differences_are_edited_minus_original_on_aligned_words(run):
    comparison = compare_edits(run.model, SENTENCE, [Edit("delete", 3)], dataset=run.dataset)
    result = comparison.results[0]
    assert result.pairs.tolist() == [[0, 0], [1, 1], [2, 2], [4, 3], [5, 4], [6, 5]]
    label = comparison.trace.layers[0].label
    expected = result.trace.layers[0].h[3] - comparison.trace.layers[0].h[4]   # "good" in both
    np.testing.assert_array_equal(result.differences[label]["h"][3], expected)
    np.testing.assert_array_equal(result.differences[label]["h"][:3], 0)      # before the edit: nothing changes


def test_an_edit_that_changes_nothing_gives_zero_difference(run):
    comparison = compare_edits(run.model, SENTENCE, [Edit("swap", 4, "good")], dataset=run.dataset)
    result = comparison.results[0]
    assert result.largest_difference() == 0.0
    assert result.final_change == 0.0
    assert result.first_change is None


def test_unknown_edit_reads_the_oov_id(run):
    result = compare_edits(run.model, SENTENCE, [Edit("unknown", 4)], dataset=run.dataset).results[0]
    assert result.trace.token_ids[4] == 1
    assert result.sentence == "the movie was not [UNK] at all"


def test_table_is_sorted_by_effect_and_first_change_is_where_decisions_part(tiny_runs, tiny_sentiment):
    run = tiny_runs["LSTM"]
    comparison = compare_edits(run.model, SENTENCE, "suggested", dataset=run.dataset)
    table = comparison.table()
    assert len(table) == len(comparison.results) >= 2
    effects = np.abs(table["change"].to_numpy())
    assert list(effects) == sorted(effects, reverse=True)
    for result in comparison.results:
        if result.first_change is not None:
            pair = result.pairs[result.pairs[:, 1] == result.first_change][0]
            assert (result.probability[pair[1]] >= 0.5) != (comparison.probability[pair[0]] >= 0.5)


def test_suggested_edits_remove_add_negation_and_flip_adjectives():
    from rnnviz.data.sentiment import sentiment_words

    en = suggest_edits(("the", "movie", "was", "not", "good"), "en", sentiment_words("en"))
    assert Edit("delete", 3) in en and Edit("swap", 4, "bad") in en
    assert not any(e.kind == "insert" for e in en)            # already negated
    es = suggest_edits(("la", "película", "es", "buena"), "es", sentiment_words("es"))
    assert Edit("swap", 3, "mala") in es and Edit("insert", 2, "no") in es


@pytest.mark.parametrize("edit, message", [
    (Edit("swap", 1, ""), "no word to put in"),
    (Edit("insert", 0, "  !! "), "no word to put in"),
    (Edit("delete", 9), "word index from 0 to 6"),
    (Edit("twist", 1), "edit kind must be one of"),
])
def test_bad_edits_are_one_line_value_errors(tiny_runs, edit, message):
    run = tiny_runs["GRU"]
    with pytest.raises(ValueError, match=message) as error:
        compare_edits(run.model, SENTENCE, [edit], dataset=run.dataset)
    assert "\n" not in str(error.value)


def test_an_edit_that_empties_the_sentence_and_a_long_sentence_are_refused(tiny_runs):
    run = tiny_runs["GRU"]
    with pytest.raises(ValueError, match="no words: keep at least one"):
        compare_edits(run.model, "good", [Edit("delete", 0)], dataset=run.dataset)
    with pytest.raises(ValueError, match="the sentence has 500 words; at most"):
        compare_edits(run.model, " ".join(["good"] * 500), [Edit("delete", 0)], dataset=run.dataset)


@pytest.fixture(scope="module")
def learnt_lstm():
    """An LSTM that learnt toy_sentiment well enough for an inserted "not" to flip its decision."""
    from rnnviz import build_model, load_dataset, train

    data = load_dataset("toy_sentiment", size=1000, seed=0)
    model = build_model(data, cell="LSTM", units=8, embedding_dim=8)
    return train(model, data, epochs=4, seed=0)


def _prefix_decisions(run, words):
    """Oracle: the decision (P(followed output) >= 1/2) after each prefix of `words`, by model.predict."""
    ids = [run.dataset.encode_sentence(" ".join(words[:k + 1])).ids for k in range(len(words))]
    padded = np.zeros((len(ids), run.dataset.sequence_length), np.int64)
    for row, sentence in enumerate(ids):
        padded[row, -len(sentence):] = sentence                        # toy_sentiment pads before the words
    return run.model.predict(padded, verbose=0)[:, 0] >= 0.5


@pytest.mark.parametrize("sentence", ["the movie was boring", "the movie was good", "the acting is great"])
def test_first_change_is_found_over_the_edited_sentence_inserted_words_included(learnt_lstm, sentence):
    run = learnt_lstm
    words = tuple(sentence.split())
    edits = [Edit("insert", p, "not") for p in range(len(words) + 1)]
    comparison = compare_edits(run, sentence, edits)
    original = _prefix_decisions(run, words)
    named_inserted = False
    for edit, result in zip(edits, comparison.results):
        edited = _prefix_decisions(run, result.words)
        partner = [*range(edit.position), max(edit.position - 1, 0), *range(edit.position, len(words))]
        changed = np.flatnonzero(edited != original[partner])
        assert result.first_change == (int(changed[0]) if changed.size else None), edit
        named_inserted |= result.first_change == edit.position
    assert named_inserted or sentence != "the movie was boring"   # "not" flips "... boring" where it is read

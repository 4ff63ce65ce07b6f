"""Maps of what a model learnt: word vectors (`project_embeddings`) and hidden states (`project_states`),
projected to 2 or 3 dimensions with PCA or t-SNE (seeded, so the same inputs always give the same picture)."""

from .embeddings import (MAX_WORDS, EmbeddingProjection, count_words, embedding_weights, label_association,
                         nearest_neighbours, project_embeddings, word_frequencies)
from .methods import METHOD_LABELS, METHODS, Projection, check_perplexity, project
from .states import (MAX_SENTENCES, StateProjection, StateTrajectory, add_trajectory, default_layer,
                     final_states, project_states, recurrent_layer_choices, trace_states)

__all__ = ["MAX_SENTENCES", "MAX_WORDS", "METHODS", "METHOD_LABELS", "EmbeddingProjection", "Projection",
           "StateProjection", "StateTrajectory", "add_trajectory", "check_perplexity", "count_words",
           "default_layer", "embedding_weights", "final_states", "label_association", "nearest_neighbours",
           "project", "project_embeddings", "project_states", "recurrent_layer_choices", "trace_states",
           "word_frequencies"]

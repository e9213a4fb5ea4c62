package io.modewatch.clusterer;

import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.ModeAlert;
import org.apache.kafka.common.serialization.Serde;

/** The serdes of the clusterer's external topics (through the registry in production, mocks in topology tests). */
record ClustererSerdes(Serde<ContinuationEmbedding> embeddings, Serde<ContinuationSignature> signatures,
                       Serde<ClusterAssignment> assignments, Serde<ModeAlert> alerts, Serde<ClusterDriftEvent> drift,
                       Serde<DeadLetter> deadLetters) {
}

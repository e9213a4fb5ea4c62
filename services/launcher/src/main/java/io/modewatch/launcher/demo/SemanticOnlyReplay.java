package io.modewatch.launcher.demo;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.SparseSignature;
import io.modewatch.clustering.detect.DetectionSettings;
import io.modewatch.clustering.detect.DetectorState;
import io.modewatch.clustering.detect.ModeDetector;
import io.modewatch.clustering.online.Observation;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.OnlineSettings;
import io.modewatch.common.serde.AvroArrays;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an output-only monitor would have seen: the same online clustering and detection, on the
 * same continuations in the same order, with the whole weight on the semantic view
 * ({@code gamma = 1}, so {@code beta_a = 0}).
 */
final class SemanticOnlyReplay {

    private SemanticOnlyReplay() {
    }

    static List<DemoSummary.ScoredAlert> run(OnlineSettings online, DetectionSettings detection,
                                             List<ClusterAssignment> order,
                                             Function<String, ContinuationEmbedding> embeddings,
                                             Function<String, ContinuationSignature> signatures) {
        RdParameters semanticOnly = new RdParameters(online.parameters().beta(), 1.0);
        OnlineRdClusterer clusterer = new OnlineRdClusterer(online.withParameters(semanticOnly));
        ModeDetector detector = new ModeDetector(clusterer, detection);
        Map<String, ScopeState> scopes = new HashMap<>();
        Map<String, DetectorState> states = new HashMap<>();
        List<DemoSummary.ScoredAlert> alerts = new ArrayList<>();
        for (ClusterAssignment a : order) {
            ContinuationEmbedding e = embeddings.apply(a.getContinuationId());
            ContinuationSignature s = signatures.apply(a.getContinuationId());
            if (e == null || s == null) {
                continue;
            }
            ScopeState scope = scopes.computeIfAbsent(a.getScope(), clusterer::newScope);
            DetectorState state = states.computeIfAbsent(a.getScope(), x -> new DetectorState());
            float[] vector = AvroArrays.floats(e.getVector());
            int[] indices = AvroArrays.ints(s.getIndices());
            float[] values = AvroArrays.floats(s.getValues());
            var result = detector.observe(scope, state, new Observation(a.getContinuationId(), e.getWeight(), vector,
                    new SparseSignature(s.getDimension(), indices, values), e.getText()));
            result.alerts().forEach(alert -> alerts.add(new DemoSummary.ScoredAlert(a.getScope(), alert.kind().name(),
                    alert.exemplarIds())));
        }
        return alerts;
    }
}

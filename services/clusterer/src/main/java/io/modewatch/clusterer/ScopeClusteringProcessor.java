package io.modewatch.clusterer;

import io.modewatch.clustering.SparseSignature;
import io.modewatch.clustering.detect.DetectionResult;
import io.modewatch.clustering.detect.ModeDetector;
import io.modewatch.clustering.detect.ModeVanished;
import io.modewatch.clustering.online.Observation;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.clustering.online.StructureChange;
import io.modewatch.clustering.detect.DetectorState;
import io.modewatch.common.streams.WriteBehindStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.serde.InternalAvroSerde;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ModeAlert;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The online RD clustering and new-mode detection of every scope this task owns, one event at a
 * time, in input order: the determinism that makes a replay reproduce state and alert ids.
 * Emits the assignment of every event, alerts, and drift events, keyed by scope.
 */
final class ScopeClusteringProcessor implements Processor<String, JoinedContinuation, String, SpecificRecord> {

    private final ClustererConfig config;
    private final OnlineRdClusterer clusterer;
    private final DetectorStep step;
    private final OutputRecords outputs;
    private final ClustererMetrics metrics;
    private final InternalAvroSerde<ModeAlert> alertSerde = new InternalAvroSerde<>(ModeAlert.class);
    private final InternalAvroSerde<ClusterDriftEvent> driftSerde = new InternalAvroSerde<>(ClusterDriftEvent.class);
    /** One event's clustering and detection: the detector's, or a test's stand-in. */
    @FunctionalInterface
    interface DetectorStep {
        DetectionResult observe(ScopeState clustering, DetectorState detector, Observation observation);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ScopeClusteringProcessor.class);

    private ProcessorContext<String, SpecificRecord> context;
    private ScopeStateRepository repository;
    private KeyValueStore<String, byte[]> alerts;
    private KeyValueStore<String, byte[]> drift;

    ScopeClusteringProcessor(ClustererConfig config) {
        this(config, Metrics.globalRegistry);
    }

    /** @param registry where the per-scope meters go */
    ScopeClusteringProcessor(ClustererConfig config, MeterRegistry registry) {
        this(config, registry, null);
    }

    /** @param step what observes an event in place of the detector (tests of failures); null for the detector */
    ScopeClusteringProcessor(ClustererConfig config, MeterRegistry registry, DetectorStep step) {
        this.config = config;
        this.clusterer = new OnlineRdClusterer(config.online());
        ModeDetector detector = new ModeDetector(clusterer, config.detection());
        this.step = step != null ? step : detector::observe;
        this.outputs = new OutputRecords(config.online().parameters(),
                config.exemplars(), config.topUnits());
        this.metrics = new ClustererMetrics(registry, config.online().maxComponents());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.repository = new ScopeStateRepository(context.getStateStore(StoreNames.SCOPE_STATE),
                context.getStateStore(StoreNames.COMPONENTS), context.getStateStore(StoreNames.MEMBERS),
                context.getStateStore(StoreNames.REFERENCES), clusterer);
        this.alerts = context.getStateStore(StoreNames.ALERTS);
        this.drift = context.getStateStore(StoreNames.DRIFT);
        for (String store : StoreNames.SCOPE_STORES) {
            WriteBehindStore.of(context.getStateStore(store)).beforeCommit(repository::flushAll);
        }
    }

    @Override
    public void process(Record<String, JoinedContinuation> record) {
        JoinedContinuation c = record.value();
        String scope = c.scope();
        ScopeStateRepository.LoadedScope s = repository.get(scope);
        checkDimensions(s.clock, c);
        List<SpecificRecord> out;
        try {
            out = apply(s, c);
        } catch (RuntimeException e) {
            // The decoded copy may be half-updated: rebuild it from the stores and the events since they were written.
            int lost = s.unwritten.size();
            if (!repository.recover(scope, this::apply)) {
                LOG.error("Scope {}: applying again the {} events since its state was last written failed too; they are"
                        + " not in its state (their assignments were sent)", scope, lost);
            }
            throw e;
        }
        for (SpecificRecord value : out) {
            context.forward(new Record<>(scope, value, c.timestamp()));
            if (value instanceof ModeAlert alert) {
                metrics.alerted(scope, alert.getNoveltyKind());
            }
        }
        metrics.observed(scope, s.clustering.k(), s.clustering.events(), ((ClusterAssignment) out.get(0)).getCost(),
                c.timestamp(), System.currentTimeMillis());
    }

    @Override
    public void close() {
        metrics.forgetAll();
    }

    /**
     * Everything an event does to its scope (clustering, detection, clock, histories), and the
     * records it emits, the assignment first. Only the scope changes, so that the event can be
     * applied again after a failure ({@link ScopeStateRepository#recover}) with the same result.
     */
    private List<SpecificRecord> apply(ScopeStateRepository.LoadedScope s, JoinedContinuation c) {
        s.clock.observe(c.timestamp());
        s.clock.signatureSpaceId(c.signatureSpaceId());
        DetectionResult result = step.observe(s.clustering, s.detector, new Observation(c.continuationId(), c.weight(),
                c.semantic(), new SparseSignature(c.signatureDim(), c.indices(), c.values()), c.text()));
        if (s.clock.semanticDim < 0) {
            s.clock.semanticDim = c.semantic().length;
            s.clock.signatureDim = c.signatureDim();
        }
        long now = c.timestamp();
        List<SpecificRecord> out = new ArrayList<>(2);
        out.add(outputs.assignment(s.clustering, c, result.assignment()));
        for (StructureChange change : result.assignment().changes()) {
            out.add(drift(s, outputs.change(s.clustering, change, now)));
        }
        for (ModeVanished v : result.vanished()) {
            out.add(drift(s, outputs.vanished(s.clustering, v, now)));
        }
        for (var alert : result.alerts()) {
            ModeAlert a = outputs.alert(s.clustering, alert, s.clock, c);
            repository.remember(s, alerts, ++s.clock.alertSeq, alertSerde.serializer().serialize(null, a), config.alertHistory());
            out.add(a);
        }
        result.window().ifPresent(w -> {
            out.add(drift(s, outputs.window(s.clustering, w, s.clock, now)));
            s.clock.windowStartTimestamp = now;
        });
        repository.changed(s, result, c);
        return out;
    }

    private ClusterDriftEvent drift(ScopeStateRepository.LoadedScope s, ClusterDriftEvent event) {
        repository.remember(s, drift, ++s.clock.driftSeq, driftSerde.serializer().serialize(null, event), config.driftHistory());
        return event;
    }

    private static void checkDimensions(ScopeClock clock, JoinedContinuation c) {
        if (clock.semanticDim >= 0 && (clock.semanticDim != c.semantic().length || clock.signatureDim != c.signatureDim())) {
            throw new InvalidRecordException("continuation " + c.continuationId() + " of scope " + c.scope()
                    + " has dimensions (embedding " + c.semantic().length + ", signature " + c.signatureDim()
                    + ") but the scope was built with (" + clock.semanticDim + ", " + clock.signatureDim + ")");
        }
    }
}

package io.modewatch.clusterer;

import io.modewatch.clustering.SparseSignature;
import io.modewatch.clustering.detect.DetectionResult;
import io.modewatch.clustering.detect.ModeDetector;
import io.modewatch.clustering.detect.ModeVanished;
import io.modewatch.clustering.online.Observation;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.StructureChange;
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
    private final ModeDetector detector;
    private final OutputRecords outputs;
    private final ClustererMetrics metrics;
    private final InternalAvroSerde<ModeAlert> alertSerde = new InternalAvroSerde<>(ModeAlert.class);
    private final InternalAvroSerde<ClusterDriftEvent> driftSerde = new InternalAvroSerde<>(ClusterDriftEvent.class);
    private ProcessorContext<String, SpecificRecord> context;
    private ScopeStateRepository repository;
    private KeyValueStore<String, byte[]> alerts;
    private KeyValueStore<String, byte[]> drift;

    ScopeClusteringProcessor(ClustererConfig config) {
        this(config, Metrics.globalRegistry);
    }

    /** @param registry where the per-scope meters go */
    ScopeClusteringProcessor(ClustererConfig config, MeterRegistry registry) {
        this.config = config;
        this.clusterer = new OnlineRdClusterer(config.online());
        this.detector = new ModeDetector(clusterer, config.detection());
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
    }

    @Override
    public void process(Record<String, JoinedContinuation> record) {
        JoinedContinuation c = record.value();
        String scope = c.scope();
        ScopeStateRepository.LoadedScope s = repository.get(scope);
        checkDimensions(s.clock, c);
        DetectionResult result;
        try {
            s.clock.observe(c.timestamp());
            s.clock.signatureSpaceId(c.signatureSpaceId());
            result = detector.observe(s.clustering, s.detector, new Observation(c.continuationId(), c.weight(),
                    c.semantic(), new SparseSignature(c.signatureDim(), c.indices(), c.values()), c.text()));
            if (s.clock.semanticDim < 0) {
                s.clock.semanticDim = c.semantic().length;
                s.clock.signatureDim = c.signatureDim();
            }
        } catch (RuntimeException e) {
            // The decoded copy may be half-updated; the stores still hold the state before this event.
            repository.evict(scope);
            throw e;
        }
        long now = c.timestamp();
        ClusterAssignment assignment = outputs.assignment(s.clustering, c, result.assignment());
        forward(scope, assignment, now);
        for (StructureChange change : result.assignment().changes()) {
            emitDrift(s, outputs.change(s.clustering, change, now), now);
        }
        for (ModeVanished v : result.vanished()) {
            emitDrift(s, outputs.vanished(s.clustering, v, now), now);
        }
        for (var alert : result.alerts()) {
            ModeAlert out = outputs.alert(s.clustering, alert, s.clock, c);
            remember(alerts, scope, ++s.clock.alertSeq, alertSerde.serializer().serialize(null, out), config.alertHistory());
            forward(scope, out, now);
            metrics.alerted(scope, out.getNoveltyKind());
        }
        result.window().ifPresent(w -> {
            emitDrift(s, outputs.window(s.clustering, w, s.clock, now), now);
            s.clock.windowStartTimestamp = now;
        });
        repository.persist(s, result);
        metrics.observed(scope, s.clustering.k(), s.clustering.events(), assignment.getCost(), c.timestamp(),
                System.currentTimeMillis());
    }

    @Override
    public void close() {
        metrics.forgetAll();
    }

    private void emitDrift(ScopeStateRepository.LoadedScope s, ClusterDriftEvent event, long now) {
        remember(drift, s.scope, ++s.clock.driftSeq, driftSerde.serializer().serialize(null, event), config.driftHistory());
        forward(s.scope, event, now);
    }

    /** Keeps the last {@code keep} entries of a per-scope history. */
    private static void remember(KeyValueStore<String, byte[]> store, String scope, long seq, byte[] value, int keep) {
        store.put(StoreNames.key(scope, seq), value);
        if (seq > keep) {
            store.delete(StoreNames.key(scope, seq - keep));
        }
    }

    private void forward(String scope, SpecificRecord value, long timestamp) {
        context.forward(new Record<>(scope, value, timestamp));
    }

    private static void checkDimensions(ScopeClock clock, JoinedContinuation c) {
        if (clock.semanticDim >= 0 && (clock.semanticDim != c.semantic().length || clock.signatureDim != c.signatureDim())) {
            throw new InvalidRecordException("continuation " + c.continuationId() + " of scope " + c.scope()
                    + " has dimensions (embedding " + c.semantic().length + ", signature " + c.signatureDim()
                    + ") but the scope was built with (" + clock.semanticDim + ", " + clock.signatureDim + ")");
        }
    }
}

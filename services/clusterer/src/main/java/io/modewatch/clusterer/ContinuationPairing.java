package io.modewatch.clusterer;

import io.modewatch.common.serde.InternalAvroSerde;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.DeadLetterStage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import io.modewatch.common.streams.WriteBehindStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs each continuation's embedding with its signature. Both topics are keyed by scope, so the
 * two halves, and every continuation of a scope, arrive at the same task as the scope's clustering
 * state: the pair goes straight on to the clustering, with no repartition and no windowed join
 * stores. The first half waits (in memory, and in {@link StoreNames#PENDING}, keyed by continuation
 * id, if it is still waiting when the task commits: most partners arrive within milliseconds, so
 * most halves never touch the store) until its partner comes; a half whose partner has not come {@code window + grace} of stream time later, a
 * pair whose halves are further apart than the window, a half replaced by a later copy of itself,
 * and a record not keyed by its scope come out with the reason, for the dead-letter topic.
 */
final class ContinuationPairing implements Processor<String, SpecificRecord, String, JoinResult> {

    private static final byte EMBEDDING = 'e';
    private static final byte SIGNATURE = 's';

    private final Duration window;
    private final Duration grace;
    private final InternalAvroSerde<ContinuationEmbedding> embeddings = new InternalAvroSerde<>(ContinuationEmbedding.class);
    private final InternalAvroSerde<ContinuationSignature> signatures = new InternalAvroSerde<>(ContinuationSignature.class);
    private final Serializer<ContinuationEmbedding> embeddingBytes = embeddings.serializer();
    private final Serializer<ContinuationSignature> signatureBytes = signatures.serializer();
    private ProcessorContext<String, JoinResult> context;
    private KeyValueStore<String, byte[]> pending;
    /**
     * The store's waiting halves, decoded: read once when the task starts, then written with the
     * store. A partner is found here instead of being read back from the store and decoded again,
     * which was about a twentieth of the stream thread's time.
     */
    private final Map<String, Waiting> waiting = new HashMap<>();
    /** The continuation ids the store holds a half for, as of the last write. */
    private final Set<String> stored = new HashSet<>();
    /** The ids whose waiting half changed (came, was replaced, paired, expired) since the last write. */
    private final Set<String> changed = new HashSet<>();

    ContinuationPairing(Duration window, Duration grace) {
        this.window = window;
        this.grace = grace;
    }

    @Override
    public void init(ProcessorContext<String, JoinResult> context) {
        this.context = context;
        this.pending = context.getStateStore(StoreNames.PENDING);
        // Streams may init the same processor again after aborting a transaction (a revived task):
        // the store is then back at the last commit, and so must this copy be.
        waiting.clear();
        stored.clear();
        changed.clear();
        try (var it = pending.all()) {
            it.forEachRemaining(kv -> waiting.put(kv.key, decode(kv.value)));
        }
        stored.addAll(waiting.keySet());
        WriteBehindStore.of(context.getStateStore(StoreNames.PENDING)).beforeCommit(this::writePending);
        // Stream time, so that a replay expires the same halves at the same point of the input.
        Duration every = Duration.ofMillis(Math.max(1_000, Math.min(window.plus(grace).toMillis(), 10_000)));
        context.schedule(every, PunctuationType.STREAM_TIME, this::expire);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord half = record.value();
        if (half == null) {
            context.forward(new Record<>(record.key(), new JoinResult(null, null, "a record with key '" + record.key()
                    + "' has no value (tombstone): continuation-embeddings and continuation-signatures carry one half"
                    + " per record", DeadLetterStage.VALIDATION), record.timestamp()));
            return;
        }
        String id = half instanceof ContinuationEmbedding e ? e.getContinuationId() : ((ContinuationSignature) half).getContinuationId();
        String scope = half instanceof ContinuationEmbedding e ? e.getScope() : ((ContinuationSignature) half).getScope();
        if (!scope.equals(record.key())) {
            report(record.key(), half, record.timestamp(), DeadLetterStage.VALIDATION, "continuation " + id
                    + ": the record's key is '" + record.key()
                    + "' but its scope is '" + scope + "'; continuation-embeddings and continuation-signatures must be"
                    + " keyed by scope, so that a scope's halves and state meet in one task");
            return;
        }
        Waiting partner = waiting.get(id);
        if (partner == null) {
            hold(id, half, record.timestamp());
            return;
        }
        if (partner.half().getClass() == half.getClass()) {
            hold(id, half, record.timestamp());
            report(scope, partner.half(), partner.timestamp(), DeadLetterStage.VALIDATION, "continuation " + id
                    + ": a later copy of its "
                    + kind(half) + " replaced this one before the " + partnerKind(half) + " arrived");
            return;
        }
        waiting.remove(id);
        changed.add(id);
        long apart = Math.abs(record.timestamp() - partner.timestamp());
        if (apart > window.toMillis()) {
            String reason = "continuation " + id + ": its embedding and signature are " + apart / 1000.0
                    + " s apart, beyond the join window of " + window.toSeconds() + " s";
            report(scope, partner.half(), partner.timestamp(), DeadLetterStage.PROCESSING, reason);
            report(scope, half, record.timestamp(), DeadLetterStage.PROCESSING, reason);
            return;
        }
        ContinuationEmbedding e = half instanceof ContinuationEmbedding x ? x : (ContinuationEmbedding) partner.half();
        ContinuationSignature s = half instanceof ContinuationSignature x ? x : (ContinuationSignature) partner.half();
        context.forward(new Record<>(scope, JoinResult.pair(e, s), Math.max(record.timestamp(), partner.timestamp())));
    }

    /** Reports and forgets the halves that waited longer than the window and its grace, in id order. */
    private void expire(long streamTime) {
        long cutoff = streamTime - window.toMillis() - grace.toMillis();
        List<String> expired = new ArrayList<>();
        waiting.forEach((id, w) -> {
            if (w.timestamp() < cutoff) {
                expired.add(id);
            }
        });
        expired.sort(null);
        for (String id : expired) {
            Waiting w = waiting.remove(id);
            changed.add(id);
            String scope = w.half() instanceof ContinuationEmbedding e ? e.getScope() : ((ContinuationSignature) w.half()).getScope();
            report(scope, w.half(), w.timestamp(), DeadLetterStage.PROCESSING, "continuation " + id + ": its " + kind(w.half()) + " found no "
                    + partnerKind(w.half()) + " within the join window (" + window.toSeconds() + " s, grace "
                    + grace.toSeconds() + " s)");
        }
    }

    /** Before a commit: the store takes the halves still waiting and drops those paired or expired since. */
    private void writePending() {
        for (String id : changed) {
            Waiting w = waiting.get(id);
            if (w != null) {
                pending.put(id, encode(w.half(), w.timestamp()));
                stored.add(id);
            } else if (stored.remove(id)) {
                pending.delete(id);
            }
        }
        changed.clear();
    }

    private void report(String key, SpecificRecord half, long timestamp, DeadLetterStage stage, String reason) {
        JoinResult result = half instanceof ContinuationEmbedding e ? new JoinResult(e, null, reason, stage)
                : new JoinResult(null, (ContinuationSignature) half, reason, stage);
        context.forward(new Record<>(key, result, timestamp));
    }

    private static String kind(SpecificRecord half) {
        return half instanceof ContinuationEmbedding ? "embedding" : "signature";
    }

    private static String partnerKind(SpecificRecord half) {
        return half instanceof ContinuationEmbedding ? "signature" : "embedding";
    }

    private record Waiting(SpecificRecord half, long timestamp) {
    }

    private void hold(String id, SpecificRecord half, long timestamp) {
        waiting.put(id, new Waiting(half, timestamp));
        changed.add(id);
    }

    /** {@code tag, timestamp, Avro}: the timestamp up front, so that expiry reads it without decoding the half. */
    private byte[] encode(SpecificRecord half, long timestamp) {
        byte[] avro = half instanceof ContinuationEmbedding e ? embeddingBytes.serialize(null, e)
                : signatureBytes.serialize(null, (ContinuationSignature) half);
        return ByteBuffer.allocate(9 + avro.length).put(half instanceof ContinuationEmbedding ? EMBEDDING : SIGNATURE)
                .putLong(timestamp).put(avro).array();
    }

    private static long timestampOf(byte[] stored) {
        return ByteBuffer.wrap(stored, 1, 8).getLong();
    }

    private Waiting decode(byte[] stored) {
        SpecificRecord half = stored[0] == EMBEDDING ? embeddings.decode(stored, 9, stored.length - 9)
                : signatures.decode(stored, 9, stored.length - 9);
        return new Waiting(half, timestampOf(stored));
    }
}

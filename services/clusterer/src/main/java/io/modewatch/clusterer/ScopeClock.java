package io.modewatch.clusterer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What the clusterer keeps per scope beside the clustering core's state: event-time bookkeeping
 * the core does not need (it counts events) but the topics do (they carry timestamps), sequence
 * numbers of the alert and drift histories, the scope's dimensions, fixed by its first event,
 * against which every later event is checked before it can touch the state, and the signature
 * space id of its latest event, which names the units in queries.
 */
final class ScopeClock {

    long firstTimestamp = -1;
    long lastTimestamp = -1;
    long windowStartTimestamp = -1;
    long alertSeq;
    long driftSeq;
    int semanticDim = -1;
    int signatureDim = -1;
    private String signatureSpaceId;
    /** The id's UTF-8 bytes, kept so the per-event encode does not convert it again. */
    private byte[] signatureSpaceIdBytes = new byte[0];

    void observe(long timestamp) {
        if (firstTimestamp < 0) {
            firstTimestamp = timestamp;
        }
        if (windowStartTimestamp < 0) {
            windowStartTimestamp = timestamp;
        }
        lastTimestamp = Math.max(lastTimestamp, timestamp);
    }

    String signatureSpaceId() {
        return signatureSpaceId;
    }

    void signatureSpaceId(String id) {
        if (id != null && !id.equals(signatureSpaceId)) {
            signatureSpaceId = id;
            signatureSpaceIdBytes = id.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Version 2 appends the signature space id; version 1 entries (without it) still decode. */
    byte[] encode() {
        return ByteBuffer.allocate(1 + 5 * Long.BYTES + 3 * Integer.BYTES + signatureSpaceIdBytes.length)
                .put((byte) 2).putLong(firstTimestamp)
                .putLong(lastTimestamp).putLong(windowStartTimestamp).putLong(alertSeq).putLong(driftSeq)
                .putInt(semanticDim).putInt(signatureDim)
                .putInt(signatureSpaceIdBytes.length).put(signatureSpaceIdBytes).array();
    }

    static ScopeClock decode(byte[] bytes) {
        ScopeClock c = new ScopeClock();
        if (bytes == null) {
            return c;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        c.firstTimestamp = in.getLong();
        c.lastTimestamp = in.getLong();
        c.windowStartTimestamp = in.getLong();
        c.alertSeq = in.getLong();
        c.driftSeq = in.getLong();
        c.semanticDim = in.getInt();
        c.signatureDim = in.getInt();
        if (version >= 2) {
            byte[] id = new byte[in.getInt()];
            in.get(id);
            if (id.length > 0) {
                c.signatureSpaceId(new String(id, StandardCharsets.UTF_8));
            }
        }
        return c;
    }
}

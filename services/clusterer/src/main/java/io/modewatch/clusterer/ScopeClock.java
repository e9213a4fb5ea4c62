package io.modewatch.clusterer;

import java.nio.ByteBuffer;

/**
 * What the clusterer keeps per scope beside the clustering core's state: event-time bookkeeping
 * the core does not need (it counts events) but the topics do (they carry timestamps), sequence
 * numbers of the alert and drift histories, and the scope's dimensions, fixed by its first event,
 * against which every later event is checked before it can touch the state.
 */
final class ScopeClock {

    long firstTimestamp = -1;
    long lastTimestamp = -1;
    long windowStartTimestamp = -1;
    long alertSeq;
    long driftSeq;
    int semanticDim = -1;
    int signatureDim = -1;

    void observe(long timestamp) {
        if (firstTimestamp < 0) {
            firstTimestamp = timestamp;
        }
        if (windowStartTimestamp < 0) {
            windowStartTimestamp = timestamp;
        }
        lastTimestamp = Math.max(lastTimestamp, timestamp);
    }

    byte[] encode() {
        return ByteBuffer.allocate(1 + 5 * Long.BYTES + 2 * Integer.BYTES).put((byte) 1).putLong(firstTimestamp)
                .putLong(lastTimestamp).putLong(windowStartTimestamp).putLong(alertSeq).putLong(driftSeq)
                .putInt(semanticDim).putInt(signatureDim).array();
    }

    static ScopeClock decode(byte[] bytes) {
        ScopeClock c = new ScopeClock();
        if (bytes == null) {
            return c;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        in.get();
        c.firstTimestamp = in.getLong();
        c.lastTimestamp = in.getLong();
        c.windowStartTimestamp = in.getLong();
        c.alertSeq = in.getLong();
        c.driftSeq = in.getLong();
        c.semanticDim = in.getInt();
        c.signatureDim = in.getInt();
        return c;
    }
}

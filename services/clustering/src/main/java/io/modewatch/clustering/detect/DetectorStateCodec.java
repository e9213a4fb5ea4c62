package io.modewatch.clustering.detect;

import io.modewatch.clustering.StateReader;
import io.modewatch.clustering.StateWriter;
import java.io.IOException;
import io.modewatch.clustering.online.ScopeStateCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of a {@link DetectorState}: a header (per-component statuses, family counts and the
 * open window, which change with every event) and one entry per reference mode and per family
 * offset (which change only when a component is judged). Family offsets are keyed by
 * {@link #familyKey}, below every component id. Raw bits throughout, so a replay after a restore
 * raises the same alerts. Version 1 headers (before families) still decode.
 */
public final class DetectorStateCodec {

    private static final byte VERSION = 2;
    private static final byte VERSION_WITHOUT_FAMILIES = 1;

    public record Encoded(byte[] header, Map<Integer, byte[]> references) {
    }

    private DetectorStateCodec() {
    }

    /** The entry key of a family's offset: negative, so it never meets a component id. */
    static int familyKey(int familyId) {
        return -1 - familyId;
    }

    /** Reference sample points per entry: a whole sample in one entry could exceed a Kafka record. */
    static final int SAMPLE_CHUNK = 16;

    /** The entry key of a chunk of the reference sample: far below every family key. */
    static int sampleKey(int chunk) {
        return Integer.MIN_VALUE + chunk;
    }

    public static Encoded encode(DetectorState s) {
        Map<Integer, byte[]> references = new LinkedHashMap<>();
        for (ReferenceMode r : s.reference) {
            references.put(r.id(), StateWriter.entry(out -> {
                out.writeByte(VERSION);
                out.writeInt(r.id());
                out.writeDouble(r.share());
                out.writeDouble(r.varE());
                out.writeDouble(r.varA());
                out.writeFloats(r.semantic());
                out.writeInt(r.signature().length);
                out.writeCentroid(r.signature());
            }));
        }
        for (ModeFamily f : s.families.values()) {
            references.put(familyKey(f.id), StateWriter.entry(out -> {
                out.writeByte(VERSION);
                out.writeFloats(f.offset);
            }));
        }
        for (int from = 0; from < s.sample.size(); from += SAMPLE_CHUNK) {
            List<ReferenceSample.Point> chunk = s.sample.subList(from, Math.min(s.sample.size(), from + SAMPLE_CHUNK));
            references.put(sampleKey(from / SAMPLE_CHUNK), StateWriter.entry(out -> {
                out.writeByte(VERSION);
                out.writeInt(chunk.size());
                for (ReferenceSample.Point p : chunk) {
                    out.writeDouble(p.traffic());
                    out.writeDouble(p.ownDistortion());
                    ScopeStateCodec.writeMember(out, p.member());
                }
            }));
        }
        return new Encoded(header(s), references);
    }

    /**
     * The per-event part alone (statuses, family counts, the open window). The reference and offset
     * entries change only when the revision does, so a store writing after every event should not
     * re-encode them.
     */
    public static byte[] header(DetectorState s) {
        return StateWriter.entry(out -> {
            out.writeByte(VERSION);
            out.writeLong(s.referenceTakenAt);
            out.writeLong(s.revision);
            out.writeInts(s.reference.stream().mapToInt(ReferenceMode::id).toArray());
            out.writeInt(s.sample.size());
            out.writeInt(s.statuses.size());
            for (Map.Entry<Integer, ModeStatus> e : s.statuses.entrySet()) {
                ModeStatus m = e.getValue();
                out.writeInt(e.getKey());
                out.writeBoolean(m.judged);
                out.writeBoolean(m.established);
                out.writeInt(m.family);
                out.writeBoolean(m.alerted);
                out.writeBoolean(m.vanishReported);
                out.writeInt(m.lowWindows);
            }
            out.writeInt(s.nextFamilyId);
            out.writeInt(s.families.size());
            for (ModeFamily f : s.families.values()) {
                out.writeInt(f.id);
                out.writeByte(f.kind.ordinal());
                out.writeLong(f.firstEvent);
                out.writeLong(f.count);
                out.writeBoolean(f.alerted);
            }
            writeWindow(out, s);
        });
    }

    public static DetectorState decode(Encoded encoded) {
        try {
            DetectorState s = new DetectorState();
            StateReader in = new StateReader(encoded.header());
            byte version = in.readByte();
            if (version != VERSION && version != VERSION_WITHOUT_FAMILIES) {
                throw new IllegalArgumentException("unknown detector state version " + version);
            }
            s.referenceTakenAt = in.readLong();
            if (version == VERSION) {
                s.revision = in.readLong();
            }
            for (int id : in.readInts()) {
                s.reference.add(reference(entry(encoded, id, "reference mode " + id)));
            }
            if (version == VERSION) {
                int points = in.readInt();
                for (int chunk = 0; chunk * SAMPLE_CHUNK < points; chunk++) {
                    StateReader sample = new StateReader(entry(encoded, sampleKey(chunk), "reference sample chunk " + chunk));
                    checkVersion(sample);
                    int n = sample.readInt();
                    for (int i = 0; i < n; i++) {
                        s.sample.add(new ReferenceSample.Point(sample.readDouble(), sample.readDouble(), ScopeStateCodec.readMember(sample)));
                    }
                }
            }
            int statuses = in.readInt();
            for (int i = 0; i < statuses; i++) {
                int id = in.readInt();
                ModeStatus m = new ModeStatus();
                if (version == VERSION) {
                    m.judged = in.readBoolean();
                    m.established = in.readBoolean();
                    m.family = in.readInt();
                    m.alerted = in.readBoolean();
                } else {
                    in.readLong(); // the persistence clock of version 1, which families replace
                    m.alerted = in.readBoolean();
                    m.established = in.readBoolean();
                    m.judged = m.alerted || m.established;
                }
                m.vanishReported = in.readBoolean();
                m.lowWindows = in.readInt();
                s.statuses.put(id, m);
            }
            if (version == VERSION) {
                s.nextFamilyId = in.readInt();
                int families = in.readInt();
                for (int i = 0; i < families; i++) {
                    int id = in.readInt();
                    NoveltyKind kind = NoveltyKind.values()[in.readByte()];
                    long firstEvent = in.readLong();
                    StateReader offset = new StateReader(entry(encoded, familyKey(id), "family " + id));
                    checkVersion(offset);
                    ModeFamily f = new ModeFamily(id, kind, offset.readFloats(), firstEvent);
                    f.count = in.readLong();
                    f.alerted = in.readBoolean();
                    s.families.put(id, f);
                }
            }
            s.referenceChanged();
            s.windowIndex = in.readLong();
            s.windowStart = in.readLong();
            readMasses(in, s.windowMass);
            readMasses(in, s.windowBinMass);
            s.windowTotal = in.readDouble();
            s.windowDistortionE = in.readDouble();
            s.windowDistortionA = in.readDouble();
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt detector state", e);
        }
    }

    private static byte[] entry(Encoded encoded, int key, String what) {
        byte[] entry = encoded.references().get(key);
        if (entry == null) {
            throw new IllegalArgumentException(what + " is listed but its entry is missing");
        }
        return entry;
    }

    private static void writeWindow(StateWriter out, DetectorState s) throws IOException {
        out.writeLong(s.windowIndex);
        out.writeLong(s.windowStart);
        writeMasses(out, s.windowMass);
        writeMasses(out, s.windowBinMass);
        out.writeDouble(s.windowTotal);
        out.writeDouble(s.windowDistortionE);
        out.writeDouble(s.windowDistortionA);
    }

    private static ReferenceMode reference(byte[] entry) throws IOException {
        StateReader in = new StateReader(entry);
        checkVersion(in);
        int id = in.readInt();
        double share = in.readDouble();
        double varE = in.readDouble();
        double varA = in.readDouble();
        float[] semantic = in.readFloats();
        float[] signature = new float[in.readInt()];
        in.readCentroid(signature);
        return new ReferenceMode(id, share, varE, varA, semantic, signature);
    }

    private static void writeMasses(StateWriter out, Map<Integer, Double> masses) throws IOException {
        out.writeInt(masses.size());
        for (Map.Entry<Integer, Double> e : masses.entrySet()) {
            out.writeInt(e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    private static void readMasses(StateReader in, Map<Integer, Double> masses) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            masses.put(in.readInt(), in.readDouble());
        }
    }

    /** Entries of either version share their layout after the version byte. */
    private static void checkVersion(StateReader in) throws IOException {
        byte v = in.readByte();
        if (v != VERSION && v != VERSION_WITHOUT_FAMILIES) {
            throw new IllegalArgumentException("unknown detector state version " + v);
        }
    }
}

package io.modewatch.clustering.detect;

import io.modewatch.clustering.StateReader;
import io.modewatch.clustering.StateWriter;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary form of a {@link DetectorState}: a header (per-component statuses and the open window,
 * which change with every event) and one entry per reference mode (which change only when the
 * baseline is taken). Raw bits throughout, so a replay after a restore raises the same alerts.
 */
public final class DetectorStateCodec {

    private static final byte VERSION = 1;

    public record Encoded(byte[] header, Map<Integer, byte[]> references) {
    }

    private DetectorStateCodec() {
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
        byte[] header = header(s);
        return new Encoded(header, references);
    }

    /**
     * The per-event part alone (statuses and the open window). The reference entries change only
     * when a baseline is taken, so a store writing after every event should not re-encode them.
     */
    public static byte[] header(DetectorState s) {
        return StateWriter.entry(out -> {
            out.writeByte(VERSION);
            out.writeLong(s.referenceTakenAt);
            out.writeInts(s.reference.stream().mapToInt(ReferenceMode::id).toArray());
            out.writeInt(s.statuses.size());
            for (Map.Entry<Integer, ModeStatus> e : s.statuses.entrySet()) {
                ModeStatus m = e.getValue();
                out.writeInt(e.getKey());
                out.writeLong(m.qualifyingSince);
                out.writeBoolean(m.alerted);
                out.writeBoolean(m.established);
                out.writeBoolean(m.vanishReported);
                out.writeInt(m.lowWindows);
            }
            out.writeLong(s.windowIndex);
            out.writeLong(s.windowStart);
            writeMasses(out, s.windowMass);
            writeMasses(out, s.windowBinMass);
            out.writeDouble(s.windowTotal);
            out.writeDouble(s.windowDistortionE);
            out.writeDouble(s.windowDistortionA);
        });
    }

    public static DetectorState decode(Encoded encoded) {
        try {
            DetectorState s = new DetectorState();
            StateReader in = new StateReader(encoded.header());
            checkVersion(in);
            s.referenceTakenAt = in.readLong();
            for (int id : in.readInts()) {
                byte[] entry = encoded.references().get(id);
                if (entry == null) {
                    throw new IllegalArgumentException("reference mode " + id + " is listed but its entry is missing");
                }
                s.reference.add(reference(entry));
            }
            int statuses = in.readInt();
            for (int i = 0; i < statuses; i++) {
                int id = in.readInt();
                ModeStatus m = new ModeStatus();
                m.qualifyingSince = in.readLong();
                m.alerted = in.readBoolean();
                m.established = in.readBoolean();
                m.vanishReported = in.readBoolean();
                m.lowWindows = in.readInt();
                s.statuses.put(id, m);
            }
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

    private static void checkVersion(StateReader in) throws IOException {
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IllegalArgumentException("unknown detector state version " + v);
        }
    }
}

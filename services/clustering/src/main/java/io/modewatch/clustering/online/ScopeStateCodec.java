package io.modewatch.clustering.online;

import io.modewatch.clustering.StateReader;
import io.modewatch.clustering.StateWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary form of a {@link ScopeState}: a small header (scalars, normaliser, component ids), one
 * entry per component, one for the poorly explained buffer and one for the bootstrap events.
 *
 * <p>Members (reservoir and buffer entries, about 4 KB each at 384 + 256 nnz) can travel in two
 * ways. <em>Inline</em> ({@link #component}, {@link #buffer}): each entry is self-contained, about
 * 190 KB per component with a 48-member reservoir. <em>Separate</em> ({@link #componentCore},
 * {@link #bufferIndex}, {@link #member}): the component and buffer entries list their members'
 * events and each member is its own entry keyed by {@link MemberKey}, so an ordinary event
 * rewrites a 6 KB core and writes one 4 KB member instead of rewriting 190 KB; the evicted member
 * is the one whose event left the core's list. Decoding accepts either form per entry.
 * Decoding rebuilds derived caches with the code that built them, so a restored state is bit-exact.
 */
public final class ScopeStateCodec {

    private static final byte VERSION = 1;

    /** Owner of the poorly explained buffer's members in {@link MemberKey}. */
    public static final int BUFFER_OWNER = -1;

    /** A remembered member: in the reservoir of component {@code owner}, or in the buffer ({@link #BUFFER_OWNER}). */
    public record MemberKey(int owner, long event) {
    }

    private static final byte INLINE = 0;
    private static final byte SEPARATE = 1;

    /** The entries of one scope, ready for a key-value store; {@code members} is empty for the inline form. */
    public record Encoded(byte[] header, Map<Integer, byte[]> components, byte[] buffer, byte[] bootstrap,
                          Map<MemberKey, byte[]> members) {
    }

    private ScopeStateCodec() {
    }

    /** Self-contained entries (members inline). */
    public static Encoded encode(ScopeState s) {
        Map<Integer, byte[]> components = new LinkedHashMap<>();
        for (OnlineComponent c : s.components.values()) {
            components.put(c.id, component(c));
        }
        return new Encoded(header(s), components, buffer(s), bootstrap(s), Map.of());
    }

    /** Small entries, with every reservoir and buffer member in an entry of its own. */
    public static Encoded encodeWithSeparateMembers(ScopeState s) {
        Map<Integer, byte[]> components = new LinkedHashMap<>();
        Map<MemberKey, byte[]> members = new LinkedHashMap<>();
        for (OnlineComponent c : s.components.values()) {
            components.put(c.id, componentCore(c));
            for (Member m : c.reservoir) {
                members.put(new MemberKey(c.id, m.event()), member(m));
            }
        }
        for (Member m : s.buffer) {
            members.put(new MemberKey(BUFFER_OWNER, m.event()), member(m));
        }
        return new Encoded(header(s), components, bufferIndex(s), bootstrap(s), members);
    }

    public static ScopeState decode(Encoded encoded) {
        return decode(encoded.header(), encoded.components(), encoded.buffer(), encoded.bootstrap(), encoded.members());
    }

    /** Scalars, the signature normaliser and the component ids in order. */
    public static byte[] header(ScopeState s) {
        return StateWriter.entry(out -> {
            out.writeByte(VERSION);
            out.writeString(s.scope);
            out.writeLong(s.seed);
            out.writeInt(s.semanticDim);
            out.writeInt(s.signatureDim);
            out.writeLong(s.events);
            out.writeDouble(s.scale);
            out.writeDouble(s.totalMass);
            out.writeInt(s.nextId);
            out.writeInt(s.bufferedSinceBirthTrial);
            out.writeDouble(s.floorE);
            out.writeDouble(s.floorA);
            out.writeBoolean(s.normaliser != null);
            if (s.normaliser != null) {
                out.writeSignature(s.normaliser.centre());
                out.writeDouble(s.normaliser.scale());
            }
            out.writeInts(s.components.keySet().stream().mapToInt(Integer::intValue).toArray());
        });
    }

    /** A component with its reservoir members inline. */
    public static byte[] component(OnlineComponent c) {
        return StateWriter.entry(out -> {
            writeCore(out, c);
            writeInline(out, c.reservoir);
        });
    }

    /** A component whose reservoir members are stored as separate {@link #member} entries. */
    public static byte[] componentCore(OnlineComponent c) {
        return StateWriter.entry(out -> {
            writeCore(out, c);
            writeEvents(out, c.reservoir);
        });
    }

    /** The buffer with its members inline. */
    public static byte[] buffer(ScopeState s) {
        return StateWriter.entry(out -> writeInline(out, s.buffer));
    }

    /** The buffer as the events of its members, which are stored as separate {@link #member} entries. */
    public static byte[] bufferIndex(ScopeState s) {
        return StateWriter.entry(out -> writeEvents(out, s.buffer));
    }

    private static void writeCore(StateWriter out, OnlineComponent c) throws IOException {
        out.writeByte(VERSION);
        out.writeInt(c.id);
        out.writeInt(c.parentId);
        out.writeInts(c.lineage);
        out.writeByte(c.origin.ordinal());
        out.writeLong(c.bornAt);
        out.writeDouble(c.mass);
        out.writeDoubles(c.semanticSum);
        out.writeCentroid(c.signatureCentroid);
        out.writeDouble(c.distortionE);
        out.writeDouble(c.distortionA);
        out.writeDouble(c.reservoirVarE);
        out.writeDouble(c.reservoirVarA);
        out.writeLong(c.assigned);
        out.writeDouble(c.distortionAtSplitTrial);
        out.writeLong(c.eventAtSplitTrial);
    }

    public static byte[] member(Member m) {
        return StateWriter.entry(out -> writeMember(out, m));
    }

    /** One member in the layout every state entry uses (also the detector's reference sample). */
    public static void writeMember(StateWriter out, Member m) throws IOException {
        out.writeLong(m.event());
        out.writeString(m.id());
        out.writeDouble(m.weight());
        out.writeFloats(m.semantic());
        out.writeSignature(m.signature());
        out.writeNullableString(m.text());
    }

    public static Member readMember(StateReader in) throws IOException {
        return new Member(in.readLong(), in.readString(), in.readDouble(), in.readFloats(), in.readSignature(), in.readNullableString());
    }

    public static byte[] bootstrap(ScopeState s) {
        return bootstrap(s.bootstrap.stream().map(ScopeStateCodec::bootstrapObservation).toList());
    }

    /**
     * One bootstrap event as its own entry. Before the first clustering a scope buffers
     * {@code bootstrapEvents} raw observations, which together can exceed what one Kafka record
     * (a changelog entry) may hold, so a store keeps them one per entry.
     */
    public static byte[] bootstrapObservation(Observation o) {
        return StateWriter.entry(out -> {
            out.writeString(o.id());
            out.writeDouble(o.weight());
            out.writeFloats(o.semantic());
            out.writeSignature(o.signature());
            out.writeNullableString(o.text());
        });
    }

    /** The bootstrap entry {@link #decode} reads, from per-event entries in arrival order. */
    public static byte[] bootstrap(List<byte[]> observations) {
        return StateWriter.entry(out -> {
            out.writeInt(observations.size());
            for (byte[] o : observations) {
                out.writeRaw(o);
            }
        });
    }

    /** Decodes inline entries. */
    public static ScopeState decode(byte[] header, Map<Integer, byte[]> components, byte[] buffer, byte[] bootstrap) {
        return decode(header, components, buffer, bootstrap, Map.of());
    }

    /**
     * Decodes entries of either form; {@code members} holds the separate member entries. {@code buffer}
     * may be null for a scope that has not bootstrapped yet (its stores hold no buffer entry then).
     */
    public static ScopeState decode(byte[] header, Map<Integer, byte[]> components, byte[] buffer, byte[] bootstrap,
                                    Map<MemberKey, byte[]> members) {
        return decode(header, components, buffer, bootstrap, members, true);
    }

    /**
     * For a reader that cannot stop the writer (an interactive query reading the stores entry by
     * entry while events update them): a component or member the other entries list but that was
     * already replaced or not yet written is left out instead of failing the read. The result is a
     * view for display, never a state to continue from.
     */
    public static ScopeState decodeSnapshot(byte[] header, Map<Integer, byte[]> components, byte[] buffer, byte[] bootstrap,
                                            Map<MemberKey, byte[]> members) {
        return decode(header, components, buffer, bootstrap, members, false);
    }

    private static ScopeState decode(byte[] header, Map<Integer, byte[]> components, byte[] buffer, byte[] bootstrap,
                                     Map<MemberKey, byte[]> members, boolean strict) {
        try {
            StateReader in = new StateReader(header);
            checkVersion(in);
            ScopeState s = new ScopeState(in.readString(), in.readLong());
            s.semanticDim = in.readInt();
            s.signatureDim = in.readInt();
            s.events = in.readLong();
            s.scale = in.readDouble();
            s.totalMass = in.readDouble();
            s.nextId = in.readInt();
            s.bufferedSinceBirthTrial = in.readInt();
            s.floorE = in.readDouble();
            s.floorA = in.readDouble();
            if (in.readBoolean()) {
                s.normaliser = new SignatureNormaliser(in.readSignature(), in.readDouble());
            }
            for (int id : in.readInts()) {
                byte[] bytes = components.get(id);
                if (bytes == null) {
                    if (!strict) {
                        continue;
                    }
                    throw new IllegalArgumentException("scope " + s.scope + " lists component " + id + " but its entry is missing");
                }
                s.components.put(id, decodeComponent(bytes, s.semanticDim, s.signatureDim, members, strict));
            }
            s.rebuildOrder();
            if (buffer != null) {
                s.buffer.addAll(readMembers(new StateReader(buffer), BUFFER_OWNER, members, strict));
            } else if (s.bootstrapped() && strict) {
                // Before its bootstrap a scope has a header and bootstrap events but no buffer entry yet.
                throw new IllegalArgumentException("scope " + s.scope + " is bootstrapped but its buffer entry is missing");
            }
            StateReader b = new StateReader(bootstrap);
            int n = b.readInt();
            for (int i = 0; i < n; i++) {
                s.bootstrap.add(new Observation(b.readString(), b.readDouble(), b.readFloats(), b.readSignature(), b.readNullableString()));
            }
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt scope state", e);
        }
    }

    /** A component entry with its members inline. */
    public static OnlineComponent decodeComponent(byte[] bytes, int semanticDim, int signatureDim) {
        return decodeComponent(bytes, semanticDim, signatureDim, Map.of());
    }

    /** A component entry of either form; {@code members} holds the separate member entries (may be empty for inline). */
    public static OnlineComponent decodeComponent(byte[] bytes, int semanticDim, int signatureDim, Map<MemberKey, byte[]> members) {
        return decodeComponent(bytes, semanticDim, signatureDim, members, true);
    }

    private static OnlineComponent decodeComponent(byte[] bytes, int semanticDim, int signatureDim,
                                                   Map<MemberKey, byte[]> members, boolean strict) {
        try {
            StateReader in = new StateReader(bytes);
            checkVersion(in);
            OnlineComponent c = new OnlineComponent(in.readInt(), in.readInt(), in.readInts(), Origin.values()[in.readByte()],
                    in.readLong(), semanticDim, signatureDim);
            c.mass = in.readDouble();
            double[] sum = in.readDoubles();
            System.arraycopy(sum, 0, c.semanticSum, 0, sum.length);
            in.readCentroid(c.signatureCentroid);
            c.distortionE = in.readDouble();
            c.distortionA = in.readDouble();
            c.reservoirVarE = in.readDouble();
            c.reservoirVarA = in.readDouble();
            c.assigned = in.readLong();
            c.distortionAtSplitTrial = in.readDouble();
            c.eventAtSplitTrial = in.readLong();
            c.reservoir.addAll(readMembers(in, c.id, members, strict));
            c.refreshSemanticCentroid();
            c.refreshSignatureNorm();
            return c;
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt component state", e);
        }
    }

    private static void checkVersion(StateReader in) throws IOException {
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IllegalArgumentException("unknown state version " + v);
        }
    }

    private static void writeInline(StateWriter out, Iterable<Member> members) throws IOException {
        List<Member> list = new ArrayList<>();
        members.forEach(list::add);
        out.writeByte(INLINE);
        out.writeInt(list.size());
        for (Member m : list) {
            writeMember(out, m);
        }
    }

    private static void writeEvents(StateWriter out, Iterable<Member> members) throws IOException {
        List<Member> list = new ArrayList<>();
        members.forEach(list::add);
        out.writeByte(SEPARATE);
        out.writeInt(list.size());
        for (Member m : list) {
            out.writeLong(m.event());
        }
    }

    /** A member list of either form: inline, or events whose entries are in {@code entries}. */
    private static List<Member> readMembers(StateReader in, int owner, Map<MemberKey, byte[]> entries, boolean strict)
            throws IOException {
        byte form = in.readByte();
        int n = in.readInt();
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (form == INLINE) {
                out.add(readMember(in));
                continue;
            }
            MemberKey key = new MemberKey(owner, in.readLong());
            byte[] entry = entries.get(key);
            if (entry == null) {
                if (!strict) {
                    continue;
                }
                throw new IllegalArgumentException("member entry " + key + " is listed but missing");
            }
            out.add(readMember(new StateReader(entry)));
        }
        return out;
    }
}

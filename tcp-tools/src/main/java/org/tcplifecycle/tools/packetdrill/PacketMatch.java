package org.tcplifecycle.tools.packetdrill;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpFlags;
import org.tcplifecycle.tools.packetdrill.Event.Packet;
import org.tcplifecycle.wire.OptionLayout;
import org.tcplifecycle.wire.TcpCodec;

/**
 * Comparing a segment the engine sent with a scripted outbound packet, and printing both in script
 * notation. Sequence numbers are shown relative to the engine's ISN, acknowledgments and SACK blocks
 * relative to the script's ISN; options are read back from the bytes the wire codec writes for the
 * segment (Linux layout), so their order is checked as it would be on the wire.
 */
final class PacketMatch {
    /** What the runner knows about sequence and timestamp spaces. */
    static final class Spaces {
        long localIsn;
        long remoteIsn;
        /** Script TS val minus live TS val, learned from the first outbound timestamp. */
        long tsOffset;
        boolean tsOffsetKnown;
        /** 0: outbound TS val not checked (packetdrill's default); otherwise microseconds per tick. */
        long tsTickMicros;
        long toleranceMicros;
    }

    private PacketMatch() {
    }

    /** The TCP options of {@code s} as the Linux-layout encoder lays them out. */
    static List<TcpOption> options(Segment s) {
        int hlen = TcpCodec.headerLength(s, OptionLayout.LINUX);
        ByteBuffer b = ByteBuffer.allocate(TcpCodec.encodedLength(s, OptionLayout.LINUX));
        Segment copy = new Segment().copyFrom(s);
        TcpCodec.encode(copy, b, 0, OptionLayout.LINUX);
        List<TcpOption> out = new ArrayList<>();
        int i = 20;
        while (i < hlen) {
            int kind = b.get(i) & 0xFF;
            if (kind == 0) {
                out.add(new TcpOption.Eol());
                break;
            }
            if (kind == 1) {
                out.add(new TcpOption.Nop());
                i++;
                continue;
            }
            int len = b.get(i + 1) & 0xFF;
            switch (kind) {
                case 2 -> out.add(new TcpOption.Mss(b.getShort(i + 2) & 0xFFFF, ""));
                case 3 -> out.add(new TcpOption.WindowScale(b.get(i + 2) & 0xFF, false));
                case 4 -> out.add(new TcpOption.SackPermitted());
                case 5 -> {
                    List<TcpOption.SackBlock> blocks = new ArrayList<>();
                    for (int k = i + 2; k + 8 <= i + len; k += 8) {
                        blocks.add(new TcpOption.SackBlock(b.getInt(k) & 0xFFFF_FFFFL, b.getInt(k + 4) & 0xFFFF_FFFFL));
                    }
                    out.add(new TcpOption.Sack(blocks));
                }
                case 8 -> out.add(new TcpOption.Timestamp(b.getInt(i + 2) & 0xFFFF_FFFFL, b.getInt(i + 6) & 0xFFFF_FFFFL));
                default -> out.add(new TcpOption.Unknown("kind" + kind, List.of()));
            }
            i += Math.max(len, 2);
        }
        return out;
    }

    /**
     * Learns the TS val offset from the first outbound segment with timestamps (as packetdrill does), then
     * returns null if {@code live} matches {@code want}, or what differs.
     */
    static String mismatch(Packet want, Segment live, Spaces sp) {
        List<String> diffs = new ArrayList<>();
        if (want.flags() != live.flags) diffs.add("flags");
        long seq = rel(live.seq, sp.localIsn);
        if (seq != want.startSeq()) diffs.add("sequence number");
        if (want.length() != live.payloadLength) diffs.add("payload length");
        if (want.ack().isPresent() && (want.flags() & TcpFlags.ACK) != 0
                && rel(live.ack, sp.remoteIsn) != want.ack().getAsLong()) diffs.add("ack");
        if (want.window().isPresent() && want.window().getAsInt() != live.window) diffs.add("window");
        if (!want.optionsUnchecked()) {
            String o = optionsMismatch(want.options(), options(live), live, sp);
            if (o != null) diffs.add(o);
        }
        return diffs.isEmpty() ? null : String.join(", ", diffs);
    }

    private static String optionsMismatch(List<TcpOption> want, List<TcpOption> live, Segment seg, Spaces sp) {
        if (seg.hasTimestamps && !sp.tsOffsetKnown) {
            for (TcpOption o : want) {
                if (o instanceof TcpOption.Timestamp ts) {
                    sp.tsOffset = ts.val() - (seg.tsVal & 0xFFFF_FFFFL);
                    sp.tsOffsetKnown = true;
                }
            }
        }
        if (want.size() != live.size()) return "TCP options";
        for (int i = 0; i < want.size(); i++) {
            TcpOption w = want.get(i), l = live.get(i);
            if (w.getClass() != l.getClass()) return "TCP options";
            if (w instanceof TcpOption.Mss m && !m.symbolic() && m.bytes() != ((TcpOption.Mss) l).bytes()) return "MSS option";
            if (w instanceof TcpOption.WindowScale ws && !ws.wildcard() && ws.shift() != ((TcpOption.WindowScale) l).shift()) {
                return "window scale option";
            }
            if (w instanceof TcpOption.Timestamp ts) {
                TcpOption.Timestamp lt = (TcpOption.Timestamp) l;
                if (ts.ecr() != lt.ecr()) return "TS ecr";
                if (sp.tsTickMicros > 0) {
                    long expected = ts.val() - sp.tsOffset;
                    long slack = Math.max(1, sp.toleranceMicros / sp.tsTickMicros);
                    if (Math.abs(expected - lt.val()) > slack) return "TS val";
                }
            }
            if (w instanceof TcpOption.Sack s) {
                List<TcpOption.SackBlock> lb = ((TcpOption.Sack) l).blocks();
                if (s.blocks().size() != lb.size()) return "SACK blocks";
                for (int k = 0; k < lb.size(); k++) {
                    if (s.blocks().get(k).left() != rel(lb.get(k).left(), sp.remoteIsn)
                            || s.blocks().get(k).right() != rel(lb.get(k).right(), sp.remoteIsn)) return "SACK blocks";
                }
            }
        }
        return null;
    }

    static long rel(long value, long isn) {
        return (value - isn) & 0xFFFF_FFFFL;
    }

    /** A live segment in script notation, e.g. {@code F. 1:1(0) ack 1 win 256 <nop,nop,TS val 1100 ecr 200>}. */
    static String describe(Segment s, Spaces sp) {
        long seq = rel(s.seq, sp.localIsn);
        StringBuilder b = new StringBuilder(flags(s.flags)).append(' ')
                .append(seq).append(':').append(seq + s.payloadLength).append('(').append(s.payloadLength).append(')');
        if ((s.flags & TcpFlags.ACK) != 0) b.append(" ack ").append(rel(s.ack, sp.remoteIsn));
        b.append(" win ").append(s.window);
        List<TcpOption> o = options(s);
        if (!o.isEmpty()) {
            b.append(" <").append(o.stream().map(x -> option(x, sp, true)).collect(Collectors.joining(","))).append('>');
        }
        return b.toString();
    }

    /** A scripted packet in script notation (as written, without the time). */
    static String describe(Packet p) {
        StringBuilder b = new StringBuilder(p.flagsText()).append(' ')
                .append(p.startSeq()).append(':').append(p.endSeq()).append('(').append(p.length()).append(')');
        p.ack().ifPresent(a -> b.append(" ack ").append(a));
        p.window().ifPresent(w -> b.append(" win ").append(w));
        if (p.optionsUnchecked()) {
            b.append(" <...>");
        } else if (!p.options().isEmpty()) {
            b.append(" <").append(p.options().stream().map(x -> option(x, null, false)).collect(Collectors.joining(","))).append('>');
        }
        return b.toString();
    }

    private static String option(TcpOption o, Spaces sp, boolean live) {
        if (o instanceof TcpOption.Nop) return "nop";
        if (o instanceof TcpOption.Eol) return "eol";
        if (o instanceof TcpOption.Mss m) return "mss " + (m.symbolic() ? m.symbol() : Long.toString(m.bytes()));
        if (o instanceof TcpOption.WindowScale w) return "wscale " + (w.wildcard() ? "*" : Integer.toString(w.shift()));
        if (o instanceof TcpOption.SackPermitted) return "sackOK";
        if (o instanceof TcpOption.Timestamp t) {
            long val = live && sp != null && sp.tsOffsetKnown ? (t.val() + sp.tsOffset) & 0xFFFF_FFFFL : t.val();
            return "TS val " + val + " ecr " + t.ecr();
        }
        if (o instanceof TcpOption.Sack s) {
            return "sack " + s.blocks().stream()
                    .map(k -> live && sp != null ? rel(k.left(), sp.remoteIsn) + ":" + rel(k.right(), sp.remoteIsn)
                            : k.left() + ":" + k.right())
                    .collect(Collectors.joining(" "));
        }
        if (o instanceof TcpOption.Unknown u) return u.name();
        return o.toString();
    }

    /** Flags in script notation: {@code S}, {@code S.}, {@code FP.}, {@code R.}, {@code .}, {@code -}. */
    static String flags(int f) {
        StringBuilder b = new StringBuilder();
        if ((f & TcpFlags.FIN) != 0) b.append('F');
        if ((f & TcpFlags.SYN) != 0) b.append('S');
        if ((f & TcpFlags.RST) != 0) b.append('R');
        if ((f & TcpFlags.PSH) != 0) b.append('P');
        if ((f & TcpFlags.URG) != 0) b.append('U');
        if ((f & TcpFlags.ECE) != 0) b.append('E');
        if ((f & TcpFlags.CWR) != 0) b.append('W');
        if ((f & TcpFlags.ACK) != 0) b.append('.');
        return b.length() == 0 ? "-" : b.toString();
    }
}

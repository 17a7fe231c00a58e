package org.tcplifecycle.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.tcplifecycle.api.Segment;
import org.tcplifecycle.tools.pcap.LinkType;
import org.tcplifecycle.tools.pcap.PcapWriter;
import org.tcplifecycle.tools.replay.CaptureFile;
import org.tcplifecycle.tools.replay.Packet;
import org.tcplifecycle.wire.IpCodec;
import org.tcplifecycle.wire.OptionLayout;

/** Edited copies of real captures: packets dropped, changed or shifted, re-encoded with good checksums. */
public final class Synth {
    private final List<Packet> packets = new ArrayList<>();

    public static Synth of(String capture) {
        Synth s = new Synth();
        s.packets.addAll(CaptureFile.read(Run.capture(capture), false).packets());
        return s;
    }

    /** Keep frames whose number is not listed. */
    public Synth drop(long... numbers) {
        packets.removeIf(p -> {
            for (long n : numbers) if (p.number() == n) return true;
            return false;
        });
        return this;
    }

    /** Record frame {@code number} twice, the copy one microsecond later. */
    public Synth duplicate(long number) {
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            if (p.number() == number) {
                packets.add(i + 1, new Packet(p.number(), p.timeNanos() + 1000, p.seg().deepCopy()));
                return this;
            }
        }
        throw new IllegalArgumentException("no frame " + number);
    }

    /** Change one frame's segment. */
    public Synth edit(long number, Consumer<Segment> change) {
        for (Packet p : packets) if (p.number() == number) change.accept(p.seg());
        return this;
    }

    /** Append another capture's packets, shifted in time, each segment edited. */
    public Synth append(String capture, long shiftNanos, Consumer<Segment> change) {
        long base = packets.isEmpty() ? 0 : packets.get(packets.size() - 1).timeNanos();
        for (Packet p : CaptureFile.read(Run.capture(capture), false).packets()) {
            change.accept(p.seg());
            packets.add(new Packet(p.number(), p.timeNanos() - firstTime(capture) + base + shiftNanos, p.seg()));
        }
        return this;
    }

    private static long firstTime(String capture) {
        return CaptureFile.read(Run.capture(capture), false).packets().get(0).timeNanos();
    }

    /** Write as a raw-IP pcap with every checksum computed. */
    public Path write(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(70000);
        try (PcapWriter w = PcapWriter.create(file, LinkType.RAW, PcapWriter.Resolution.NANOS)) {
            int id = 1;
            for (Packet p : packets) {
                int n = IpCodec.encode(p.seg(), buf, 0, OptionLayout.LINUX, id++);
                w.write(p.timeNanos(), buf.array(), 0, n);
            }
        }
        return file;
    }
}

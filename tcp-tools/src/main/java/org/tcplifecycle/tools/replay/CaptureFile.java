package org.tcplifecycle.tools.replay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.tcplifecycle.api.Segment;
import org.tcplifecycle.tools.Main.UsageException;
import org.tcplifecycle.tools.pcap.CapturedPacket;
import org.tcplifecycle.tools.pcap.PcapReader;
import org.tcplifecycle.wire.DecodeResult;
import org.tcplifecycle.wire.IpCodec;

/**
 * The TCP segments of a pcap or pcapng file. IP packets that are not TCP (or do not decode) are counted
 * and skipped. TCP checksums are checked only on request: Linux loopback captures carry unfinished ones.
 *
 * @param packets      the TCP segments in file order
 * @param badChecksums segments dropped because their checksum was wrong (only with verification on)
 * @param notTcp       IP packets skipped because they are not TCP or do not decode
 * @param duplicates   packets skipped because the same bytes were just recorded on another interface (a
 *                     capture merged from, say, {@code lo} and {@code any})
 */
public record CaptureFile(Path path, List<Packet> packets, int badChecksums, int notTcp, int duplicates) {
    /** How far back (packets, and nanoseconds) a copy of the same packet on another interface is looked for. */
    private static final int DUP_WINDOW = 8;
    private static final long DUP_NANOS = 100_000_000L;


    /** Reads {@code file}; unreadable or malformed input is a {@link UsageException} with a one-line reason. */
    public static CaptureFile read(Path file, boolean verifyChecksums) {
        if (!Files.exists(file)) throw new UsageException("cannot read " + file + ": no such file");
        if (Files.isDirectory(file)) throw new UsageException("cannot read " + file + ": is a directory");
        List<CapturedPacket> raw;
        try {
            raw = PcapReader.readAll(file);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UsageException("cannot read " + file + ": permission denied");
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
        List<Packet> out = new ArrayList<>(raw.size());
        int bad = 0, other = 0, dups = 0;
        java.util.ArrayDeque<CapturedPacket> recent = new java.util.ArrayDeque<>();
        long lastTime = 0;
        Segment seg = new Segment();
        int checks = verifyChecksums ? IpCodec.CHECK_ALL : IpCodec.CHECK_IP;
        for (CapturedPacket p : raw) {
            ByteBuffer ip = p.ip();
            int r = IpCodec.decode(ip, 0, ip.remaining(), seg, checks);
            long t = p.timestampNanos() == PcapReader.NO_TIMESTAMP ? lastTime : p.timestampNanos();
            lastTime = t;
            if (duplicate(p, recent)) {
                dups++;
                continue;
            }
            recent.addLast(p);
            if (recent.size() > DUP_WINDOW) recent.removeFirst();
            if (r == DecodeResult.OK) {
                out.add(new Packet(p.number(), t, seg.deepCopy()));
            } else if (r == DecodeResult.BAD_CHECKSUM || r == DecodeResult.BAD_IP_CHECKSUM) {
                bad++;
            } else {
                other++;
            }
        }
        return new CaptureFile(file, out, bad, other, dups);
    }

    private static boolean duplicate(CapturedPacket p, java.util.ArrayDeque<CapturedPacket> recent) {
        for (CapturedPacket q : recent) {
            if (q.interfaceId() != p.interfaceId() && Math.abs(q.timestampNanos() - p.timestampNanos()) <= DUP_NANOS
                    && q.ip().equals(p.ip())) {
                return true;
            }
        }
        return false;
    }
}

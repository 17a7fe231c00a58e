package org.tcplifecycle.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counts of dropped packets by {@link DecodeResult} code. One writer (the thread that decodes); any
 * thread may read. Writes and reads are opaque: a reader such as a Micrometer {@code FunctionCounter}
 * sees whole, eventually current values without the writer paying for a fence.
 */
public final class DropCounters {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] counts = new long[DecodeResult.COUNT];

    /** Count {@code result} if it is a drop; returns it unchanged so a decoder can {@code return drops.record(r)}. */
    public int record(int result) {
        if (result > DecodeResult.OK && result < DecodeResult.COUNT) {
            SLOT.setOpaque(counts, result, (long) SLOT.getOpaque(counts, result) + 1);
        }
        return result;
    }

    /** Drops counted for one reason. */
    public long get(int result) {
        return result > DecodeResult.OK && result < DecodeResult.COUNT ? (long) SLOT.getOpaque(counts, result) : 0;
    }

    /** Drops over all reasons. */
    public long total() {
        long t = 0;
        for (int i = 1; i < DecodeResult.COUNT; i++) t += (long) SLOT.getOpaque(counts, i);
        return t;
    }

    /** Copy the counts into {@code out} (length at least {@link DecodeResult#COUNT}), index = result code. */
    public long[] snapshot(long[] out) {
        for (int i = 0; i < DecodeResult.COUNT; i++) out[i] = (long) SLOT.getOpaque(counts, i);
        return out;
    }

    /** Zero every count; only from the writer thread. */
    public void reset() {
        for (int i = 0; i < DecodeResult.COUNT; i++) SLOT.setOpaque(counts, i, 0L);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("drops{total=").append(total());
        for (int i = 1; i < DecodeResult.COUNT; i++) {
            long c = get(i);
            if (c != 0) sb.append(", ").append(DecodeResult.name(i)).append('=').append(c);
        }
        return sb.append('}').toString();
    }
}

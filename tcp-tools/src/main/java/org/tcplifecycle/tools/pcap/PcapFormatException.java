package org.tcplifecycle.tools.pcap;

import java.io.IOException;

/**
 * A capture file that is malformed or truncated. The message always names the byte offset (from the start of
 * the file or stream) of the structure that is wrong and what is wrong with it, so that the file can be
 * inspected with a hex viewer.
 */
public final class PcapFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String problem;

    /**
     * @param source  the file name, or {@code null} for an anonymous stream
     * @param offset  the byte offset of the faulty structure
     * @param problem what is wrong, without the offset
     */
    public PcapFormatException(String source, long offset, String problem) {
        super((source == null ? "" : source + ": ") + "offset " + offset + ": " + problem);
        this.offset = offset;
        this.problem = problem;
    }

    /** The byte offset of the faulty structure from the start of the input. */
    public long offset() {
        return offset;
    }

    /** What is wrong, without the source and offset. */
    public String problem() {
        return problem;
    }
}

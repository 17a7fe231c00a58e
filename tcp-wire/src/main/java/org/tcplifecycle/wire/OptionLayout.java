package org.tcplifecycle.wire;

/**
 * Order and padding of the TCP options {@link TcpCodec#encode} writes. Which options appear is decided
 * by the segment alone (MSS when {@code mss != NO_MSS}, window scale when {@code wscale != NO_WSCALE},
 * SACK-permitted, timestamps, SACK blocks); the layout only decides their arrangement. SACK blocks that
 * do not fit in the 40 option bytes left by the other options are dropped from the end of the list.
 */
public enum OptionLayout {
    /**
     * The arrangement Linux sends, every option on a 32-bit boundary:
     * <pre>
     * MSS                 02 04 mm mm
     * SACK-perm + TS      04 02 08 0a vvvvvvvv eeeeeeee   (both present)
     * TS alone            01 01 08 0a vvvvvvvv eeeeeeee
     * SACK-perm alone     01 01 04 02                     (no TS)
     * window scale        01 03 03 ss
     * SACK blocks         01 01 05 ll (llllllll rrrrrrrr)*
     * </pre>
     * So a Linux SYN reads MSS, SACK-perm, TS, NOP, wscale and a data segment NOP, NOP, TS. With
     * timestamps at most 3 SACK blocks fit.
     */
    LINUX,
    /**
     * Each option once, in kind order MSS(2), window scale(3), SACK-perm(4), SACK(5), TS(8), with no
     * NOP, then EOL bytes up to the next multiple of 4. Options land on odd offsets, which is what
     * decoders must cope with.
     */
    PACKED
}

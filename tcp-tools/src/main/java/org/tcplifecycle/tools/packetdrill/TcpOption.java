package org.tcplifecycle.tools.packetdrill;

import java.util.List;

/** One entry of a packet's TCP option list {@code <...>}. */
public sealed interface TcpOption {

    /** {@code nop}. */
    record Nop() implements TcpOption {
    }

    /** {@code eol}. */
    record Eol() implements TcpOption {
    }

    /**
     * {@code mss N} or {@code mss NAME}; when the value is a name (e.g. {@code MSS}, defined by the
     * environment) {@code symbol} holds it and {@code bytes} is -1, otherwise {@code symbol} is empty.
     */
    record Mss(long bytes, String symbol) implements TcpOption {
        public boolean symbolic() {
            return !symbol.isEmpty();
        }
    }

    /** {@code wscale N}, or {@code wscale *} (any shift, {@code wildcard} true, {@code shift} 0). */
    record WindowScale(int shift, boolean wildcard) implements TcpOption {
    }

    /** {@code sackOK}. */
    record SackPermitted() implements TcpOption {
    }

    /** {@code sack L:R L:R ...}. */
    record Sack(List<SackBlock> blocks) implements TcpOption {
        public Sack {
            blocks = List.copyOf(blocks);
        }
    }

    /** One {@code left:right} SACK block (right is exclusive). */
    record SackBlock(long left, long right) {
    }

    /** {@code TS val V ecr E}. */
    record Timestamp(long val, long ecr) implements TcpOption {
    }

    /**
     * {@code FO [cookie]} (kind 34, RFC 7413) or {@code FOEXP [cookie]} (experimental kind 254 with magic
     * 0xF989). The cookie is kept as its raw token, e.g. {@code abcd1234} or the symbol {@code TFO_COOKIE};
     * empty for a cookie request.
     */
    record FastOpen(boolean experimental, String cookie) implements TcpOption {
    }

    /** {@code md5 DIGEST} (RFC 2385), digest kept as written. */
    record Md5(String digest) implements TcpOption {
    }

    /** An option this parser does not know, kept as its name and the raw tokens after it. */
    record Unknown(String name, List<String> tokens) implements TcpOption {
        public Unknown {
            tokens = List.copyOf(tokens);
        }
    }
}

package org.tcplifecycle.api;

/**
 * The eleven connection states of RFC 9293 §3.3.2, spelled as the RFC spells them (with underscores).
 */
public enum TcpState {
    CLOSED("CLOSED"),
    LISTEN("LISTEN"),
    SYN_SENT("SYN-SENT"),
    SYN_RECEIVED("SYN-RECEIVED"),
    ESTABLISHED("ESTABLISHED"),
    FIN_WAIT_1("FIN-WAIT-1"),
    FIN_WAIT_2("FIN-WAIT-2"),
    CLOSE_WAIT("CLOSE-WAIT"),
    CLOSING("CLOSING"),
    LAST_ACK("LAST-ACK"),
    TIME_WAIT("TIME-WAIT");

    private static final TcpState[] VALUES = values();

    private final String rfcName;

    TcpState(String rfcName) {
        this.rfcName = rfcName;
    }

    /** The name as RFC 9293 prints it, e.g. {@code FIN-WAIT-1}. */
    public String rfcName() {
        return rfcName;
    }

    /** State for an ordinal without allocating (used by primitive-only event paths). */
    public static TcpState of(int ordinal) {
        return VALUES[ordinal];
    }

    public static int count() {
        return VALUES.length;
    }

    /** Both sides' initial sequence numbers are known: every state from ESTABLISHED on. */
    public boolean isSynchronized() {
        return ordinal() >= ESTABLISHED.ordinal();
    }

    /** SEND is accepted (data may be queued): the peer has not yet been told we are done sending. */
    public boolean maySend() {
        return this == SYN_SENT || this == SYN_RECEIVED || this == ESTABLISHED || this == CLOSE_WAIT;
    }

    /** New data from the peer may still arrive: the peer's FIN has not been received. */
    public boolean mayReceive() {
        return this == SYN_SENT || this == SYN_RECEIVED || this == ESTABLISHED
                || this == FIN_WAIT_1 || this == FIN_WAIT_2;
    }

    /** We have sent (or queued) our FIN. */
    public boolean finSent() {
        return this == FIN_WAIT_1 || this == FIN_WAIT_2 || this == CLOSING
                || this == LAST_ACK || this == TIME_WAIT;
    }
}

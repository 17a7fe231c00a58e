package org.tcplifecycle.api.policy;

/**
 * What an acceptable RST does to a connection in TIME_WAIT. RFC 793 lets it close the connection at
 * once ("TIME-WAIT assassination", RFC 1337 hazard H1-H3); RFC 1337's fix ignores it.
 */
@FunctionalInterface
public interface TimeWaitRstPolicy {
    boolean rstEndsTimeWait();

    /** RFC 793 behaviour (Linux with tcp_rfc1337=0, its default). */
    TimeWaitRstPolicy RFC793 = () -> true;

    /** RFC 1337: ignore RST in TIME_WAIT (Linux with tcp_rfc1337=1, gVisor, lwIP). */
    TimeWaitRstPolicy RFC1337 = () -> false;
}

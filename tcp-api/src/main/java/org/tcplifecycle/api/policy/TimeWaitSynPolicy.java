package org.tcplifecycle.api.policy;

import org.tcplifecycle.api.Seq;

/**
 * Whether a SYN arriving for a 4-tuple that is in TIME_WAIT may start a new incarnation (RFC 9293
 * §3.6.1 / RFC 1122 4.2.2.13, RFC 6191 with timestamps). If not, the SYN is treated as RFC 9293 says
 * for TIME_WAIT: acknowledged (and the 2MSL timer restarted).
 */
@FunctionalInterface
public interface TimeWaitSynPolicy {
    /**
     * @param synSeq      the SYN's sequence number
     * @param rcvNxt      RCV.NXT of the connection in TIME_WAIT
     * @param synHasTs    the SYN carries a timestamp option
     * @param synTsVal    its TSval
     * @param twHasTs     the old connection used timestamps
     * @param twTsRecent  TS.Recent of the old connection
     */
    boolean accept(int synSeq, int rcvNxt, boolean synHasTs, int synTsVal, boolean twHasTs, int twTsRecent);

    /** Never reuse: the SYN is only acknowledged. */
    TimeWaitSynPolicy REFUSE = (s, r, sh, sv, th, tr) -> false;

    /**
     * RFC 6191: with timestamps on both, accept when the SYN's TSval is newer than TS.Recent; without,
     * accept when the SYN's sequence number is above RCV.NXT (RFC 1122).
     */
    TimeWaitSynPolicy RFC6191 = (synSeq, rcvNxt, synHasTs, synTsVal, twHasTs, twTsRecent) -> {
        if (synHasTs && twHasTs) return Seq.gt(synTsVal, twTsRecent);
        return Seq.gt(synSeq, rcvNxt);
    };

    /** Sequence numbers only (RFC 1122 4.2.2.13 without timestamps). */
    TimeWaitSynPolicy SEQUENCE_ONLY = (synSeq, rcvNxt, sh, sv, th, tr) -> Seq.gt(synSeq, rcvNxt);
}

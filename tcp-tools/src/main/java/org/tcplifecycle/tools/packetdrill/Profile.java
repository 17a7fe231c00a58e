package org.tcplifecycle.tools.packetdrill;

import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.core.TcpConfig;

/** The policy set a script runs against. */
public enum Profile {
    /**
     * The Linux defaults the upstream scripts assume ({@link TcpConfig#linuxPacketdrill()}): MSS 1460,
     * window scale 8, timestamps with a 1 ms clock, SACK-permitted, RTO 1 s initial and 200 ms minimum,
     * tail loss probes, RST+ACK on abort, TSopt on RST, RFC 1337 off.
     */
    LINUX,
    /** The RFC defaults ({@link TcpConfig#rfc()}). */
    RFC;

    /** A fresh configuration for one script run. */
    public TcpConfig config() {
        TcpConfig c = this == LINUX ? TcpConfig.linuxPacketdrill() : TcpConfig.rfc();
        // sequence numbers are compared relative to the ISN, so any value will do; a fixed one keeps runs reproducible
        c.isn = IsnGenerator.fixed(0x5eed_0001);
        return c;
    }
}

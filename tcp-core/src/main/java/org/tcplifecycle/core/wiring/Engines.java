package org.tcplifecycle.core.wiring;

import org.tcplifecycle.api.SegmentSink;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.policy.ClosePolicy;
import org.tcplifecycle.api.policy.IsnGenerator;
import org.tcplifecycle.api.policy.KeepalivePolicy;
import org.tcplifecycle.api.policy.OrphanPolicy;
import org.tcplifecycle.api.policy.ResetPolicy;
import org.tcplifecycle.api.policy.RetransmissionPolicy;
import org.tcplifecycle.api.policy.TimeWaitCapPolicy;
import org.tcplifecycle.api.policy.TimeWaitPolicy;
import org.tcplifecycle.api.policy.SynCookiePolicy;
import org.tcplifecycle.api.policy.TimeWaitReusePolicy;
import org.tcplifecycle.api.policy.TimeWaitRstPolicy;
import org.tcplifecycle.api.policy.TimeWaitSynPolicy;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;

/**
 * Engines without writing Dagger code. {@code Engines.create(sink, listener)} is the default engine
 * (RFC profile, RFC 6528 ISNs); {@code Engines.builder()} replaces any policy. Both go through the
 * generated {@link EngineComponent}.
 */
public final class Engines {
    private Engines() {
    }

    /** The default engine. */
    public static TcpEngine create(SegmentSink sink, TcpEventListener listener) {
        return builder().sink(sink).listener(listener).build();
    }

    /** The generated component factory, for callers that want the component itself. */
    public static EngineComponent.Factory factory() {
        return DaggerEngineComponent.factory();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects choices; every one left unset keeps the default. */
    public static final class Builder {
        private SegmentSink sink;
        private TcpEventListener listener = TcpEventListener.NONE;
        private TcpConfig base;
        private ClosePolicy close;
        private ResetPolicy reset;
        private OrphanPolicy orphan;
        private IsnGenerator isn;
        private TimeWaitPolicy timeWait;
        private TimeWaitCapPolicy timeWaitCap;
        private TimeWaitSynPolicy timeWaitSyn;
        private TimeWaitRstPolicy timeWaitRst;
        private TimeWaitReusePolicy timeWaitReuse;
        private SynCookiePolicy synCookies;
        private RetransmissionPolicy retransmission;
        private KeepalivePolicy keepalive;

        private Builder() {
        }

        public Builder sink(SegmentSink v) {
            this.sink = v;
            return this;
        }

        public Builder listener(TcpEventListener v) {
            this.listener = v == null ? TcpEventListener.NONE : v;
            return this;
        }

        /** Sizes, options and starting policies; the object becomes the engine's configuration. */
        public Builder config(TcpConfig v) {
            this.base = v;
            return this;
        }

        public Builder close(ClosePolicy v) {
            this.close = v;
            return this;
        }

        public Builder reset(ResetPolicy v) {
            this.reset = v;
            return this;
        }

        public Builder orphan(OrphanPolicy v) {
            this.orphan = v;
            return this;
        }

        public Builder isn(IsnGenerator v) {
            this.isn = v;
            return this;
        }

        public Builder timeWait(TimeWaitPolicy v) {
            this.timeWait = v;
            return this;
        }

        public Builder timeWaitCap(TimeWaitCapPolicy v) {
            this.timeWaitCap = v;
            return this;
        }

        public Builder timeWaitSyn(TimeWaitSynPolicy v) {
            this.timeWaitSyn = v;
            return this;
        }

        public Builder timeWaitRst(TimeWaitRstPolicy v) {
            this.timeWaitRst = v;
            return this;
        }

        public Builder timeWaitReuse(TimeWaitReusePolicy v) {
            this.timeWaitReuse = v;
            return this;
        }

        public Builder synCookies(SynCookiePolicy v) {
            this.synCookies = v;
            return this;
        }

        public Builder retransmission(RetransmissionPolicy v) {
            this.retransmission = v;
            return this;
        }

        public Builder keepalive(KeepalivePolicy v) {
            this.keepalive = v;
            return this;
        }

        public EngineComponent component() {
            if (sink == null) throw new IllegalStateException("a SegmentSink is required");
            return factory().create(sink, listener, base, close, reset, orphan, isn, timeWait, timeWaitCap, timeWaitSyn, timeWaitRst, timeWaitReuse, retransmission, keepalive,
                    synCookies);
        }

        public TcpEngine build() {
            return component().engine();
        }
    }
}

package org.tcplifecycle.tools.packetdrill;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.tcplifecycle.api.TcpFlags;

/** One timed line of a script. */
public sealed interface Event {

    /** 1-based source line of the event's time. */
    int line();

    /** When the event happens. */
    Timing timing();

    /** Features beyond plain TCP that this event needs (see {@link Features}). */
    default Set<Feature> features() {
        return Features.of(this);
    }

    /**
     * A TCP segment, injected ({@code <}) or expected ({@code >}), e.g.
     * {@code +0 < S. 0:0(0) ack 1 win 32768 <mss 1000,nop,wscale 6>}.
     *
     * <p>As in packetdrill, sequence numbers are relative: inbound ones to the script's own ISN, outbound
     * ones to the system under test's ISN, and {@code ack} the other way round.
     *
     * @param direction        inbound or outbound
     * @param prefix           raw text between the direction and the flags (outer headers such as
     *                         {@code encap psp spi 23}, {@code ipv4 ... :}, IP tags such as {@code [ect0]},
     *                         ports {@code 80 > 1234}); empty for a plain packet
     * @param flags            {@link TcpFlags} bits: {@code F S R P .}(ACK) {@code U E}(ECE) {@code W}(CWR)
     * @param flagsText        the flags as written, e.g. {@code S.}, {@code FP.}, or {@code -} for none
     * @param startSeq         first sequence number of {@code start:end(length)}
     * @param endSeq           sequence number just past the payload ({@code startSeq + length})
     * @param length           payload length in bytes
     * @param ack              the {@code ack N} field, if written
     * @param window           the {@code win N} field, if written
     * @param urgentPointer    the {@code urg N} field, if written
     * @param options          the TCP options in order; empty when none are written or for {@code <...>}
     * @param optionsUnchecked true for {@code <...>}: whatever options the packet carries are accepted
     */
    record Packet(int line, Timing timing, Direction direction, String prefix, int flags, String flagsText,
                  long startSeq, long endSeq, int length, OptionalLong ack, OptionalInt window,
                  OptionalInt urgentPointer, List<TcpOption> options, boolean optionsUnchecked) implements Event {
        public Packet {
            options = List.copyOf(options);
        }

        public boolean inbound() {
            return direction == Direction.INBOUND;
        }

        public boolean outbound() {
            return direction == Direction.OUTBOUND;
        }

        /** True if every bit of {@code mask} (a {@link TcpFlags} constant or an OR of them) is set. */
        public boolean has(int mask) {
            return (flags & mask) == mask;
        }

        /** The first option of the given type, if present. */
        public <T extends TcpOption> Optional<T> option(Class<T> type) {
            return options.stream().filter(type::isInstance).map(type::cast).findFirst();
        }
    }

    /**
     * A non-TCP packet line (UDP, ICMP) or a packet whose TCP part could not be found; kept as text so
     * that the script still parses and the runner can report the feature it needs.
     *
     * @param text the source text after the direction, up to the end of the line
     */
    record RawPacket(int line, Timing timing, Direction direction, String text) implements Event {
    }

    /**
     * A system call with its expected outcome, e.g.
     * {@code +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)}.
     *
     * @param returnMicros for a blocking call {@code start...end name(...)}, the time {@code end} at which the
     *                     call must return, counted from the same origin as {@link Timing#micros()} (from
     *                     the script start for an absolute time, from the previous event for a relative one);
     *                     empty for a call that must return at once
     * @param name         the function name, e.g. {@code setsockopt}
     * @param args         the arguments
     * @param result       the expected return value, usually an {@link Expr.Int}
     * @param errno        the expected errno name, e.g. {@code EINPROGRESS}
     * @param note         the text in parentheses after the result, e.g. {@code Operation now in progress}
     */
    record Syscall(int line, Timing timing, OptionalLong returnMicros, String name, List<Expr> args, Expr result,
                   Optional<String> errno, Optional<String> note) implements Event {
        public Syscall {
            args = List.copyOf(args);
        }

        public boolean blocking() {
            return returnMicros.isPresent();
        }

        /** Script time at which a blocking call returns, given the script time of the previous event. */
        public OptionalLong returnAfter(long previousMicros) {
            if (returnMicros.isEmpty()) {
                return OptionalLong.empty();
            }
            long end = returnMicros.getAsLong();
            return OptionalLong.of(timing.isRelative() ? previousMicros + end : end);
        }

        /** The expected return value when it is an integer. */
        public OptionalLong resultValue() {
            return result.asLong();
        }
    }

    /** A timed shell command, e.g. {@code +0 `sysctl -q net.ipv4.tcp_timestamps=1`}. */
    record Command(int line, Timing timing, ShellCommand command) implements Event {
    }

    /** A timed code block, e.g. {@code +0 %{ assert tcpi_state == TCP_CLOSE_WAIT, tcpi_state }%}. */
    record Code(int line, Timing timing, CodeBlock code) implements Event {
    }
}

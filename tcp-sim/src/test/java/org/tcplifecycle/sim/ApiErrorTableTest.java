package org.tcplifecycle.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.tcplifecycle.api.Endpoint;
import org.tcplifecycle.api.Segment;
import org.tcplifecycle.api.TcpEventListener;
import org.tcplifecycle.api.TcpException;
import org.tcplifecycle.api.TcpException.Error;
import org.tcplifecycle.api.TcpState;
import org.tcplifecycle.core.TcbView;
import org.tcplifecycle.core.TcpConfig;
import org.tcplifecycle.core.TcpEngine;

/**
 * Every user call in every state where RFC 9293 §3.10 answers with an error: the engine throws a
 * {@link TcpException} that names the call and the state, and the connection is left exactly as it
 * was ({@link TcpEngine#view} before and after are equal). Where the engine deliberately follows
 * socket semantics instead, the table says so and checks that behaviour.
 */
class ApiErrorTableTest {
    static final Endpoint A = Endpoint.v4("192.0.2.2", 40000), B = Endpoint.v4("192.0.2.1", 80);

    /** Two engines with hand-delivered segments; {@code a} is the end whose handle is examined. */
    static final class Duo {
        final TcpEngine a, b;
        final ArrayDeque<Segment> toB = new ArrayDeque<>(), toA = new ArrayDeque<>();
        long ha, hb, listener;

        Duo() {
            a = new TcpEngine(TcpConfig.rfc(), s -> toB.add(s.deepCopy()), TcpEventListener.NONE, 16);
            b = new TcpEngine(TcpConfig.rfc(), s -> toA.add(s.deepCopy()), TcpEventListener.NONE, 16);
        }

        void flush() {
            while (!toA.isEmpty() || !toB.isEmpty()) {
                if (!toB.isEmpty()) b.onSegment(toB.poll(), 0);
                if (!toA.isEmpty()) a.onSegment(toA.poll(), 0);
            }
        }

        Duo established() {
            listener = b.listen(B, 4);
            ha = a.connect(A, B, 0);
            flush();
            hb = b.accept(listener);
            return this;
        }
    }

    /** A handle on {@code a} in each state, built by real segments. */
    static final Map<TcpState, Function<Duo, Long>> BUILD = new EnumMap<>(TcpState.class);

    static {
        BUILD.put(TcpState.LISTEN, d -> d.a.listen(A, 4));
        BUILD.put(TcpState.SYN_SENT, d -> d.a.connect(A, B, 0));
        BUILD.put(TcpState.SYN_RECEIVED, d -> { // simultaneous open: both SYNs cross
            long h = d.a.connect(A, B, 0);
            d.b.connect(B, A, 0);
            d.b.onSegment(d.toB.poll(), 0);
            d.a.onSegment(d.toA.poll(), 0);
            return h;
        });
        BUILD.put(TcpState.ESTABLISHED, d -> d.established().ha);
        BUILD.put(TcpState.FIN_WAIT_1, d -> {
            d.established().a.shutdownOutput(d.ha, 0);
            return d.ha;
        });
        BUILD.put(TcpState.FIN_WAIT_2, d -> {
            d.established().a.shutdownOutput(d.ha, 0);
            d.flush();
            return d.ha;
        });
        BUILD.put(TcpState.CLOSE_WAIT, d -> {
            d.established().b.shutdownOutput(d.hb, 0);
            d.flush();
            return d.ha;
        });
        BUILD.put(TcpState.CLOSING, d -> { // simultaneous close: both FINs cross
            d.established();
            d.a.shutdownOutput(d.ha, 0);
            d.b.shutdownOutput(d.hb, 0);
            d.b.onSegment(d.toB.poll(), 0);
            d.a.onSegment(d.toA.poll(), 0);
            return d.ha;
        });
        BUILD.put(TcpState.LAST_ACK, d -> {
            d.established().b.shutdownOutput(d.hb, 0);
            d.flush();
            d.a.shutdownOutput(d.ha, 0);
            return d.ha;
        });
        BUILD.put(TcpState.TIME_WAIT, d -> {
            d.established().a.shutdownOutput(d.ha, 0);
            d.flush();
            d.b.shutdownOutput(d.hb, 0);
            d.flush();
            return d.ha;
        });
        BUILD.put(TcpState.CLOSED, d -> { // reset by the peer; the application still holds the handle
            d.established().b.abort(d.hb, 0);
            d.flush();
            return d.ha;
        });
    }

    /** A user call as the application makes it. */
    enum Call {
        OPEN {
            void call(Duo d, long h, TcpState s) {
                if (s == TcpState.LISTEN) d.a.listen(A, 4);
                else d.a.connect(A, B, 0);
            }
        },
        SEND {
            void call(Duo d, long h, TcpState s) {
                d.a.send(h, new byte[] {1, 2, 3}, 0, 3, 0);
            }
        },
        RECEIVE {
            void call(Duo d, long h, TcpState s) {
                last = d.a.receive(h, ByteBuffer.allocate(64), 0);
            }
        },
        CLOSE {
            void call(Duo d, long h, TcpState s) {
                d.a.close(h, 0);
            }
        },
        ACCEPT {
            void call(Duo d, long h, TcpState s) {
                d.a.accept(h);
            }
        };

        static int last;

        abstract void call(Duo d, long h, TcpState s);
    }

    record Row(TcpState state, Call call, Error error, String operation) {
    }

    /** The errors RFC 9293 §3.10 specifies (and ACCEPT, which exists only in this API, on a non-listener). */
    static List<Row> errorRows() {
        List<Row> rows = new ArrayList<>();
        for (TcpState s : TcpState.values()) {
            if (s == TcpState.CLOSED) continue;
            // OPEN on a 4-tuple (or listening port) already in use
            rows.add(new Row(s, Call.OPEN, s == TcpState.LISTEN ? Error.ADDRESS_IN_USE : Error.CONNECTION_ALREADY_EXISTS,
                    s == TcpState.LISTEN ? "LISTEN" : "OPEN"));
            if (s != TcpState.LISTEN) rows.add(new Row(s, Call.ACCEPT, Error.INVALID_ARGUMENT, "ACCEPT"));
        }
        rows.add(new Row(TcpState.LISTEN, Call.SEND, Error.FOREIGN_SOCKET_UNSPECIFIED, "SEND"));
        for (TcpState s : new TcpState[] {TcpState.FIN_WAIT_1, TcpState.FIN_WAIT_2, TcpState.CLOSING, TcpState.LAST_ACK,
            TcpState.TIME_WAIT}) {
            rows.add(new Row(s, Call.SEND, Error.CONNECTION_CLOSING, "SEND"));
        }
        // after a reset the RFC has already reported "connection reset"; later calls keep saying so
        rows.add(new Row(TcpState.CLOSED, Call.SEND, Error.CONNECTION_RESET, "SEND"));
        rows.add(new Row(TcpState.CLOSED, Call.RECEIVE, Error.CONNECTION_RESET, "RECEIVE"));
        return rows;
    }

    static Stream<Arguments> errors() {
        return errorRows().stream().map(r -> Arguments.of(r.state(), r.call(), r.error(), r.operation()));
    }

    @ParameterizedTest(name = "{1} in {0}: {2}")
    @MethodSource("errors")
    void errorNamesStateAndCallAndLeavesTheConnectionUnchanged(TcpState state, Call call, Error error, String op) {
        Duo d = new Duo();
        long h = BUILD.get(state).apply(d);
        assertThat(d.a.state(h)).isEqualTo(state);
        TcbView before = d.a.view(h);
        long conns = d.a.connectionCount(), tws = d.a.timeWaitCount();
        int queued = d.toB.size();
        TcpException ex = catchThrowableOfType(TcpException.class, () -> call.call(d, h, state));
        assertThat(ex).as("%s in %s must fail", call, state).isNotNull();
        assertThat(ex.error()).isEqualTo(error);
        assertThat(ex.operation()).isEqualTo(op);
        assertThat(ex.state()).isEqualTo(state);
        assertThat(ex.getMessage()).contains(op).contains(state.name()).contains(error.text);
        assertThat(d.a.view(h)).isEqualTo(before);
        assertThat(d.a.state(h)).isEqualTo(state);
        assertThat(d.a.connectionCount()).isEqualTo(conns);
        assertThat(d.a.timeWaitCount()).isEqualTo(tws);
        assertThat(d.toB).hasSize(queued); // nothing was sent
    }

    /**
     * RFC 9293 answers RECEIVE with "connection closing" once the peer's FIN has been delivered and
     * nothing is left to read (CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT). The engine follows sockets
     * instead: end of stream (-1), repeatedly, without changing anything.
     */
    @Test
    void receiveAfterPeerFinIsEndOfStreamNotAnError() {
        for (TcpState s : new TcpState[] {TcpState.CLOSE_WAIT, TcpState.CLOSING, TcpState.LAST_ACK, TcpState.TIME_WAIT}) {
            Duo d = new Duo();
            long h = BUILD.get(s).apply(d);
            TcbView before = d.a.view(h);
            Call.RECEIVE.call(d, h, s);
            assertThat(Call.last).as("RECEIVE in %s", s).isEqualTo(-1);
            assertThat(d.a.view(h)).isEqualTo(before);
        }
    }

    /** A handle the application released: every call says "connection does not exist", no state. */
    @Test
    void releasedHandleDoesNotExist() {
        Duo d = new Duo().established();
        d.a.close(d.ha, 0);
        for (Call c : new Call[] {Call.SEND, Call.RECEIVE, Call.CLOSE, Call.ACCEPT}) {
            TcpException ex = catchThrowableOfType(TcpException.class, () -> c.call(d, d.ha, null));
            assertThat(ex).as("%s on a released handle", c).isNotNull();
            assertThat(ex.error()).isEqualTo(Error.CONNECTION_DOES_NOT_EXIST);
            assertThat(ex.state()).isNull();
        }
    }

    @Test
    void tableCoversEveryState() {
        assertThat(BUILD.keySet()).containsExactlyInAnyOrder(TcpState.values());
        assertThat(errorRows()).hasSizeGreaterThan(25);
    }
}

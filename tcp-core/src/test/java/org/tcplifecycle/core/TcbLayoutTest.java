package org.tcplifecycle.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.tcplifecycle.api.TcpState;

/** The control block's footprint budget and the packed fields that keep it within budget. */
class TcbLayoutTest {
    /** Every live connection pays for one Tcb: a new field that breaks the budget must be paid for elsewhere. */
    @Test
    void controlBlockFitsIn256Bytes() {
        long size = ClassLayout.parseClass(Tcb.class).instanceSize();
        assertThat(size).as(ClassLayout.parseClass(Tcb.class).toPrintable()).isLessThanOrEqualTo(256);
    }

    @Test
    void stateRoundTripsThroughItsOrdinalAndAFreshBlockIsClosed() {
        Tcb t = new Tcb();
        assertThat(t.state()).isEqualTo(TcpState.CLOSED); // a zero byte must mean CLOSED
        for (TcpState s : TcpState.values()) {
            t.state(s);
            assertThat(t.state()).isEqualTo(s);
        }
        t.reset(3, 7);
        assertThat(t.state()).isEqualTo(TcpState.CLOSED);
    }

    private record Flag(String name, BiConsumer<Tcb, Boolean> set, Predicate<Tcb> get) {}

    private static final List<Flag> FLAGS = List.of(
            new Flag("allocated", Tcb::setAllocated, Tcb::isAllocated),
            new Flag("inTable", Tcb::setInTable, Tcb::isInTable),
            new Flag("tsOk", Tcb::setTsOk, Tcb::isTsOk),
            new Flag("sackOk", Tcb::setSackOk, Tcb::isSackOk),
            new Flag("wsOk", Tcb::setWsOk, Tcb::isWsOk),
            new Flag("rttTiming", Tcb::setRttTiming, Tcb::isRttTiming),
            new Flag("finAlone", Tcb::setFinAlone, Tcb::isFinAlone),
            new Flag("finQueued", Tcb::setFinQueued, Tcb::isFinQueued),
            new Flag("appClosed", Tcb::setAppClosed, Tcb::isAppClosed),
            new Flag("appOwned", Tcb::setAppOwned, Tcb::isAppOwned),
            new Flag("lingering", Tcb::setLingering, Tcb::isLingering),
            new Flag("lingerOn", Tcb::setLingerOn, Tcb::isLingerOn),
            new Flag("peerFin", Tcb::setPeerFin, Tcb::isPeerFin),
            new Flag("reset", Tcb::setReset, Tcb::isReset),
            new Flag("readShutdown", Tcb::setReadShutdown, Tcb::isReadShutdown),
            new Flag("ackNow", Tcb::setAckNow, Tcb::isAckNow),
            new Flag("inAcceptQueue", Tcb::setInAcceptQueue, Tcb::isInAcceptQueue));

    @Test
    void eachFlagHasABitOfItsOwn() {
        for (Flag f : FLAGS) {
            Tcb t = new Tcb();
            f.set.accept(t, true);
            for (Flag g : FLAGS) assertThat(g.get.test(t)).as(f.name + " set, " + g.name + " read").isEqualTo(g == f);
            for (Flag g : FLAGS) g.set.accept(t, true);
            f.set.accept(t, false);
            for (Flag g : FLAGS) assertThat(g.get.test(t)).as(f.name + " cleared, " + g.name + " read").isEqualTo(g != f);
        }
    }

    @Test
    void resetClearsEveryFlagButAllocated() {
        Tcb t = new Tcb();
        for (Flag g : FLAGS) g.set.accept(t, true);
        t.reset(1, 2);
        for (Flag g : FLAGS) assertThat(g.get.test(t)).as(g.name).isEqualTo(g.name.equals("allocated"));
    }
}

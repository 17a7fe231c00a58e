package org.tcplifecycle.tools.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tcplifecycle.tools.Run;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class DiagramCommandTest {

    /** Each scenario's SVG parses as XML and shows each side's states in the order the engines went through them. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "handshake;          SYN-SENT ESTABLISHED; LISTEN SYN-RECEIVED ESTABLISHED",
        "active-close;       SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED; LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
        "passive-close;      SYN-SENT ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED; LISTEN SYN-RECEIVED ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED",
        "simultaneous-open;  SYN-SENT SYN-RECEIVED ESTABLISHED; SYN-SENT SYN-RECEIVED ESTABLISHED",
        "simultaneous-close; SYN-SENT ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT CLOSED; LISTEN SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT CLOSED",
        "half-close;         SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED; LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED",
        "linger-abort;       SYN-SENT ESTABLISHED CLOSED; LISTEN SYN-RECEIVED ESTABLISHED CLOSED",
        "refused;            SYN-SENT CLOSED; ''",
    })
    void scenarioStatesInOrder(String scenario, String left, String right, @TempDir Path dir) throws Exception {
        Path f = dir.resolve(scenario + ".svg");
        Run r = Run.of("diagram", "--scenario", scenario, "-o", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        Document d = parse(Files.readAllBytes(f));
        assertThat(texts(d, "state", "left")).containsExactly(split(left));
        assertThat(texts(d, "state", "right")).containsExactly(split(right));
        int arrows = d.getElementsByTagName("line").getLength() - 2; // minus the two lifelines
        assertThat(arrows).isGreaterThanOrEqualTo(2);
        boolean timeWait = left.contains("TIME-WAIT") || right.contains("TIME-WAIT");
        List<String> timers = texts(d, "timer-label", null);
        if (timeWait) assertThat(timers).isNotEmpty().allMatch(t -> t.equals("TIME-WAIT 2MSL = 60 s"));
        else assertThat(timers).isEmpty();
    }

    @Test
    void segmentsCarryFlagsSeqAckAndLength() throws Exception {
        Run r = Run.of("diagram", "--scenario", "active-close");
        assertThat(r.code()).isZero();
        List<String> labels = texts(parse(r.out().getBytes(StandardCharsets.UTF_8)), "segment-label", null);
        assertThat(labels).startsWith("SYN seq=100", "SYN+ACK seq=300 ack=101", "ACK seq=101 ack=301",
                "PSH+ACK seq=101 ack=301 len=5");
        assertThat(labels).contains("FIN+ACK seq=106 ack=306", "ACK seq=306 ack=107", "FIN+ACK seq=306 ack=107",
                "ACK seq=107 ack=307");
    }

    @Test
    void connectionOfACapture() throws Exception {
        Run r = Run.of("diagram", "--pcap", Run.capture("close-client.pcap").toString(), "--conn", "1");
        assertThat(r.code()).as(r.err()).isZero();
        Document d = parse(r.out().getBytes(StandardCharsets.UTF_8));
        assertThat(texts(d, "state", "left")).containsExactly(split("CLOSED SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT"));
        assertThat(texts(d, "state", "right")).containsExactly(split("LISTEN SYN-RECEIVED ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED"));
        List<String> labels = texts(d, "segment-label", null);
        assertThat(labels).hasSize(11);
        assertThat(labels.get(0)).isEqualTo("#1 SYN seq=0 len=0");
        assertThat(labels.get(9)).isEqualTo("#10 FIN+ACK seq=6 ack=7 len=0");
        assertThat(texts(d, "timer-label", "left")).containsExactly("TIME-WAIT (60 s on Linux) ...");
    }

    /** A socket connected to itself: every state it passes through once it sends a segment and once it receives it. */
    @Test
    void selfConnectedSocket() throws Exception {
        Run r = Run.of("diagram", "--pcap", Run.capture("self-connect.pcap").toString());
        assertThat(r.code()).as(r.err()).isZero();
        Document d = parse(r.out().getBytes(StandardCharsets.UTF_8));
        assertThat(texts(d, "state", "left")).containsExactly(
                split("CLOSED SYN-SENT SYN-RECEIVED ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT"));
        assertThat(texts(d, "state", "right")).isEmpty();
        assertThat(texts(d, "lifeline-name", null)).containsExactly("self (sending) 127.0.0.1:40007",
                "self (receiving) 127.0.0.1:40007");
    }

    @Test
    void badUsage() {
        Run none = Run.of("diagram");
        assertThat(none.code()).isEqualTo(2);
        Run unknown = Run.of("diagram", "--scenario", "teardown");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("tcp-tools diagram: unknown scenario 'teardown'; one of handshake, active-close,"
                + " passive-close, simultaneous-open, simultaneous-close, half-close, linger-abort, refused\n");
        Run both = Run.of("diagram", "--scenario", "handshake", "--pcap", "x.pcap");
        assertThat(both.code()).isEqualTo(2);
        Run conn = Run.of("diagram", "--pcap", Run.capture("refused.pcap").toString(), "--conn", "2");
        assertThat(conn.code()).isEqualTo(2);
        assertThat(conn.err()).endsWith("no connection 2 in " + Run.capture("refused.pcap") + " (it has 1)\n");
    }

    // ------------------------------------------------------------------------------------------------

    private static String[] split(String s) {
        String t = s.trim();
        return t.isEmpty() ? new String[0] : t.split("\\s+");
    }

    private static Document parse(byte[] svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertThat(d.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(d.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        return d;
    }

    /** Text of the {@code <text>} elements of a class (and side), in document order. */
    private static List<String> texts(Document d, String cls, String side) {
        NodeList nl = d.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            Element e = (Element) nl.item(i);
            if (e.getAttribute("class").equals(cls) && (side == null || e.getAttribute("data-side").equals(side))) {
                out.add(e.getTextContent());
            }
        }
        return out;
    }
}

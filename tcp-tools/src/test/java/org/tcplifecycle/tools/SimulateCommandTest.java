package org.tcplifecycle.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tcplifecycle.tools.pcap.CapturedPacket;
import org.tcplifecycle.tools.pcap.PcapReader;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import picocli.CommandLine;

class SimulateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void jsonReportsCompletedLifecyclesAndNoViolations() {
        int code = run("simulate", "--connections", "300", "--loss", "0.05", "--duplicate", "0.02", "--reorder", "0.02",
                "--seed", "7", "--json");
        assertThat(code).as(err.toString()).isZero();
        String json = out.toString();
        assertThat(json).contains("\"completed\":").contains("\"violations\":[]").contains("\"seed\":7");
        long completed = Long.parseLong(json.replaceAll("(?s).*\"completed\":(\\d+).*", "$1"));
        long aborted = Long.parseLong(json.replaceAll("(?s).*\"aborted\":(\\d+).*", "$1"));
        assertThat(completed + aborted).isEqualTo(300);
        assertThat(completed).isPositive();
    }

    @Test
    void sameSeedSameResult() {
        assertThat(run("simulate", "--connections", "200", "--seed", "3", "--json")).isZero();
        String first = out.toString().replaceAll("\"wallSeconds\":[0-9.E-]+,", "").replaceAll("\"lifecyclesPerSecond\":[0-9.E]+,", "");
        out.getBuffer().setLength(0);
        assertThat(run("simulate", "--connections", "200", "--seed", "3", "--json")).isZero();
        String second = out.toString().replaceAll("\"wallSeconds\":[0-9.E-]+,", "").replaceAll("\"lifecyclesPerSecond\":[0-9.E]+,", "");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void textSummaryPcapAndSvg(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("sample.pcap");
        Path svg = dir.resolve("one.svg");
        int code = run("simulate", "--connections", "100", "--pcap", pcap.toString(), "--svg", svg.toString(),
                "--close-mix", "client-close=1");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("completed gracefully  100").contains("invariants: all held")
                .contains("TIME_WAIT");
        List<CapturedPacket> packets = PcapReader.readAll(pcap);
        assertThat(packets).isNotEmpty();
        assertThat(packets.get(0).ipVersion()).isEqualTo(4);

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        NodeList texts = doc.getElementsByTagName("text");
        List<String> words = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) words.add(texts.item(i).getTextContent());
        String all = String.join(" ", words);
        // the client's states appear in lifecycle order (drawn with RFC 9293's spelling)
        int synSent = all.indexOf("SYN-SENT");
        int est = all.indexOf("ESTABLISHED");
        int fw1 = all.indexOf("FIN-WAIT-1");
        int tw = all.indexOf("TIME-WAIT");
        assertThat(synSent).isNotNegative();
        assertThat(est).isGreaterThan(synSent);
        assertThat(fw1).isGreaterThan(est);
        assertThat(tw).isGreaterThan(fw1);
    }

    @Test
    void badProbabilityIsUsageErrorWithOneLine() {
        int code = run("simulate", "--loss", "1.5");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().trim()).doesNotContain("\n").contains("--loss");
        assertThat(err.toString()).doesNotContain("Exception");
    }

    @Test
    void badDelayTraceOrSvgPathIsUsageErrorWithoutTrace(@TempDir Path dir) {
        assertThat(run("simulate", "--delay-ms", "-5")).isEqualTo(2);
        assertThat(run("simulate", "--connections", "10", "--svg", dir.resolve("x.svg").toString(), "--trace", "10")).isEqualTo(2);
        assertThat(run("simulate", "--connections", "10", "--svg", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--delay-ms").contains("--trace").doesNotContain("Exception\n\tat");
        assertThat(err.toString()).doesNotContain("\tat org.");
    }
}

package org.tcplifecycle.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReportTest {
    private static String result(String bench, int threads, String params, double score, double err, String extra) {
        return "{\"benchmark\":\"org.tcplifecycle.bench." + bench + "\",\"mode\":\"thrpt\",\"threads\":" + threads
                + ",\"params\":" + params + ",\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":" + err
                + ",\"scoreUnit\":\"ops/s\",\"rawData\":[[1.0,2.0]]},\"secondaryMetrics\":{" + extra + "}}";
    }

    private static final String JSON = "[" + String.join(",",
            result("TimerBenchmark.wheelScheduleCancel", 1, "{\"timers\":\"1000000\"}", 4.0e7, 1e6,
                    "\"cpu.cores\":{\"score\":1.0},\"gc.alloc.rate.norm\":{\"score\":0.001}"),
            result("TimerBenchmark.executorScheduleCancel", 1, "{\"timers\":\"1000000\"}", 2.0e6, 1e5,
                    "\"cpu.cores\":{\"score\":0.5}"),
            result("TimerBenchmark.nettyScheduleCancel", 1, "{\"timers\":\"1000000\"}", 2.5e7, 1e5,
                    "\"cpu.cores\":{\"score\":1.0}"),
            result("LifecycleBenchmark.lifecycle", 1, "{}", 5e5, 1e4,
                    "\"cpu.cores\":{\"score\":0.5},\"gc.alloc.rate.norm\":{\"score\":0.01}"),
            result("KernelLoopbackBenchmark.lifecycle", 1, "{}", 1e4, 1e3, "\"cpu.cores\":{\"score\":1.0}"),
            result("TransitionThroughputBenchmark.oneThread", 1, "{\"connections\":\"10000\"}", 1e6, 1e5,
                    "\"transitions\":{\"score\":1.1e6,\"scoreError\":1.1e5},\"cpu.cores\":{\"score\":1.0},\"gc.alloc.rate.norm\":{\"score\":0.0}"),
            result("TransitionThroughputBenchmark.twoThreads", 2, "{\"connections\":\"10000\"}", 2e6, 1e5,
                    "\"transitions\":{\"score\":2.2e6,\"scoreError\":2e5},\"cpu.cores\":{\"score\":2.0},\"gc.alloc.rate.norm\":{\"score\":3.5}"))
            + "]";

    @Test
    void readsJmhJsonAndJudgesTheTargets() {
        List<Report.Row> rows = Report.rows(JSON);
        assertThat(rows).hasSize(7);
        Report.Row one = rows.get(5);
        assertThat(one.params()).isEqualTo("connections=10000");
        assertThat(one.rate()).as("transitions, not steps").isEqualTo(1.1e6);

        String md = Report.markdown(rows, "", "");
        assertThat(md).contains("| wheel ≥ 10 × ScheduledThreadPoolExecutor, schedule+cancel, 1 M timers | 20.0×")
                .contains("met (2.00× the target)");
        assertThat(md).contains("| wheel ≥ 2 × Netty HashedWheelTimer, schedule+cancel, 1 M timers | 1.6×")
                .contains("missed (0.80× the target, short by 20 %)");
        assertThat(md).contains("| LifecycleBenchmark ≥ 50 × KernelLoopbackBenchmark | 50.0×");
        assertThat(md).contains("| 2 threads ≥ 1.8 × 1 thread, connections=10000 | 2.00×");
        assertThat(md).contains("| 0 B/op, TransitionThroughputBenchmark.twoThreads connections=10000 | 3.500 B/op | | missed");
        assertThat(md).contains("lifecycles/s ≥ 1 M | 500.0 k | 1.00 M | missed (0.50× the target, short by 50 %) (met per core)");
        assertThat(Report.svg(rows)).startsWith("<svg").contains("Lifecycle.lifecycle").endsWith("</svg>\n");
    }
}

package org.wideneck.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.files.FileStores;

/** The acceleration table and the best-μ rule on hand-made metrics whose answers are known exactly. */
class AccelerationTest {
    @TempDir
    Path tmp;

    /** Rows "width,seed,step,split,loss,,wall" for train losses at steps 0, 100, … (test = 2 × train); wall = step × secondsPerStep. */
    private static void rows(StringBuilder sb, String width, long seed, double secondsPerStep, double... train) {
        for (int i = 0; i < train.length; i++) {
            int step = 100 * i;
            String wall = String.valueOf(step * secondsPerStep);
            sb.append(width).append(',').append(seed).append(',').append(step).append(",train,").append(train[i]).append(",,").append(wall).append('\n');
            sb.append(width).append(',').append(seed).append(',').append(step).append(",test,").append(2 * train[i]).append(",,").append(wall).append('\n');
        }
    }

    static MetricsTable handMade() {
        StringBuilder sb = new StringBuilder(RunOutputs.HEADER).append('\n');
        rows(sb, "inf", 1, 0.1, 1.0, 0.8, 0.6, 0.5, 0.4);
        rows(sb, "inf", 2, 0.1, 1.0, 0.7, 0.6, 0.55, 0.45);
        rows(sb, "10", 1, 0.2, 1.0, 0.5, 0.39, 0.3, 0.2);   // ≤ 0.4 first at step 200
        rows(sb, "10", 2, 0.2, 1.0, 0.6, 0.5, 0.44, 0.3);   // ≤ 0.45 first at step 300
        rows(sb, "50", 1, 0.1, 1.0, 0.9, 0.8, 0.7, 0.6);    // never
        rows(sb, "50", 2, 0.1, 1.0, 0.9, 0.8, 0.7, 0.6);
        return MetricsTable.parse(sb.toString(), "hand-made");
    }

    @Test
    void stepsToReachInfsFinalLossSpeedUpsAndTheirSpread() {
        List<Acceleration.Row> rows = Acceleration.rows("equal-mu", Acceleration.sameTable(handMade(), Map.of(), RunRecords.none()));
        assertEquals(6, rows.size(), "3 widths × 2 splits");
        Acceleration.Row inf = rows.get(0), ten = rows.get(1), fifty = rows.get(2);
        assertEquals("train", ten.split());
        assertEquals(2, inf.reached());
        assertEquals(400, inf.steps().mean(), 0);
        assertEquals(0, inf.steps().sd(), 0);
        assertEquals(2, ten.reached());
        assertEquals(250, ten.steps().mean(), 1e-12);
        assertEquals(Math.sqrt(5000), ten.steps().sd(), 1e-9);                       // 200 and 300
        assertEquals((2 + 4.0 / 3) / 2, ten.speedupSteps().mean(), 1e-12);           // 400/200 and 400/300
        assertEquals(Math.sqrt(2) * (1.0 / 3), ten.speedupSteps().sd(), 1e-12);
        assertEquals(50, ten.wall().mean(), 1e-9);                                    // 40 and 60 s
        assertEquals((1 + 40.0 / 60) / 2, ten.speedupWall().mean(), 1e-12);
        assertEquals(0.425, ten.target().mean(), 1e-12);
        assertEquals(0, fifty.reached());
        assertTrue(Double.isNaN(fifty.steps().mean()));
        String text = Acceleration.text(rows);
        assertTrue(text.contains("never (target 0.425"), text);
        String csv = Acceleration.csv(rows);
        assertTrue(csv.startsWith(Acceleration.HEADER + "\n"));
        assertTrue(csv.contains("\nequal-mu,50,,,train,2,0,0.425000,,,,,,,,\n"), csv);
        // the test split pairs targets the same way (test = 2 × train here, so the same steps)
        assertEquals("test", rows.get(4).split());
        assertEquals(250, rows.get(4).steps().mean(), 1e-12);
    }

    @Test
    void withoutAnInfRunThereIsNoTable() {
        StringBuilder sb = new StringBuilder(RunOutputs.HEADER).append('\n');
        rows(sb, "10", 1, 0.1, 1.0, 0.5);
        assertTrue(Acceleration.rows("equal-mu", Acceleration.sameTable(MetricsTable.parse(sb.toString(), "x"), Map.of(), RunRecords.none())).isEmpty());
    }

    private void rateDir(double mu, String metrics, String... statuses) throws IOException {
        Path d = tmp.resolve("lr-" + RunRecords.fmt(mu));
        Files.createDirectories(d);
        Files.writeString(d.resolve("metrics.csv"), metrics);
        StringBuilder json = new StringBuilder("{\"learning_rate\": " + mu + ", \"runs\": [");
        for (int i = 0; i < statuses.length; i += 3) {
            json.append(i > 0 ? "," : "").append("{\"width\": \"").append(statuses[i]).append("\", \"seed\": ").append(statuses[i + 1])
                    .append(", \"learning_rate\": ").append(mu).append(", \"status\": \"").append(statuses[i + 2]).append("\"}");
        }
        Files.writeString(d.resolve("run.json"), json.append("]}").toString());
    }

    @Test
    void bestRateIsTheLargestAtWhichEveryReplicateFinishedBelowItsStart() throws IOException {
        for (double mu : new double[] {1, 3, 10}) {
            StringBuilder sb = new StringBuilder(RunOutputs.HEADER).append('\n');
            double f = mu / 10; // larger μ trains faster here
            rows(sb, "inf", 1, 0.1, 1.0, 1 - 0.5 * f, 1 - 0.6 * f);
            rows(sb, "10", 1, 0.1, 1.0, 1 - 0.7 * f, 1 - 0.9 * f);
            rows(sb, "10", 2, 0.1, 1.0, 1 - 0.7 * f, 1 - 0.8 * f);
            if (mu == 10) rows(sb, "50", 1, 0.1, 1.0, 0.9, 1.2); // finished, but above its start: not stable
            else rows(sb, "50", 1, 0.1, 1.0, 1 - 0.6 * f, 1 - 0.7 * f);
            String infStatus = mu == 10 ? "diverged at step 150: train loss 1e9 is more than 100 × its step-0 value 1" : "ok";
            rateDir(mu, sb.toString(), "inf", "1", infStatus, "10", "1", "ok", "10", "2", "ok", "50", "1", "ok");
        }
        RateSweepReport.Result r = RateSweepReport.write(FileStores.local(tmp));
        assertEquals(Map.of("inf", 3.0, "10", 10.0, "50", 3.0), r.best());
        List<String> rates = Files.readAllLines(tmp.resolve("learning-rates.csv"));
        assertEquals(RateSweepReport.RATES_HEADER, rates.get(0));
        assertTrue(rates.contains("inf,10,1,0,1.00000,0.400000,false,false"), rates.toString());
        assertTrue(rates.contains("inf,3,1,1,1.00000,0.820000,true,true"), rates.toString());
        assertTrue(rates.contains("50,10,1,1,1.00000,1.20000,false,false"), rates.toString());
        List<String> acc = Files.readAllLines(tmp.resolve("acceleration.csv"));
        // best μ: d = 10 at μ = 10 (final 0.1, 0.2) against inf at μ = 3 (target 0.82): both replicates reach it at step 100
        assertTrue(acc.contains("best-mu,10,10,3,train,1,1,0.820000,100.000,,10.0000,,2.00000,,2.00000,"), String.join("\n", acc));
        assertTrue(acc.stream().anyMatch(l -> l.startsWith("equal-mu,10,1,1,train,")));
        // at μ = 10 inf diverged: no target, so no equal-μ rows there
        assertTrue(acc.stream().noneMatch(l -> l.startsWith("equal-mu,10,10,")), String.join("\n", acc));
        assertTrue(r.text().contains("train.learning-rate='{\"inf\": 3, \"10\": 10, \"50\": 3}'"), r.text());
        assertTrue(Files.readString(tmp.resolve("report.html")).contains("lr-10/report.html"));
        assertFalse(RateSweepReport.best(RateSweepReport.trials(new java.util.TreeMap<>(), new java.util.TreeMap<>())).containsKey("inf"));
    }
}

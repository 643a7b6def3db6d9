package org.wideneck.app;

import org.wideneck.app.config.UserError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.report.Report;
import org.wideneck.app.report.RunOutputs;
import org.wideneck.app.report.TestVsTrain;
import org.wideneck.app.files.FileStores;

class ReportTest {
    @TempDir
    Path tmp;

    @Test
    void testVsTrainResamplesOnTheCommonGridAndSmooths() {
        double[] grid = {1, 2, 3, 4, 5, 6, 7};
        // a width whose train loss goes 6 → 2 while test goes 12 → 4 (test = 2·train): inside [2, 6] only
        TestVsTrain.Curve c = TestVsTrain.resample(grid, new double[] {6, 4, 2}, new double[] {12, 8, 4});
        assertEquals(5, c.train().length);
        for (int i = 0; i < 5; i++) assertEquals(2 * c.train()[i], c.test()[i], 1e-12);
        assertArrayEquals(new double[] {2, 2.5, 3, 3.5, 4}, TestVsTrain.movingAverage(new double[] {1, 2, 3, 4, 5}), 1e-12);
        double[] g = TestVsTrain.grid(0.01, 1);
        assertEquals(TestVsTrain.GRID, g.length);
        assertEquals(0.01, g[0], 1e-15);
        assertEquals(1, g[g.length - 1], 1e-12);
    }

    @Test
    void drawsEveryFigureAndASelfContainedReport() throws IOException {
        StringBuilder csv = new StringBuilder(RunOutputs.HEADER).append('\n');
        for (String w : new String[] {"inf", "100", "10"}) {
            for (int s = 0; s <= 600; s += 100) {
                double l = (w.equals("10") ? 0.5 : 1.0) / (1 + s / 100.0);
                csv.append(w).append(",1,").append(s).append(",train,").append(l).append(",0.5,1.0\n");
                csv.append(w).append(",1,").append(s).append(",test,").append(1.2 * l).append(",0.4,1.0\n");
            }
        }
        Files.writeString(tmp.resolve("metrics.csv"), csv);
        Path html = Path.of(Report.write(FileStores.local(tmp)));
        for (String f : new String[] {"train-loss", "test-loss", "train-accuracy", "test-accuracy", "train-heatmap", "test-heatmap",
                "test-vs-train", "test-vs-train-finite"}) {
            assertTrue(Files.size(tmp.resolve("figures/" + f + ".png")) > 1000, f);
        }
        String page = Files.readString(html);
        assertTrue(page.contains("data:image/png;base64,") && !page.contains("src=\"figures/"), "figures are embedded");
        assertTrue(page.contains("<td>10</td>"));
    }

    @Test
    void aDirectoryWithoutMetricsIsAClearError() {
        UserError e = assertThrows(UserError.class, () -> Report.write(FileStores.local(tmp)));
        assertTrue(e.getMessage().contains("metrics.csv") && e.getMessage().contains("does not exist"));
    }
}

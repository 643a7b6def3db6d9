package org.wideneck.app.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code submit/verify quick} as part of {@code submit/test} (and so of .ci/run): every check passes its
 * threshold, and the report and checks.csv are written (kept in target/verify-quick for reading).
 */
class VerifyQuickIT {
    @Test
    void quickVerificationPasses() throws IOException {
        Path out = Path.of("target", "verify-quick");
        if (Files.exists(out)) {
            try (var s = Files.walk(out)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        int code = Verify.run(new String[] {"quick", "output.dir=" + out});
        List<String> rows = Files.readAllLines(out.resolve("checks.csv"));
        System.out.println(String.join("\n", rows));
        assertEquals(0, code, "a verification check failed: see " + out.resolve("report.html"));
        assertEquals("check,setting,value,threshold,passed", rows.get(0));
        assertTrue(rows.stream().filter(r -> r.endsWith(",true")).count() >= 15, "checks with a threshold");
        assertTrue(Files.size(out.resolve("report.html")) > 10000);
        assertEquals(2, Verify.run(new String[] {"quick", "output.dir=" + out}), "refuses a directory holding checks.csv");
        assertEquals(2, Verify.run(new String[] {"sometimes"}));
    }
}

package org.wideneck.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.core.loop.TrainingLoop;

/** The test-only hold that lets the integration tests kill a run at a known step instead of racing it. */
class FaultInjectionTest {
    @TempDir
    Path tmp;

    @Test
    void aRunHoldsAfterItsStepUntilTheFileExists() throws Exception {
        List<Integer> seen = new ArrayList<>();
        Path release = tmp.resolve("go");
        TrainingLoop.Progress p = FaultInjection.withHold((s, t, a, b) -> seen.add(s), "3:" + release, "test");
        p.onStep(1, 5, 0, 0);
        p.onStep(2, 5, 0, 0);
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> p.onStep(3, 5, 0, 0));
        Thread.sleep(300);
        assertTrue(!third.isDone(), "step 3 returned before the release file existed");
        Files.writeString(release, "go");
        third.get(10, TimeUnit.SECONDS);
        p.onStep(4, 5, 0, 0);
        assertEquals(List.of(1, 2, 3, 4), seen);
    }

    @Test
    void withoutAHoldTheProgressIsUnchangedAndBadSpecsAreRefused() {
        TrainingLoop.Progress base = TrainingLoop.Progress.NONE;
        assertTrue(FaultInjection.withHold(base, null, "x") == base);
        for (String bad : new String[] {"", "3", "0:/tmp/x", "x:/tmp/x", "3:"}) {
            assertThrows(IllegalArgumentException.class, () -> FaultInjection.holdRuns(null, bad), bad);
        }
    }
}

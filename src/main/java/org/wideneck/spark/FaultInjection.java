package org.wideneck.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.wideneck.core.loop.TrainingLoop;

/**
 * Test-only fault injection. {@code debug.fail-first-attempt}: the first attempt of every wideneck task
 * throws, so tests can watch Spark retry it. {@code WIDENECK_DEBUG_HOLD=STEP:FILE} (an environment
 * variable of the driver, read by {@code Main}): every run stops after step STEP, says so on its progress
 * stream, and goes on once FILE exists — so a test can kill a worker or the process at a known step
 * instead of racing the run. Both travel as Spark local properties of the jobs the driver submits, so no
 * production constructor carries them.
 */
public final class FaultInjection {
    static final String PROPERTY = "wideneck.debug.fail-first-attempt";
    static final String HOLD = "wideneck.debug.hold";

    private FaultInjection() {}

    /** Makes the first attempt of every task of jobs submitted from this thread (and its children) fail. */
    public static void failFirstAttempts(JavaSparkContext sc) {
        sc.setLocalProperty(PROPERTY, "true");
    }

    /**
     * Makes every run started from this thread hold after a step until a file exists (sc null: only checks spec).
     *
     * @param spec "STEP:FILE", STEP ≥ 1
     * @throws IllegalArgumentException when spec is not of that form
     */
    public static void holdRuns(JavaSparkContext sc, String spec) {
        parseHold(spec);
        if (sc != null) sc.setLocalProperty(HOLD, spec);
    }

    /** Called at the start of a task: throws on its first attempt when injection is on. */
    static void maybeFail() {
        TaskContext tc = TaskContext.get();
        if (tc != null && "true".equals(tc.getLocalProperty(PROPERTY)) && tc.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of the first attempt (debug.fail-first-attempt)");
        }
    }

    /** The hold set on the driver's jobs (null: none), for the runs the driver steps itself. */
    static String holdOnDriver(JavaSparkContext sc) {
        return sc.getLocalProperty(HOLD);
    }

    /** The hold of the task running now (null: none), for the runs of sweep tasks. */
    static String holdInTask() {
        TaskContext tc = TaskContext.get();
        return tc == null ? null : tc.getLocalProperty(HOLD);
    }

    private record Hold(int step, Path release) {}

    private static Hold parseHold(String spec) {
        int colon = spec.indexOf(':');
        try {
            int step = Integer.parseInt(spec.substring(0, Math.max(0, colon)));
            if (step < 1 || colon == spec.length() - 1) throw new NumberFormatException();
            return new Hold(step, Path.of(spec.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a hold is STEP:FILE with STEP ≥ 1, not '" + spec + "'");
        }
    }

    /** progress, holding after the step spec names (spec null: progress itself). */
    static TrainingLoop.Progress withHold(TrainingLoop.Progress progress, String spec, String label) {
        if (spec == null) return progress;
        Hold h = parseHold(spec);
        return (step, total, trainSeconds, wallSeconds) -> {
            progress.onStep(step, total, trainSeconds, wallSeconds);
            if (step != h.step()) return;
            System.out.println("[" + label + "] holding after step " + step + " until " + h.release() + " exists (WIDENECK_DEBUG_HOLD)");
            System.out.flush();
            try {
                while (!Files.exists(h.release())) Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }
}

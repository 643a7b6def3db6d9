package org.wideneck.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Test-only fault injection ({@code debug.fail-first-attempt}): when enabled on a context, the first
 * attempt of every wideneck task throws, so tests can watch Spark retry it. It travels as a Spark local
 * property of the jobs the driver submits, so no production constructor carries it.
 */
public final class FaultInjection {
    static final String PROPERTY = "wideneck.debug.fail-first-attempt";

    private FaultInjection() {}

    /** Makes the first attempt of every task of jobs submitted from this thread (and its children) fail. */
    public static void failFirstAttempts(JavaSparkContext sc) {
        sc.setLocalProperty(PROPERTY, "true");
    }

    /** Called at the start of a task: throws on its first attempt when injection is on. */
    static void maybeFail() {
        TaskContext tc = TaskContext.get();
        if (tc != null && "true".equals(tc.getLocalProperty(PROPERTY)) && tc.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure of the first attempt (debug.fail-first-attempt)");
        }
    }
}

package org.wideneck.core.parallel;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The threads of one run. Work is always split the same way whatever the thread count (fixed ranges of
 * points, history reduced chunk by chunk in order), so results are bitwise independent of it.
 * Close it when the run ends.
 */
public final class Workers implements AutoCloseable {
    /** Body of a task over the range [from, to). */
    public interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ForkJoinPool pool;

    public Workers(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        this.threads = threads;
        this.pool = threads > 1 ? new ForkJoinPool(threads) : null;
    }

    public static Workers sequential() {
        return new Workers(1);
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs body over [0, total) cut into ranges of {@code grain} (the last one shorter), in parallel when
     * there are threads. The cut does not depend on the thread count.
     */
    public void forRanges(int total, int grain, RangeTask body) {
        int tasks = (total + grain - 1) / grain;
        if (pool == null || tasks <= 1) {
            for (int t = 0; t < tasks; t++) body.run(t * grain, Math.min(total, (t + 1) * grain));
            return;
        }
        pool.submit(() -> IntStream.range(0, tasks).parallel()
                .forEach(t -> body.run(t * grain, Math.min(total, (t + 1) * grain)))).join();
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdown();
    }
}

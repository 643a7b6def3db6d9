package org.wideneck.core.parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * Work arrays lent to the tasks of a run's parallel regions and given back, so that regions run every step do
 * not allocate them afresh: a fresh array is young-generation memory the JVM zeroes and the collector sweeps
 * (the MNIST-shaped 1500-step job (the performance doc's reference job) allocated 31.8 GB, most of it such arrays, before they were lent;
 * docs/performance.md). An array on loan has undefined contents: a borrower overwrites what it reads. Safe for concurrent tasks; one pool per owner
 * (a simulator, a training-point store), never static, so executors and runs share nothing through it.
 * <p>
 * The free list keeps at most a fixed number of doubles; an array given back past that is left to the collector,
 * so a rare large region (a first read of ten thousand points at d = 1000 holds ~800 MB of partial outputs at
 * once) does not stay resident for the rest of the run.
 */
public final class ArrayPool {
    /** What the free list keeps by default: 2²⁵ doubles, 256 MB (a step's arrays are a few MB). */
    public static final long DEFAULT_KEEP_DOUBLES = 1L << 25;
    private final List<double[]> free = new ArrayList<>();
    private final long keepDoubles;
    private long kept;

    public ArrayPool() {
        this(DEFAULT_KEEP_DOUBLES);
    }

    /** @param keepDoubles the most doubles the free list keeps (≥ 0) */
    public ArrayPool(long keepDoubles) {
        if (keepDoubles < 0) throw new IllegalArgumentException("keepDoubles must be ≥ 0, got " + keepDoubles);
        this.keepDoubles = keepDoubles;
    }

    /** An array of at least size doubles, contents undefined: the smallest free one that fits, else a new one. */
    public synchronized double[] take(int size) {
        int best = -1;
        for (int i = 0; i < free.size(); i++) {
            int len = free.get(i).length;
            if (len >= size && (best < 0 || len < free.get(best).length)) best = i;
        }
        if (best < 0) return new double[size];
        double[] a = free.get(best);
        free.set(best, free.get(free.size() - 1));
        free.remove(free.size() - 1);
        kept -= a.length;
        return a;
    }

    /** Gives an array back (kept for a later take while the free list holds fewer doubles than its limit); the caller no longer uses it. */
    public synchronized void give(double[] a) {
        if (kept + a.length > keepDoubles) return;
        free.add(a);
        kept += a.length;
    }

    /** Arrays now free in the pool (tests). */
    synchronized int freeCount() {
        return free.size();
    }
}

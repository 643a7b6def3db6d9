package org.wideneck.core.parallel;

import java.util.ArrayList;
import java.util.List;

/**
 * Work arrays lent to the tasks of a run's parallel regions and given back, so that regions run every step do
 * not allocate them afresh: a fresh array is a young-generation page the JVM zeroes, and the issue-12 job's
 * steps allocated 16 GB of such arrays (66–91 young collections; BENCHMARKS.md). An array on loan has undefined
 * contents: a borrower overwrites what it reads. Safe for concurrent tasks; one pool per owner (a simulator, a
 * training-point store), never static, so executors and runs share nothing through it.
 */
public final class ArrayPool {
    private final List<double[]> free = new ArrayList<>();

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
        return a;
    }

    /** Gives an array back; the caller no longer uses it. */
    public synchronized void give(double[] a) {
        free.add(a);
    }

    /** Arrays now free in the pool (tests). */
    synchronized int freeCount() {
        return free.size();
    }
}

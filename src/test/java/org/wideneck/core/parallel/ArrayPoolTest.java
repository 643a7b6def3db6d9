package org.wideneck.core.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ArrayPoolTest {
    @Test
    void lendsTheSmallestFreeArrayThatFitsAndANewOneWhenNoneDoes() {
        ArrayPool pool = new ArrayPool();
        double[] big = new double[100], small = new double[10];
        pool.give(big);
        pool.give(small);
        assertSame(small, pool.take(8), "best fit");
        assertSame(big, pool.take(8), "the next that fits");
        double[] fresh = pool.take(8);
        assertNotSame(big, fresh);
        assertEquals(8, fresh.length);
        pool.give(small);
        double[] bigger = pool.take(50);
        assertNotSame(small, bigger, "a free array too small is not lent");
        assertEquals(50, bigger.length);
        assertEquals(1, pool.freeCount());
    }

    @Test
    void neverLendsOneArrayToTwoTasksAtOnce() {
        ArrayPool pool = new ArrayPool();
        Set<double[]> onLoan = Collections.newSetFromMap(new ConcurrentHashMap<>());
        List<String> clashes = Collections.synchronizedList(new ArrayList<>());
        try (Workers workers = new Workers(4)) {
            for (int round = 0; round < 50; round++) {
                workers.forRanges(64, 1, (t, unused) -> {
                    double[] a = pool.take(16 + t % 5);
                    if (!onLoan.add(a)) clashes.add("lent twice, task " + t);
                    java.util.Arrays.fill(a, t);
                    Thread.yield();
                    for (double v : a) {
                        if (v != t) {
                            clashes.add("overwritten while on loan, task " + t);
                            break;
                        }
                    }
                    onLoan.remove(a);
                    pool.give(a);
                });
            }
        }
        assertEquals(List.of(), clashes);
        assertTrue(pool.freeCount() <= 64, "no more free arrays than were ever on loan at once");
    }
}

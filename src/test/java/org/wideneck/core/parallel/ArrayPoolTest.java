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

    /**
     * Arrays given back past the pool's limit are not kept (a rare large region does not stay resident), and taking
     * one frees its room again. Fails if give ignores the limit or take does not give the room back.
     */
    @Test
    void keepsNoMoreThanItsLimit() {
        ArrayPool pool = new ArrayPool(100);
        double[] a = new double[60], b = new double[50], c = new double[40];
        pool.give(a);
        pool.give(b);
        assertEquals(1, pool.freeCount(), "60 + 50 doubles are past the limit of 100");
        pool.give(c);
        assertEquals(2, pool.freeCount(), "60 + 40 fit");
        assertSame(a, pool.take(55));
        pool.give(b);
        assertEquals(2, pool.freeCount(), "taking a made room for b");
        assertSame(b, pool.take(45));
        assertSame(c, pool.take(30));
        assertEquals(0, pool.freeCount());
    }
}

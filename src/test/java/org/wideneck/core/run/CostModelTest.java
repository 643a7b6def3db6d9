package org.wideneck.core.run;

import org.wideneck.core.model.Model;
import org.wideneck.core.loop.TrainSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;

/** The cost model at the MNIST preset's shapes: the ordering it gives and the seconds of the documented fit. */
class CostModelTest {
    /** Shapes only (the model reads sizes, not values). */
    static Problem mnistShaped() {
        return new Problem(new Dataset(60000, 784, 10, new double[60000 * 784], new double[60000 * 10], null),
                new Dataset(10000, 784, 10, new double[10000 * 784], new double[10000 * 10], null));
    }

    static RunPlan plan(int width) {
        return Plans.of(width, false, 1, 1, 10000, 2000, false, null, new TrainSettings(4000, 20, 3, 1, 200, 10000, 100, false), 1);
    }

    @Test
    void widerBottlenecksCostMoreAndTheFitIsReproduced() {
        Problem p = mnistShaped();
        int[] widths = {1000, 500, 100, 50, 20, 10};
        for (int i = 1; i < widths.length; i++) {
            assertTrue(CostModel.estimate(plan(widths[i - 1]), p).seconds() > CostModel.estimate(plan(widths[i]), p).seconds());
        }
        // the fit of docs/performance.md: d = 1000 predicted 2955 s (measured 2961), d = 10 553 s (554), inf 420 s (358)
        assertEquals(2955, CostModel.estimate(plan(1000), p).seconds(), 30);
        assertEquals(553, CostModel.estimate(plan(10), p).seconds(), 10);
        assertEquals(420, CostModel.estimate(plan(Model.INF), p).seconds(), 10);
    }
}

package org.wideneck.app.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wideneck.core.run.RunPlan;

/**
 * The learning rates of a sweep, as the config gives them: one μ for every width ({@code train.learning-rate = 3}), a
 * grid of μ each run at every width ({@code sweep.learning-rates = [1, 3, 10]}, one output group a μ), or one μ per
 * width ({@code train.learning-rate = {inf: 8, 100: 12}}). It yields the sweep's output groups and each run's μ.
 *
 * @param grid     the μ of the sweep's groups (one for a single μ); empty when given per width
 * @param perWidth width label → μ, in the widths' order; empty unless given per width
 */
public record LearningRates(List<Double> grid, Map<String, Double> perWidth) implements Serializable {
    public LearningRates {
        grid = List.copyOf(grid);
        perWidth = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perWidth));
        if (grid.isEmpty() == perWidth.isEmpty()) throw new IllegalArgumentException("learning rates are a grid or a per-width map, exactly one");
    }

    public static LearningRates single(double mu) {
        return new LearningRates(List.of(mu), Map.of());
    }

    public static LearningRates grid(List<Double> mus) {
        return new LearningRates(mus, Map.of());
    }

    public static LearningRates byWidth(Map<String, Double> mus) {
        return new LearningRates(List.of(), mus);
    }

    /** Whether the sweep has several μ groups (each writes its own lr-μ/ directory). */
    public boolean several() {
        return grid.size() > 1;
    }

    public boolean givenPerWidth() {
        return !perWidth.isEmpty();
    }

    /** One output group of runs: its directory under output.dir ("" for output.dir itself) and the μ of each width. */
    public record Group(String dir, double common, Map<String, Double> perWidth) implements Serializable {
        /** μ of width w's runs in this group. */
        public double rate(Width w) {
            return perWidth.isEmpty() ? common : perWidth.get(w.label());
        }

        /** What run.json records as the group's μ: the number, or the width → μ map. */
        public Object recorded() {
            return perWidth.isEmpty() ? (Object) common : perWidth;
        }
    }

    /** The sweep's output groups, in order. */
    public List<Group> groups() {
        if (givenPerWidth()) return List.of(new Group("", Double.NaN, perWidth));
        if (!several()) return List.of(new Group("", grid.get(0), Map.of()));
        List<Group> out = new ArrayList<>();
        for (double mu : grid) out.add(new Group("lr-" + RunPlan.rateLabel(mu), mu, Map.of()));
        return out;
    }

    /** μ as one line: 3.0, [1.0, 3.0], or {inf=4.0, 10=10.0}. */
    public String describe() {
        return givenPerWidth() ? perWidth.toString() : several() ? grid.toString() : Double.toString(grid.get(0));
    }
}

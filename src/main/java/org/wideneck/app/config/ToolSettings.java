package org.wideneck.app.config;

import com.typesafe.config.Config;
import java.util.List;
import org.wideneck.core.kernel.Activation;

/**
 * The validated settings of a tool that takes its own short list of keys (the benchmarks): unknown keys are refused
 * with the nearest known one, and every read checks its range, each refusal one line naming the key and echoing the
 * value.
 */
public final class ToolSettings {
    private final ConfigReader reader;

    private ToolSettings(ConfigReader reader) {
        this.reader = reader;
    }

    /**
     * The settings over the keys' defaults.
     *
     * @param what how messages name the tool ("bench step", …)
     */
    public static ToolSettings of(String what, List<Keys.Key> keys, Config settings) {
        KnownKeys.check(settings, Keys.paths(keys), List.of(), what);
        return new ToolSettings(new ConfigReader(settings.withFallback(Keys.defaults(keys)).resolve(), what));
    }

    /** An integer key, refused outside [min, max]. */
    public int integer(String path, int min, int max) {
        return reader.intBetween(path, min, max);
    }

    /** A list of integers, each refused outside [min, max]; at least one. */
    public List<Integer> integers(String path, int min, int max) {
        Object u = reader.c().getValue(path).unwrapped();
        if (!(u instanceof List<?> list) || list.isEmpty()) throw reader.bad(path, "must be a list of integers, e.g. [10, 100]");
        List<Integer> out = new java.util.ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue()) || num.doubleValue() < min || num.doubleValue() > max) {
                throw reader.bad(path, "each must be an integer from " + min + " to " + max);
            }
            out.add(num.intValue());
        }
        return List.copyOf(out);
    }

    /** A real key, refused unless finite and in [min, max). */
    public double real(String path, double min, double maxExclusive) {
        Object u = reader.c().getValue(path).unwrapped();
        if (!(u instanceof Number num) || !(num.doubleValue() >= min && num.doubleValue() < maxExclusive)) {
            throw reader.bad(path, "must be a number from " + min + " up to (not including) " + maxExclusive);
        }
        return num.doubleValue();
    }

    /** A string key. */
    public String string(String path) {
        return reader.string(path);
    }

    /** An activation's name, refused unless one the core knows. */
    public Activation activation(String path) {
        return reader.activation(path);
    }

    /** A refusal of a combination of keys: one line naming the key and echoing its value. */
    public UserError bad(String path, String problem) {
        return reader.bad(path, problem);
    }
}

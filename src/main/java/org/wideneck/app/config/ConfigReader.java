package org.wideneck.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.model.Loss;

/** Typed reads that turn every failure into one line naming the path, the value and its origin. */
record ConfigReader(Config c, String what) {
    ConfigReader(Config c) {
        this(c, "config");
    }

    String origin(String path) {
        return KnownKeys.describe(c.getValue(path).origin());
    }

    UserError bad(String path, String problem) {
        ConfigValue v = c.getValue(path);
        return new UserError(what + ": " + path + " = " + v.render(ConfigRenderOptions.concise()) + " (" + origin(path) + "): " + problem);
    }

    String string(String path) {
        ConfigValue v = c.getValue(path);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw bad(path, "must be a string");
        }
        return String.valueOf(v.unwrapped());
    }

    /** An object of string settings such as Spark reader options ({ header = true, sep = ";" }). */
    Map<String, String> stringMap(String path) {
        ConfigValue v = c.getValue(path);
        if (v.valueType() != ConfigValueType.OBJECT) throw bad(path, "must be an object of settings, e.g. { header = true }");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getConfig(path).entrySet()) {
            if (e.getValue().valueType() == ConfigValueType.OBJECT || e.getValue().valueType() == ConfigValueType.LIST) {
                throw bad(path, "'" + e.getKey() + "' must be a string, number or boolean");
            }
            out.put(e.getKey().replace("\"", ""), String.valueOf(e.getValue().unwrapped()));
        }
        return Collections.unmodifiableMap(out);
    }

    boolean bool(String path) {
        try {
            return c.getBoolean(path);
        } catch (ConfigException.WrongType e) {
            throw bad(path, "must be true or false");
        }
    }

    long longValue(String path) {
        Object u = c.getValue(path).unwrapped();
        if (!(u instanceof Number num) || (u instanceof Double dv && (dv != Math.rint(dv) || Math.abs(dv) > 9.007199254740992E15))) {
            throw bad(path, "must be an integer");
        }
        return num.longValue();
    }

    int intBetween(String path, int min, int max) {
        Object u = c.getValue(path).unwrapped();
        if (!(u instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue()) || num.doubleValue() < min || num.doubleValue() > max) {
            throw bad(path, "must be an integer from " + min + " to " + max);
        }
        return num.intValue();
    }

    Activation activation(String path) {
        String s = string(path);
        try {
            return Activation.named(s);
        } catch (IllegalArgumentException e) {
            throw bad(path, "must be one of " + String.join(", ", Activation.names()));
        }
    }

    Loss loss(String path) {
        String s = string(path);
        try {
            return Loss.named(s);
        } catch (IllegalArgumentException e) {
            throw bad(path, "must be one of mse, cross-entropy");
        }
    }

    /** β of heavy-ball momentum: a number in [0, 1). */
    double momentum(String path) {
        Object u = c.getValue(path).unwrapped();
        if (!(u instanceof Number num) || !(num.doubleValue() >= 0 && num.doubleValue() < 1)) {
            throw bad(path, "must be a number in [0, 1) (β of SGD with momentum; 0 = plain SGD)");
        }
        return num.doubleValue();
    }

    int intAtLeast(String path, int min) {
        ConfigValue v = c.getValue(path);
        Object u = v.unwrapped();
        if (!(u instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue())) {
            throw bad(path, "must be an integer ≥ " + min);
        }
        long x = num.longValue();
        if (x < min || x > Integer.MAX_VALUE) throw bad(path, "must be an integer ≥ " + min);
        return (int) x;
    }

    double positive(String path) {
        Object u = c.getValue(path).unwrapped();
        if (!(u instanceof Number num)) throw bad(path, "must be a positive number");
        double x = num.doubleValue();
        if (!(x > 0) || !Double.isFinite(x)) throw bad(path, "must be a positive number");
        return x;
    }

    double greaterThanOne(String path) {
        Object u = c.getValue(path).unwrapped();
        if (!(u instanceof Number num) || !(num.doubleValue() > 1) || !Double.isFinite(num.doubleValue())) {
            throw bad(path, "must be a number > 1");
        }
        return num.doubleValue();
    }

    /**
     * train.learning-rate as a width → μ map such as {inf: 4, 50: 10, 10: 10} (every width of
     * model.widths named; further widths may be named, so a preset's map serves a run of fewer widths,
     * and are checked too), in the widths' order; empty when it is a plain number.
     */
    Map<String, Double> perWidthRates(String path, List<Width> widths) {
        ConfigValue v = c.getValue(path);
        if (v.valueType() != ConfigValueType.OBJECT) return Map.of();
        Map<String, Object> raw = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : c.getConfig(path).entrySet()) {
            raw.put(e.getKey().replace("\"", ""), e.getValue().unwrapped());
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Width w : widths) {
            Object o = raw.remove(w.label());
            if (o == null) throw bad(path, "names no learning rate for width " + w.label() + " of model.widths = " + widths);
            if (!(o instanceof Number num) || !(num.doubleValue() > 0) || !Double.isFinite(num.doubleValue())) {
                throw bad(path, "'" + o + "' for width " + w.label() + " is not a positive number");
            }
            out.put(w.label(), num.doubleValue());
        }
        for (Map.Entry<String, Object> e : raw.entrySet()) { // widths the map names but this run does not use: still checked
            if (!e.getKey().equals("inf") && !e.getKey().matches("[1-9][0-9]*")) throw bad(path, "'" + e.getKey()
                    + "' is not a width (a positive integer or inf)");
            if (!(e.getValue() instanceof Number num) || !(num.doubleValue() > 0)) throw bad(path, "'" + e.getValue() + "' for width " + e.getKey()
                    + " is not a positive number");
        }
        return Collections.unmodifiableMap(out);
    }

    <E extends Enum<E>> E enumValue(String path, Class<E> type) {
        String s = string(path);
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String n = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
            names.add(n);
            if (n.equals(s)) return e;
        }
        throw bad(path, "must be one of " + String.join(", ", names));
    }

    /** 0 for auto. */
    int threads(String path) {
        Object u = c.getValue(path).unwrapped();
        if ("auto".equals(u)) return 0;
        if (u instanceof Number) return intAtLeast(path, 1);
        throw bad(path, "must be auto or a positive integer");
    }

    int batchSize(String path) {
        Object u = c.getValue(path).unwrapped();
        if ("full".equals(u)) return 0;
        if (u instanceof Number) return intAtLeast(path, 1);
        throw bad(path, "must be a positive integer or full");
    }

    /** none | feature | global; true and false still mean feature and none. */
    WideneckConfig.Standardize standardize(String path) {
        Object u = c.getValue(path).unwrapped();
        if (Boolean.TRUE.equals(u)) return WideneckConfig.Standardize.FEATURE;
        if (Boolean.FALSE.equals(u)) return WideneckConfig.Standardize.NONE;
        return enumValue(path, WideneckConfig.Standardize.class);
    }

    List<Double> positiveList(String path) {
        ConfigValue v = c.getValue(path);
        if (v.valueType() != ConfigValueType.LIST) throw bad(path, "must be a list of positive numbers such as [0.3, 1, 3]");
        List<Double> out = new ArrayList<>();
        for (Object o : (List<?>) v.unwrapped()) {
            if (!(o instanceof Number num) || !(num.doubleValue() > 0) || !Double.isFinite(num.doubleValue())) {
                throw bad(path, "'" + o + "' is not a positive number");
            }
            if (out.contains(num.doubleValue())) throw bad(path, "lists " + o + " twice");
            out.add(num.doubleValue());
        }
        return List.copyOf(out);
    }

    List<Integer> classes(String path) {
        ConfigValue v = c.getValue(path);
        if (v.valueType() != ConfigValueType.LIST) throw bad(path, "must be a list of class labels such as [4, 5]");
        List<Integer> out = new ArrayList<>();
        for (Object o : (List<?>) v.unwrapped()) {
            if (!(o instanceof Number num) || num.doubleValue() != Math.rint(num.doubleValue()) || num.intValue() < 0) {
                throw bad(path, "'" + o + "' is not a class label (an integer ≥ 0)");
            }
            if (out.contains(num.intValue())) throw bad(path, "lists class " + num.intValue() + " twice");
            out.add(num.intValue());
        }
        if (out.size() == 1) throw bad(path, "needs at least two classes");
        return List.copyOf(out);
    }

    List<Width> widths(String path) {
        ConfigValue v = c.getValue(path);
        if (v.valueType() != ConfigValueType.LIST) throw bad(path, "must be a list such as [inf, 100, 10]");
        List<Width> out = new ArrayList<>();
        for (Object o : (List<?>) v.unwrapped()) {
            if ("inf".equals(o)) {
                out.add(Width.INF);
            } else if (o instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())
                    && num.doubleValue() >= 1 && num.doubleValue() < Integer.MAX_VALUE) {
                out.add(new Width(num.intValue()));
            } else {
                throw bad(path, "'" + o + "' is not a width: each must be a positive integer or inf");
            }
        }
        if (out.isEmpty()) throw bad(path, "needs at least one width");
        if (out.stream().distinct().count() != out.size()) throw bad(path, "lists a width twice");
        return List.copyOf(out);
    }
}


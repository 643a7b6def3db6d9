package org.wideneck.app.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;

/**
 * run.json read back: each run's μ and status, and the settings a figure's caption names. A directory
 * without run.json (hand-made metrics) has no statuses (every run counts as ok) and no rates.
 */
public final class RunRecords {
    private final Map<String, Double> rateByRun = new LinkedHashMap<>();
    private final Map<String, String> statusByRun = new LinkedHashMap<>();
    private final Config config;

    private RunRecords(Config root) {
        this.config = root != null && root.hasPath("config") ? root.getConfig("config") : null;
        Double common = null;
        if (config != null && config.hasPath("train.learning-rate")) {
            try {
                common = config.getDouble("train.learning-rate");
            } catch (ConfigException.WrongType e) {
                common = null; // a width → μ map: every run records its own
            }
        }
        if (root != null && root.hasPath("learning_rate")) {
            try {
                common = root.getDouble("learning_rate");
            } catch (ConfigException.WrongType e) {
                // per-width map
            }
        }
        if (root == null || !root.hasPath("runs")) return;
        for (Config r : root.getConfigList("runs")) {
            String key = key(r.getString("width"), r.getLong("seed"));
            statusByRun.put(key, r.hasPath("status") ? r.getString("status") : "ok");
            if (r.hasPath("learning_rate")) rateByRun.put(key, r.getDouble("learning_rate"));
            else if (common != null) rateByRun.put(key, common);
        }
    }

    /** No records: every run counts as ok, no rates. */
    public static RunRecords none() {
        return new RunRecords(null);
    }

    public static RunRecords read(FileStore dir) {
        try {
            if (!dir.isFile("run.json")) return new RunRecords(null);
            return new RunRecords(ConfigFactory.parseString(dir.readString("run.json")));
        } catch (IOException | ConfigException e) {
            throw new UserError("'" + dir.locate("run.json") + "' cannot be read as a wideneck run.json: " + e.getMessage());
        }
    }

    private static String key(String width, long seed) {
        return width + "/" + seed;
    }

    /** The status of one run ("ok", "diverged at …", "failed: …"); "ok" when unrecorded. */
    public String status(String width, long seed) {
        return statusByRun.getOrDefault(key(width, seed), "ok");
    }

    /** Whether run.json lists the run (it has ended). */
    public boolean recorded(String width, long seed) {
        return statusByRun.containsKey(key(width, seed));
    }

    public boolean ok(String width, long seed) {
        return status(width, seed).equals("ok");
    }

    /** μ of each width (that of its first recorded run), in the table's width order; widths without a record are left out. */
    public Map<String, Double> rates(MetricsTable t) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String w : t.widths()) {
            for (long s : t.seeds(w)) {
                Double mu = rateByRun.get(key(w, s));
                if (mu != null) {
                    m.put(w, mu);
                    break;
                }
            }
        }
        return m;
    }

    /** One line of the run's settings for captions, e.g. "synthetic · 2000 train points · B = 20 · 1000 steps · n = 10000". */
    public String caption(MetricsTable t) {
        StringBuilder sb = new StringBuilder();
        if (config != null) {
            sb.append(get("data.source"));
            String b = get("train.batch-size");
            sb.append(" · B = ").append(b).append(" · ").append(get("train.steps")).append(" steps · init width n = ")
                    .append(get("init.width")).append(" · init seed ").append(get("init.seed"));
        }
        Map<String, Double> rates = rates(t);
        if (!rates.isEmpty()) {
            List<Double> distinct = rates.values().stream().distinct().toList();
            sb.append(sb.length() > 0 ? " · " : "").append("μ = ")
                    .append(distinct.size() == 1 ? fmt(distinct.get(0)) : perWidth(rates));
        }
        int r = t.replicates();
        sb.append(sb.length() > 0 ? " · " : "").append(r).append(r == 1 ? " replicate" : " replicates (line: mean; band: min–max)");
        return sb.toString();
    }

    private String get(String path) {
        if (!config.hasPath(path)) return "?";
        Object v = config.getValue(path).unwrapped();
        return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : String.valueOf(v);
    }

    static String perWidth(Map<String, Double> rates) {
        StringBuilder sb = new StringBuilder("{");
        rates.forEach((w, mu) -> sb.append(sb.length() > 1 ? ", " : "").append(w).append(": ").append(fmt(mu)));
        return sb.append('}').toString();
    }

    static String fmt(double mu) {
        return mu == Math.rint(mu) ? Long.toString((long) mu) : String.format(Locale.ROOT, "%s", mu);
    }
}

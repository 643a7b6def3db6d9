package org.wideneck.app.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.app.cli.Provenance;

/**
 * {@code submit/merge OUT DIR...}: one output directory from the runs of several, e.g. the widths of a
 * long sweep run in separate invocations. Every run is deterministic, so rows of separate invocations with
 * the same settings are the rows one sweep would have written. The directories must agree on every
 * setting the rows depend on — all but {@code model.widths}, {@code output.*}, {@code compute.*},
 * {@code spark.*}, {@code debug.*} and {@code train.checkpoint-every} (checked on run.json's resolved config; a key only one of them knows,
 * from a newer version, is named and skipped) — and no
 * (width, seed) may appear twice. Writes OUT/metrics.csv, features.csv (when all have one), run.json (the
 * first directory's provenance, every run, the sources) and the report.
 */
public final class Merge {
    private Merge() {}


    public static String merge(FileStore out, List<FileStore> dirs, Provenance by) throws IOException {
        if (out.exists("metrics.csv")) throw new UserError("'" + out + "' already holds metrics.csv; choose another directory");
        StringBuilder metrics = new StringBuilder(RunOutputs.HEADER).append('\n');
        StringBuilder features = new StringBuilder(RunOutputs.FEATURES_HEADER).append('\n');
        boolean allFeatures = true;
        Map<String, FileStore> owner = new LinkedHashMap<>();
        Map<String, List<String>> metricRows = new LinkedHashMap<>(), featureRows = new LinkedHashMap<>();
        List<Object> runs = new ArrayList<>();
        Map<String, Object> root = null;
        Config reference = null;
        for (FileStore d : dirs) {
            String csv = d.locate("metrics.csv"), json = d.locate("run.json");
            if (!d.isFile("metrics.csv") || !d.isFile("run.json")) throw new UserError("'" + d
                    + "' is not a wideneck output directory (no metrics.csv and run.json)");
            Config rj;
            try {
                rj = ConfigFactory.parseString(d.readString("run.json"));
                rj.getConfig("config");
                rj.getConfigList("runs");
            } catch (com.typesafe.config.ConfigException e) {
                throw new UserError("'" + json + "' is not a wideneck run.json: " + e.getMessage());
            }
            // what the rows depend on: everything but the widths, the outputs, and the compute and Spark settings
            // (results are bitwise independent of threads, master and mode)
            Config settings = rj.getConfig("config").withoutPath("model.widths").withoutPath("output").withoutPath("compute")
                    .withoutPath("spark").withoutPath("debug").withoutPath("train.checkpoint-every");
            if (reference == null) {
                reference = settings;
                root = new LinkedHashMap<>(rj.root().unwrapped());
            } else {
                for (Map.Entry<String, com.typesafe.config.ConfigValue> e : settings.entrySet()) {
                    String k = e.getKey();
                    if (!reference.hasPath(k)) {
                        System.out.println("wideneck: note: " + k + " is set only in '" + d + "' (a newer version's key); compared on the others");
                    } else if (!reference.getValue(k).unwrapped().equals(e.getValue().unwrapped())) {
                        throw new UserError("'" + d + "' was run with " + k + " = " + e.getValue().render() + " but '" + dirs.get(0) + "' with "
                                + reference.getValue(k).render() + "; their rows would not belong to one sweep");
                    }
                }
                for (Map.Entry<String, com.typesafe.config.ConfigValue> e : reference.entrySet()) {
                    if (!settings.hasPath(e.getKey())) {
                        System.out.println("wideneck: note: " + e.getKey() + " is set only in '" + dirs.get(0) + "'; compared on the others");
                    }
                }
            }
            String text = d.readString("metrics.csv");
            MetricsTable.parse(text, csv); // every row checked before anything is written
            List<String> lines = text.lines().toList();
            for (String l : lines.subList(1, lines.size())) {
                if (l.isEmpty()) continue;
                String[] f = l.split(",", -1);
                FileStore before = owner.putIfAbsent(f[0] + "/" + f[1], d);
                if (before != null && !before.equals(d)) {
                    throw new UserError("width " + f[0] + " seed " + f[1] + " appears in both '" + before + "' and '" + d + "'");
                }
                metricRows.computeIfAbsent(f[0], k -> new ArrayList<>()).add(l);
            }
            if (d.isFile("features.csv")) {
                List<String> fl = d.readString("features.csv").lines().toList();
                if (fl.isEmpty() || !fl.get(0).equals(RunOutputs.FEATURES_HEADER)) {
                    throw new UserError("'" + d.locate("features.csv") + "' does not start with the header " + RunOutputs.FEATURES_HEADER);
                }
                for (int i = 1; i < fl.size(); i++) {
                    String l = fl.get(i);
                    if (l.split(",", -1).length != 5) {
                        throw new UserError("'" + d.locate("features.csv") + "' line " + (i + 1) + " has " + l.split(",", -1).length + " fields, expected 5");
                    }
                    featureRows.computeIfAbsent(l.split(",", -1)[0], k -> new ArrayList<>()).add(l);
                }
            } else {
                allFeatures = false;
            }
            for (Config r : rj.getConfigList("runs")) runs.add(r.root().unwrapped());
        }
        // widths as a sweep writes them: inf first, then from wide to narrow
        List<String> widths = new ArrayList<>(metricRows.keySet());
        for (String w : widths) {
            if (!w.equals("inf") && !w.matches("[1-9][0-9]*")) throw new UserError("metrics.csv lists width '" + w + "', which is not a width");
        }
        widths.sort(java.util.Comparator.comparingLong(w -> w.equals("inf") ? Long.MIN_VALUE : -Long.parseLong(w)));
        for (String w : widths) for (String l : metricRows.get(w)) metrics.append(l).append('\n');
        for (String w : widths) for (String l : featureRows.getOrDefault(w, List.of())) features.append(l).append('\n');
        out.mkdirs("");
        RunOutputs.atomicWrite(out, "metrics.csv", metrics.toString());
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Object r : runs) {
            if (r instanceof Map<?, ?> m && m.get("learning_rate") instanceof Number mu) rates.put(m.get("width") + "," + m.get("seed"), mu.doubleValue());
        }
        RunOutputs.writeParquet(out, metrics.toString(), rates);
        if (allFeatures) RunOutputs.atomicWrite(out, "features.csv", features.toString());
        root.put("runs", runs);
        List<String> sources = new ArrayList<>();
        for (FileStore d : dirs) sources.add(d.location());
        root.put("merged_from", sources);
        root.put("merged_by", by.toMap());
        RunOutputs.atomicWrite(out, "run.json",
                ConfigValueFactory.fromMap(root).render(ConfigRenderOptions.concise().setJson(true).setFormatted(true)) + "\n");
        return Report.write(out);
    }
}

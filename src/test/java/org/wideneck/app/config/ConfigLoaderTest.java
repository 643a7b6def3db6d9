package org.wideneck.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.config.UserError;
import org.wideneck.app.cli.CommandLine;
import org.wideneck.core.loop.EmbeddingUpdate;

class ConfigLoaderTest {
    @TempDir
    Path tmp;

    private Path conf(String text) throws IOException {
        Path p = tmp.resolve("test.conf");
        Files.writeString(p, text);
        return p;
    }

    private String error(String text, String... overrides) throws IOException {
        Path p = conf(text);
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(p.toString(), List.of(overrides)));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaultsAndOverridesResolve() throws IOException {
        WideneckConfig c = ConfigLoader.load(conf("train.steps = 50\nmodel.widths = [inf, 7]").toString(),
                List.of("train.batch-size=full", "init.width=300"));
        assertEquals(50, c.train().steps());
        assertTrue(c.train().fullBatch());
        assertEquals(List.of(Width.INF, new Width(7)), c.model().widths());
        assertEquals(300, c.init().width());
        assertEquals(300, c.init().infWidth(), "inf-width follows init.width");
        assertEquals(300, c.model().finiteWidth(), "finite-width follows init.width");
        assertEquals("test", c.name());
        assertEquals("local[*]", c.spark().master());
    }

    @Test
    void embeddingUpdateIsAutoByDefaultAndLazyIsRefusedForTrainingPointsOnExecutors() throws IOException {
        assertEquals(EmbeddingUpdate.AUTO, ConfigLoader.load(conf("").toString(), List.of()).train().embeddingUpdate());
        assertEquals(EmbeddingUpdate.LAZY,
                ConfigLoader.load(conf("").toString(), List.of("train.embedding-update=lazy")).train().embeddingUpdate());
        String m = error("model.widths = [10]\nspark.mode = partitioned\nspark.train-points = blocks", "train.embedding-update=lazy");
        assertTrue(m.startsWith("config: train.embedding-update = \"lazy\"") && m.contains("spark.train-points = blocks"), m);
        String bad = error("", "train.embedding-update=sometimes");
        assertTrue(bad.contains("train.embedding-update") && bad.contains("sometimes"), bad);
    }

    @Test
    void unknownKeysAreRejectedWithASuggestion() throws IOException {
        String m = error("train.stpes = 5");
        assertTrue(m.contains("unknown key 'train.stpes'") && m.contains("test.conf:1") && m.contains("did you mean 'train.steps'"), m);
        String o = error("", "model.widht=[3]");
        assertTrue(o.contains("unknown key 'model.widht'") && o.contains("command line"), o);
    }

    @Test
    void badValuesNameThePathTheValueAndTheOrigin() throws IOException {
        String lr = error("train.learning-rate = -1");
        assertTrue(lr.contains("train.learning-rate = -1") && lr.contains("test.conf:1") && lr.contains("positive"), lr);
        String w0 = error("model.widths = [inf, 0]");
        assertTrue(w0.contains("model.widths") && w0.contains("'0' is not a width"), w0);
        String neg = error("model.widths = [-5]");
        assertTrue(neg.contains("'-5' is not a width"), neg);
        String abc = error("model.widths = [abc]");
        assertTrue(abc.contains("'abc' is not a width"), abc);
        String dup = error("model.widths = [5, 5]");
        assertTrue(dup.contains("twice"), dup);
        String bs = error("train.batch-size = half");
        assertTrue(bs.contains("train.batch-size") && bs.contains("full"), bs);
        String kind = error("model.kind = huge");
        assertTrue(kind.contains("model.kind") && kind.contains("infinite, finite"), kind);
        String steps = error("train.steps = 2.5");
        assertTrue(steps.contains("train.steps = 2.5") && steps.contains("integer"), steps);
        String fin = error("model { kind = finite, widths = [inf, 10] }");
        assertTrue(fin.contains("remove inf"), fin);
        String npy = error("data.source = npy");
        assertTrue(npy.contains("data.npy.train-x"), npy);
        String syntax = error("train { steps = ");
        assertTrue(syntax.startsWith("cannot parse config file"), syntax);
    }

    @Test
    void missingFileIsAnError() {
        UserError e = assertThrows(UserError.class, () -> ConfigLoader.load(tmp.resolve("nope.conf").toString(), List.of()));
        assertTrue(e.getMessage().contains("does not exist"));
    }

    @Test
    void shippedPresetsAreValid() {
        for (String f : List.of("conf/synthetic.conf")) {
            WideneckConfig c = ConfigLoader.load(f, List.of());
            assertTrue(c.model().widths().size() > 1, f);
        }
    }

    /** Every shipped preset loads and validates (without its data). */
    @org.junit.jupiter.api.Test
    void everyShippedPresetValidates() throws java.io.IOException {
        java.util.List<java.nio.file.Path> presets;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("conf"))) {
            presets = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
        }
        org.junit.jupiter.api.Assertions.assertTrue(presets.size() >= 3, presets.toString());
        for (java.nio.file.Path f : presets) {
            WideneckConfig c = ConfigLoader.load(f.toString(), java.util.List.of());
            org.junit.jupiter.api.Assertions.assertFalse(c.model().widths().isEmpty(), f.toString());
        }
        WideneckConfig syn = ConfigLoader.load("conf/synthetic.conf", java.util.List.of());
        org.junit.jupiter.api.Assertions.assertTrue(syn.sweep().rates().givenPerWidth() && syn.sweep().replicates() >= 3,
                "the main job: per-width μ, ≥ 3 replicates");
    }

    /** submit/predict's settings: defaults, the format by extension, and every refusal naming its key. */
    @org.junit.jupiter.api.Test
    void predictSettingsAreValidatedInTheLoader() {
        PredictConfig p = ConfigLoader.predict("hdfs://nn/data/new.parquet/", CommandLine.settings(java.util.List.of("id-col=key",
                "options.mergeSchema=true", "threads=2")));
        org.junit.jupiter.api.Assertions.assertEquals("parquet", p.format());
        org.junit.jupiter.api.Assertions.assertEquals("features", p.featuresCol());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.Map.of("mergeSchema", "true"), p.options());
        org.junit.jupiter.api.Assertions.assertEquals("local[*]", p.master());
        java.util.function.BiConsumer<String, String[]> refused = (expected, args) -> {
            UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> ConfigLoader.predict("x.npy",
                    CommandLine.settings(java.util.List.of(args))));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in " + e.getMessage());
        };
        refused.accept("did you mean 'features-col'", new String[] {"feature-col=x"});
        refused.accept("threads = -1", new String[] {"threads=-1"});
        refused.accept("spark.master = \"nowhere\"", new String[] {"spark.master=nowhere"});
        refused.accept("id-col = \"key\"", new String[] {"id-col=key"});
        refused.accept("not of the form key=value", new String[] {"threads"});
        org.junit.jupiter.api.Assertions.assertThrows(UserError.class, () -> ConfigLoader.predict("points.bin", CommandLine.settings(java.util.List.of())));
    }
}

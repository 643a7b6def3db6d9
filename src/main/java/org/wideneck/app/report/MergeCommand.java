package org.wideneck.app.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.wideneck.app.cli.Cli;
import org.wideneck.app.cli.Command;
import org.wideneck.app.cli.CommandLine;
import org.wideneck.app.cli.ExitCode;
import org.wideneck.app.cli.Provenance;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/** {@code submit/merge OUT DIR DIR [DIR ...]}: one output directory from the runs of several ({@link Merge}). */
public final class MergeCommand implements Command {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    /** The command on these arguments; its exit status. */
    public static int run(String[] args) {
        return Cli.run(new MergeCommand(), args);
    }

    @Override
    public String usage() {
        return "submit/merge OUT DIR DIR [DIR ...]";
    }

    @Override
    public String summary() {
        return "Merges the runs of several output directories — e.g. the widths of a long sweep run in separate invocations — into "
                + "OUT (a new directory): metrics.csv, features.csv, run.json and the report. The directories must agree on every setting "
                + "the rows depend on (all but model.widths, output.*, compute.*, spark.*, debug.* and train.checkpoint-every), and no "
                + "(width, seed) may appear twice.";
    }

    @Override
    public List<Keys.Key> keys() {
        return List.of();
    }

    @Override
    public int run(CommandLine line) throws Exception {
        if (!line.flags().isEmpty()) throw new UserError("unknown option '" + line.flags().get(0) + "' (see --help)");
        ConfigLoader.noKeys(line.settings(), "merge");
        List<String> pos = line.positional();
        if (pos.size() < 3) throw new UserError("give OUT and at least two directories to merge: " + usage());
        HadoopConf conf = HadoopConf.of(Map.of());
        FileStore out = FileStores.open(pos.get(0), conf);
        List<FileStore> dirs = new ArrayList<>();
        for (String d : pos.subList(1, pos.size())) dirs.add(FileStores.open(d, conf));
        String html = Merge.merge(out, dirs, Provenance.of("submit/merge", line.args().toArray(new String[0])));
        System.out.print(Report.accelerationText(out));
        System.out.println("wideneck: merged " + dirs.size() + " directories into " + out + "; report in " + html);
        return ExitCode.OK;
    }
}

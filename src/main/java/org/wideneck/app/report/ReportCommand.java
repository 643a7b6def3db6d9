package org.wideneck.app.report;

import java.util.List;
import java.util.Map;
import org.wideneck.app.cli.Cli;
import org.wideneck.app.cli.Command;
import org.wideneck.app.cli.CommandLine;
import org.wideneck.app.cli.ExitCode;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.UserError;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/** {@code submit/report DIR}: redraws the figures, acceleration table and report.html of an output directory. */
public final class ReportCommand implements Command {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    /** The command on these arguments; its exit status. */
    public static int run(String[] args) {
        return Cli.run(new ReportCommand(), args);
    }

    @Override
    public String usage() {
        return "submit/report DIR";
    }

    @Override
    public String summary() {
        return "Redraws figures/*.png, acceleration.csv and report.html of an output directory (a local path or a Hadoop URI) from its "
                + "metrics.csv, features.csv and run.json; for a learning-rate sweep, every lr-μ/ directory and the sweep's summary.";
    }

    @Override
    public List<Keys.Key> keys() {
        return List.of();
    }

    @Override
    public int run(CommandLine line) throws Exception {
        if (!line.flags().isEmpty()) throw new UserError("unknown option '" + line.flags().get(0) + "' (see --help)");
        ConfigLoader.noKeys(line.settings(), "report");
        if (line.positional().size() != 1) throw new UserError("give one output directory: " + usage());
        FileStore dir = FileStores.open(line.positional().get(0), HadoopConf.of(Map.of()));
        String html;
        if (!dir.isFile("metrics.csv") && RateSweepReport.isSweep(dir)) {
            RateSweepReport.Result r = RateSweepReport.write(dir);
            for (FileStore sub : RateSweepReport.rateDirs(dir).values()) Report.write(sub);
            System.out.print(r.text());
            html = r.html();
        } else {
            if (!dir.isDirectory("")) throw new UserError("'" + dir.location() + "' is not a directory");
            if (!dir.isFile("metrics.csv")) throw new UserError("'" + dir.location() + "' holds no metrics.csv (is it a wideneck output directory?)");
            html = Report.write(dir);
            System.out.print(Report.accelerationText(dir));
        }
        System.out.println("wideneck: report in " + html);
        return ExitCode.OK;
    }
}

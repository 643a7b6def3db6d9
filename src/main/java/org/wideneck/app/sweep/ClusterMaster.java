package org.wideneck.app.sweep;

import java.util.List;
import java.util.Map;
import org.wideneck.app.checkpoint.ResumeFile;
import org.wideneck.app.cli.Cli;
import org.wideneck.app.cli.CommandLine;
import org.wideneck.app.cli.Command;
import org.wideneck.app.cli.ExitCode;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/**
 * What {@code submit/cluster} runs before {@code spark-submit}: the command line checked as the application will
 * check it (the config loaded and validated, resume.json read, predict's settings read), and the master printed on
 * standard output — {@code SPARK_MASTER} when set, else an override's or the config's {@code spark.master} (for
 * {@code --resume DIR}, the one the sweep started with unless overridden), else {@code local[*]}. A bad command line
 * is refused here, in one line and exit 2, before Spark starts.
 */
public final class ClusterMaster implements Command {
    public static void main(String[] args) {
        System.exit(Cli.run(new ClusterMaster(), args));
    }

    @Override
    public String usage() {
        return "submit/cluster CONF [key=value ...]\nsubmit/cluster --resume DIR [compute.*=... spark.*=...]\n"
                + "submit/cluster --predict MODEL DATA OUT [key=value ...]";
    }

    @Override
    public String summary() {
        return "Submits a sweep (or a prediction) to a Spark cluster with spark-submit: $SPARK_HOME/bin/spark-submit when SPARK_HOME is "
                + "set, else Spark's own SparkSubmit from the project's class path. The master: SPARK_MASTER (spark://host:7077, yarn, "
                + "k8s://https://host:443, local[N]) if set, else spark.master from the command line, the config or (--resume) the "
                + "sweep's resume.json, else local[*]. SPARK_SUBMIT_OPTS_EXTRA adds spark-submit options (e.g. \"--deploy-mode cluster\"); "
                + "WIDENECK_TASK_CPUS sets spark.task.cpus (each run computes on that many threads). The keys are submit/local's.";
    }

    @Override
    public List<Keys.Key> keys() {
        return Keys.ALL;
    }

    @Override
    public int run(CommandLine line) {
        String env = System.getenv("SPARK_MASTER");
        String master = master(line);
        if (env != null && !env.isBlank()) {
            if (!ConfigLoader.isSparkMaster(env)) throw new UserError("SPARK_MASTER = \"" + env + "\" is not a Spark master URL "
                    + "(local[N], spark://host:port, yarn, k8s://…)");
            master = env;
        }
        System.out.println(master);
        return ExitCode.OK;
    }

    /** The master the command line and its config name, after checking them as the application will. */
    static String master(CommandLine line) {
        List<String> pos = line.positional();
        if (line.has("--predict")) {
            if (pos.size() != 3) throw new UserError("--predict needs MODEL DATA OUT: submit/cluster --predict MODEL DATA OUT [key=value ...]");
            return ConfigLoader.predict(pos.get(1), line.settings()).master();
        }
        for (String f : line.flags()) {
            if (!f.equals("--resume")) throw new UserError("unknown option '" + f + "' (options: --resume DIR, --predict, --help, --version)");
        }
        if (pos.isEmpty()) {
            throw new UserError(line.has("--resume") ? "--resume needs the output directory of the sweep to continue"
                    : "give a config file: submit/cluster CONF [key=value ...] (see --help)");
        }
        if (pos.size() > 1) throw new UserError("one " + (line.has("--resume") ? "directory" : "config file") + " at a time; '" + pos.get(1)
                + "' is extra (a setting is key=value)");
        WideneckConfig cfg;
        if (line.has("--resume")) {
            ResumeFile.Stored stored = ResumeFile.read(FileStores.open(pos.get(0), HadoopConf.of(Map.of())));
            cfg = ConfigLoader.loadStored(stored.name(), stored.config(), line.overrides(), pos.get(0));
        } else {
            cfg = ConfigLoader.load(pos.get(0), line.overrides());
        }
        return cfg.spark().master();
    }
}

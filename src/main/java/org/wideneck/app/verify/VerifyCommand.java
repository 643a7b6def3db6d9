package org.wideneck.app.verify;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.wideneck.app.cli.Command;
import org.wideneck.app.cli.CommandLine;
import org.wideneck.app.cli.Provenance;
import org.wideneck.app.config.ConfigLoader;
import org.wideneck.app.config.Keys;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.VerifyConfig;
import org.wideneck.app.files.FileStore;
import org.wideneck.app.files.FileStores;
import org.wideneck.app.files.HadoopConf;

/** {@code submit/verify quick|full [key=value ...]}: the paper's appendix E/F checks as a report ({@link Verify}). */
public final class VerifyCommand implements Command {
    private FileStore out;

    @Override
    public String usage() {
        return "submit/verify quick|full [key=value ...]";
    }

    @Override
    public String summary() {
        return "The theory's checks as a report: the closed-form kernels against finite differences and Monte Carlo, the evolution "
                + "equations' residuals along finite networks, finite networks against the simulation from the same weights as the width "
                + "grows (with the fitted exponent), the paper's printed eq 44 against the corrected one, and lemma 4.1 — for each "
                + "activation and for a deeper g. Writes checks.csv, verify.json and report.html; exit 4 when a check fails its threshold. "
                + "quick runs in the test suite; full adds larger widths and an MNIST subset (datasets/fetch mnist).";
    }

    @Override
    public List<Keys.Key> keys() {
        return Keys.VERIFY;
    }

    @Override
    public FileStore errorLogDir() {
        return out;
    }

    @Override
    public int run(CommandLine line) throws IOException {
        if (!line.flags().isEmpty()) throw new UserError("unknown option '" + line.flags().get(0) + "' (see --help)");
        List<String> pos = line.positional();
        if (pos.size() != 1 || !(pos.get(0).equals("quick") || pos.get(0).equals("full"))) {
            throw new UserError("give the mode, quick or full: " + usage() + (pos.size() > 1 ? "; '" + pos.get(1) + "' is extra" : ""));
        }
        VerifyConfig cfg = ConfigLoader.verify(pos.get(0), line.settings());
        FileStore dir = FileStores.open(cfg.outputDir(), HadoopConf.of(Map.of()));
        if (FileStores.remote(cfg.outputDir())) throw new UserError("verify: output.dir = \"" + cfg.outputDir() + "\" must be a local directory");
        dir.checkWritable("verify: output.dir");
        if (dir.exists("checks.csv")) throw new UserError("verify: output.dir = \"" + cfg.outputDir() + "\" already holds checks.csv; choose another");
        out = dir;
        return Verify.run(cfg, dir, Provenance.of("submit/verify", line.args().toArray(new String[0])));
    }
}

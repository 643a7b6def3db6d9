package org.wideneck.app.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wideneck.app.data.Npy;
import org.wideneck.app.data.NpyArray;
import org.wideneck.app.data.WeightsLoader;
import org.wideneck.app.files.HadoopConf;
import org.wideneck.core.data.Dataset;
import org.wideneck.core.data.Problem;
import org.wideneck.core.data.Split;
import org.wideneck.core.dynamics.BottleneckSimulator;
import org.wideneck.core.dynamics.KernelSgdSimulator;
import org.wideneck.core.dynamics.LocalOutputs;
import org.wideneck.core.finite.FiniteNetwork;
import org.wideneck.core.init.InitialNetwork;
import org.wideneck.core.init.NetworkWeights;
import org.wideneck.core.kernel.Activation;
import org.wideneck.core.kernel.KernelPath;
import org.wideneck.core.model.Loss;
import org.wideneck.core.model.Model;
import org.wideneck.core.model.Momentum;
import org.wideneck.core.parallel.Workers;

/**
 * wideneck against an independent implementation of the model family (docs/peer/family_reference.py: dense NumPy,
 * written from the formulas alone), from the same data and imported weights and the same batches (step t draws the
 * points (t·B + i) mod N): for relu and erf, one and two hidden layers in g, squared loss and cross-entropy, full
 * batch and minibatch, without momentum and with β = 0.9, the bottleneck simulation (d = 4), the width-64 network
 * with the imported weights, and `inf` from F_0 = 0 agree in every loss row: erf to 1e-12 relative, ReLU to 1e-9 or,
 * where the run itself is less well conditioned, to ten times the change a 1e-15 relative change of its inputs makes.
 * ReLU's kernels take θ = arccos of a rounded cosine, good to ~√ε at x ∥ y (SPEC §2), and every full batch pairs each
 * point with itself: measured on these cases, a 1e-15 change of the inputs moves ReLU's final losses by up to 8e-10
 * relative and erf's by 5e-14, so two correct implementations that round differently can differ by that much. The
 * reference's rows are committed under src/test/resources/family (regenerate with the script).
 */
class IndependentReferenceTest {
    static final Path DIR = Path.of("src/test/resources/family");
    static final int STEPS = 30, EVAL = 10, D = 4;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".csv")).sorted().map(f -> f.substring(0, f.length() - 4)).toList()
                    .stream();
        }
    }

    /** The split's data, its inputs scaled by (1 + eps·sin i) (eps = 0: as written). */
    static Dataset dataset(String name, double eps) {
        NpyArray x = Npy.read(DIR.resolve(name + "-x.npy")), y = Npy.read(DIR.resolve(name + "-y.npy"));
        int[] labels = new int[y.rows()];
        for (int i = 0; i < y.rows(); i++) for (int k = 0; k < y.cols(); k++) if (y.values()[i * y.cols() + k] == 1.0) labels[i] = k;
        double[] xv = x.values().clone();
        for (int i = 0; i < xv.length; i++) xv[i] *= 1 + eps * Math.sin(i);
        return new Dataset(x.rows(), x.cols(), y.cols(), xv, y.values(), labels);
    }

    /** The loss rows ("kind step split" → loss) of the three simulations of a case on data perturbed by eps. */
    static Map<String, Double> rows(String[] f, double eps) {
        Activation act = Activation.named(f[0]);
        int depth = Integer.parseInt(f[1].substring(1));
        Loss loss = Loss.named(f[2]);
        int batch = Integer.parseInt(f[3].substring(1));
        double beta = Double.parseDouble(f[4].substring(4));
        double mu = loss == Loss.MSE ? 0.5 : 2.0;
        Problem p = new Problem(dataset("train", eps), dataset("test", eps));
        NetworkWeights w = WeightsLoader.load(DIR.resolve("weights-L" + depth).toString(), p.d0(), p.dr(), depth, HadoopConf.defaults());
        Model model = new Model(D, act, depth, loss, new Momentum(beta));
        Map<String, LocalOutputs> sims = Map.of(
                "bottleneck", new BottleneckSimulator(p, model, new InitialNetwork(w, act, false), mu, KernelPath.best(), Workers.sequential()),
                "finite", new FiniteNetwork(p, model, w, mu),
                "inf", new KernelSgdSimulator(p, model.withWidth(Model.INF), new double[p.train().size() * p.dr()],
                        new double[p.test().size() * p.dr()], mu, KernelPath.best(), Workers.sequential()));
        Map<String, Double> out = new HashMap<>();
        for (Map.Entry<String, LocalOutputs> e : sims.entrySet()) {
            LocalOutputs sim = e.getValue();
            int n = p.train().size();
            for (int t = 0; t <= STEPS; t++) {
                if (t % EVAL == 0) {
                    for (Split split : Split.values()) out.put(e.getKey() + " " + t + " " + split.label(), sim.evaluate(p.split(split), split, null).loss());
                }
                if (t == STEPS) break;
                int[] b = new int[batch];
                for (int i = 0; i < batch; i++) b[i] = (t * batch + i) % n;
                sim.step(b);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyLossRowAgreesWithTheIndependentImplementation(String name) throws IOException {
        String[] f = name.split("-(?=L\\d)|-(?=B\\d)|-(?=beta)|(?<=L\\d)-"); // relu-L1-mse-B40-beta0.0
        boolean erf = f[0].equals("erf");
        Map<String, Double> want = new HashMap<>();
        List<String> lines = Files.readAllLines(DIR.resolve(name + ".csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            want.put(c[0] + " " + c[1] + " " + c[2], Double.parseDouble(c[3]));
        }
        Map<String, Double> got = rows(f, 0), nudged = erf ? got : rows(f, 1e-15);
        assertEquals(want.keySet(), got.keySet(), "every row of the reference");
        double worst = 0;
        for (Map.Entry<String, Double> e : want.entrySet()) {
            double ref = e.getValue(), g = got.get(e.getKey());
            double tol = erf ? 1e-12 * Math.abs(ref) : Math.max(1e-9 * Math.abs(ref), 10 * Math.abs(nudged.get(e.getKey()) - g));
            assertEquals(ref, g, tol, name + ": " + e.getKey());
            worst = Math.max(worst, Math.abs(g - ref) / Math.abs(ref));
        }
        System.out.printf(Locale.ROOT, "%s: largest relative difference %.2g%n", name, worst);
    }
}

package org.wideneck.app.data;

import java.io.Serializable;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.core.data.Dataset;

/**
 * What data.standardize did to the inputs, with the training set's statistics, so a trained model applies
 * the same to new points: nothing; per feature x_j ← (x_j − m_j)/s_j (a feature with s_j ≤ 1e-12 becomes
 * 0); or globally x ← (x − m)/s with one mean and deviation over all features. The arithmetic is the one
 * place it is written, so new points get the bits the training run's points got.
 *
 * @param mean per feature (FEATURE), one value (GLOBAL), or empty (NONE); sd likewise
 */
public record InputTransform(WideneckConfig.Standardize kind, double[] mean, double[] sd) implements Serializable {
    public static final InputTransform NONE = new InputTransform(WideneckConfig.Standardize.NONE, new double[0], new double[0]);

    /** The statistics of mode from the training inputs (not modified). */
    public static InputTransform fit(WideneckConfig.Standardize mode, Dataset train) {
        int d0 = train.d0(), n = train.size();
        double[] tx = train.x();
        if (mode == WideneckConfig.Standardize.FEATURE) {
            double[] mean = new double[d0], sd = new double[d0];
            for (int i = 0; i < n; i++) for (int j = 0; j < d0; j++) mean[j] += tx[i * d0 + j] / n;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d0; j++) {
                    double e = tx[i * d0 + j] - mean[j];
                    sd[j] += e * e / n;
                }
            }
            for (int j = 0; j < d0; j++) sd[j] = Math.sqrt(sd[j]);
            return new InputTransform(mode, mean, sd);
        }
        if (mode == WideneckConfig.Standardize.GLOBAL) {
            double mean = 0, var = 0;
            for (double v : tx) mean += v;
            mean /= tx.length;
            for (double v : tx) var += (v - mean) * (v - mean);
            double sd = Math.sqrt(var / tx.length);
            if (!(sd > 1e-12)) throw new UserError("data: data.standardize = global: the training inputs are constant");
            return new InputTransform(mode, new double[] {mean}, new double[] {sd});
        }
        return NONE;
    }

    /** The transform applied to rows points of d0 features. Modifies x. */
    public void apply(double[] x, int rows, int d0) {
        if (kind == WideneckConfig.Standardize.FEATURE) {
            if (mean.length != d0) throw new IllegalArgumentException("the transform is for " + mean.length + " features, not " + d0);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < d0; j++) {
                    int q = i * d0 + j;
                    x[q] = sd[j] > 1e-12 ? (x[q] - mean[j]) / sd[j] : 0.0;
                }
            }
        } else if (kind == WideneckConfig.Standardize.GLOBAL) {
            double m = mean[0], s = sd[0];
            for (int q = 0; q < rows * d0; q++) x[q] = (x[q] - m) / s;
        }
    }

    /** The transform applied to a data set's inputs. Modifies its x. */
    public void apply(Dataset ds) {
        apply(ds.x(), ds.size(), ds.d0());
    }
}

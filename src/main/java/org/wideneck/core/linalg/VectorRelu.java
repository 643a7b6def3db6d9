package org.wideneck.core.linalg;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The SIMD path of {@link Relu}: a compare (z &gt; 0, false for NaN) and a blend with +0.0; tails use the scalar loops. */
final class VectorRelu {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorRelu() {}

    /** Modifies z. */
    static void apply(double[] z, int len) {
        int bound = S.loopBound(len);
        DoubleVector zero = DoubleVector.zero(S);
        for (int i = 0; i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, z, i);
            zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(z, i);
        }
        Relu.applyScalar(z, bound, len);
    }

    /** Modifies target. */
    static void mask(double[] z, int zOff, double[] target, int len) {
        int bound = S.loopBound(len);
        DoubleVector zero = DoubleVector.zero(S);
        for (int i = 0; i < bound; i += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, z, zOff + i);
            zero.blend(DoubleVector.fromArray(S, target, i), v.compare(VectorOperators.GT, 0.0)).intoArray(target, i);
        }
        Relu.maskScalar(z, zOff, target, bound, len);
    }
}

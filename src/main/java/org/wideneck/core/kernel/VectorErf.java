package org.wideneck.core.kernel;

import static org.wideneck.core.kernel.ErfMath.ERF_MID;
import static org.wideneck.core.kernel.ErfMath.ERF_ONE;
import static org.wideneck.core.kernel.ErfMath.ERF_SMALL;
import static org.wideneck.core.kernel.ErfMath.ERF_TAIL;
import static org.wideneck.core.kernel.ErfMath.ERF_TINY;
import static org.wideneck.core.kernel.ErfMath.ERF_UNDERFLOW;
import static org.wideneck.core.kernel.ErfMath.ERX;
import static org.wideneck.core.kernel.ErfMath.EFX;
import static org.wideneck.core.kernel.ErfMath.EFX8;
import static org.wideneck.core.kernel.ErfMath.EXP_TINY;
import static org.wideneck.core.kernel.ErfMath.HALF_LN2;
import static org.wideneck.core.kernel.ErfMath.INV_LN2;
import static org.wideneck.core.kernel.ErfMath.LN2_HI;
import static org.wideneck.core.kernel.ErfMath.LN2_LO;
import static org.wideneck.core.kernel.ErfMath.O_THRESHOLD;
import static org.wideneck.core.kernel.ErfMath.THREE_HALF_LN2;
import static org.wideneck.core.kernel.ErfMath.TINY;
import static org.wideneck.core.kernel.ErfMath.TWO_M1000;
import static org.wideneck.core.kernel.ErfMath.TWO_OVER_SQRT_PI;
import static org.wideneck.core.kernel.ErfMath.U_THRESHOLD;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD path of {@link ErfMath}: erf(z) and φ'(z) = (2/√π)·e^(−z²) lane by lane, with exactly the operations of
 * the scalar forms (every range computed and the lanes blended), so both paths give the same bits in every JIT
 * tier. erf works on chunks of {@link #CHUNK} values: a first pass computes the inner ranges and, for lanes in
 * the tails, the two exponents of e^(−z²−0.5625)·e^((z−x)(z+x)+R/S); the exponentials are taken in a second
 * pass only when a chunk has such lanes. Vectors never cross a method call (a vector passed to a method C2
 * does not inline loses its static type and falls back to the Vector API's Java templates), so the passes
 * share their work through arrays.
 */
final class VectorErf {
    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int CHUNK = 512;

    private VectorErf() {}

    /** z[off + i] := erf(z[off + i]) for i in [0, len). Modifies z. */
    static void erfInPlace(double[] z, int off, int len) {
        double[] xs = new double[CHUNK], a1 = new double[CHUNK], a2 = new double[CHUNK];
        for (int c0 = 0; c0 < len; c0 += CHUNK) {
            int n = Math.min(CHUNK, len - c0), bound = S.loopBound(n);
            boolean tails = false;
            for (int i = 0; i < bound; i += S.length()) {
                int p = off + c0 + i;
                DoubleVector x = DoubleVector.fromArray(S, z, p);
                DoubleVector ax = x.abs();
                VectorMask<Double> small = ax.compare(VectorOperators.LT, ERF_SMALL);
                DoubleVector xx = x.mul(x);
                DoubleVector r = xx.mul(xx.mul(xx.mul(xx.mul(ErfMath.PP4).add(ErfMath.PP3)).add(ErfMath.PP2)).add(ErfMath.PP1))
                        .add(ErfMath.PP0);
                DoubleVector s = xx.mul(xx.mul(xx.mul(xx.mul(xx.mul(ErfMath.QQ5).add(ErfMath.QQ4)).add(ErfMath.QQ3)).add(ErfMath.QQ2))
                        .add(ErfMath.QQ1)).add(1.0);
                DoubleVector poly = x.add(x.mul(r.div(s)));
                DoubleVector tiny = x.add(x.mul(EFX)).blend(x.mul(8.0).add(x.mul(EFX8)).mul(0.125),
                        ax.compare(VectorOperators.LT, ERF_UNDERFLOW));
                DoubleVector res = poly.blend(tiny, ax.compare(VectorOperators.LT, ERF_TINY));
                if (!small.allTrue()) {
                    x.intoArray(xs, i);
                    VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
                    DoubleVector sm = ax.sub(1.0);
                    DoubleVector pa = sm.mul(sm.mul(sm.mul(sm.mul(sm.mul(sm.mul(ErfMath.PA6).add(ErfMath.PA5)).add(ErfMath.PA4))
                            .add(ErfMath.PA3)).add(ErfMath.PA2)).add(ErfMath.PA1)).add(ErfMath.PA0);
                    DoubleVector qa = sm.mul(sm.mul(sm.mul(sm.mul(sm.mul(sm.mul(ErfMath.QA6).add(ErfMath.QA5)).add(ErfMath.QA4))
                            .add(ErfMath.QA3)).add(ErfMath.QA2)).add(ErfMath.QA1)).add(1.0);
                    DoubleVector pq = pa.div(qa);
                    DoubleVector mid = pq.add(ERX).blend(pq.neg().sub(ERX), negative);
                    DoubleVector one = DoubleVector.broadcast(S, 1.0 - TINY).blend(TINY - 1.0, negative);
                    DoubleVector st = DoubleVector.broadcast(S, 1.0).div(ax.mul(ax));
                    DoubleVector ra = st.mul(st.mul(st.mul(st.mul(st.mul(st.mul(st.mul(ErfMath.RA7).add(ErfMath.RA6)).add(ErfMath.RA5))
                            .add(ErfMath.RA4)).add(ErfMath.RA3)).add(ErfMath.RA2)).add(ErfMath.RA1)).add(ErfMath.RA0);
                    DoubleVector sa = st.mul(st.mul(st.mul(st.mul(st.mul(st.mul(st.mul(st.mul(ErfMath.SA8).add(ErfMath.SA7)).add(ErfMath.SA6))
                            .add(ErfMath.SA5)).add(ErfMath.SA4)).add(ErfMath.SA3)).add(ErfMath.SA2)).add(ErfMath.SA1)).add(1.0);
                    DoubleVector rb = st.mul(st.mul(st.mul(st.mul(st.mul(st.mul(ErfMath.RB6).add(ErfMath.RB5)).add(ErfMath.RB4))
                            .add(ErfMath.RB3)).add(ErfMath.RB2)).add(ErfMath.RB1)).add(ErfMath.RB0);
                    DoubleVector sb = st.mul(st.mul(st.mul(st.mul(st.mul(st.mul(st.mul(ErfMath.SB7).add(ErfMath.SB6)).add(ErfMath.SB5))
                            .add(ErfMath.SB4)).add(ErfMath.SB3)).add(ErfMath.SB2)).add(ErfMath.SB1)).add(1.0);
                    VectorMask<Double> nearTail = ax.compare(VectorOperators.LT, ERF_TAIL);
                    DoubleVector rr = rb.blend(ra, nearTail), qq = sb.blend(sa, nearTail);
                    DoubleVector zz = ax.reinterpretAsLongs().lanewise(VectorOperators.AND, 0xffffffff00000000L).reinterpretAsDoubles();
                    zz.neg().mul(zz).sub(0.5625).intoArray(a1, i);
                    zz.sub(ax).mul(zz.add(ax)).add(rr.div(qq)).intoArray(a2, i);
                    tails |= ax.compare(VectorOperators.GE, ERF_MID).and(ax.compare(VectorOperators.LT, ERF_ONE)).anyTrue();
                    res = res.blend(mid, ax.compare(VectorOperators.GE, ERF_SMALL)).blend(one, ax.compare(VectorOperators.GE, ERF_ONE))
                            .blend(x, x.compare(VectorOperators.NE, x));
                } else {
                    DoubleVector.zero(S).intoArray(xs, i); // no tail lanes: the second pass leaves these alone
                }
                res.intoArray(z, p);
            }
            if (tails) {
                expInPlace(a1, 0, bound);
                expInPlace(a2, 0, bound);
                for (int i = 0; i < bound; i += S.length()) {
                    int p = off + c0 + i;
                    DoubleVector x = DoubleVector.fromArray(S, xs, i);
                    DoubleVector ax = x.abs();
                    VectorMask<Double> inTail = ax.compare(VectorOperators.GE, ERF_MID).and(ax.compare(VectorOperators.LT, ERF_ONE));
                    if (!inTail.anyTrue()) continue;
                    DoubleVector e = DoubleVector.fromArray(S, a1, i).mul(DoubleVector.fromArray(S, a2, i));
                    DoubleVector q = e.div(ax);
                    DoubleVector tail = q.neg().add(1.0).blend(q.sub(1.0), x.compare(VectorOperators.LT, 0.0));
                    DoubleVector.fromArray(S, z, p).blend(tail, inTail).intoArray(z, p);
                }
            }
            for (int i = bound; i < n; i++) z[off + c0 + i] = ErfMath.erf(z[off + c0 + i]);
        }
    }

    /**
     * target[tOff + i] *= φ'(z[zOff + i]) = (2/√π)·e^(−z²) for i in [0, len): the Jacobian's mask of the erf
     * activation. Modifies target only.
     */
    static void timesDerivative(double[] z, int zOff, double[] target, int tOff, int len) {
        double[] e = new double[Math.min(len, CHUNK)];
        for (int c0 = 0; c0 < len; c0 += CHUNK) {
            int n = Math.min(CHUNK, len - c0), bound = S.loopBound(n);
            for (int i = 0; i < bound; i += S.length()) {
                DoubleVector x = DoubleVector.fromArray(S, z, zOff + c0 + i);
                x.mul(x).neg().intoArray(e, i);
            }
            expInPlace(e, 0, bound);
            for (int i = 0; i < bound; i += S.length()) {
                int p = tOff + c0 + i;
                DoubleVector.fromArray(S, e, i).mul(TWO_OVER_SQRT_PI).mul(DoubleVector.fromArray(S, target, p)).intoArray(target, p);
            }
            for (int i = bound; i < n; i++) target[tOff + c0 + i] *= ErfMath.erfDerivative(z[zOff + c0 + i]);
        }
    }

    /**
     * a[off + i] := e^(a[off + i]) for i in [0, len), the bits of {@link ErfMath#exp}: fdlibm's three ranges (no
     * reduction below 0.5·ln 2, k = ±1 below 1.5·ln 2, k = [x/ln 2] beyond) and its two scalings by 2^k, blended
     * per lane. Modifies a.
     */
    static void expInPlace(double[] a, int off, int len) {
        int bound = S.loopBound(len);
        for (int i = 0; i < bound; i += S.length()) {
            DoubleVector x = DoubleVector.fromArray(S, a, off + i);
            DoubleVector ax = x.abs();
            VectorMask<Double> negative = x.compare(VectorOperators.LT, 0.0);
            VectorMask<Double> reduce = ax.compare(VectorOperators.GE, HALF_LN2);
            VectorMask<Double> general = ax.compare(VectorOperators.GE, THREE_HALF_LN2);
            LongVector kg = (LongVector) x.mul(INV_LN2).add(DoubleVector.broadcast(S, 0.5).blend(-0.5, negative))
                    .convert(VectorOperators.D2L, 0);
            DoubleVector t = (DoubleVector) kg.convert(VectorOperators.L2D, 0);
            DoubleVector hi = x.sub(t.mul(LN2_HI)).blend(x.add(LN2_HI).blend(x.sub(LN2_HI), negative.not()), general.not());
            DoubleVector lo = t.mul(LN2_LO).blend(DoubleVector.broadcast(S, LN2_LO).blend(-LN2_LO, negative), general.not());
            LongVector k = LongVector.broadcast(kg.species(), 1L).blend(-1L, negative.cast(kg.species()))
                    .blend(kg, general.cast(kg.species()));
            DoubleVector xr = x.blend(hi.sub(lo), reduce);
            DoubleVector tt = xr.mul(xr);
            DoubleVector c = xr.sub(tt.mul(tt.mul(tt.mul(tt.mul(tt.mul(ErfMath.P5).add(ErfMath.P4)).add(ErfMath.P3)).add(ErfMath.P2))
                    .add(ErfMath.P1)));
            DoubleVector y0 = xr.mul(c).div(c.sub(2.0)).sub(xr).neg().add(1.0);
            DoubleVector yk = lo.sub(xr.mul(c).div(c.neg().add(2.0))).sub(hi).neg().add(1.0);
            LongVector bits = yk.reinterpretAsLongs();
            DoubleVector normal = bits.add(k.lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles();
            DoubleVector subnormal = bits.add(k.add(1000L).lanewise(VectorOperators.LSHL, 52)).reinterpretAsDoubles().mul(TWO_M1000);
            DoubleVector scaled = subnormal.blend(normal, k.compare(VectorOperators.GE, -1021L).cast(S));
            DoubleVector res = y0.blend(x.add(1.0), ax.compare(VectorOperators.LT, EXP_TINY)).blend(scaled, reduce)
                    .blend(Double.POSITIVE_INFINITY, x.compare(VectorOperators.GT, O_THRESHOLD))
                    .blend(0.0, x.compare(VectorOperators.LT, U_THRESHOLD))
                    .blend(x, x.compare(VectorOperators.NE, x));
            res.intoArray(a, off + i);
        }
        for (int i = bound; i < len; i++) a[off + i] = ErfMath.exp(a[off + i]);
    }
}

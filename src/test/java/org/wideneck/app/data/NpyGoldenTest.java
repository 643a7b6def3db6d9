package org.wideneck.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.wideneck.app.config.UserError;

/**
 * .npy files written by NumPy itself (src/test/resources/npy, made by make_golden.py there, NumPy 2.4.6)
 * read back value by value: the reader is held to NumPy's own layout, not only to our writer's.
 */
class NpyGoldenTest {
    private static Path golden(String name) throws URISyntaxException {
        return Path.of(NpyGoldenTest.class.getResource("/npy/" + name).toURI());
    }

    private static double[] expected(int n, double scale, double offset) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = k * scale + offset;
        return v;
    }

    @Test
    void floatArraysInBothByteOrdersAndPrecisions() throws URISyntaxException {
        for (String f : new String[] {"f64_2x3.npy", "f64_big_endian_2x3.npy"}) {
            NpyArray a = Npy.read(golden(f));
            assertArrayEquals(new int[] {2, 3}, a.shape(), f);
            assertArrayEquals(expected(6, 0.5, -1.0), a.values(), 0.0, f);
        }
        NpyArray b = Npy.read(golden("f32_3x2.npy"));
        assertArrayEquals(new int[] {3, 2}, b.shape());
        assertArrayEquals(expected(6, 0.25, 0), b.values(), 0.0);
    }

    @Test
    void integerLabelsAndBytes() throws URISyntaxException {
        for (String f : new String[] {"i64_labels_5.npy", "i32_labels_5.npy"}) {
            NpyArray a = Npy.read(golden(f));
            assertArrayEquals(new int[] {5}, a.shape(), f);
            assertTrue(a.integral());
            assertArrayEquals(new double[] {0, 2, 1, 2, 0}, a.values(), 0.0, f);
        }
        NpyArray u = Npy.read(golden("u8_2x3.npy"));
        assertEquals("|u1", u.dtype());
        assertArrayEquals(expected(6, 51, 0), u.values(), 0.0);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1.0}, DataLoader.scaledBytes(u).values(), 1e-15);
    }

    @Test
    void fortranOrderIsRefusedWithTheFix() throws URISyntaxException {
        String m = assertThrows(UserError.class, () -> Npy.read(golden("f64_fortran_2x3.npy"))).getMessage();
        assertTrue(m.contains("Fortran order") && m.contains("np.ascontiguousarray"), m);
    }
}

package org.wideneck.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.config.UserError;

class NpyTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripsFloat64Float32AndInt64() throws IOException {
        double[] v = {1.5, -2.25, 3e-300, Double.MAX_VALUE, 0, 7};
        Npy.writeFloat64(tmp.resolve("a.npy"), v, 2, 3);
        NpyArray a = Npy.read(tmp.resolve("a.npy"));
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertEquals("<f8", a.dtype());
        assertArrayEquals(v, a.values(), 0.0);
        Npy.writeFloat32(tmp.resolve("b.npy"), new double[] {0.5, -1.25, 3}, 3);
        NpyArray b = Npy.read(tmp.resolve("b.npy"));
        assertArrayEquals(new int[] {3}, b.shape());
        assertArrayEquals(new double[] {0.5, -1.25, 3}, b.values(), 0.0);
        Npy.writeInt64(tmp.resolve("c.npy"), new long[] {3, 0, 9}, 3);
        assertTrue(Npy.read(tmp.resolve("c.npy")).integral());
    }

    /** A file as NumPy 1.x writes it (header padded to 64 bytes, big-endian float64 too). */
    @Test
    void readsAHandMadeBigEndianFile() throws IOException {
        String header = "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }";
        byte[] h = pad(header);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.allocate(10 + h.length + 16);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).put((byte) h.length).put((byte) 0).put(h);
        bb.order(java.nio.ByteOrder.BIG_ENDIAN).putDouble(1.0).putDouble(-3.5);
        Files.write(tmp.resolve("be.npy"), bb.array());
        assertArrayEquals(new double[] {1.0, -3.5}, Npy.read(tmp.resolve("be.npy")).values(), 0.0);
    }

    private static byte[] pad(String header) {
        StringBuilder sb = new StringBuilder(header);
        while ((10 + sb.length() + 1) % 64 != 0) sb.append(' ');
        return sb.append('\n').toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private String error(byte[] content) throws IOException {
        Path p = tmp.resolve("bad.npy");
        Files.write(p, content);
        UserError e = assertThrows(UserError.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains("bad.npy"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void defectsAreClearErrors() throws IOException {
        Npy.writeFloat64(tmp.resolve("good.npy"), new double[] {1, 2, 3, 4}, 2, 2);
        byte[] good = Files.readAllBytes(tmp.resolve("good.npy"));
        assertTrue(error(Arrays.copyOf(good, good.length - 5)).contains("truncated"));
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertTrue(error(magic).contains("wrong magic"));
        assertTrue(error(new byte[] {1, 2, 3}).contains("not a .npy file"));
        byte[] extra = Arrays.copyOf(good, good.length + 8);
        assertTrue(error(extra).contains("after its data"));
        String fortran = new String(good, StandardCharsets.ISO_8859_1).replace("'fortran_order': False", "'fortran_order': True ");
        assertTrue(error(fortran.getBytes(StandardCharsets.ISO_8859_1)).contains("Fortran order"));
        String complex = new String(good, StandardCharsets.ISO_8859_1).replace("<f8", "<c8");
        assertTrue(error(complex.getBytes(StandardCharsets.ISO_8859_1)).contains("dtype"));
        UserError missing = assertThrows(UserError.class, () -> Npy.read(tmp.resolve("none.npy")));
        assertTrue(missing.getMessage().contains("does not exist"));
    }
}

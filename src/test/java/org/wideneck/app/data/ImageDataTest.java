package org.wideneck.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wideneck.app.config.UserError;
import org.wideneck.app.config.WideneckConfig;
import org.wideneck.core.data.Problem;

/** IDX and CIFAR-10 readers on good and broken files, and the image preprocessing. */
class ImageDataTest {
    @TempDir
    Path tmp;

    static byte[] idx(int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.putInt(0x00000800 | dims.length);
        for (int d : dims) b.putInt(d);
        b.put(data);
        return b.array();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(raw);
        }
        return out.toByteArray();
    }

    /** n images of 2×2 pixels, pixel value = 10·i + j, labels i % 10. */
    private void writeMnistLike(Path dir, String suffix, int nTrain, int nTest) throws IOException {
        Files.createDirectories(dir);
        for (String[] s : new String[][] {{"train", Integer.toString(nTrain)}, {"t10k", Integer.toString(nTest)}}) {
            int n = Integer.parseInt(s[1]);
            byte[] px = new byte[n * 4], lb = new byte[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 4; j++) px[i * 4 + j] = (byte) (10 * (i % 20) + j);
                lb[i] = (byte) (i % 10);
            }
            byte[] im = idx(new int[] {n, 2, 2}, px), la = idx(new int[] {n}, lb);
            Files.write(dir.resolve(s[0] + "-images-idx3-ubyte" + suffix), suffix.isEmpty() ? im : gzip(im));
            Files.write(dir.resolve(s[0] + "-labels-idx1-ubyte" + suffix), suffix.isEmpty() ? la : gzip(la));
        }
    }

    private WideneckConfig.Data cfg(WideneckConfig.Source src, int trainSize, int testSize, List<Integer> classes, boolean std) {
        return cfg(src, trainSize, testSize, classes, std ? WideneckConfig.Standardize.FEATURE : WideneckConfig.Standardize.NONE);
    }

    private WideneckConfig.Data cfg(WideneckConfig.Source src, int trainSize, int testSize, List<Integer> classes,
                                    WideneckConfig.Standardize std) {
        return new WideneckConfig.Data(src, 7, null, null, null, tmp.toString(), trainSize, testSize, classes, std);
    }

    @Test
    void readsGoodIdxFilesPlainAndGzipped() throws IOException {
        writeMnistLike(tmp.resolve("mnist"), "", 30, 10);
        writeMnistLike(tmp.resolve("fashion-mnist"), ".gz", 30, 10);
        for (WideneckConfig.Source s : new WideneckConfig.Source[] {WideneckConfig.Source.MNIST, WideneckConfig.Source.FASHION_MNIST}) {
            Problem p = DataLoader.load(cfg(s, 0, 0, List.of(), false));
            assertEquals(30, p.train().size());
            assertEquals(4, p.d0());
            assertEquals(10, p.dr());
            assertEquals(3 / 255.0, p.train().x()[3], 0.0); // image 0, pixel 3
            assertEquals(7, p.train().labels()[7]);
            assertEquals(1.0, p.train().y()[7 * 10 + 7], 0.0);
        }
    }

    @Test
    void brokenIdxFilesAreClearErrors() throws IOException {
        byte[] good = idx(new int[] {3, 2, 2}, new byte[12]);
        Path f = tmp.resolve("x-idx3-ubyte");
        Files.write(f, Arrays.copyOf(good, good.length - 1));
        assertTrue(assertThrows(UserError.class, () -> Idx.read(f, 3)).getMessage().contains("truncated"));
        Files.write(f, Arrays.copyOf(good, good.length + 2));
        assertTrue(assertThrows(UserError.class, () -> Idx.read(f, 3)).getMessage().contains("trailing"));
        byte[] magic = good.clone();
        magic[2] = 0x0d; // float type
        Files.write(f, magic);
        assertTrue(assertThrows(UserError.class, () -> Idx.read(f, 3)).getMessage().contains("magic number"));
        Files.write(f, good);
        assertTrue(assertThrows(UserError.class, () -> Idx.read(f, 1)).getMessage().contains("3 dimensions, expected 1"));
        Files.write(f, Arrays.copyOf(gzip(good), 20));
        assertTrue(assertThrows(UserError.class, () -> Idx.read(f, 3)).getMessage().contains("cannot read"));
        assertTrue(assertThrows(UserError.class, () -> Idx.read(tmp.resolve("none"), 3)).getMessage().contains("does not exist"));
    }

    @Test
    void imagesAndLabelsMustAgree() throws IOException {
        writeMnistLike(tmp.resolve("mnist"), "", 30, 10);
        Files.write(tmp.resolve("mnist/t10k-labels-idx1-ubyte"), idx(new int[] {9}, new byte[9]));
        String m = assertThrows(UserError.class, () -> DataLoader.load(cfg(WideneckConfig.Source.MNIST, 0, 0, List.of(), false))).getMessage();
        assertTrue(m.contains("10 images") && m.contains("9 labels"), m);
    }

    @Test
    void missingDataSaysWhichCommandFetchesIt() {
        String m = assertThrows(UserError.class, () -> DataLoader.load(cfg(WideneckConfig.Source.CIFAR10, 0, 0, List.of(), false))).getMessage();
        assertTrue(m.contains("datasets/fetch cifar10"), m);
        String n = assertThrows(UserError.class, () -> DataLoader.load(cfg(WideneckConfig.Source.MNIST, 0, 0, List.of(), false))).getMessage();
        assertTrue(n.contains("datasets/fetch mnist"), n);
    }

    private void writeCifar(Path dir, int perBatch) throws IOException {
        Files.createDirectories(dir);
        for (String name : new String[] {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch"}) {
            byte[] b = new byte[perBatch * CifarBinary.RECORD];
            for (int i = 0; i < perBatch; i++) {
                b[i * CifarBinary.RECORD] = (byte) (i % 10);
                b[i * CifarBinary.RECORD + 1] = (byte) (200 + i % 10);
            }
            Files.write(dir.resolve(name + ".bin"), b);
        }
    }

    @Test
    void cifarDogVsDeerWithSubsetsAndStandardisation() throws IOException {
        writeCifar(tmp.resolve("cifar-10-batches-bin"), 20);
        Problem p = DataLoader.load(cfg(WideneckConfig.Source.CIFAR10, 12, 0, List.of(5, 4), true));
        assertEquals(12, p.train().size());            // of 5 batches × 4 dogs-or-deer
        assertEquals(4, p.test().size());
        assertEquals(2, p.dr());
        assertEquals(3072, p.d0());
        for (int i = 0; i < p.train().size(); i++) {
            int l = p.train().labels()[i];
            // label 5 (dog) → class 0, label 4 (deer) → class 1; pixel 0 was 200 + label
            assertTrue(l == 0 || l == 1);
        }
        double mean = 0;
        for (int i = 0; i < 12; i++) mean += p.train().x()[i * 3072] / 12;
        assertEquals(0.0, mean, 1e-12, "standardised feature has mean 0 on the training set");
        Problem again = DataLoader.load(cfg(WideneckConfig.Source.CIFAR10, 12, 0, List.of(5, 4), true));
        assertArrayEquals(p.train().x(), again.train().x(), 0.0, "the subset is fixed by the seed");

        // global: one mean and deviation over all training inputs, so relative feature scales are kept
        Problem raw = DataLoader.load(cfg(WideneckConfig.Source.CIFAR10, 12, 0, List.of(5, 4), WideneckConfig.Standardize.NONE));
        Problem g = DataLoader.load(cfg(WideneckConfig.Source.CIFAR10, 12, 0, List.of(5, 4), WideneckConfig.Standardize.GLOBAL));
        double m = 0, v = 0;
        for (double x : g.train().x()) m += x / g.train().x().length;
        for (double x : g.train().x()) v += (x - m) * (x - m) / g.train().x().length;
        assertEquals(0.0, m, 1e-12);
        assertEquals(1.0, v, 1e-12);
        double[] a = raw.train().x(), b = g.train().x();
        assertEquals((a[5] - a[7]) / (a[9] - a[11]), (b[5] - b[7]) / (b[9] - b[11]), 1e-9, "an affine map shared by all features");
    }

    @Test
    void brokenCifarFilesAreClearErrors() throws IOException {
        Path f = tmp.resolve("b.bin");
        Files.write(f, new byte[CifarBinary.RECORD * 2 - 5]);
        assertTrue(assertThrows(UserError.class, () -> CifarBinary.read(f)).getMessage().contains("not a whole number"));
        byte[] bad = new byte[CifarBinary.RECORD];
        bad[0] = 12;
        Files.write(f, bad);
        assertTrue(assertThrows(UserError.class, () -> CifarBinary.read(f)).getMessage().contains("label 12"));
    }

    @Test
    void realMnistWhenFetched() {
        Path dir = Path.of("datasets/cache");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(dir.resolve("mnist/t10k-labels-idx1-ubyte")), "run datasets/fetch mnist");
        Problem p = DataLoader.load(new WideneckConfig.Data(WideneckConfig.Source.MNIST, 1, null, null, null, dir.toString(), 0, 0, List.of(),
                WideneckConfig.Standardize.NONE));
        assertEquals(60000, p.train().size());
        assertEquals(10000, p.test().size());
        assertEquals(784, p.d0());
    }
}

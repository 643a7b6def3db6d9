package org.wideneck.app.files;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.wideneck.app.config.UserError;

/**
 * Where a location lives: a path without a scheme (or a {@code file:} URI) on the local file system, any
 * other URI ({@code hdfs://namenode:8020/data}, {@code s3a://bucket/out}) on the Hadoop file system for its
 * scheme. Also the reading of whole input files at such locations, with one clear {@link UserError} for a
 * missing or unreadable one.
 */
public final class FileStores {
    private FileStores() {}

    /** The scheme of a location, or null for a plain local path. */
    static String scheme(String location) {
        try {
            String s = new URI(location).getScheme();
            return s == null || s.length() == 1 ? null : s; // "C:" is a drive, not a scheme
        } catch (URISyntaxException e) {
            return null; // a local path with characters a URI does not allow
        }
    }

    /** True when a location is on a Hadoop file system rather than the local one. */
    public static boolean remote(String location) {
        String s = scheme(location);
        return s != null && !s.equals("file");
    }

    /** The directory at a location. */
    public static FileStore open(String location, HadoopConf conf) {
        String s = scheme(location);
        if (s == null) return new LocalFileStore(Path.of(location));
        if (s.equals("file")) return new LocalFileStore(Path.of(URI.create(location)));
        return new HadoopFileStore(location, conf);
    }

    /** A local directory. */
    public static LocalFileStore local(Path dir) {
        return new LocalFileStore(dir);
    }

    /** The directory a file location is in, and the file's name there. */
    public record FileRef(FileStore dir, String name) {
        /** The file's full location. */
        public String location() {
            return dir.locate(name);
        }
    }

    /** The file at a location. */
    public static FileRef file(String location, HadoopConf conf) {
        String s = scheme(location);
        if (s == null || s.equals("file")) {
            Path p = s == null ? Path.of(location) : Path.of(URI.create(location));
            Path parent = p.getParent();
            return new FileRef(new LocalFileStore(parent == null ? Path.of("") : parent), p.getFileName().toString());
        }
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(location);
        return new FileRef(new HadoopFileStore(p.getParent().toString(), conf), p.getName());
    }

    /** The whole of an input file; a missing or unreadable one is a user error naming it. */
    public static byte[] readInput(String location, HadoopConf conf) {
        FileRef f = file(location, conf);
        try {
            return f.dir().read(f.name());
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new UserError("file '" + location + "' does not exist");
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot read '" + location + "': " + oneLine(e));
        }
    }

    /** Whether an input file exists (an unreachable file system is a user error). */
    public static boolean inputExists(String location, HadoopConf conf) {
        FileRef f = file(location, conf);
        try {
            return f.dir().isFile(f.name());
        } catch (IOException | RuntimeException e) {
            throw new UserError("cannot reach '" + location + "': " + oneLine(e));
        }
    }

    /** The SHA-256 of an input file, in hex (provenance of a run's inputs). */
    public static String sha256(String location, HadoopConf conf) {
        FileRef f = file(location, conf);
        try (InputStream in = f.dir().open(f.name())) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UserError("cannot read '" + location + "': " + oneLine(e));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An exception's message on one line (Hadoop's can span several). */
    public static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}

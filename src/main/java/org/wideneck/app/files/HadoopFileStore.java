package org.wideneck.app.files;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.fs.permission.FsAction;
import org.wideneck.app.config.UserError;

/**
 * A directory on a Hadoop file system ({@code hdfs://}, {@code s3a://}, …) through Hadoop's
 * {@link FileSystem}. A file is written as {@code <name>.tmp}, synced ({@code hsync}, where the stream
 * can), and renamed over its name with {@link FileContext#rename} and {@code OVERWRITE} — one atomic
 * namenode operation on HDFS; on a file system without that binding, the old file is deleted first.
 *
 * <p>The lock is a lease: {@code .wideneck.lock} holds its owner, and the owner rewrites it every
 * {@link #RENEW_SECONDS} s; a lock not renewed for {@link #STALE_SECONDS} s (its owner was killed) is
 * taken over. Ages are measured on the file system's own clock (a probe file's modification time), so
 * the driver's clock does not enter.
 */
public final class HadoopFileStore implements FileStore {
    private static final long serialVersionUID = 1L;
    static final String LOCK = ".wideneck.lock";
    static final int RENEW_SECONDS = 15;
    static final int STALE_SECONDS = 60;
    private final String root;
    private final HadoopConf conf;
    private transient Configuration configuration;
    private transient FileSystem fs;

    /** @param root a URI with a scheme Hadoop has a file system for; a trailing '/' is dropped */
    public HadoopFileStore(String root, HadoopConf conf) {
        this.root = root.endsWith("/") && root.length() > 1 ? root.replaceAll("/+$", "") : root;
        this.conf = conf;
    }

    private Path at(String name) {
        return new Path(name.isEmpty() ? root : root + "/" + name);
    }

    private synchronized FileSystem fs() throws IOException {
        if (fs == null) {
            configuration = conf.configuration();
            fs = FileSystem.get(URI.create(root), configuration);
        }
        return fs;
    }

    @Override
    public String location() {
        return root;
    }

    @Override
    public String locate(String name) {
        return at(name).toString();
    }

    @Override
    public String uri(String name) {
        return locate(name);
    }

    @Override
    public String name() {
        String n = at("").getName();
        return n.isEmpty() ? root : n;
    }

    @Override
    public FileStore resolve(String name) {
        return new HadoopFileStore(at(name).toString(), conf);
    }

    @Override
    public boolean local() {
        return false;
    }

    private FileStatus status(String name) throws IOException {
        try {
            return fs().getFileStatus(at(name));
        } catch (FileNotFoundException e) {
            return null;
        }
    }

    @Override
    public boolean isFile(String name) throws IOException {
        FileStatus s = status(name);
        return s != null && s.isFile();
    }

    @Override
    public boolean isDirectory(String name) throws IOException {
        FileStatus s = status(name);
        return s != null && s.isDirectory();
    }

    @Override
    public long size(String name) throws IOException {
        return fs().getFileStatus(at(name)).getLen();
    }

    @Override
    public InputStream open(String name) throws IOException {
        return fs().open(at(name));
    }

    @Override
    public void write(String name, Body body) throws IOException {
        FileSystem f = fs();
        Path target = at(name), tmp = at(name + ".tmp");
        f.mkdirs(target.getParent());
        try (FSDataOutputStream raw = f.create(tmp, true)) {
            OutputStream out = new BufferedOutputStream(raw, 1 << 20);
            body.writeTo(out);
            out.flush();
            if (raw.hasCapability(StreamCapabilities.HSYNC)) raw.hsync();
        } catch (IOException | RuntimeException e) {
            try {
                f.delete(tmp, false);
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw e;
        }
        try {
            FileContext.getFileContext(f.getUri(), configuration).rename(tmp, target, Options.Rename.OVERWRITE);
        } catch (UnsupportedFileSystemException e) { // no AbstractFileSystem binding: not atomic, but whole
            f.delete(target, false);
            if (!f.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }

    @Override
    public List<String> list(String name) throws IOException {
        List<String> out = new ArrayList<>();
        try {
            for (FileStatus s : fs().listStatus(at(name))) out.add(s.getPath().getName());
        } catch (FileNotFoundException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    @Override
    public void delete(String name) throws IOException {
        fs().delete(at(name), false);
    }

    @Override
    public void deleteRecursively(String name) throws IOException {
        fs().delete(at(name), true);
    }

    @Override
    public void mkdirs(String name) throws IOException {
        fs().mkdirs(at(name));
    }

    /** Seconds since the lock file was last written, on the file system's clock (a probe's modification time). */
    private double lockAgeSeconds() throws IOException {
        FileStatus lock = status(LOCK);
        if (lock == null) return Double.POSITIVE_INFINITY;
        String probe = LOCK + ".probe-" + UUID.randomUUID();
        writeString(probe, "");
        try {
            return (status(probe).getModificationTime() - lock.getModificationTime()) * 1e-3;
        } finally {
            delete(probe);
        }
    }

    @Override
    public Lock lock() throws IOException {
        mkdirs("");
        double age = lockAgeSeconds();
        if (age < STALE_SECONDS) {
            String owner = readString(LOCK).strip();
            throw new UserError("output directory '" + root + "' is in use by another wideneck command (" + owner + ", lock renewed "
                    + Math.round(Math.max(0, age)) + " s ago); wait for it to end (or stop it) first — a lock not renewed for "
                    + STALE_SECONDS + " s is taken over");
        }
        String token = "held by " + hostName() + " pid " + ProcessHandle.current().pid()
                + " (" + UUID.randomUUID() + ")";
        writeString(LOCK, token + "\n");
        // the renewal is stopped by a latch, never by an interrupt: an interrupt that lands inside a write can
        // leave the lock file open on HDFS (held by this client's lease) or break the client's shared connection
        java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        Thread renew = new Thread(() -> {
            try {
                while (!released.await(RENEW_SECONDS, java.util.concurrent.TimeUnit.SECONDS)) writeString(LOCK, token + "\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                System.err.println("wideneck: note: the lock of " + root + " could not be renewed (" + e.getMessage() + ")");
            }
        }, "wideneck-lock-renewal");
        renew.setDaemon(true);
        renew.start();
        return () -> {
            released.countDown();
            try {
                renew.join(60_000);
                if (isFile(LOCK) && readString(LOCK).strip().equals(token)) delete(LOCK);
            } catch (IOException e) {
                // a lock left behind goes stale
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    /**
     * This machine's name for a lock's owner line: the resolved host name, or the kernel's (HOSTNAME) when it does
     * not resolve — a lock must not fail because a sandbox's or cluster node's name service does not answer.
     */
    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "an unnamed host";
        }
    }

    @Override
    public void checkWritable(String key) {
        try {
            FileSystem f = fs();
            Path p = at("");
            FileStatus s = status("");
            if (s != null && !s.isDirectory()) throw new UserError("config: " + key + " = \"" + root + "\" is a file, not a directory");
            Path existing = p;
            while (existing != null && !f.exists(existing)) existing = existing.getParent();
            if (existing == null) throw new UserError("config: " + key + " = \"" + root + "\" has no existing parent directory");
            if (!f.getFileStatus(existing).isDirectory()) {
                throw new UserError("config: " + key + " = \"" + root + "\" lies below '" + existing + "', which is a file, not a directory");
            }
            try {
                f.access(existing, FsAction.WRITE);
            } catch (org.apache.hadoop.security.AccessControlException e) {
                throw new UserError("config: " + key + " = \"" + root + "\": '" + existing + "' is not writable");
            }
        } catch (IOException e) {
            throw new UserError("config: " + key + " = \"" + root + "\" cannot be reached: " + FileStores.oneLine(e));
        }
    }

    @Override
    public String toString() {
        return root;
    }
}

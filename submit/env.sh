# Shared by the submit/ scripts: picks a JDK Spark 4 runs on (17 or 21) and the JVM flags Spark needs.
# shellcheck shell=bash
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1; }
pick_java() {
  local c
  for c in "${JAVA_HOME:+$JAVA_HOME/bin/java}" "$(command -v java || true)" /usr/lib/jvm/java-17-openjdk-amd64/bin/java \
           /usr/lib/jvm/java-17-openjdk-arm64/bin/java /usr/lib/jvm/java-21-openjdk-amd64/bin/java; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    case "$(java_major "$c")" in 17|21) echo "$c"; return 0 ;; esac
  done
  echo "wideneck: error: no JDK 17 or 21 found (Spark 4 does not start on newer JDKs); set JAVA_HOME" >&2
  return 1
}
JAVA_BIN="$(pick_java)"
export JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$JAVA_BIN")")")"
WIDENECK_JVM_FLAGS=(--add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
# Transparent huge pages for the heap where the kernel offers them on request: a run allocates its step buffers
# afresh, and until the young generation has been touched once every 4 KiB page of it is a page fault; on this
# project's VM that was 18.6 s of system time in the 66 s MNIST-shaped reference job, 6.4–7.4 s with 2 MiB pages
# (docs/performance.md, "Page faults"). Results do not depend on it.
if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
  WIDENECK_JVM_FLAGS+=(-XX:+UseTransparentHugePages)
fi
# The launchers' heap when WIDENECK_JAVA_OPTS is not set: 12 GB, the young generation fixed at 512 MB, the parallel
# collector. G1 grows the young generation past 2 GB under -Xmx12g by its pause-time goal; a run allocates ~1 GB/s of
# step temporaries, so that is ~1.5 GB more memory touched for the first time, and on a VM whose host backs guest
# memory lazily every fresh page is expensive (a system-wide profile of the MNIST-shaped reference job on this project's VM:
# clear_page_erms ~half of all CPU samples for 23 s while the heap grew). The reference job, alternated: -Xmn512m 35.8 s
# mean of 5 against 39.7 s (system time 2.7–8.8 s against 5.3–13.0 s); then the parallel collector 38.0 s mean of 7
# against G1's 39.8 s, ahead in 5 of 7 pairs, system time 3.1–5.5 s against 5.6–8.3 s (docs/performance.md). A run's own
# data stays live for the whole run, so the parallel collector's full collections are rare.
WIDENECK_DEFAULT_JAVA_OPTS="-Xmx12g -Xmn512m -XX:+UseParallelGC"

# Replaces the shell with the JVM running the given arguments (so signals and the exit status are the JVM's own). The
# JVM prints one warning line for the vector module it is told to load; it is filtered from stderr so a refusal stays
# one line. The filter ignores SIGINT and SIGTERM so it passes on the JVM's last lines after them, and the JVM, told
# by -Dwideneck.stderr-filter, gives it a moment to do so before it exits after an error.
exec_java() {
  exec "$JAVA_BIN" -Dwideneck.stderr-filter=true "$@" \
    2> >(trap '' INT TERM; grep -v --line-buffered '^WARNING: Using incubator modules: jdk.incubator.vector$' >&2)
}

# The commit a run is made from, for run.json's provenance: the checkout's HEAD, with -dirty when the
# working tree differs from it; "unknown" outside a git checkout.
wideneck_commit() {
  local c
  c="$(git -C "$1" rev-parse HEAD 2>/dev/null)" || { echo unknown; return 0; }
  if [ -n "$(git -C "$1" status --porcelain --untracked-files=no 2>/dev/null)" ]; then c="$c-dirty"; fi
  echo "$c"
}
if [ -n "${root:-}" ]; then WIDENECK_JVM_FLAGS+=("-Dwideneck.commit=$(wideneck_commit "$root")"); fi

# Builds target/classes and target/classpath.txt when any source is newer than the last build.
# WIDENECK_NO_BUILD=1 (the integration tests, which run inside Maven after `package`) uses the build as is.
ensure_built() {
  local root="$1" stamp="$1/target/.wideneck-built"
  if [ "${WIDENECK_NO_BUILD:-0}" = 1 ]; then
    [ -f "$root/target/classpath.txt" ] || { echo "wideneck: error: no build in $root/target (WIDENECK_NO_BUILD=1)" >&2; return 1; }
    use_bundled_blas "$root"
    return 0
  fi
  if [ ! -f "$stamp" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$stamp" -print -quit)" ]; then
    echo "wideneck: building (mvn package, tests skipped) ..." >&2
    (cd "$root" && mvn -q -B -DskipTests package) >&2 || { echo "wideneck: error: the build failed" >&2; return 1; }
    touch "$stamp"
  fi
  use_bundled_blas "$root"
}

# OpenBLAS 0.3.31 as the build unpacks it on Linux x86-64 (pom.xml, profile bundled-openblas: the native
# libraries of org.bytedeco:openblas, into target/native/openblas): netlib loads it instead of the system's
# libblas.so.3. On this project's Zen 5 it runs its AVX-512 kernels (2000³ DGEMM 78 GFLOP/s a thread against 47
# for Debian's 0.3.21 with the Haswell kernels OPENBLAS_CORETYPE selects, docs/performance.md), so the core-type
# settings meant for the old library are dropped. WIDENECK_SYSTEM_BLAS=1 keeps the system's BLAS (the bits of
# results recorded with the system BLAS).
use_bundled_blas() {
  local lib="$1/target/native/openblas/libopenblas.so.0"
  case "${WIDENECK_SYSTEM_BLAS:-0}" in
    0) ;;
    1) return 0 ;;
    *) echo "wideneck: error: WIDENECK_SYSTEM_BLAS = \"$WIDENECK_SYSTEM_BLAS\": use 1 (the system's BLAS) or 0 (the bundled OpenBLAS)" >&2; exit 2 ;;
  esac
  if [ ! -f "$lib" ]; then return 0; fi
  WIDENECK_JVM_FLAGS+=("-Ddev.ludovic.netlib.blas.nativeLibPath=$lib")
  unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
  # WIDENECK_OPENBLAS_CORETYPE=Haswell picks the bundled library's AVX2 kernels on a CPU with AVX-512 (a comparison
  # on AVX2 alone; docs/performance.md)
  if [ -n "${WIDENECK_OPENBLAS_CORETYPE:-}" ]; then export OPENBLAS_CORETYPE="$WIDENECK_OPENBLAS_CORETYPE"; fi
}

# Native BLAS: netlib uses the system's libblas.so.3 when present. On a fresh Debian/Ubuntu machine, as
# root, install OpenBLAS once (2.5–4× faster matrix products than the Java fallback); WIDENECK_NO_APT=1
# skips this, and without it everything still runs on netlib's Java BLAS.
ensure_blas() {
  if ldconfig -p 2>/dev/null | grep -q 'libblas\.so\.3 '; then return 0; fi
  # Linux x86-64 builds bundle OpenBLAS (use_bundled_blas); the system's is only needed where it asks for it
  if [ "$(uname -sm)" = "Linux x86_64" ] && [ "${WIDENECK_SYSTEM_BLAS:-0}" != 1 ]; then return 0; fi
  if [ "${WIDENECK_NO_APT:-0}" = 1 ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "wideneck: note: no native BLAS (libblas.so.3); using the slower Java BLAS. Install libopenblas0 for speed." >&2
    return 0
  fi
  echo "wideneck: installing OpenBLAS (apt-get install libopenblas0) for native matrix products ..." >&2
  { apt-get install -y -qq libopenblas0 || { apt-get update -qq && apt-get install -y -qq libopenblas0; }; } >/dev/null 2>&1 \
    || echo "wideneck: note: could not install libopenblas0; using the Java BLAS" >&2
}

# The browser the report test opens report.html in (Debian's chromium): installed once, as root, as ensure_blas
# installs OpenBLAS; WIDENECK_NO_APT=1 skips it (the test then says what is missing).
ensure_browser() {
  if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then return 0; fi
  if [ "${WIDENECK_NO_APT:-0}" = 1 ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "wideneck: note: no chromium; the report's browser test needs it (apt-get install chromium)" >&2
    return 0
  fi
  echo "wideneck: installing chromium (apt-get install chromium) for the report's browser test ..." >&2
  { apt-get install -y -qq chromium || { apt-get update -qq && apt-get install -y -qq chromium; }; } >/dev/null 2>&1 \
    || echo "wideneck: note: could not install chromium" >&2
}

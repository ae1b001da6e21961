package dev.evergreen.cache.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What happened, on one logical clock: each operation takes a tick when it starts and one when it
 * returns, so "completed before that began" is an exact comparison of ticks. Checked once the run
 * is over.
 *
 * <p>The rule, per key: a read that began after a write (put or invalidate) returned must not
 * return a version older than that write's. A null read is right if the row was absent at that
 * point, or a delete of it began before the read returned. Writes made while a fault window was
 * open bind reads on the node that made them only: other nodes may serve what the store last held
 * until the window closes (the fault is over and every pending invalidation has landed).
 */
final class History {
  record Write(long key, int node, long start, long end, long version, boolean delete) {}

  record Read(long key, int node, long start, long end, @Nullable Long version, String op) {}

  private record Window(long start, long end) {}

  private final AtomicLong clock = new AtomicLong();
  private final Queue<Write> writes = new ConcurrentLinkedQueue<>();
  private final Queue<Read> reads = new ConcurrentLinkedQueue<>();
  private final Queue<Window> faults = new ConcurrentLinkedQueue<>();
  private volatile long faultOpenedAt = -1;

  long tick() {
    return clock.incrementAndGet();
  }

  void write(long key, int node, long start, long end, long version, boolean delete) {
    writes.add(new Write(key, node, start, end, version, delete));
  }

  void read(long key, int node, long start, long end, @Nullable Long version, String op) {
    reads.add(new Read(key, node, start, end, version, op));
  }

  synchronized void openFault() {
    if (faultOpenedAt < 0) {
      faultOpenedAt = tick();
    }
  }

  synchronized void closeFault() {
    if (faultOpenedAt >= 0) {
      faults.add(new Window(faultOpenedAt, tick()));
      faultOpenedAt = -1;
    }
  }

  int reads() {
    return reads.size();
  }

  int writes() {
    return writes.size();
  }

  /** Every read that broke the rule, described. */
  List<String> violations(int keys) {
    closeFault();
    Map<Long, List<Write>> byKey = new TreeMap<>();
    for (long key = 0; key < keys; key++) {
      List<Write> initial = new ArrayList<>();
      initial.add(new Write(key, -1, 0, 0, 1, false)); // every row exists at version 1
      byKey.put(key, initial);
    }
    writes.forEach(write -> byKey.get(write.key()).add(write));
    byKey.values().forEach(list -> list.sort(Comparator.comparingLong(Write::end)));
    List<String> violations = new ArrayList<>();
    for (Read read : reads) {
      String violation = check(read, byKey.get(read.key()));
      if (violation != null) {
        violations.add(violation);
      }
    }
    return violations;
  }

  private @Nullable String check(Read read, List<Write> writes) {
    Write required = null;
    for (Write write : writes) {
      if (write.end() >= read.start()) {
        break;
      }
      if (binds(write, read) && (required == null || write.version() > required.version())) {
        required = write;
      }
    }
    if (required == null) {
      return null;
    }
    if (read.version() != null) {
      if (read.version() >= required.version()) {
        return null;
      }
      return read.op()
          + " on node "
          + read.node()
          + " of key "
          + read.key()
          + " returned version "
          + read.version()
          + ", older than version "
          + required.version()
          + " written on node "
          + required.node()
          + " before the read began (write ticks "
          + required.start()
          + "-"
          + required.end()
          + ", read ticks "
          + read.start()
          + "-"
          + read.end()
          + ")";
    }
    if (required.delete()) {
      return null;
    }
    for (Write write : writes) {
      if (write.delete() && write.version() > required.version() && write.start() < read.end()) {
        return null;
      }
    }
    return read.op()
        + " on node "
        + read.node()
        + " of key "
        + read.key()
        + " returned nothing, but version "
        + required.version()
        + " was written before the read began and no delete followed";
  }

  private boolean binds(Write write, Read read) {
    if (write.node() == read.node() || write.node() < 0) {
      return true;
    }
    for (Window window : faults) {
      if (write.start() <= window.end() && write.end() >= window.start()) {
        return false;
      }
    }
    long open = faultOpenedAt;
    return open < 0 || write.end() < open;
  }
}

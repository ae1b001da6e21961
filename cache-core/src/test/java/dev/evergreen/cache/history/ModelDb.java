package dev.evergreen.cache.history;

import dev.evergreen.cache.EntityLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A database whose rows carry versions. Writers of one row are serialized by the row's lock (as a
 * database's row lock and commit order would), so versions of a row grow in the order its writes
 * complete. Reads take a random delay, as queries do, so loads overlap writes.
 */
public final class ModelDb {
  private final Map<Long, Row> rows = new ConcurrentHashMap<>();
  private final Map<Long, AtomicLong> versions = new ConcurrentHashMap<>();
  private final Map<Long, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final AtomicLong loads = new AtomicLong();

  /** Creates {@code keys} rows, ids 0 to keys - 1, at version 1. */
  public ModelDb(int keys) {
    for (long id = 0; id < keys; id++) {
      rows.put(id, new Row(id, 1));
      versions.put(id, new AtomicLong(1));
      locks.put(id, new ReentrantLock());
    }
  }

  /** Locks the row for a write and its cache call, as a transaction holds a row lock. */
  ReentrantLock lock(long id) {
    return locks.get(id);
  }

  /** Writes the next version of the row (or deletes it); returns that version. */
  long write(long id, boolean delete) {
    long version = versions.get(id).incrementAndGet();
    if (delete) {
      rows.remove(id);
    } else {
      rows.put(id, new Row(id, version));
    }
    return version;
  }

  /** The row as a query would see it now, after a random delay. */
  public @Nullable Row read(long id) {
    loads.incrementAndGet();
    delay();
    return rows.get(id);
  }

  /** How many times the cache asked the database. */
  public long loads() {
    return loads.get();
  }

  /**
   * A loader of another row class (another schema version of the entity) over this database, each
   * row converted by {@code as}.
   */
  public <R> EntityLoader<Long, R> loader(java.util.function.Function<Row, R> as) {
    EntityLoader<Long, Row> rows = loader();
    return new EntityLoader<>() {
      @Override
      public @Nullable R load(Long id) throws Exception {
        Row row = rows.load(id);
        return row == null ? null : as.apply(row);
      }

      @Override
      public Map<Long, R> loadAll(Set<? extends Long> ids) throws Exception {
        Map<Long, R> found = new HashMap<>();
        rows.loadAll(ids).forEach((id, row) -> found.put(id, as.apply(row)));
        return found;
      }
    };
  }

  /** A loader over this database with a bulk query. */
  public EntityLoader<Long, Row> loader() {
    return new EntityLoader<>() {
      @Override
      public @Nullable Row load(Long id) {
        return read(id);
      }

      @Override
      public Map<Long, Row> loadAll(Set<? extends Long> ids) {
        loads.incrementAndGet();
        Map<Long, Row> found = new HashMap<>();
        Row[] snapshot = new Row[ids.size()];
        int i = 0;
        for (Long id : ids) {
          snapshot[i++] = rows.get(id); // one statement: every row read at one moment...
        }
        delay(); // ...and returned later
        for (Row row : snapshot) {
          if (row != null) {
            found.put(row.id(), row);
          }
        }
        return found;
      }
    };
  }

  /**
   * A query: the rows whose id has the given parity, in id order, each read at one moment and
   * returned after a delay, as a {@code SELECT ... WHERE} would.
   */
  public java.util.List<Row> byParity(long parity) {
    loads.incrementAndGet();
    java.util.List<Row> found = new java.util.ArrayList<>();
    for (long id = parity; versions.containsKey(id); id += 2) {
      Row row = rows.get(id);
      if (row != null) {
        found.add(row);
      }
    }
    delay();
    return found;
  }

  /** No delay half the time; else up to 2 ms; rarely 20 ms, a slow query. */
  private static void delay() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int dice = random.nextInt(100);
    if (dice < 50) {
      return;
    }
    long micros = dice < 98 ? random.nextLong(2_000) : 20_000;
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
  }
}

package dev.evergreen.cache.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.CachedQuery;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.InMemoryStore;
import dev.evergreen.cache.UniqueIndex;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The consistency guarantee on the in-memory store, checked by random histories: entries going
 * stale and expiring every few milliseconds, and a store so small that it evicts on nearly every
 * write (tombstones included).
 */
final class InMemoryHistoryTest {
  private static final int KEYS = 8;
  private static final Duration RUN = Duration.ofSeconds(3);

  private static EntityCache<Long, Row> rows(Evergreen evergreen, ModelDb db) {
    return evergreen
        .entity(Row.class)
        .refreshAfter(Duration.ofMillis(3))
        .expireAfter(Duration.ofMillis(30))
        .build(db.loader());
  }

  @Test
  void randomHistory_onDefaultStore_neverReadsOlderThanACompletedWrite() throws Exception {
    ModelDb db = new ModelDb(KEYS);
    try (Evergreen evergreen = Evergreen.builder().build()) {
      HistoryChecker.Report report =
          HistoryChecker.of(db, KEYS, List.of(rows(evergreen, db))).run(RUN);

      assertClean(report);
    }
  }

  @Test
  void randomHistory_onStoreEvictingConstantly_neverReadsOlderThanACompletedWrite()
      throws Exception {
    ModelDb db = new ModelDb(KEYS);
    try (Evergreen evergreen = Evergreen.builder().store(InMemoryStore.create(2)).build()) {
      HistoryChecker.Report report =
          HistoryChecker.of(db, KEYS, List.of(rows(evergreen, db))).run(RUN);

      assertClean(report);
    }
  }

  /**
   * With a cached query and a unique index beside the entity: a cold list or lookup stores the rows
   * it read as entities (in memory only), and those must never be older than a write completed
   * before a read.
   */
  @Test
  void randomHistory_withAQueryAndALookup_onEvictingStore_neverReadsOlderThanAWrite()
      throws Exception {
    ModelDb db = new ModelDb(KEYS);
    try (Evergreen evergreen = Evergreen.builder().store(InMemoryStore.create(4)).build()) {
      EntityCache<Long, Row> rows =
          evergreen
              .entity(Row.class)
              .ids(Long.class, Row::id)
              .refreshAfter(Duration.ofMillis(3))
              .expireAfter(Duration.ofMillis(30))
              .build(db.loader());
      CachedQuery<Long, Row> byParity =
          rows.query("byParity")
              .invalidatedBy(row -> row.id() % 2)
              .refreshAfter(Duration.ofMillis(3))
              .expireAfter(Duration.ofMillis(30))
              .build(db::byParity);
      UniqueIndex<Long, Row> byIdIndex = rows.uniqueIndex("self", Row::id).build(db::read);
      HistoryChecker.Report report =
          HistoryChecker.ofNodes(
                  db,
                  KEYS,
                  List.of(
                      HistoryChecker.Node.withLookups(
                          rows, Row::id, Row::version, Row::new, byParity, byIdIndex)))
              .run(RUN);

      assertClean(report);
    }
  }

  static void assertClean(HistoryChecker.Report report) {
    System.out.println("history: " + report);
    assertThat(report.reads()).as("reads checked").isGreaterThan(1_000);
    assertThat(report.databaseLoads()).as("the cache served reads").isLessThan(report.reads());
    assertThat(report.failures()).as("calls that threw").isEmpty();
    assertThat(report.violations()).as("reads older than a completed write").isEmpty();
  }
}

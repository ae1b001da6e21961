package dev.evergreen.cache.history;

/**
 * The next schema version of {@link Row}: one field added, so its hash and keys differ. Build it
 * with {@code .name("Row")} beside {@code Row} nodes to run a history across a rolling deploy.
 */
public record RowV2(long id, long version, String note) {
  public static RowV2 of(Row row) {
    return new RowV2(row.id(), row.version(), "v2");
  }

  public static RowV2 of(long id, long version) {
    return new RowV2(id, version, "v2");
  }
}

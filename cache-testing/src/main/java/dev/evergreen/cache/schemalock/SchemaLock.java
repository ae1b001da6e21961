package dev.evergreen.cache.schemalock;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntitySchema;
import dev.evergreen.cache.Evergreen;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checked-in file that lists every cached entity with its schema hash and descriptor, and a check
 * that fails a build whose schemas changed without the file saying so. A changed hash means a
 * deploy starts that entity's cache cold (new keys); with the file in the repository, code review
 * shows which caches a change makes cold, and why.
 *
 * <pre>{@code
 * @Test
 * void schemasAreLocked() {
 *   SchemaLock.at(Path.of("evergreen-schemas.lock")).verify(Product.class, Customer.class);
 * }
 *
 * // Spring Boot: every entity the application registers at startup.
 * @SpringBootTest
 * class SchemaLockTest {
 *   @Autowired Evergreen evergreen;
 *
 *   @Test
 *   void schemasAreLocked() {
 *     SchemaLock.at(Path.of("evergreen-schemas.lock")).verify(evergreen);
 *   }
 * }
 * }</pre>
 *
 * <p>When the schemas and the file differ, {@link #verify} throws an {@link AssertionError} that
 * lists each entity whose hash changed with the fields added, removed or retyped, each new entity
 * and each one no longer cached, and says how to regenerate the file: run the tests with {@code
 * -Devergreen.schemas.update=true} (or delete the file), then review and commit it. A missing file
 * is written and the check fails once, so that it is committed.
 *
 * <p>File format, sorted by entity name, one block each:
 *
 * <pre>
 * Product 1130d205b964
 *   evergreen-schema 1
 *   $0 = object {id: long, name: String, priceCents: long}
 * </pre>
 *
 * @since 0.1.0
 */
public final class SchemaLock {
  /** The system property that rewrites the file instead of checking it. */
  public static final String UPDATE_PROPERTY = "evergreen.schemas.update";

  private static final String HEADER =
      """
      # Evergreen schema lock: every cached entity, its schema hash and the descriptor hashed.
      # A changed hash means the next deploy starts that entity's cache cold (new keys).
      # Regenerate: run the tests with -Devergreen.schemas.update=true, review the diff, commit.
      """;

  private final Path file;

  private SchemaLock(Path file) {
    this.file = file;
  }

  /** The lock file at {@code file} (usually {@code evergreen-schemas.lock} in the module root). */
  public static SchemaLock at(Path file) {
    return new SchemaLock(requireNonNull(file, "file"));
  }

  /** Checks every entity cache {@code evergreen} has built. */
  public void verify(Evergreen evergreen) {
    List<EntitySchema> schemas = new ArrayList<>();
    for (EntityCache<?, ?> cache : requireNonNull(evergreen, "evergreen").entities()) {
      schemas.add(cache.schema());
    }
    verify(schemas);
  }

  /**
   * Checks entity classes as {@link EntitySchema#of(Class)} describes them (default name, {@code
   * JsonMapper.shared()}); with a mapper of your own, pass {@link EntitySchema#of(String, Class,
   * tools.jackson.databind.ObjectMapper)} results to {@link #verify(Collection)}.
   */
  public void verify(Class<?>... entities) {
    List<EntitySchema> schemas = new ArrayList<>();
    for (Class<?> type : entities) {
      schemas.add(EntitySchema.of(type));
    }
    verify(schemas);
  }

  /**
   * Checks {@code schemas} against the file.
   *
   * @throws AssertionError naming every difference and how to regenerate the file; also when the
   *     file was missing (it has then been written)
   * @throws IllegalArgumentException if two schemas share an entity name
   * @throws UncheckedIOException if the file cannot be read or written
   */
  public void verify(Collection<EntitySchema> schemas) {
    Map<String, EntitySchema> current = new TreeMap<>();
    for (EntitySchema schema : schemas) {
      if (current.put(schema.name(), schema) != null) {
        throw new IllegalArgumentException("two schemas named " + schema.name());
      }
    }
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      write(current);
      return;
    }
    if (!Files.exists(file)) {
      write(current);
      throw new AssertionError(
          "Evergreen schema lock "
              + file
              + " did not exist; it has been written with "
              + current.size()
              + " entities. Review it and commit it.");
    }
    List<String> differences = LockDiff.between(read(), current);
    if (!differences.isEmpty()) {
      throw new AssertionError(
          "Evergreen schema lock "
              + file
              + " is out of date:\n"
              + String.join("\n", differences)
              + "\nRegenerate it: run the tests with -D"
              + UPDATE_PROPERTY
              + "=true (e.g. mvn test -D"
              + UPDATE_PROPERTY
              + "=true), review the diff, and commit it.");
    }
  }

  private Map<String, LockDiff.Locked> read() {
    try {
      return LockFile.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private void write(Map<String, EntitySchema> schemas) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, HEADER + LockFile.format(schemas.values()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

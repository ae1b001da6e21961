package dev.evergreen.cache.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which schema versions of each entity the processes sharing a store use right now, so that a write
 * made on one version reaches the entries of every other one (during a rolling deploy, old and new
 * code serve side by side, each from its own keys).
 *
 * <p>Every process registers each entity version it uses and renews the registration before its ttl
 * passes; a version whose registrations have all lapsed is no longer live, and writes stop reaching
 * its keys. A version that comes back after another one was live without it (a rollback) cannot
 * trust what its keys hold from before: writes of the other version did not reach them. {@link
 * Registration#trustedFor()} says so.
 *
 * <p>A store no other process shares (in memory) uses {@link #local()}. Implementations must be
 * thread-safe.
 *
 * @since 0.1.0
 */
public interface SchemaRegistry {

  /**
   * Registers {@code keys}' schema version as in use by this process for {@code ttl}, or renews the
   * registration, and tells which versions of the entity are in use now.
   *
   * @throws RuntimeException if the store failed; the caller tries again later
   */
  Registration register(KeyFormat keys, Duration ttl);

  /**
   * The schema hashes of {@code keys}' entity in use now by any process, read from the store on
   * every call. The engine calls it after each put or invalidation has landed in this version's
   * keys: a version registered before that read is then reached, and one registered after it only
   * ever loads afterwards.
   *
   * @throws RuntimeException if the store failed; the caller retries the whole write
   */
  Set<String> live(KeyFormat keys);

  /** Whether other processes share this registry; if not, the engine never asks it. */
  default boolean isShared() {
    return true;
  }

  /**
   * A registry for a store one process owns alone: only the caller's version is ever live, and all
   * it stored can be trusted.
   */
  static SchemaRegistry local() {
    return LocalSchemaRegistry.INSTANCE;
  }

  /**
   * What a registration found.
   *
   * @param live the schema hashes in use now, this one included
   * @param trustedFor entries of this version written longer ago than this predate a time when
   *     another version was in use and this one was not, so they may have missed its writes: the
   *     engine reads them as absent. Null when every entry can be trusted.
   * @param joinedBesideOthers whether this call started the version's registration (it was not in
   *     use) while other versions were in use: a deploy or a rollback is under way
   */
  record Registration(Set<String> live, @Nullable Duration trustedFor, boolean joinedBesideOthers) {
    public Registration {
      live = Set.copyOf(requireNonNull(live, "live"));
    }
  }
}

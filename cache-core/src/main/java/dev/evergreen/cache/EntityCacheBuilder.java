package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.spi.KeyFormat;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Configures the cache of one entity type; obtained from {@link Evergreen#entity(Class)}. Settings
 * not given here come from the {@link Evergreen.Builder}. Setters validate at once; {@link #build}
 * leaves the builder reusable. Not thread-safe.
 *
 * @param <V> the entity type
 * @since 0.1.0
 */
public final class EntityCacheBuilder<V> {
  private final DefaultEvergreen evergreen;
  private final Class<V> type;
  private @Nullable String name;
  private Duration refreshAfter;
  private Duration expireAfter;
  private Duration negativeTtl;
  private @Nullable Boolean shareValues;
  private @Nullable EntityIds ids;

  EntityCacheBuilder(DefaultEvergreen evergreen, Class<V> type, EntitySettings<?> defaults) {
    this.evergreen = evergreen;
    this.type = type;
    this.refreshAfter = defaults.refreshAfter();
    this.expireAfter = defaults.expireAfter();
    this.negativeTtl = defaults.negativeTtl();
  }

  /**
   * The entity name, the first part of every key. Default: the {@link CacheEntity} value, else the
   * class's simple name.
   *
   * @throws IllegalArgumentException if empty, or it holds {@code :}, whitespace, control
   *     characters or unpaired surrogates (see {@link KeyFormat})
   */
  public EntityCacheBuilder<V> name(String name) {
    this.name = checkEntityName(name);
    return this;
  }

  /** Entries older than this are served stale while one refresh runs in the background. */
  public EntityCacheBuilder<V> refreshAfter(Duration refreshAfter) {
    this.refreshAfter = Durations.positive("refreshAfter", refreshAfter);
    return this;
  }

  /** Entries older than this are gone: the next read loads in the caller's thread. */
  public EntityCacheBuilder<V> expireAfter(Duration expireAfter) {
    this.expireAfter = Durations.positive("expireAfter", expireAfter);
    return this;
  }

  /**
   * How long an id the loader found nothing for is remembered as absent. {@link Duration#ZERO}
   * turns negative caching off.
   */
  public EntityCacheBuilder<V> negativeTtl(Duration negativeTtl) {
    this.negativeTtl = Durations.notNegative("negativeTtl", negativeTtl);
    return this;
  }

  /**
   * Whether every caller may be handed the same instance of a cached value. Default: only when
   * Evergreen can tell the type is immutable (a record, or a class whose instance fields are all
   * final and of immutable types); otherwise each read gets its own copy, decoded from the bytes
   * kept with the entry, so that no caller ever changes what another one sees (a JPA entity changed
   * in a transaction that rolls back, say). {@code true} shares instances of a type that is
   * immutable in practice; {@code false} copies even a record (whose lists, say, could be changed).
   * Only stores that keep objects (the in-memory one) copy; a remote store decodes a new instance
   * on every read anyway.
   */
  public EntityCacheBuilder<V> shareValues(boolean share) {
    this.shareValues = share;
    return this;
  }

  /**
   * How to read an entity's id, for {@link EntityCache#uniqueIndex unique indexes} and {@link
   * EntityCache#query cached queries}, which store ids and hydrate them from this cache, and for
   * {@link EntityCache#invalidateEntity}. {@code idOf} must return ids of the cache's {@code K}.
   *
   * @param idType the id class, e.g. {@code Long.class}: stored ids are read back as it
   * @param idOf the entity's id, e.g. {@code Product::id}; never null for a stored entity
   */
  @SuppressWarnings("unchecked")
  public EntityCacheBuilder<V> ids(Class<?> idType, Function<? super V, ?> idOf) {
    this.ids =
        new EntityIds(
            requireNonNull(idType, "idType"),
            (Function<Object, Object>) requireNonNull(idOf, "idOf"));
    return this;
  }

  /**
   * Builds the cache; its schema hash is computed now, once.
   *
   * @param loader loads entities by id; {@code K} is inferred from the target type
   * @throws IllegalStateException if {@code refreshAfter} is not shorter than {@code expireAfter},
   *     if another cache of this instance already uses the entity name, or if the instance is
   *     closed
   * @throws IllegalArgumentException if the entity type cannot be described (see {@link
   *     EntitySchema})
   */
  public <K> EntityCache<K, V> build(EntityLoader<K, V> loader) {
    requireNonNull(loader, "loader");
    String entityName = name != null ? name : defaultName(type);
    Durations.checkOrder(entityName, refreshAfter, expireAfter);
    return evergreen.register(
        new EntitySettings<>(
            entityName,
            type,
            refreshAfter,
            expireAfter,
            negativeTtl,
            shareValues != null ? shareValues : Immutability.isImmutable(type),
            ids),
        loader);
  }

  static String defaultName(Class<?> type) {
    CacheEntity annotation = type.getAnnotation(CacheEntity.class);
    return checkEntityName(annotation != null ? annotation.value() : type.getSimpleName());
  }

  /** A name of the user's: a {@link KeyFormat} name without {@code #}, kept for indexes. */
  static String checkEntityName(String name) {
    KeyFormat.checkName("entity name", name);
    if (name.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "entity name '" + name + "' must not contain '#': it names index and query caches");
    }
    return name;
  }
}

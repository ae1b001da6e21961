package dev.evergreen.cache.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What an annotated method asks of the cache, parsed once per method. */
sealed interface CacheOperation {

  /** The entity the operation reads or writes. */
  Class<?> entity();

  /** Durations an annotation overrides for its entity; null where it does not. */
  record Overrides(
      @Nullable Duration refreshAfter,
      @Nullable Duration expireAfter,
      @Nullable Duration negativeTtl) {
    static final Overrides NONE = new Overrides(null, null, null);
  }

  /**
   * {@code V findById(id)} or {@code Optional<V> findById(id)}; {@code idType} is the parameter's
   * type, boxed.
   */
  record Read(Class<?> entity, boolean returnsOptional, Class<?> idType, Overrides overrides)
      implements CacheOperation {}

  /**
   * {@code List<V> findAllById(ids)}: {@code returnsSet} when the method returns a Set; {@code
   * idType} the collection's element type, or null if it cannot be told.
   */
  record BatchRead(
      Class<?> entity,
      boolean takesSet,
      boolean returnsSet,
      @Nullable Class<?> idType,
      Overrides overrides)
      implements CacheOperation {}

  /**
   * {@code V findBySku(sku)} or {@code Optional<V> findBySku(sku)}: a unique index on {@code
   * attribute}, named by the method ({@code findBy<Attribute>}).
   */
  record IndexRead(Class<?> entity, boolean returnsOptional, String attribute, Overrides overrides)
      implements CacheOperation {}

  /**
   * A {@link CacheQuery} method: {@code name} is the method's name, {@code invalidatedBy} the
   * entity properties matching its parameters (or none).
   */
  record QueryRead(
      Class<?> entity,
      String name,
      int parameters,
      boolean returnsSet,
      java.util.List<String> invalidatedBy,
      Overrides overrides)
      implements CacheOperation {}

  /** A save or delete whose ids are invalidated (or written through) after commit. */
  record Write(Class<?> entity, boolean writeThrough, String idProperty)
      implements CacheOperation {}
}

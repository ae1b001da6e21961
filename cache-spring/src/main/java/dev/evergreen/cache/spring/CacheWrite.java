package dev.evergreen.cache.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keeps the cache right after a write: once the method returns, the ids it touched are invalidated
 * (or, with {@link #writeThrough()}, the saved entities stored), after the surrounding transaction
 * commits, and not at all if it rolls back. Without a transaction, at once. If the method throws,
 * nothing happens.
 *
 * <p>Ids are found in the arguments and the return value: entities (their {@code @Id} property,
 * from {@code jakarta.persistence} or Spring Data, or {@link #idProperty()}), ids of the entity's
 * id type, and collections of either.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface CacheWrite {
  /**
   * The entity written. Default: the domain type of a Spring Data repository, else the method's
   * return type, else its first parameter's type.
   */
  Class<?> entity() default void.class;

  /** Stores saved entities instead of invalidating them; deletes are always invalidated. */
  boolean writeThrough() default false;

  /** The entity's id field or getter, when it has no {@code @Id} annotation. */
  String idProperty() default "";
}

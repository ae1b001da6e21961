package dev.evergreen.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an entity for the cache: the {@code User} in {@code User:96f8148eb2b7:42}.
 *
 * <p>Without it the entity's simple class name is used, so renaming the class would change its
 * keys; with it, the class can be renamed or moved freely. An explicit {@link
 * EntityCacheBuilder#name(String)} wins over this annotation.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CacheEntity {
  /** The entity name: letters, digits, {@code _ - .}; no {@code :}. */
  String value();
}

package dev.evergreen.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A salt mixed into an entity's schema hash, for changes the field set cannot show: a field whose
 * meaning changed (cents to euros) or a custom serializer that now writes differently. Change the
 * value and every key of the entity changes with it.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CacheVersion {
  /** Any string; only whether it changed matters. */
  String value();
}

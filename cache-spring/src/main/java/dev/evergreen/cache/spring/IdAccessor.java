package dev.evergreen.cache.spring;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/** Reads an entity's id: its {@code @Id} field (JPA or Spring Data), or a named field or getter. */
final class IdAccessor {
  private static final String[] ID_ANNOTATIONS = {
    "jakarta.persistence.Id", "org.springframework.data.annotation.Id"
  };

  private final Class<?> entity;
  private final @Nullable Field field;
  private final @Nullable Method getter;

  private IdAccessor(Class<?> entity, @Nullable Field field, @Nullable Method getter) {
    this.entity = entity;
    this.field = field;
    this.getter = getter;
  }

  /**
   * @param property a field or getter name; empty to look for an {@code @Id} field
   * @throws IllegalStateException if there is no such property
   */
  static IdAccessor of(Class<?> entity, String property) {
    if (!property.isEmpty()) {
      Field named = ReflectionUtils.findField(entity, property);
      if (named != null) {
        ReflectionUtils.makeAccessible(named);
        return new IdAccessor(entity, named, null);
      }
      Method getter = ReflectionUtils.findMethod(entity, property);
      if (getter == null) {
        getter =
            ReflectionUtils.findMethod(
                entity, "get" + Character.toUpperCase(property.charAt(0)) + property.substring(1));
      }
      if (getter == null) {
        throw new IllegalStateException(
            "idProperty '" + property + "' is neither a field nor a getter of " + entity.getName());
      }
      ReflectionUtils.makeAccessible(getter);
      return new IdAccessor(entity, null, getter);
    }
    Field[] found = {null};
    ReflectionUtils.doWithFields(
        entity,
        candidate -> {
          if (found[0] == null && hasIdAnnotation(candidate)) {
            found[0] = candidate;
          }
        });
    if (found[0] == null) {
      throw new IllegalStateException(
          entity.getName()
              + " has no @Id field (jakarta.persistence or Spring Data); name its id with"
              + " @CacheWrite(idProperty = ...)");
    }
    ReflectionUtils.makeAccessible(found[0]);
    return new IdAccessor(entity, found[0], null);
  }

  private static boolean hasIdAnnotation(Field field) {
    for (Annotation annotation : field.getAnnotations()) {
      for (String name : ID_ANNOTATIONS) {
        if (annotation.annotationType().getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The id type, boxed: {@code Long} for a {@code long id}. */
  Class<?> idType() {
    Class<?> type = field != null ? field.getType() : getter.getReturnType();
    return ClassUtils.resolvePrimitiveIfNecessary(type);
  }

  boolean isEntity(@Nullable Object value) {
    return entity.isInstance(value);
  }

  /** The id of {@code value}, or null if it has none yet (an unsaved entity). */
  @Nullable Object idOf(Object value) {
    return field != null
        ? ReflectionUtils.getField(field, value)
        : ReflectionUtils.invokeMethod(getter, value);
  }
}

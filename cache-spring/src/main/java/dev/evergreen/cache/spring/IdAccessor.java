package dev.evergreen.cache.spring;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads an entity's id: through Spring Data's {@code EntityInformation} when the entity is a
 * repository's domain type (which knows {@code @Id} getters, {@code @EmbeddedId} and implicit ids),
 * else its {@code @Id} / {@code @EmbeddedId} field or getter (JPA or Spring Data), else a property
 * named as given, else one named {@code id}.
 */
final class IdAccessor {
  private static final String[] ID_ANNOTATIONS = {
    "jakarta.persistence.Id",
    "jakarta.persistence.EmbeddedId",
    "org.springframework.data.annotation.Id"
  };

  private final Class<?> entity;
  private final Class<?> idType;
  private final Function<Object, @Nullable Object> reader;

  private IdAccessor(Class<?> entity, Class<?> idType, Function<Object, @Nullable Object> reader) {
    this.entity = entity;
    this.idType = ClassUtils.resolvePrimitiveIfNecessary(idType);
    this.reader = reader;
  }

  /** Ids as a Spring Data repository's entity information reads them. */
  static IdAccessor of(
      Class<?> entity, Class<?> idType, Function<Object, @Nullable Object> entityInformation) {
    return new IdAccessor(entity, idType, entityInformation);
  }

  /**
   * @param property a field or getter name; empty to look for an id annotation, then {@code id}
   * @throws IllegalStateException if there is no such property
   */
  static IdAccessor of(Class<?> entity, String property) {
    if (!property.isEmpty()) {
      IdAccessor named = named(entity, property);
      if (named == null) {
        throw new IllegalStateException(
            "idProperty '" + property + "' is neither a field nor a getter of " + entity.getName());
      }
      return named;
    }
    IdAccessor annotated = annotated(entity);
    if (annotated != null) {
      return annotated;
    }
    IdAccessor conventional = named(entity, "id");
    if (conventional != null) {
      return conventional;
    }
    throw new IllegalStateException(
        entity.getName()
            + " has no @Id or @EmbeddedId (jakarta.persistence or Spring Data) and no id property;"
            + " name its id with @CacheWrite(idProperty = ...)");
  }

  private static @Nullable IdAccessor annotated(Class<?> entity) {
    Field[] field = {null};
    ReflectionUtils.doWithFields(
        entity,
        candidate -> {
          if (field[0] == null && hasIdAnnotation(candidate)) {
            field[0] = candidate;
          }
        });
    if (field[0] != null) {
      return fieldAccessor(entity, field[0]);
    }
    for (Method method : ReflectionUtils.getUniqueDeclaredMethods(entity)) {
      if (method.getParameterCount() == 0 && hasIdAnnotation(method)) {
        return getterAccessor(entity, method);
      }
    }
    return null;
  }

  private static @Nullable IdAccessor named(Class<?> entity, String property) {
    Field field = ReflectionUtils.findField(entity, property);
    if (field != null) {
      return fieldAccessor(entity, field);
    }
    Method getter = ReflectionUtils.findMethod(entity, property);
    if (getter == null) {
      getter =
          ReflectionUtils.findMethod(
              entity, "get" + Character.toUpperCase(property.charAt(0)) + property.substring(1));
    }
    return getter == null ? null : getterAccessor(entity, getter);
  }

  private static IdAccessor fieldAccessor(Class<?> entity, Field field) {
    ReflectionUtils.makeAccessible(field);
    return new IdAccessor(entity, field.getType(), value -> ReflectionUtils.getField(field, value));
  }

  private static IdAccessor getterAccessor(Class<?> entity, Method getter) {
    ReflectionUtils.makeAccessible(getter);
    return new IdAccessor(
        entity, getter.getReturnType(), value -> ReflectionUtils.invokeMethod(getter, value));
  }

  private static boolean hasIdAnnotation(AnnotatedElement element) {
    for (Annotation annotation : element.getAnnotations()) {
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
    return idType;
  }

  boolean isEntity(@Nullable Object value) {
    return entity.isInstance(value);
  }

  /** The id of {@code value}, or null if it has none yet (an unsaved entity). */
  @Nullable Object idOf(Object value) {
    return reader.apply(value);
  }
}

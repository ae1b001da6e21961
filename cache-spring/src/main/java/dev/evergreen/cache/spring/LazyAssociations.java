package dev.evergreen.cache.spring;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * Refuses, at startup, to cache a JPA entity whose serialized form would touch a lazy association.
 * Serializing it would either load the association in the request's transaction (hiding a query) or
 * fail outside one ({@code LazyInitializationException}); and a cached entity is a detached
 * snapshot, so walking the association on a hit could never work. The message names the association
 * and the ways out: cache a projection, or leave the association out of the cached form knowingly
 * ({@code @JsonIgnore}).
 */
final class LazyAssociations {
  private static final String ENTITY = "jakarta.persistence.Entity";

  /** Association annotations, and whether each is lazy when its {@code fetch} is not given. */
  private static final Map<String, Boolean> LAZY_BY_DEFAULT =
      Map.of(
          "jakarta.persistence.OneToMany", true,
          "jakarta.persistence.ManyToMany", true,
          "jakarta.persistence.ElementCollection", true,
          "jakarta.persistence.ManyToOne", false,
          "jakarta.persistence.OneToOne", false,
          "jakarta.persistence.Basic", false);

  private LazyAssociations() {}

  /**
   * @param where names the method that caches the type, for the message
   * @throws IllegalStateException naming the first lazy association the serialized form has
   */
  static void check(Class<?> type, ObjectMapper mapper, String where) {
    if (annotation(type, ENTITY) == null) {
      return;
    }
    BeanDescription bean =
        mapper._serializationContext().introspectBeanDescription(mapper.constructType(type));
    for (BeanPropertyDefinition property : bean.findProperties()) {
      if (!property.couldSerialize()) {
        continue;
      }
      String lazy = lazyAssociation(type, property);
      if (lazy != null) {
        throw new IllegalStateException(
            where
                + ": "
                + type.getSimpleName()
                + "."
                + property.getInternalName()
                + " is a lazy "
                + lazy
                + " association of the JPA entity "
                + type.getSimpleName()
                + ". Caching the entity would serialize it: a hidden query inside the request's"
                + " transaction, or a LazyInitializationException outside one; and a cached entity"
                + " is a detached snapshot, so the association could not be walked on a hit"
                + " anyway. Cache a projection instead: a record with the properties you read,"
                + " returned by a @CacheRead method (e.g. Optional<"
                + type.getSimpleName()
                + "Summary> findSummaryById(id)); or leave the association out of the cached form"
                + " knowingly with @JsonIgnore (cached copies then do not have it).");
      }
    }
  }

  /** "@ManyToOne(fetch = LAZY)" if the property is a lazy association, else null. */
  private static @Nullable String lazyAssociation(Class<?> type, BeanPropertyDefinition property) {
    Field field = ReflectionUtils.findField(type, property.getInternalName());
    for (AnnotatedElement element :
        new AnnotatedElement[] {
          field, annotated(property.getGetter()), annotated(property.getField())
        }) {
      if (element == null) {
        continue;
      }
      for (Map.Entry<String, Boolean> kind : LAZY_BY_DEFAULT.entrySet()) {
        Annotation association = annotation(element, kind.getKey());
        if (association != null && isLazy(association, kind.getValue())) {
          return "@" + association.annotationType().getSimpleName();
        }
      }
    }
    return null;
  }

  private static @Nullable AnnotatedElement annotated(@Nullable AnnotatedMember member) {
    return member == null ? null : member.getAnnotated();
  }

  private static boolean isLazy(Annotation association, boolean lazyByDefault) {
    try {
      Object fetch = association.annotationType().getMethod("fetch").invoke(association);
      return "LAZY".equals(((Enum<?>) fetch).name());
    } catch (ReflectiveOperationException e) {
      return lazyByDefault;
    }
  }

  private static @Nullable Annotation annotation(AnnotatedElement element, String name) {
    for (Annotation annotation : element.getAnnotations()) {
      if (annotation.annotationType().getName().equals(name)) {
        return annotation;
      }
    }
    return null;
  }
}

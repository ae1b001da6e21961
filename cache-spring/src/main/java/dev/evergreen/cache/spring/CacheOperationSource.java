package dev.evergreen.cache.spring;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Finds {@link CacheRead} and {@link CacheWrite} on a method (or the interface method it
 * implements, as on Spring Data repositories) and turns them into a {@link CacheOperation}, cached
 * per method and target class. A method of a shape the annotation cannot serve fails here, at
 * startup, with a message naming it.
 */
final class CacheOperationSource {
  private static final String SPRING_DATA_REPOSITORY =
      "org.springframework.data.repository.Repository";
  private static final Object NONE = new Object();

  private final Map<MethodClassKey, Object> operations = new ConcurrentHashMap<>();

  /**
   * The operation of {@code method} as invoked on a bean, parsed once.
   *
   * @param lookupClass the class whose methods and interfaces may carry the annotation: a JDK
   *     proxy's class (its interfaces are the user's repository interfaces), or the target class
   */
  @Nullable CacheOperation operationFor(Method method, @Nullable Class<?> lookupClass) {
    Object operation =
        operations.computeIfAbsent(
            new MethodClassKey(method, lookupClass),
            key -> {
              CacheOperation parsed = parse(method, lookupClass);
              return parsed == null ? NONE : parsed;
            });
    return operation == NONE ? null : (CacheOperation) operation;
  }

  private @Nullable CacheOperation parse(Method method, @Nullable Class<?> lookupClass) {
    Method annotated = findAnnotated(method, lookupClass);
    if (annotated == null) {
      return null;
    }
    Class<?> declaring = annotated.getDeclaringClass();
    Class<?> owner =
        lookupClass != null && declaring.isAssignableFrom(lookupClass) ? lookupClass : declaring;
    CacheRead read = AnnotatedElementUtils.findMergedAnnotation(annotated, CacheRead.class);
    if (read != null) {
      return parseRead(annotated, owner, read);
    }
    CacheQuery query = AnnotatedElementUtils.findMergedAnnotation(annotated, CacheQuery.class);
    if (query != null) {
      return parseQuery(annotated, owner, query);
    }
    CacheWrite write = AnnotatedElementUtils.findMergedAnnotation(annotated, CacheWrite.class);
    return parseWrite(annotated, owner, java.util.Objects.requireNonNull(write));
  }

  /**
   * The annotated method that {@code method} stands for: itself; the method a synthetic bridge
   * stands for (javac copies annotations onto bridges, whose erased types say nothing); or the
   * interface method it implements, as on Spring Data repositories, also when it was invoked
   * through a generic super-interface ({@code CrudRepository<T, ID>.findById(Object)}).
   */
  static @Nullable Method findAnnotated(Method method, @Nullable Class<?> lookupClass) {
    Method bridged = BridgeMethodResolver.findBridgedMethod(method);
    if (!bridged.isBridge() && isAnnotated(bridged)) {
      return bridged;
    }
    if (lookupClass == null) {
      return null;
    }
    Method specific =
        BridgeMethodResolver.findBridgedMethod(
            ClassUtils.getMostSpecificMethod(bridged, lookupClass));
    if (!specific.isBridge() && isAnnotated(specific)) {
      return specific;
    }
    Set<Class<?>> types = new LinkedHashSet<>();
    if (lookupClass.isInterface()) {
      types.add(lookupClass);
    }
    types.addAll(ClassUtils.getAllInterfacesForClassAsSet(lookupClass));
    for (Class<?> type : types) {
      for (Method candidate : type.getDeclaredMethods()) {
        if (!candidate.isBridge()
            && !candidate.isSynthetic()
            && candidate.getName().equals(method.getName())
            && candidate.getParameterCount() == method.getParameterCount()
            && parametersFit(candidate, method)
            && isAnnotated(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  private static boolean parametersFit(Method declared, Method invoked) {
    Class<?>[] declaredTypes = declared.getParameterTypes();
    Class<?>[] invokedTypes = invoked.getParameterTypes();
    for (int i = 0; i < declaredTypes.length; i++) {
      if (!ClassUtils.isAssignable(invokedTypes[i], declaredTypes[i])
          && !ClassUtils.isAssignable(declaredTypes[i], invokedTypes[i])) {
        return false;
      }
    }
    return true;
  }

  static boolean isAnnotated(Method method) {
    return AnnotatedElementUtils.hasAnnotation(method, CacheRead.class)
        || AnnotatedElementUtils.hasAnnotation(method, CacheQuery.class)
        || AnnotatedElementUtils.hasAnnotation(method, CacheWrite.class);
  }

  private static CacheOperation parseRead(Method method, Class<?> owner, CacheRead read) {
    if (method.getParameterCount() != 1) {
      throw invalid(
          method,
          "@CacheRead",
          "takes "
              + method.getParameterCount()
              + " parameters; it needs exactly one id, or one collection of ids");
    }
    CacheOperation.Overrides overrides = overrides(method, read);
    ResolvableType returned = ResolvableType.forMethodReturnType(method, owner);
    ResolvableType parameterType = ResolvableType.forMethodParameter(method, 0, owner);
    Class<?> parameter = parameterType.toClass();
    if (Iterable.class.isAssignableFrom(parameter)) {
      Class<?> container = returned.toClass();
      if (!Iterable.class.isAssignableFrom(container)) {
        throw invalid(method, "@CacheRead", "takes a collection of ids but does not return one");
      }
      Class<?> entity = entityOf(method, returned.as(Iterable.class).getGeneric(0));
      Class<?> idType = parameterType.as(Iterable.class).getGeneric(0).resolve();
      return new CacheOperation.BatchRead(
          entity,
          Set.class.isAssignableFrom(parameter),
          Set.class.isAssignableFrom(container),
          idType == null || idType == Object.class
              ? null
              : ClassUtils.resolvePrimitiveIfNecessary(idType),
          overrides);
    }
    if (Collection.class.isAssignableFrom(returned.toClass())) {
      throw invalid(method, "@CacheRead", "takes one id but returns a collection");
    }
    boolean optional = returned.toClass() == Optional.class;
    Class<?> entity = entityOf(method, optional ? returned.getGeneric(0) : returned);
    Matcher finder = FINDER.matcher(method.getName());
    if (finder.matches() && !finder.group(1).equals("Id")) {
      // findBySku(sku): a unique index on sku, the entity then read by its id.
      checkKeyable(method, "@CacheRead", parameter);
      return new CacheOperation.IndexRead(
          entity, optional, StringUtils.uncapitalize(finder.group(1)), overrides);
    }
    return new CacheOperation.Read(
        entity, optional, ClassUtils.resolvePrimitiveIfNecessary(parameter), overrides);
  }

  /** {@code findBySku}, {@code getByEmail}: a lookup by one other property. */
  private static final Pattern FINDER =
      Pattern.compile("(?:find|get|read|query)By(\\p{Upper}\\w*)");

  private static CacheOperation parseQuery(Method method, Class<?> owner, CacheQuery query) {
    ResolvableType returned = ResolvableType.forMethodReturnType(method, owner);
    if (!Collection.class.isAssignableFrom(returned.toClass())) {
      throw invalid(
          method,
          "@CacheQuery",
          "returns " + returned + "; it must return a List or Set of entities");
    }
    Class<?> entity = entityOf(method, returned.as(Collection.class).getGeneric(0));
    for (int i = 0; i < method.getParameterCount(); i++) {
      checkKeyable(
          method, "@CacheQuery", ResolvableType.forMethodParameter(method, i, owner).toClass());
    }
    List<String> invalidatedBy = List.of(query.invalidatedBy());
    if (!invalidatedBy.isEmpty() && invalidatedBy.size() != method.getParameterCount()) {
      throw invalid(
          method,
          "@CacheQuery",
          "invalidatedBy names "
              + invalidatedBy.size()
              + " properties for "
              + method.getParameterCount()
              + " parameters; name one entity property per parameter, in order");
    }
    return new CacheOperation.QueryRead(
        entity,
        method.getName(),
        method.getParameterCount(),
        Set.class.isAssignableFrom(returned.toClass()),
        invalidatedBy,
        new CacheOperation.Overrides(
            duration(method, "refreshAfter", query.refreshAfter()),
            duration(method, "expireAfter", query.expireAfter()),
            null));
  }

  /**
   * Arguments become key text through {@code toString()}: only plain values say what they are
   * there, the same in every process.
   */
  private static void checkKeyable(Method method, String annotation, Class<?> type) {
    Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(type);
    boolean plain =
        boxed == String.class
            || Number.class.isAssignableFrom(boxed) && boxed.getName().startsWith("java.")
            || boxed == Boolean.class
            || boxed == Character.class
            || boxed.isEnum()
            || boxed == java.util.UUID.class
            || boxed.getName().startsWith("java.time.");
    if (!plain) {
      throw invalid(
          method,
          annotation,
          "takes a "
              + type.getName()
              + ", which cannot be part of a cache key; parameters must be strings, numbers,"
              + " booleans, characters, enums, UUIDs or java.time values");
    }
  }

  private static CacheOperation parseWrite(Method method, Class<?> owner, CacheWrite write) {
    Class<?> entity = write.entity() != void.class ? write.entity() : writtenEntity(method, owner);
    return new CacheOperation.Write(entity, write.writeThrough(), write.idProperty());
  }

  private static Class<?> writtenEntity(Method method, Class<?> owner) {
    if (ClassUtils.isPresent(SPRING_DATA_REPOSITORY, owner.getClassLoader())) {
      try {
        Class<?> repository = ClassUtils.forName(SPRING_DATA_REPOSITORY, owner.getClassLoader());
        // The interface that declares the method knows the domain type; a repository proxy's
        // target class (SimpleJdbcRepository<T, ID>) does not.
        for (Class<?> candidate : List.of(method.getDeclaringClass(), owner)) {
          Class<?> domain =
              ResolvableType.forClass(candidate).as(repository).getGeneric(0).resolve();
          if (domain != null && domain != Object.class) {
            return domain;
          }
        }
      } catch (ClassNotFoundException e) {
        // not a repository after all
      }
    }
    Class<?> returned = ResolvableType.forMethodReturnType(method, owner).resolve(Object.class);
    if (returned != void.class
        && !ClassUtils.isPrimitiveOrWrapper(returned)
        && returned != Object.class
        && !Iterable.class.isAssignableFrom(returned)) {
      return returned;
    }
    if (method.getParameterCount() > 0) {
      Class<?> first = ResolvableType.forMethodParameter(method, 0, owner).resolve(Object.class);
      if (!ClassUtils.isPrimitiveOrWrapper(first) && first != Object.class) {
        return first;
      }
    }
    throw invalid(
        method, "@CacheWrite", "cannot tell which entity it writes; set @CacheWrite(entity = ...)");
  }

  private static Class<?> entityOf(Method method, ResolvableType type) {
    Class<?> entity = type.resolve();
    if (entity == null || entity == Object.class) {
      throw invalid(method, "@CacheRead", "returns " + type + ": the entity type must be concrete");
    }
    if (entity.isInterface()) {
      throw invalid(
          method,
          "@CacheRead",
          "returns the interface "
              + entity.getSimpleName()
              + " (a Spring Data interface projection); cached values are decoded into a concrete"
              + " type: return a record with the same properties (a DTO projection) instead");
    }
    return entity;
  }

  private static CacheOperation.Overrides overrides(Method method, CacheRead read) {
    return new CacheOperation.Overrides(
        duration(method, "refreshAfter", read.refreshAfter()),
        duration(method, "expireAfter", read.expireAfter()),
        duration(method, "negativeTtl", read.negativeTtl()));
  }

  private static @Nullable Duration duration(Method method, String attribute, String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return DurationStyle.detectAndParse(text);
    } catch (IllegalArgumentException e) {
      throw invalid(
          method, "@CacheRead", attribute + " = \"" + text + "\" is not a duration (15m, PT15M)");
    }
  }

  static IllegalStateException invalid(Method method, String annotation, String why) {
    return new IllegalStateException(
        annotation
            + " on "
            + method.getDeclaringClass().getSimpleName()
            + "."
            + method.getName()
            + ": "
            + why);
  }
}

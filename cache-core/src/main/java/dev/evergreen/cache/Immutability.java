package dev.evergreen.cache;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Decides whether values of a type may be handed to several callers as one instance: records, and
 * classes whose instance fields are all final and of such types (strings, numbers, {@code
 * java.time} values, enums, UUIDs, records...). Anything else (a JPA entity with setters, a class
 * with a list field) could be changed by one caller under another's feet, so each read gets its own
 * copy.
 */
final class Immutability {
  private static final Set<Class<?>> KNOWN =
      Set.of(
          String.class,
          Boolean.class,
          Character.class,
          Byte.class,
          Short.class,
          Integer.class,
          Long.class,
          Float.class,
          Double.class,
          BigDecimal.class,
          BigInteger.class,
          UUID.class,
          URI.class,
          Locale.class,
          Class.class);

  private Immutability() {}

  static boolean isImmutable(Class<?> type) {
    return isImmutable(type, new HashSet<>());
  }

  private static boolean isImmutable(Class<?> type, Set<Class<?>> visiting) {
    if (type.isPrimitive() || type.isEnum() || type.isRecord() || KNOWN.contains(type)) {
      return true;
    }
    if (type.getName().startsWith("java.time.") && !type.isInterface()) {
      return !Modifier.isAbstract(type.getModifiers()); // values; not the abstract Clock
    }
    if (type.isArray() || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return false;
    }
    if (!visiting.add(type)) {
      return true; // a cycle: decided by the rest of the walk
    }
    for (Class<?> c = type; c != Object.class && c != null; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers)) {
          continue;
        }
        if (!Modifier.isFinal(modifiers) || !isImmutable(field.getType(), visiting)) {
          return false;
        }
      }
    }
    return true;
  }
}

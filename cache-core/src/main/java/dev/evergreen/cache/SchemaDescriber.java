package dev.evergreen.cache;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.BeanPropertyDefinition;
import tools.jackson.databind.jsontype.NamedType;

/**
 * Builds the canonical descriptor of an entity type and its hash. The format is public API,
 * documented on {@link EntitySchema}: a change here changes every key, so golden hashes in the
 * tests pin it.
 */
final class SchemaDescriber {
  static final String HEADER = "evergreen-schema 1";

  private final SerializationContext context;
  private final SerializationConfig config;
  private final Map<JavaType, String> labels = new HashMap<>();
  private final List<String> definitions = new ArrayList<>();

  private SchemaDescriber(ObjectMapper mapper) {
    this.context = mapper._serializationContext();
    this.config = mapper.serializationConfig();
  }

  static EntitySchema describe(String name, Class<?> type, ObjectMapper mapper) {
    SchemaDescriber describer = new SchemaDescriber(mapper);
    try {
      describer.typeOf(mapper.constructType(type));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          name + ": cannot describe " + type.getName() + " for its schema hash: " + e.getMessage(),
          e);
    }
    StringBuilder descriptor = new StringBuilder(HEADER).append('\n');
    CacheVersion version = type.getAnnotation(CacheVersion.class);
    if (version != null) {
      descriptor.append("version ").append(version.value()).append('\n');
    }
    for (int i = 0; i < describer.definitions.size(); i++) {
      descriptor.append('$').append(i).append(" = ").append(describer.definitions.get(i));
      descriptor.append('\n');
    }
    String text = descriptor.toString();
    return new EntitySchema(name, hash(text), text);
  }

  static String hash(String descriptor) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(descriptor.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Returns how a property of type {@code type} is written in a definition. */
  private String typeOf(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (type.isPrimitive()) {
      return raw.getName();
    }
    if (type.isArrayType()) {
      return typeOf(type.getContentType()) + "[]";
    }
    if (type.isMapLikeType()) {
      return raw.getSimpleName()
          + "<"
          + typeOf(type.getKeyType())
          + ", "
          + typeOf(type.getContentType())
          + ">";
    }
    if (type.isCollectionLikeType() || type.isReferenceType()) {
      return raw.getSimpleName() + "<" + typeOf(type.getContentType()) + ">";
    }
    if (isJdkOrJackson(raw) && !type.isEnumType()) {
      String name = raw.getName();
      return name.startsWith("java.lang.") ? name.substring("java.lang.".length()) : name;
    }
    return labelOf(type);
  }

  /** Labels an enum or object type, describing it the first time it is met. */
  private String labelOf(JavaType type) {
    String label = labels.get(type);
    if (label != null) {
      return label; // seen before: also how a self-referencing type terminates
    }
    label = "$" + definitions.size();
    labels.put(type, label);
    int slot = definitions.size();
    definitions.add(""); // reserve the slot: nested types met below get later labels
    definitions.set(slot, definitionOf(type));
    return label;
  }

  private String definitionOf(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (type.isEnumType()) {
      Class<?> enumClass = raw.isEnum() ? raw : raw.getSuperclass();
      List<String> constants = new ArrayList<>();
      for (Object constant : enumClass.getEnumConstants()) {
        constants.add(serializedName((Enum<?>) constant));
      }
      return "enum " + constants;
    }
    BeanDescription bean = context.introspectBeanDescription(type);
    JsonTypeInfo typeInfo = raw.getAnnotation(JsonTypeInfo.class);
    if (typeInfo != null && typeInfo.use() != JsonTypeInfo.Id.NONE) {
      return polymorphic(typeInfo, bean);
    }
    AnnotatedMember jsonValue = bean.findJsonValueAccessor();
    if (jsonValue != null) {
      return "value " + typeOf(jsonValue.getType());
    }
    return objectOf(bean);
  }

  private String objectOf(BeanDescription bean) {
    Map<String, JavaType> properties = new TreeMap<>();
    for (BeanPropertyDefinition property : bean.findProperties()) {
      if (property.couldSerialize()) {
        properties.put(property.getName(), property.getPrimaryType());
      }
    }
    List<String> parts = new ArrayList<>(properties.size());
    properties.forEach((name, type) -> parts.add(name + ": " + typeOf(type)));
    return "object {" + String.join(", ", parts) + "}";
  }

  private String polymorphic(JsonTypeInfo typeInfo, BeanDescription bean) {
    List<NamedType> subtypes =
        new ArrayList<>(
            config
                .getSubtypeResolver()
                .collectAndResolveSubtypesByClass(config, bean.getClassInfo()));
    subtypes.sort(Comparator.comparing(SchemaDescriber::subtypeName));
    String property =
        typeInfo.property().isEmpty()
            ? typeInfo.use().getDefaultPropertyName()
            : typeInfo.property();
    String members =
        subtypes.stream()
            .filter(subtype -> !subtype.getType().isInterface())
            .map(
                subtype ->
                    subtypeName(subtype)
                        + ": "
                        + objectOf(
                            context.introspectBeanDescription(
                                config.constructType(subtype.getType()))))
            .collect(Collectors.joining(", "));
    return "oneOf " + property + " {" + members + "}";
  }

  private static String subtypeName(NamedType subtype) {
    return subtype.hasName() ? subtype.getName() : subtype.getType().getSimpleName();
  }

  private static String serializedName(Enum<?> constant) {
    try {
      JsonProperty renamed =
          constant.getDeclaringClass().getField(constant.name()).getAnnotation(JsonProperty.class);
      return renamed != null && !renamed.value().isEmpty() ? renamed.value() : constant.name();
    } catch (NoSuchFieldException e) {
      return constant.name();
    }
  }

  private static boolean isJdkOrJackson(Class<?> raw) {
    String name = raw.getName();
    return name.startsWith("java.")
        || name.startsWith("javax.")
        || name.startsWith("jdk.")
        || name.startsWith("tools.jackson.");
  }
}

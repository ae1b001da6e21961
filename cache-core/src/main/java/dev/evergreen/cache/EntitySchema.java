package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The shape of an entity as stored: its name, a hash of its field set, and the descriptor that was
 * hashed.
 *
 * <h2>Key format</h2>
 *
 * An entry's key is {@code [namespace:]name:hash:id}, for example {@code
 * shop:User:96f8148eb2b7:42}. Stored entries depend on this format: changing it is a breaking
 * change.
 *
 * <h2>Descriptor</h2>
 *
 * The descriptor describes the entity as the configured Jackson mapper would serialize it. Its
 * first line is {@code evergreen-schema 1}; then, if the class carries {@link CacheVersion}, a line
 * {@code version <value>}; then one line per object or enum type reached from the entity, labelled
 * {@code $0}, {@code $1}, ... in the order a depth-first walk over sorted property names first
 * meets them ({@code $0} is the entity itself):
 *
 * <pre>
 * evergreen-schema 1
 * $0 = object {address: $1, id: long, name: String, roles: List&lt;$2&gt;}
 * $1 = object {city: String, street: String}
 * $2 = enum [ADMIN, USER]
 * </pre>
 *
 * <ul>
 *   <li>An object lists its serialized properties (after {@code @JsonProperty}, {@code @JsonIgnore}
 *       and the naming strategy), sorted by name, each with its type.
 *   <li>JDK types are named by class ({@code long}, {@code String}, {@code java.time.Instant});
 *       collections, maps, arrays and {@code Optional} name their container and describe their
 *       element types ({@code Map<String, $3>}).
 *   <li>An enum lists its serialized constant names in declaration order.
 *   <li>A type with {@code @JsonTypeInfo} is {@code oneOf <property> {name: $n, ...}} over its
 *       subtypes; a type with {@code @JsonValue} is described as the type it serializes to.
 *   <li>Class names of the entity and its nested object types never appear, so renaming or moving a
 *       class does not change the hash; a type that refers back to itself gets its label again.
 * </ul>
 *
 * The hash is the first 12 hex characters of SHA-256 over the descriptor's UTF-8 bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class EntitySchema {
  private final String name;
  private final String hash;
  private final String descriptor;

  EntitySchema(String name, String hash, String descriptor) {
    this.name = requireNonNull(name);
    this.hash = requireNonNull(hash);
    this.descriptor = requireNonNull(descriptor);
  }

  /**
   * The schema an entity cache of {@code type} would have, named as {@code evergreen.entity(type)}
   * names it ({@link CacheEntity} or the simple class name) and described with {@code
   * JsonMapper.shared()}: for tests and tools (e.g. a schema lock file) that check hashes without
   * building caches.
   *
   * @throws IllegalArgumentException if the name is malformed or the type cannot be described
   */
  public static EntitySchema of(Class<?> type) {
    return of(
        EntityCacheBuilder.defaultName(requireNonNull(type, "type")),
        type,
        tools.jackson.databind.json.JsonMapper.shared());
  }

  /**
   * The schema of {@code type} under {@code name}, as described with {@code mapper} (use the mapper
   * your {@link Evergreen} is built with: its naming strategy and annotations are part of the
   * schema).
   *
   * @throws IllegalArgumentException if the name is malformed or the type cannot be described
   */
  public static EntitySchema of(
      String name, Class<?> type, tools.jackson.databind.ObjectMapper mapper) {
    return SchemaDescriber.describe(
        dev.evergreen.cache.spi.KeyFormat.checkName("entity name", name),
        requireNonNull(type, "type"),
        requireNonNull(mapper, "mapper"));
  }

  /** The entity name, the first part of every key. */
  public String name() {
    return name;
  }

  /** Twelve lowercase hex characters, the second part of every key. */
  public String hash() {
    return hash;
  }

  /** The human-readable text that was hashed; diff two of them to see why a hash changed. */
  public String descriptor() {
    return descriptor;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EntitySchema that
        && name.equals(that.name)
        && hash.equals(that.hash)
        && descriptor.equals(that.descriptor);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + hash.hashCode();
  }

  @Override
  public String toString() {
    return name + ":" + hash;
  }
}

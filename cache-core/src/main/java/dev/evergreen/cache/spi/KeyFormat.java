package dev.evergreen.cache.spi;

import static java.util.Objects.requireNonNull;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The format of every key Evergreen stores, and its one owner: {@code [namespace:]Entity:hash:id},
 * for example {@code shop:User:96f8148eb2b7:42}.
 *
 * <ul>
 *   <li>{@code namespace} (optional) and {@code Entity}: non-empty, without {@code :}, whitespace,
 *       control characters or unpaired UTF-16 surrogates.
 *   <li>{@code hash}: the 12 lowercase hex characters of the entity's {@code EntitySchema}.
 *   <li>{@code id}: the id's {@code toString()}, 1 to {@value #MAX_ID_LENGTH} characters, without
 *       control characters or unpaired surrogates (which UTF-8 cannot encode exactly, so two ids
 *       would share a key).
 * </ul>
 *
 * <p>Stored entries depend on this format: it is public API, and changing it is a breaking change.
 * Stores build every key, every pattern and every ownership check through the instance in their
 * {@link SpaceConfig#keys()}; nothing else in Evergreen concatenates key strings. Immutable and
 * thread-safe.
 *
 * @since 0.1.0
 */
public final class KeyFormat {
  /** The longest id, in UTF-16 characters. */
  public static final int MAX_ID_LENGTH = 512;

  private static final int HASH_LENGTH = 12;

  private final @Nullable String namespace;
  private final String entity;
  private final String schemaHash;
  private final String prefix;

  private KeyFormat(@Nullable String namespace, String entity, String schemaHash, String prefix) {
    this.namespace = namespace;
    this.entity = entity;
    this.schemaHash = schemaHash;
    this.prefix = prefix;
  }

  /**
   * The keys of one entity's schema version.
   *
   * @throws IllegalArgumentException if the namespace or entity name is malformed (see above), or
   *     the hash is not 12 lowercase hex characters
   */
  public static KeyFormat of(@Nullable String namespace, String entity, String schemaHash) {
    checkName("entity name", entity);
    if (namespace != null) {
      checkName("namespace", namespace);
    }
    requireNonNull(schemaHash, "schemaHash");
    if (schemaHash.length() != HASH_LENGTH || !schemaHash.chars().allMatch(KeyFormat::isHex)) {
      throw new IllegalArgumentException(
          "schema hash '" + schemaHash + "' must be 12 lowercase hex characters");
    }
    String prefix = (namespace == null ? "" : namespace + ":") + entity + ":" + schemaHash + ":";
    return new KeyFormat(namespace, entity, schemaHash, prefix);
  }

  /** The entity name this format's keys carry. */
  public String entity() {
    return entity;
  }

  /** The namespace, or null. */
  public @Nullable String namespace() {
    return namespace;
  }

  /** The schema hash this format's keys carry. */
  public String schemaHash() {
    return schemaHash;
  }

  /**
   * The keys of another schema version of the same entity, in the same namespace.
   *
   * @throws IllegalArgumentException if the hash is not 12 lowercase hex characters
   */
  public KeyFormat withSchemaHash(String otherHash) {
    return of(namespace, entity, otherHash);
  }

  /**
   * {@code [namespace:]Entity:schemas}: where a shared store records which schema versions of the
   * entity are in use (see {@link SchemaRegistry}). It cannot be an entry key (its third part is
   * not a hash) and no entry key's pattern matches it.
   */
  public String schemasKey() {
    return (namespace == null ? "" : namespace + ":") + entity + ":schemas";
  }

  /** {@code [namespace:]Entity:hash:}: every key of this space starts with it. */
  public String prefix() {
    return prefix;
  }

  /**
   * The key of {@code id}.
   *
   * @throws IllegalArgumentException if the id is null or cannot be encoded exactly (see above)
   */
  public String key(Object id) {
    return prefix + idText(id);
  }

  /**
   * The id part of a key: {@code id.toString()}, checked.
   *
   * @throws IllegalArgumentException if the id is null or cannot be encoded exactly (see above)
   */
  public String idText(Object id) {
    checkId(id);
    return id.toString();
  }

  /**
   * A Redis {@code SCAN MATCH} pattern for every key of this space and nothing else: the prefix
   * with glob characters escaped, then {@code *}. Callers still check each key with {@link #owns}
   * before deleting it.
   */
  public String scanPattern() {
    StringBuilder out = new StringBuilder(prefix.length() + 8);
    for (int i = 0; i < prefix.length(); i++) {
      char c = prefix.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('*').toString();
  }

  /** Whether {@code key} is a key of this space: this prefix followed by a well-formed id. */
  public boolean owns(String key) {
    if (!key.startsWith(prefix) || key.length() == prefix.length()) {
      return false;
    }
    String id = key.substring(prefix.length());
    return id.length() <= MAX_ID_LENGTH && problem(id) == null;
  }

  /**
   * Checks that {@code id} makes a well-formed key. Numbers and UUIDs always do and cost nothing
   * here: this runs on every cache hit.
   *
   * @throws IllegalArgumentException naming the entity and the id, if it does not
   */
  public void checkId(@Nullable Object id) {
    if (id instanceof Long || id instanceof Integer || id instanceof UUID) {
      return;
    }
    if (id == null) {
      throw new IllegalArgumentException(entity + ": id must not be null");
    }
    String text = id instanceof String s ? s : String.valueOf(id);
    if (text.isEmpty()) {
      throw new IllegalArgumentException(entity + ": id must not be empty");
    }
    if (text.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          entity
              + ": id is "
              + text.length()
              + " characters long, at most "
              + MAX_ID_LENGTH
              + " are allowed: "
              + printable(text.substring(0, 40))
              + "...");
    }
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(entity + ": id " + printable(text) + " " + problem);
    }
  }

  /**
   * Checks a namespace or an entity name.
   *
   * @param what names the value in the message, e.g. {@code "namespace"}
   * @return {@code name}
   * @throws IllegalArgumentException if it is empty or holds {@code :}, whitespace, a control
   *     character or an unpaired surrogate
   */
  public static String checkName(String what, String name) {
    requireNonNull(name, what);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ':' || Character.isWhitespace(c)) {
        throw new IllegalArgumentException(
            what + " " + printable(name) + " must not contain ':' or whitespace");
      }
    }
    String problem = problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + printable(name) + " " + problem);
    }
    return name;
  }

  /** What makes {@code text} unencodable as part of a key, or null if nothing does. */
  private static @Nullable String problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        return "contains the control character " + codeUnit(c);
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a well-formed pair
      } else if (Character.isSurrogate(c)) {
        return "contains the unpaired surrogate "
            + codeUnit(c)
            + ", which UTF-8 cannot encode exactly";
      }
    }
    return null;
  }

  private static String codeUnit(char c) {
    return String.format("U+%04X", (int) c);
  }

  /** The text in quotes, with control characters and surrogates escaped so a log can show it. */
  private static String printable(String text) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  @Override
  public String toString() {
    return "KeyFormat{" + prefix + "<id>}";
  }
}

package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

/** Validation of names and ids that become parts of keys. */
final class Names {
  static final int MAX_ID_LENGTH = 512;

  private Names() {}

  /** Checks a namespace or entity name: non-empty, no {@code :}, whitespace or control chars. */
  static String check(String what, String name) {
    requireNonNull(name, what);
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ':' || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw new IllegalArgumentException(
            what + " '" + name + "' must not contain ':', whitespace or control characters");
      }
    }
    return name;
  }

  /**
   * Checks that an id makes a well-formed key. Cheap for the common id types: numbers and UUIDs are
   * always well-formed, and a String is scanned without allocating.
   */
  static void checkId(String entity, Object id) {
    if (id == null) {
      throw new IllegalArgumentException(entity + ": id must not be null");
    }
    if (id instanceof Long || id instanceof Integer || id instanceof java.util.UUID) {
      return;
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
              + " are allowed: '"
              + text.substring(0, 40)
              + "...'");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new IllegalArgumentException(
            entity
                + ": id "
                + printable(text)
                + " contains the control character U+"
                + String.format("%04X", (int) text.charAt(i)));
      }
    }
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder("'");
    text.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04X", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.append('\'').toString();
  }
}

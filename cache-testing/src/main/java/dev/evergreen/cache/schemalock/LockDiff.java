package dev.evergreen.cache.schemalock;

import dev.evergreen.cache.EntitySchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the lock file and the schemas now, in words a reviewer reads: per entity,
 * the fields added, removed or retyped in each object type of its descriptor ({@code $0} is the
 * entity, {@code $1}... the types it reaches).
 */
final class LockDiff {
  /** One entity as the lock file has it. */
  record Locked(String hash, String descriptor) {}

  private LockDiff() {}

  static List<String> between(Map<String, Locked> locked, Map<String, EntitySchema> current) {
    List<String> out = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(locked.keySet());
    names.addAll(current.keySet());
    for (String name : names) {
      Locked before = locked.get(name);
      EntitySchema now = current.get(name);
      if (before == null) {
        out.add("  " + name + ": new entity, schema " + now.hash() + " (not in the lock file)");
      } else if (now == null) {
        out.add("  " + name + ": in the lock file (" + before.hash() + ") but no longer cached");
      } else if (!before.hash().equals(now.hash())) {
        out.add(
            "  "
                + name
                + ": schema "
                + before.hash()
                + " -> "
                + now.hash()
                + " (the next deploy starts its cache cold)");
        for (String change : descriptorChanges(before.descriptor(), now.descriptor())) {
          out.add("    " + change);
        }
      }
    }
    return out;
  }

  static List<String> descriptorChanges(String before, String after) {
    Map<String, String> old = lines(before);
    Map<String, String> now = lines(after);
    List<String> changes = new ArrayList<>();
    TreeSet<String> labels = new TreeSet<>(old.keySet());
    labels.addAll(now.keySet());
    for (String label : labels) {
      String was = old.get(label);
      String is = now.get(label);
      if (Objects.equals(was, is)) {
        continue;
      }
      if (was == null) {
        changes.add(label + ": new: " + is);
      } else if (is == null) {
        changes.add(label + ": gone: " + was);
      } else {
        Map<String, String> wasFields = fields(was);
        Map<String, String> isFields = fields(is);
        if (wasFields == null || isFields == null) {
          changes.add(label + ": was " + was + ", now " + is);
        } else {
          changes.addAll(fieldChanges(label, wasFields, isFields));
        }
      }
    }
    return changes;
  }

  private static List<String> fieldChanges(
      String label, Map<String, String> was, Map<String, String> is) {
    List<String> changes = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>(was.keySet());
    names.addAll(is.keySet());
    for (String field : names) {
      String oldType = was.get(field);
      String newType = is.get(field);
      if (oldType == null) {
        changes.add(label + ": added field " + field + ": " + newType);
      } else if (newType == null) {
        changes.add(label + ": removed field " + field + ": " + oldType);
      } else if (!oldType.equals(newType)) {
        changes.add(label + ": retyped field " + field + ": " + oldType + " -> " + newType);
      }
    }
    return changes;
  }

  /** Descriptor lines by label ({@code $0}...); other lines (header, version) by their text. */
  private static Map<String, String> lines(String descriptor) {
    Map<String, String> byLabel = new LinkedHashMap<>();
    for (String line : descriptor.split("\n")) {
      int equals = line.indexOf(" = ");
      if (line.startsWith("$") && equals > 0) {
        byLabel.put(line.substring(0, equals), line.substring(equals + 3));
      } else if (line.startsWith("version ")) {
        byLabel.put("version", line.substring("version ".length()));
      } else {
        byLabel.put(line, line);
      }
    }
    return byLabel;
  }

  /** {@code object {a: T, b: Map<K, V>}} as field to type; null if not an object line. */
  private static @Nullable Map<String, String> fields(String definition) {
    if (!definition.startsWith("object {") || !definition.endsWith("}")) {
      return null;
    }
    String body = definition.substring("object {".length(), definition.length() - 1);
    Map<String, String> fields = new LinkedHashMap<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= body.length(); i++) {
      char c = i < body.length() ? body.charAt(i) : ',';
      if (c == '<' || c == '{' || c == '[') {
        depth++;
      } else if (c == '>' || c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String field = body.substring(start, i).trim();
        int colon = field.indexOf(": ");
        if (colon > 0) {
          fields.put(field.substring(0, colon), field.substring(colon + 2));
        }
        start = i + 1;
      }
    }
    return fields;
  }
}

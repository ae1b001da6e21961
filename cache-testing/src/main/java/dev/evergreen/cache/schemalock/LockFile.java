package dev.evergreen.cache.schemalock;

import dev.evergreen.cache.EntitySchema;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes the lock file's blocks: {@code Name hash}, then the descriptor indented. */
final class LockFile {
  private static final String INDENT = "  ";

  private LockFile() {}

  static String format(Collection<EntitySchema> schemas) {
    StringBuilder out = new StringBuilder();
    for (EntitySchema schema : schemas) {
      out.append('\n').append(schema.name()).append(' ').append(schema.hash()).append('\n');
      for (String line : schema.descriptor().split("\n")) {
        out.append(INDENT).append(line).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * The blocks of a lock file, by entity name.
   *
   * @throws IllegalArgumentException naming the line if the file is not in this format
   */
  static Map<String, LockDiff.Locked> parse(Iterable<String> lines) {
    Map<String, LockDiff.Locked> blocks = new LinkedHashMap<>();
    String name = null;
    String hash = null;
    StringBuilder descriptor = new StringBuilder();
    int number = 0;
    for (String line : lines) {
      number++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith(INDENT)) {
        if (name == null) {
          throw new IllegalArgumentException(
              "lock file line " + number + ": a descriptor line before any entity: " + line);
        }
        descriptor.append(descriptor.length() == 0 ? "" : "\n").append(line.substring(2));
        continue;
      }
      if (name != null) {
        blocks.put(name, new LockDiff.Locked(hash, descriptor.toString()));
      }
      String[] parts = line.trim().split(" ");
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            "lock file line " + number + ": expected '<entity> <hash>', found: " + line);
      }
      name = parts[0];
      hash = parts[1];
      descriptor.setLength(0);
    }
    if (name != null) {
      blocks.put(name, new LockDiff.Locked(hash, descriptor.toString()));
    }
    return blocks;
  }
}

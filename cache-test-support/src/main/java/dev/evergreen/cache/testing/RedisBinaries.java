package dev.evergreen.cache.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the redis-server and redis-cli binaries on PATH, or says how to install them. */
final class RedisBinaries {
  private RedisBinaries() {}

  static String serverBinary() {
    return find("redis-server");
  }

  static String cliBinary() {
    return find("redis-cli");
  }

  private static String find(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(
        "These tests need a real Redis and found none: set REDIS_URL to a server, or run a Docker"
            + " engine (Testcontainers starts redis:7), or install the '"
            + name
            + "' binary (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis).");
  }
}

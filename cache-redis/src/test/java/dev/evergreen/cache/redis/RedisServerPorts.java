package dev.evergreen.cache.redis;

import java.io.IOException;
import java.net.ServerSocket;

/** Loopback ports for tests. */
final class RedisServerPorts {
  private RedisServerPorts() {}

  /** A port nothing listens on: bound, read, and released. */
  static int closed() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}

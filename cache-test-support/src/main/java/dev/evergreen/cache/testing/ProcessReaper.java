package dev.evergreen.cache.testing;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Kills every Redis process a test started if the JVM exits before the test could stop it. */
final class ProcessReaper {
  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> PROCESSES.forEach(Process::destroyForcibly), "evergreen-redis-reaper"));
  }

  private ProcessReaper() {}

  static void register(Process process) {
    PROCESSES.add(process);
  }

  static void unregister(Process process) {
    PROCESSES.remove(process);
  }
}

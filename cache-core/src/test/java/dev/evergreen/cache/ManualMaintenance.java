package dev.evergreen.cache;

import java.util.ArrayList;
import java.util.List;

/** Holds the engine's background retries until the test runs them. */
final class ManualMaintenance extends Maintenance {
  private final List<Runnable> tasks = new ArrayList<>();

  @Override
  synchronized void schedule(Runnable task, long delayMillis) {
    tasks.add(task);
  }

  synchronized int scheduled() {
    return tasks.size();
  }

  /** Runs what is scheduled now (not what those tasks schedule in turn). */
  void runScheduled() {
    List<Runnable> now;
    synchronized (this) {
      now = new ArrayList<>(tasks);
      tasks.clear();
    }
    now.forEach(Runnable::run);
  }

  /** Builds an Evergreen whose retries this runs. */
  Evergreen.Builder attach(Evergreen.Builder builder) {
    builder.maintenance = this;
    return builder;
  }

  @Override
  public void close() {}
}

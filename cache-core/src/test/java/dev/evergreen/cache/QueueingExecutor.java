package dev.evergreen.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Holds submitted tasks until the test runs them, so that "when" is the test's decision. */
public final class QueueingExecutor implements Executor {
  private final List<Runnable> tasks = new ArrayList<>();

  @Override
  public synchronized void execute(Runnable task) {
    tasks.add(task);
  }

  public synchronized int queued() {
    return tasks.size();
  }

  /** Runs every queued task (and those they queue) on the calling thread. */
  public void runAll() {
    while (true) {
      Runnable next;
      synchronized (this) {
        if (tasks.isEmpty()) {
          return;
        }
        next = tasks.remove(0);
      }
      next.run();
    }
  }

  /** Removes and returns the oldest task without running it. */
  public synchronized Runnable take() {
    return tasks.remove(0);
  }
}

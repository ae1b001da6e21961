package dev.evergreen.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-thread walk over pre-boxed ids, so no benchmark pays for boxing or for a shared counter. */
@State(Scope.Thread)
public class Ids {
  public static final int COUNT = 1024;
  private static final Long[] IDS = new Long[COUNT];

  static {
    for (int i = 0; i < COUNT; i++) {
      IDS[i] = (long) i;
    }
  }

  private int next;

  public Long next() {
    return IDS[next++ & (COUNT - 1)];
  }

  public static Long id(int index) {
    return IDS[index];
  }
}

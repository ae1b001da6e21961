package dev.evergreen.cache.spring;

import dev.evergreen.cache.MutableClock;
import dev.evergreen.cache.QueueingExecutor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Time and refreshes under the test's control: a clock it advances, refreshes it runs. */
@TestConfiguration(proxyBeanMethods = false)
class ControlledTime {
  @Bean
  MutableClock clock() {
    return new MutableClock();
  }

  @Bean
  QueueingExecutor refreshes() {
    return new QueueingExecutor();
  }

  @Bean
  EvergreenBuilderCustomizer testTimeCustomizer(MutableClock clock, QueueingExecutor refreshes) {
    return builder -> builder.clock(clock).refreshExecutor(refreshes);
  }
}

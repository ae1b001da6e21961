package dev.evergreen.cache.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches unless {@code evergreen.store} is {@code in-memory} (in any relaxed spelling). */
final class StoreNotInMemoryCondition extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    EvergreenProperties.Store store =
        Binder.get(context.getEnvironment())
            .bind("evergreen.store", EvergreenProperties.Store.class)
            .orElse(EvergreenProperties.Store.AUTO);
    return store == EvergreenProperties.Store.IN_MEMORY
        ? ConditionOutcome.noMatch("evergreen.store is in-memory")
        : ConditionOutcome.match("evergreen.store is " + store);
  }
}

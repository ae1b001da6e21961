package dev.evergreen.cache.spring;

import dev.evergreen.cache.EntityCache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Applies {@link CacheRead} and {@link CacheWrite}: the annotation's operation, on the core API.
 */
final class EvergreenInterceptor implements MethodInterceptor {
  private final CacheOperationSource operations;
  private final ObjectProvider<EntityBindings> bindings;

  EvergreenInterceptor(CacheOperationSource operations, ObjectProvider<EntityBindings> bindings) {
    this.operations = operations;
    this.bindings = bindings;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    if (EntityBinding.BYPASS.get() != null) {
      EntityBinding.BYPASS.remove(); // our own loader: this one call goes to the method
      return invocation.proceed();
    }
    Object target = invocation.getThis();
    Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : null;
    CacheOperation operation = operations.operationFor(invocation.getMethod(), targetClass);
    if (operation == null) {
      return invocation.proceed();
    }
    if (operation instanceof CacheOperation.Read read) {
      return read(invocation, read);
    }
    if (operation instanceof CacheOperation.BatchRead batch) {
      return readMany(invocation, batch);
    }
    return write(invocation, (CacheOperation.Write) operation);
  }

  private @Nullable Object read(MethodInvocation invocation, CacheOperation.Read read) {
    EntityBinding binding = bindings.getObject().bindingFor(read.entity(), read.overrides());
    binding.readsThrough(proxyOf(invocation), invocation.getMethod());
    Object value = binding.cache().get(invocation.getArguments()[0]);
    return read.returnsOptional() ? Optional.ofNullable(value) : value;
  }

  private Object readMany(MethodInvocation invocation, CacheOperation.BatchRead batch) {
    EntityBinding binding = bindings.getObject().bindingFor(batch.entity(), batch.overrides());
    binding.readsManyThrough(proxyOf(invocation), invocation.getMethod(), batch);
    Object argument = invocation.getArguments()[0];
    List<Object> ids = new ArrayList<>();
    if (argument != null) {
      ((Iterable<?>) argument).forEach(ids::add);
    }
    Map<Object, Object> found = binding.cache().getAll(ids);
    return batch.returnsSet()
        ? new LinkedHashSet<>(found.values())
        : new ArrayList<>(found.values());
  }

  private @Nullable Object write(MethodInvocation invocation, CacheOperation.Write write)
      throws Throwable {
    Object result = invocation.proceed(); // if it throws, the cache is left alone
    Map<Object, @Nullable Object> touched = new LinkedHashMap<>();
    for (Object argument : invocation.getArguments()) {
      collect(write, argument, touched);
    }
    collect(write, result, touched);
    if (touched.isEmpty()) {
      return result;
    }
    EntityCache<Object, Object> cache =
        bindings.getObject().bindingFor(write.entity(), CacheOperation.Overrides.NONE).cache();
    Runnable apply =
        () ->
            touched.forEach(
                (id, entity) -> {
                  if (write.writeThrough() && entity != null) {
                    cache.put(id, entity);
                  } else {
                    cache.invalidate(id);
                  }
                });
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              apply.run();
            }
          });
    } else {
      apply.run();
    }
    return result;
  }

  /** Adds the ids in {@code value}: an entity (id to entity), an id, or a collection of either. */
  private static void collect(
      CacheOperation.Write write, @Nullable Object value, Map<Object, @Nullable Object> touched) {
    if (value == null) {
      return;
    }
    if (value instanceof Optional<?> optional) {
      optional.ifPresent(present -> collect(write, present, touched));
    } else if (write.ids().isEntity(value)) {
      Object id = write.ids().idOf(value);
      if (id != null) {
        touched.put(id, value);
      }
    } else if (write.ids().idType().isInstance(value)) {
      touched.putIfAbsent(value, null);
    } else if (value instanceof Iterable<?> values) {
      values.forEach(each -> collect(write, each, touched));
    }
  }

  private static Object proxyOf(MethodInvocation invocation) {
    if (invocation instanceof ProxyMethodInvocation proxied) {
      return proxied.getProxy();
    }
    throw new IllegalStateException("Evergreen needs a Spring AOP proxy around " + invocation);
  }
}

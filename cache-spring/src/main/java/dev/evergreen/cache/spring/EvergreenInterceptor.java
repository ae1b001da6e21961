package dev.evergreen.cache.spring;

import dev.evergreen.cache.CachedQuery;
import dev.evergreen.cache.UniqueIndex;
import java.util.ArrayList;
import java.util.Arrays;
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
    CacheOperation operation =
        operations.operationFor(invocation.getMethod(), lookupClass(invocation));
    if (operation == null) {
      return invocation.proceed();
    }
    if (operation instanceof CacheOperation.Write write) {
      return write(invocation, write);
    }
    EntityBinding binding = bindings.getObject().binding(operation.entity());
    if (binding == null) {
      return invocation.proceed(); // called during startup, before the caches are registered
    }
    if (operation instanceof CacheOperation.Read read) {
      Object value = binding.cache().get(invocation.getArguments()[0]);
      return read.returnsOptional() ? Optional.ofNullable(value) : value;
    }
    if (operation instanceof CacheOperation.IndexRead read) {
      Object argument = invocation.getArguments()[0];
      UniqueIndex<Object, Object> index = bindings.getObject().index(read);
      if (argument == null || index == null) {
        return invocation.proceed(); // nothing to key a null on
      }
      Object value = index.get(argument);
      return read.returnsOptional() ? Optional.ofNullable(value) : value;
    }
    if (operation instanceof CacheOperation.QueryRead read) {
      return query(invocation, read);
    }
    return readMany(invocation, (CacheOperation.BatchRead) operation, binding);
  }

  /**
   * Where the annotation may be: a JDK proxy's class implements the user's repository interface
   * (also when the method was invoked through {@code CrudRepository<T, ID>}); else the target.
   */
  private static @Nullable Class<?> lookupClass(MethodInvocation invocation) {
    if (invocation instanceof ProxyMethodInvocation proxied
        && AopUtils.isJdkDynamicProxy(proxied.getProxy())) {
      return proxied.getProxy().getClass();
    }
    Object target = invocation.getThis();
    return target != null ? AopUtils.getTargetClass(target) : null;
  }

  private @Nullable Object query(MethodInvocation invocation, CacheOperation.QueryRead read)
      throws Throwable {
    Object[] arguments = invocation.getArguments();
    CachedQuery<Object, Object> query = bindings.getObject().query(read);
    if (query == null || Arrays.asList(arguments).contains(null)) {
      return invocation.proceed(); // nothing to key a null on
    }
    Object parameters = arguments.length == 1 ? arguments[0] : List.of(arguments);
    List<Object> found = query.get(parameters);
    return read.returnsSet() ? new LinkedHashSet<>(found) : new ArrayList<>(found);
  }

  private Object readMany(
      MethodInvocation invocation, CacheOperation.BatchRead batch, EntityBinding binding) {
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
    IdAccessor ids = bindings.getObject().idsForWrite(write);
    Map<Object, @Nullable Object> touched = new LinkedHashMap<>();
    for (Object argument : invocation.getArguments()) {
      collect(ids, argument, touched);
    }
    collect(ids, result, touched);
    List<EntityBinding> views = bindings.getObject().views(write.entity());
    if (touched.isEmpty() || views.isEmpty()) {
      return result;
    }
    Runnable apply =
        () ->
            touched.forEach(
                (id, entity) -> {
                  for (EntityBinding view : views) {
                    // The domain type itself may be written through; a projection cannot be
                    // made from the entity here, so it is invalidated.
                    boolean same = entity != null && view.entity().isInstance(entity);
                    if (same && write.writeThrough()) {
                      view.cache().put(id, entity);
                    } else if (same) {
                      // With the entity, its indexes and queries learn its new values too.
                      view.cache().invalidateEntity(entity);
                    } else {
                      view.cache().invalidate(id);
                    }
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
      IdAccessor ids, @Nullable Object value, Map<Object, @Nullable Object> touched) {
    if (value == null) {
      return;
    }
    if (value instanceof Optional<?> optional) {
      optional.ifPresent(present -> collect(ids, present, touched));
    } else if (ids.isEntity(value)) {
      Object id = ids.idOf(value);
      if (id != null) {
        touched.put(id, value);
      }
    } else if (ids.idType().isInstance(value)) {
      touched.putIfAbsent(value, null);
    } else if (value instanceof Iterable<?> values) {
      values.forEach(each -> collect(ids, each, touched));
    }
  }
}

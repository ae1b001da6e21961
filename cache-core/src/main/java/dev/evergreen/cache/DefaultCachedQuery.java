package dev.evergreen.cache;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A {@link CachedQuery}: an id-list cache keyed by the parameters, hydrated with one getAll. */
final class DefaultCachedQuery<P, K, V> implements CachedQuery<P, V>, Dependent<V> {
  private final DefaultEntityCache<K, V> entity;
  private final DefaultEntityCache<P, IdList> lists;
  private final @Nullable Function<Object, Object> parametersOf;

  DefaultCachedQuery(
      DefaultEntityCache<K, V> entity,
      DefaultEntityCache<P, IdList> lists,
      @Nullable Function<Object, Object> parametersOf) {
    this.entity = entity;
    this.lists = lists;
    this.parametersOf = parametersOf;
  }

  @Override
  public List<V> get(P parameters) {
    IdList list = lists.get(parameters);
    if (list == null || list.ids().isEmpty()) {
      return List.of();
    }
    List<K> ids = new ArrayList<>(list.ids().size());
    for (Object raw : list.ids()) {
      ids.add(entity.idOf(raw));
    }
    List<@Nullable V> values = entity.hydrate(ids);
    List<V> result = new ArrayList<>(ids.size());
    boolean stale = false;
    for (V value : values) {
      if (value == null || !matches(value, parameters)) {
        stale = true; // deleted, or moved to other parameters: left out, and the list re-run
        continue;
      }
      result.add(value);
    }
    if (stale) {
      lists.refresh(parameters);
    }
    return Collections.unmodifiableList(result);
  }

  private boolean matches(V value, P parameters) {
    return parametersOf == null || Objects.equals(parametersOf.apply(value), parameters);
  }

  @Override
  public void invalidate(P parameters) {
    lists.invalidate(parameters);
  }

  @Override
  public String key(P parameters) {
    return lists.key(parameters);
  }

  @Override
  public EntityCache<P, ?> cache() {
    return lists;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void written(@Nullable V old, @Nullable V now) {
    if (parametersOf == null) {
      return;
    }
    P before = old == null ? null : (P) parametersOf.apply(old);
    P after = now == null ? null : (P) parametersOf.apply(now);
    if (before != null && before.equals(after)) {
      return; // still under the same value: the stored ids are right, the entity is read by id
    }
    if (before != null) {
      lists.invalidate(before);
    }
    if (after != null) {
      lists.invalidate(after);
    }
  }

  @Override
  public void invalidateAll() {
    lists.invalidateAll();
  }
}

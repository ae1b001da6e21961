package dev.evergreen.cache;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** A {@link UniqueIndex}: an id cache keyed by the attribute, hydrated from the entity cache. */
final class DefaultUniqueIndex<A, K, V> implements UniqueIndex<A, V>, Dependent<V> {
  private final DefaultEntityCache<K, V> entity;
  private final DefaultEntityCache<A, IdList> ids;
  private final Function<? super V, ? extends A> attribute;

  DefaultUniqueIndex(
      DefaultEntityCache<K, V> entity,
      DefaultEntityCache<A, IdList> ids,
      Function<? super V, ? extends A> attribute) {
    this.entity = entity;
    this.ids = ids;
    this.attribute = attribute;
  }

  @Override
  public @Nullable V get(A value) {
    IdList mapped = ids.get(value);
    if (mapped == null || mapped.ids().isEmpty()) {
      return null; // no entity has it (remembered for negativeTtl)
    }
    V found = hydrate(mapped, value);
    if (found != null) {
      return found;
    }
    // The mapping no longer holds (the entity moved to another value, or is gone): look again.
    ids.invalidate(value);
    mapped = ids.get(value);
    return mapped == null || mapped.ids().isEmpty() ? null : hydrate(mapped, value);
  }

  private @Nullable V hydrate(IdList mapped, A value) {
    V found = entity.get(entity.idOf(mapped.ids().get(0)));
    return found != null && Objects.equals(attribute.apply(found), value) ? found : null;
  }

  @Override
  public void invalidate(A value) {
    ids.invalidate(value);
  }

  @Override
  public String key(A value) {
    return ids.key(value);
  }

  @Override
  public EntityCache<A, ?> cache() {
    return ids;
  }

  @Override
  public void written(@Nullable V old, @Nullable V now) {
    A before = old == null ? null : attribute.apply(old);
    A after = now == null ? null : attribute.apply(now);
    if (before != null && before.equals(after)) {
      return; // still under the same value: the stored ids are right, the entity is read by id
    }
    if (before != null) {
      ids.invalidate(before);
    }
    if (after != null) {
      ids.invalidate(after);
    }
  }

  @Override
  public void invalidateAll() {
    ids.invalidateAll();
  }
}

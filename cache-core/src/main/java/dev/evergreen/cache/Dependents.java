package dev.evergreen.cache;

import static java.util.Objects.requireNonNull;

import dev.evergreen.cache.spi.StoreEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * An entity cache's unique indexes and cached queries: builds their own caches of ids, offers the
 * rows their lookups return to the entity cache ({@link RowSeeder}), and tells them of every write
 * of the entity, with what was cached before it and what it is now.
 */
final class Dependents<K, V> {
  private final String name;
  private final EntitySchema schema;
  private final @Nullable EntityIds ids;
  private final GuardedSpace<K, V> store;
  private final DefaultEvergreen owner;
  private final RowSeeder<K, V> seeder;
  private final List<Dependent<V>> all = new CopyOnWriteArrayList<>();

  Dependents(EntityParts<K, V> parts, DefaultEvergreen owner) {
    this.name = parts.settings().name();
    this.schema = parts.schema();
    this.ids = parts.settings().ids();
    this.store = parts.store();
    this.owner = owner;
    this.seeder = parts.seeder();
  }

  static String checkName(String derived) {
    return EntityCacheBuilder.checkEntityName(requireNonNull(derived, "name"));
  }

  /** What is cached for {@code id} now, for the indexes and queries; null when they need none. */
  @Nullable V cachedBeforeWrite(K id) {
    if (all.isEmpty()) {
      return null;
    }
    StoreEntry<V> entry = store.read(id);
    return entry != null && entry.kind() == StoreEntry.Kind.VALUE ? entry.value() : null;
  }

  /** The entity was written: {@code old} was cached before, {@code now} is what it is, if known. */
  void written(@Nullable V old, @Nullable V now) {
    for (Dependent<V> dependent : all) {
      dependent.written(old, now);
    }
  }

  void invalidateAll() {
    all.forEach(Dependent::invalidateAll);
  }

  <A> UniqueIndex<A, V> buildIndex(
      DefaultEntityCache<K, V> entity,
      String indexName,
      Function<? super V, ? extends A> attribute,
      DerivedDurations durations,
      IndexLoader<A, V> loader) {
    DefaultEntityCache<A, IdList> mappings =
        derived(
            "index",
            indexName,
            durations,
            value -> {
              RowSeeder.Mark mark = seeder.mark();
              V found = loader.load(value);
              if (found == null) {
                return null;
              }
              K id = idOfEntity(found, "uniqueIndex " + indexName);
              seeder.seed(Map.of(id, found), mark);
              return new IdList(List.of(id));
            });
    DefaultUniqueIndex<A, K, V> index = new DefaultUniqueIndex<>(entity, mappings, attribute);
    all.add(index);
    return index;
  }

  <P> CachedQuery<P, V> buildQuery(
      DefaultEntityCache<K, V> entity,
      String queryName,
      @Nullable Function<Object, Object> parametersOf,
      DerivedDurations durations,
      QueryLoader<P, V> loader) {
    DefaultEntityCache<P, IdList> lists =
        derived(
            "query",
            queryName,
            durations,
            parameters -> {
              RowSeeder.Mark mark = seeder.mark();
              List<V> rows = loader.load(parameters);
              List<Object> selected = new ArrayList<>(rows.size());
              Map<K, V> byId = new LinkedHashMap<>();
              for (V row : rows) {
                K id = idOfEntity(requireNonNull(row, "a query row"), "query " + queryName);
                selected.add(id);
                byId.putIfAbsent(id, row);
              }
              seeder.seed(byId, mark);
              return new IdList(selected);
            });
    DefaultCachedQuery<P, K, V> query = new DefaultCachedQuery<>(entity, lists, parametersOf);
    all.add(query);
    return query;
  }

  /**
   * An index's or query's own cache, {@code Entity#name}: its keys carry a hash of the entity's
   * schema hash, the kind and name and the id class, so they change with any of them.
   */
  private <P> DefaultEntityCache<P, IdList> derived(
      String kind, String derivedName, DerivedDurations durations, EntityLoader<P, IdList> loader) {
    EntityIds declared = requireIds(kind);
    String fullName = name + "#" + derivedName;
    Durations.checkOrder(fullName, durations.refreshAfter, durations.expireAfter);
    String descriptor =
        SchemaDescriber.HEADER
            + "\n"
            + kind
            + " "
            + derivedName
            + " of "
            + name
            + " "
            + schema.hash()
            + "\nids "
            + declared.type().getName();
    return owner.register(
        new EntitySettings<>(
            fullName,
            IdList.class,
            durations.refreshAfter,
            durations.expireAfter,
            durations.negativeTtl,
            true,
            null),
        new EntitySchema(fullName, SchemaDescriber.hash(descriptor), descriptor),
        loader);
  }

  private EntityIds requireIds(String what) {
    if (ids == null) {
      throw new IllegalStateException(
          name
              + ": a "
              + what
              + " stores ids, so the entity cache must know them: build it with"
              + " evergreen.entity(...).ids(IdType.class, Entity::id)");
    }
    return ids;
  }

  @SuppressWarnings("unchecked")
  K idOfEntity(V entity, String what) {
    Object id = requireIds(what).of().apply(entity);
    if (id == null) {
      throw new IllegalStateException(name + ": " + what + " found an entity without an id");
    }
    return (K) id;
  }

  /** A stored id (as JSON gave it back) as the id class. */
  @SuppressWarnings("unchecked")
  K idOf(Object stored) {
    Class<?> type = requireIds("stored id").type();
    return (K) (type.isInstance(stored) ? stored : owner.mapper().convertValue(stored, type));
  }
}

package dev.evergreen.cache.spring;

import dev.evergreen.cache.CacheEntity;
import dev.evergreen.cache.CachedQuery;
import dev.evergreen.cache.CachedQueryBuilder;
import dev.evergreen.cache.EntityCache;
import dev.evergreen.cache.EntityCacheBuilder;
import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.UniqueIndex;
import dev.evergreen.cache.UniqueIndexBuilder;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import tools.jackson.databind.ObjectMapper;

/**
 * The entity caches the annotations use, built once at startup from every annotated method (see
 * {@link EvergreenRegistrar}): one per cached type (a domain type, or a projection of it), its
 * loaders chosen by what they take, never by which is called first. Writes of a domain type reach
 * every cached view of it.
 */
final class EntityBindings {
  private static final System.Logger LOG = System.getLogger("dev.evergreen.cache.spring");

  /** An annotated bean method found at startup. */
  record Found(
      String bean,
      Object proxy,
      Method method,
      CacheOperation operation,
      SpringDataRepositories.@Nullable Types repository) {

    String where() {
      String annotation = operation instanceof CacheOperation.Write ? "@CacheWrite" : "@CacheRead";
      return annotation
          + " on "
          + method.getDeclaringClass().getSimpleName()
          + "."
          + method.getName();
    }

    Class<?> domain() {
      return repository != null ? repository.domain() : operation.entity();
    }
  }

  private final Evergreen evergreen;
  private final EntityDurations durations;
  private final ObjectMapper mapper;
  private final int warmUpRowsPerSecond;
  private final Map<Class<?>, EntityBinding> byEntity = new ConcurrentHashMap<>();
  private final Map<Class<?>, List<EntityBinding>> viewsByDomain = new ConcurrentHashMap<>();
  private final Map<String, IdAccessor> writeIds = new ConcurrentHashMap<>();
  private final Map<String, UniqueIndex<Object, Object>> indexes = new ConcurrentHashMap<>();
  private final Map<String, CachedQuery<Object, Object>> queries = new ConcurrentHashMap<>();
  private volatile Function<Class<?>, @Nullable IdAccessor> repositoryIds = domain -> null;

  EntityBindings(Evergreen evergreen, EvergreenProperties properties, ObjectMapper mapper) {
    this.evergreen = evergreen;
    this.durations = new EntityDurations(properties.getEntities());
    this.mapper = mapper;
    this.warmUpRowsPerSecond = properties.getWarmUp().getRowsPerSecond();
  }

  /** The binding of a cached type; null before startup registered it. */
  @Nullable EntityBinding binding(Class<?> entity) {
    return byEntity.get(entity);
  }

  /** The unique index a {@code findBy<Attribute>} method reads through; null before startup. */
  @Nullable UniqueIndex<Object, Object> index(CacheOperation.IndexRead read) {
    return indexes.get(read.entity().getName() + "#" + read.attribute());
  }

  /** The cached query a {@link CacheQuery} method reads through; null before startup. */
  @Nullable CachedQuery<Object, Object> query(CacheOperation.QueryRead read) {
    return queries.get(read.entity().getName() + "#" + read.name());
  }

  /** Every cached view of {@code domain}: the domain type itself and its projections. */
  List<EntityBinding> views(Class<?> domain) {
    return viewsByDomain.getOrDefault(domain, List.of());
  }

  /** Reads the ids of what a write touches. */
  IdAccessor idsForWrite(CacheOperation.Write write) {
    return writeIds.computeIfAbsent(
        write.entity().getName() + "#" + write.idProperty(),
        key -> {
          IdAccessor fromRepository =
              write.idProperty().isEmpty() ? repositoryIds.apply(write.entity()) : null;
          return fromRepository != null
              ? fromRepository
              : IdAccessor.of(write.entity(), write.idProperty());
        });
  }

  /**
   * Validates every annotated method and builds every cache. Fails, naming the methods, when an
   * entity has two loaders of one kind, when a read does not take the entity's id, when durations
   * conflict, or when a cached JPA entity would serialize a lazy association.
   *
   * @param repositoryIds Spring Data's id readers by domain type (null where it has none)
   */
  synchronized void register(
      List<Found> found, Function<Class<?>, @Nullable IdAccessor> repositoryIds) {
    this.repositoryIds = repositoryIds;
    Map<Class<?>, List<Found>> reads = new LinkedHashMap<>();
    Map<Class<?>, Set<Class<?>>> views = new LinkedHashMap<>();
    for (Found each : sorted(found)) {
      if (each.operation() instanceof CacheOperation.Write write) {
        idsForWrite(write); // fails now, naming the method, if ids cannot be read
        continue;
      }
      checkTakesTheId(each);
      reads.computeIfAbsent(each.operation().entity(), type -> new ArrayList<>()).add(each);
      views
          .computeIfAbsent(each.domain(), type -> new LinkedHashSet<>())
          .add(each.operation().entity());
    }
    reads.forEach(
        (entity, methods) -> byEntity.computeIfAbsent(entity, type -> bind(type, methods)));
    views.forEach(
        (domain, entities) ->
            viewsByDomain.put(domain, entities.stream().map(byEntity::get).toList()));
  }

  private static List<Found> sorted(List<Found> found) {
    List<Found> sorted = new ArrayList<>(found);
    sorted.sort(Comparator.comparing(Found::where).thenComparing(Found::bean));
    return sorted;
  }

  /** A read must take the entity's id (or a collection of them): anything else is a query. */
  private void checkTakesTheId(Found found) {
    if (!(found.operation() instanceof CacheOperation.Read)
        && !(found.operation() instanceof CacheOperation.BatchRead)) {
      return; // an index or a query takes other values by definition
    }
    Class<?> expected = idTypeOf(found);
    Class<?> taken =
        found.operation() instanceof CacheOperation.Read read
            ? read.idType()
            : ((CacheOperation.BatchRead) found.operation()).idType();
    if (expected == null || taken == null || expected.isAssignableFrom(taken)) {
      return;
    }
    throw new IllegalStateException(
        found.where()
            + ": it takes a "
            + taken.getSimpleName()
            + ", but the id of "
            + found.operation().entity().getSimpleName()
            + " is a "
            + expected.getSimpleName()
            + ". A @CacheRead method must take the entity's id (or a collection of ids); a lookup"
            + " by another key is a query, which Evergreen does not cache yet: remove @CacheRead"
            + " from it.");
  }

  private @Nullable Class<?> idTypeOf(Found found) {
    if (found.repository() != null) {
      return found.repository().id();
    }
    try {
      return IdAccessor.of(found.operation().entity(), "").idType();
    } catch (IllegalStateException e) {
      return null; // no id property: the parameter is the id by definition
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private EntityBinding bind(Class<?> entity, List<Found> methods) {
    Found single = only(entity, methods, CacheOperation.Read.class, "load it by id");
    Found batch = only(entity, methods, CacheOperation.BatchRead.class, "load it by ids");
    if (single == null && batch == null) {
      throw new IllegalStateException(
          methods.get(0).where()
              + ": Evergreen caches the ids this finds and reads each "
              + entity.getSimpleName()
              + " through its by-id cache; put @CacheRead on a method that loads "
              + entity.getSimpleName()
              + " by id (findById, or findAllById) too");
    }
    String where = (single != null ? single : batch).where();
    LazyAssociations.check(entity, mapper, where);
    IdAccessor ids = idsOf(entity, methods, batch);
    EntityBinding binding =
        new EntityBinding(
            entity,
            single == null ? null : new EntityBinding.Target(single.proxy(), single.method()),
            batch == null ? null : new EntityBinding.Target(batch.proxy(), batch.method()),
            batch != null && ((CacheOperation.BatchRead) batch.operation()).takesSet(),
            ids);
    EntityCacheBuilder builder = evergreen.entity(entity).ids(ids.idType(), ids::idOf);
    durations.apply(builder, nameOf(entity), overrides(entity, methods));
    binding.cache((EntityCache<Object, Object>) builder.build(binding));
    for (Found each : methods) {
      if (each.operation() instanceof CacheOperation.IndexRead index) {
        indexes.put(entity.getName() + "#" + index.attribute(), index(binding, each, index));
      } else if (each.operation() instanceof CacheOperation.QueryRead query) {
        queries.put(entity.getName() + "#" + query.name(), query(binding, each, query));
      }
    }
    if (warmUpRowsPerSecond > 0) {
      warmUp(binding.cache(), ids.idType());
    }
    return binding;
  }

  private static UniqueIndex<Object, Object> index(
      EntityBinding binding, Found found, CacheOperation.IndexRead read) {
    IdAccessor attribute = property(binding.entity(), read.attribute(), found);
    EntityBinding.Target target = new EntityBinding.Target(found.proxy(), found.method());
    UniqueIndexBuilder<Object, Object> builder =
        binding.cache().uniqueIndex(read.attribute(), attribute::idOf);
    if (read.overrides().refreshAfter() != null) {
      builder.refreshAfter(read.overrides().refreshAfter());
    }
    if (read.overrides().expireAfter() != null) {
      builder.expireAfter(read.overrides().expireAfter());
    }
    if (read.overrides().negativeTtl() != null) {
      builder.negativeTtl(read.overrides().negativeTtl());
    }
    return builder.build(
        value -> {
          Object result = EntityBinding.call(target, value);
          return result instanceof Optional<?> optional ? optional.orElse(null) : result;
        });
  }

  private static CachedQuery<Object, Object> query(
      EntityBinding binding, Found found, CacheOperation.QueryRead read) {
    EntityBinding.Target target = new EntityBinding.Target(found.proxy(), found.method());
    CachedQueryBuilder<Object> builder = binding.cache().query(read.name());
    if (!read.invalidatedBy().isEmpty()) {
      List<IdAccessor> properties = new ArrayList<>();
      for (String name : read.invalidatedBy()) {
        properties.add(property(binding.entity(), name, found));
      }
      builder.invalidatedBy(
          entity -> {
            if (properties.size() == 1) {
              return properties.get(0).idOf(entity);
            }
            List<Object> values = new ArrayList<>();
            properties.forEach(property -> values.add(property.idOf(entity)));
            return values;
          });
    }
    if (read.overrides().refreshAfter() != null) {
      builder.refreshAfter(read.overrides().refreshAfter());
    }
    if (read.overrides().expireAfter() != null) {
      builder.expireAfter(read.overrides().expireAfter());
    }
    return builder.build(
        parameters -> {
          Object[] arguments =
              read.parameters() == 1 ? new Object[] {parameters} : ((List<?>) parameters).toArray();
          Object result = EntityBinding.call(target, arguments);
          List<Object> rows = new ArrayList<>();
          if (result instanceof Iterable<?> iterable) {
            iterable.forEach(rows::add);
          }
          return rows;
        });
  }

  private static IdAccessor property(Class<?> entity, String name, Found found) {
    try {
      return IdAccessor.of(entity, name);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          found.where()
              + ": "
              + entity.getSimpleName()
              + " has no property '"
              + name
              + "' (neither a field nor a getter) to "
              + (found.operation() instanceof CacheOperation.IndexRead
                  ? "index it by"
                  : "invalidate the query's lists by"),
          e);
    }
  }

  /** Starts the opt-in warm-up; ids are parsed from key text by Spring's conversion service. */
  private void warmUp(EntityCache<Object, Object> cache, Class<?> idType) {
    ConversionService conversions = DefaultConversionService.getSharedInstance();
    cache
        .warmUpFromOtherVersions(text -> conversions.convert(text, idType), warmUpRowsPerSecond)
        .whenComplete(
            (count, error) -> {
              if (error != null && !(error instanceof java.util.concurrent.CancellationException)) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    cache.schema().name()
                        + ": warm-up stopped early; the cache fills as it is read",
                    error);
              }
            });
  }

  private static @Nullable Found only(
      Class<?> entity, List<Found> methods, Class<?> kind, String what) {
    List<Found> matching = methods.stream().filter(m -> kind.isInstance(m.operation())).toList();
    if (matching.size() > 1) {
      throw new IllegalStateException(
          matching.stream().map(Found::where).toList()
              + " all "
              + what
              + " for "
              + entity.getSimpleName()
              + ": keep @CacheRead on one of them, so which one loads never depends on call"
              + " order");
    }
    return matching.isEmpty() ? null : matching.get(0);
  }

  private IdAccessor idsOf(Class<?> entity, List<Found> methods, @Nullable Found batch) {
    IdAccessor fromRepository =
        methods.stream().anyMatch(m -> m.domain() == entity) ? repositoryIds.apply(entity) : null;
    if (fromRepository != null) {
      return fromRepository;
    }
    try {
      return IdAccessor.of(entity, "");
    } catch (IllegalStateException e) {
      if (batch == null) {
        return IdAccessor.of(entity, void.class, value -> null); // ids are never read
      }
      throw new IllegalStateException(
          batch.where()
              + ": "
              + entity.getSimpleName()
              + " has no id property to match its results to the ids asked for: give it one"
              + " named id, or an @Id");
    }
  }

  /** One set of durations per entity: annotations that disagree fail startup. */
  private static CacheOperation.Overrides overrides(Class<?> entity, List<Found> methods) {
    java.time.Duration[] chosen = new java.time.Duration[3];
    String[] from = new String[3];
    for (Found found : methods) {
      CacheOperation.Overrides given;
      if (found.operation() instanceof CacheOperation.Read read) {
        given = read.overrides();
      } else if (found.operation() instanceof CacheOperation.BatchRead batch) {
        given = batch.overrides();
      } else {
        continue; // an index's or query's durations are its own
      }
      java.time.Duration[] values = {
        given.refreshAfter(), given.expireAfter(), given.negativeTtl()
      };
      String[] names = {"refreshAfter", "expireAfter", "negativeTtl"};
      for (int i = 0; i < 3; i++) {
        if (values[i] == null) {
          continue;
        }
        if (chosen[i] != null && !chosen[i].equals(values[i])) {
          throw new IllegalStateException(
              entity.getSimpleName()
                  + " gets two "
                  + names[i]
                  + ": "
                  + chosen[i]
                  + " from "
                  + from[i]
                  + " and "
                  + values[i]
                  + " from "
                  + found.where()
                  + "; give it once");
        }
        chosen[i] = values[i];
        from[i] = found.where();
      }
    }
    return new CacheOperation.Overrides(chosen[0], chosen[1], chosen[2]);
  }

  static String nameOf(Class<?> entity) {
    CacheEntity annotation = entity.getAnnotation(CacheEntity.class);
    return annotation != null ? annotation.value() : entity.getSimpleName();
  }
}

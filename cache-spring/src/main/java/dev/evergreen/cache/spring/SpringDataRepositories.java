package dev.evergreen.cache.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.core.EntityInformation;
import org.springframework.data.repository.support.Repositories;
import org.springframework.util.ClassUtils;

/**
 * What Spring Data knows about a repository: its domain and id types, and how to read an entity's
 * id ({@code EntityInformation}: {@code @Id} fields and getters, {@code @EmbeddedId}, implicit
 * ids). Only touched when Spring Data is on the classpath ({@link #PRESENT}).
 */
final class SpringDataRepositories {
  static final boolean PRESENT =
      ClassUtils.isPresent(
          "org.springframework.data.repository.support.Repositories",
          SpringDataRepositories.class.getClassLoader());

  /** A repository's generics: {@code Repository<domain, id>}. */
  record Types(Class<?> domain, Class<?> id) {}

  private final Repositories repositories;

  SpringDataRepositories(ListableBeanFactory beans) {
    this.repositories = new Repositories(beans);
  }

  /** The domain and id types of {@code type}, if it is a Spring Data repository interface. */
  static @Nullable Types typesOf(Class<?> type) {
    if (!Repository.class.isAssignableFrom(type)) {
      return null;
    }
    ResolvableType repository = ResolvableType.forClass(type).as(Repository.class);
    Class<?> domain = repository.getGeneric(0).resolve();
    Class<?> id = repository.getGeneric(1).resolve();
    if (domain == null || id == null || domain == Object.class || id == Object.class) {
      return null;
    }
    return new Types(domain, ClassUtils.resolvePrimitiveIfNecessary(id));
  }

  /** Ids of {@code domain} as Spring Data reads them, or null if it has no repository. */
  @Nullable IdAccessor idsOf(Class<?> domain) {
    if (!repositories.hasRepositoryFor(domain)) {
      return null;
    }
    EntityInformation<Object, Object> information = repositories.getEntityInformationFor(domain);
    return IdAccessor.of(domain, information.getIdType(), information::getId);
  }
}

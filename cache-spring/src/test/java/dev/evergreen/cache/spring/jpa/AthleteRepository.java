package dev.evergreen.cache.spring.jpa;

import dev.evergreen.cache.spring.CacheQuery;
import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.CacheWrite;
import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/** A JPA repository with a unique-name lookup and a team query, both cached. */
public interface AthleteRepository extends ListCrudRepository<Athlete, Long> {
  @Override
  @CacheRead
  Optional<Athlete> findById(Long id);

  @Override
  @CacheRead
  List<Athlete> findAllById(Iterable<Long> ids);

  @CacheRead
  Optional<Athlete> findByName(String name);

  @CacheQuery(invalidatedBy = "teamId")
  List<Athlete> findByTeamIdOrderByName(long teamId);

  @Override
  @CacheWrite
  <S extends Athlete> S save(S athlete);
}

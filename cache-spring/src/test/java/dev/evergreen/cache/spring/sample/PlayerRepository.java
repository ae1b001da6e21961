package dev.evergreen.cache.spring.sample;

import dev.evergreen.cache.spring.CacheQuery;
import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.CacheWrite;
import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/** Lookups by id, by unique name, and a list query by team, all cached. */
public interface PlayerRepository extends ListCrudRepository<Player, Long> {

  @Override
  @CacheRead
  Optional<Player> findById(Long id);

  @Override
  @CacheRead
  List<Player> findAllById(Iterable<Long> ids);

  @CacheRead
  Optional<Player> findByName(String name);

  @CacheQuery(invalidatedBy = "teamId")
  List<Player> findByTeamIdOrderByName(long teamId);

  @Override
  @CacheWrite
  <S extends Player> S save(S player);

  @Override
  @CacheWrite
  void deleteById(Long id);
}

package dev.evergreen.cache.spring.jpa;

import dev.evergreen.cache.spring.CacheRead;
import dev.evergreen.cache.spring.CacheWrite;
import java.util.List;
import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

/** Nothing injects this repository: Evergreen registers it at startup anyway. */
public interface LoanRepository extends ListCrudRepository<Loan, LoanId> {
  @Override
  @CacheRead
  Optional<Loan> findById(LoanId id);

  @Override
  @CacheRead
  List<Loan> findAllById(Iterable<LoanId> ids);

  @Override
  @CacheWrite
  <S extends Loan> S save(S loan);
}

package dev.evergreen.cache.spring.sample;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes inside transactions, to show when the cache hears about them. */
@Service
public class CustomerService {
  private final CustomerRepository customers;

  public CustomerService(CustomerRepository customers) {
    this.customers = customers;
  }

  @Transactional
  public Customer rename(long id, String name) {
    return customers.save(new Customer(id, name));
  }

  /** Saves, then fails: the transaction rolls back. */
  @Transactional
  public void renameThenFail(long id, String name) {
    customers.save(new Customer(id, name));
    throw new IllegalStateException("rolled back on purpose");
  }
}

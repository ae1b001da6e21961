package dev.evergreen.cache.spring.jpa;

import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;

@Entity
public class Loan {
  @EmbeddedId private LoanId id;
  private String borrower;

  protected Loan() {}

  public Loan(LoanId id, String borrower) {
    this.id = id;
    this.borrower = borrower;
  }

  public LoanId getId() {
    return id;
  }

  public String getBorrower() {
    return borrower;
  }

  public void setBorrower(String borrower) {
    this.borrower = borrower;
  }
}

package dev.evergreen.cache.spring.jpa;

import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/** A composite id: Evergreen reads it through Spring Data's EntityInformation. */
@Embeddable
public class LoanId implements Serializable {
  private static final long serialVersionUID = 1L;
  private long branch;
  private long number;

  protected LoanId() {}

  public LoanId(long branch, long number) {
    this.branch = branch;
    this.number = number;
  }

  public long getBranch() {
    return branch;
  }

  public long getNumber() {
    return number;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LoanId that && branch == that.branch && number == that.number;
  }

  @Override
  public int hashCode() {
    return Objects.hash(branch, number);
  }

  @Override
  public String toString() {
    return branch + "-" + number;
  }
}

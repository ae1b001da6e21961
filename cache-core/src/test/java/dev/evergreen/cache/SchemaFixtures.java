package dev.evergreen.cache;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Entity shapes for the schema hash tests; each pair differs in exactly one way. */
final class SchemaFixtures {
  private SchemaFixtures() {}

  // --- golden: their hashes are asserted literally -------------------------------------------

  record Address(String street, String city, String zip) {}

  enum Status {
    ACTIVE,
    BLOCKED
  }

  /** Golden 1: a record with nested types, generics, an enum, Optional and java.time. */
  record Customer(
      long id,
      String name,
      Address address,
      List<String> tags,
      Map<String, Address> addressesByLabel,
      Status status,
      Optional<Instant> lastLogin,
      LocalDate since,
      BigDecimal balance) {}

  /** Golden 2: a plain POJO with getters, an ignored field and a renamed property. */
  static final class Product {
    private UUID sku;
    private String title;
    private int[] sizes;
    private String internalNote;

    public UUID getSku() {
      return sku;
    }

    @JsonProperty("product_title")
    public String getTitle() {
      return title;
    }

    public int[] getSizes() {
      return sizes;
    }

    @JsonIgnore
    public String getInternalNote() {
      return internalNote;
    }
  }

  /** Golden 3: a type that refers to itself. */
  record Category(String name, Category parent, List<Category> children) {}

  // --- changes: each differs from Base in one way ---------------------------------------------

  record Base(long id, String name, Address address, Status status) {}

  record FieldAdded(long id, String name, Address address, Status status, String email) {}

  record FieldRemoved(long id, Address address, Status status) {}

  record FieldRenamed(long id, String fullName, Address address, Status status) {}

  record FieldRetyped(String id, String name, Address address, Status status) {}

  record Address2(String street, String city, String zip, String country) {}

  record NestedChanged(long id, String name, Address2 address, Status status) {}

  enum Status2 {
    ACTIVE,
    BLOCKED,
    DELETED
  }

  record EnumChanged(long id, String name, Address address, Status2 status) {}

  @CacheVersion("2")
  record Salted(long id, String name, Address address, Status status) {}

  @CacheVersion("3")
  record SaltChanged(long id, String name, Address address, Status status) {}

  // --- no change: each has Base's shape ------------------------------------------------------

  record Reordered(Status status, Address address, String name, long id) {}

  record WithMethods(long id, String name, Address address, Status status) {
    String greeting() {
      return "hello " + name;
    }

    static WithMethods empty() {
      return new WithMethods(0, "", null, Status.ACTIVE);
    }
  }

  record Location(String street, String city, String zip) {}

  /** Base with its nested type renamed: the JSON is the same. */
  record NestedClassRenamed(long id, String name, Location address, Status status) {}

  record WithIgnored(
      long id, String name, Address address, Status status, @JsonIgnore String secret) {}

  // --- polymorphism --------------------------------------------------------------------------

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Card.class, name = "card"),
    @JsonSubTypes.Type(value = Transfer.class, name = "transfer")
  })
  interface Payment {}

  record Card(String number) implements Payment {}

  record Transfer(String iban) implements Payment {}

  record Order(long id, Payment payment, Set<String> labels) {}

  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = Card.class, name = "card"),
    @JsonSubTypes.Type(value = Transfer.class, name = "transfer"),
    @JsonSubTypes.Type(value = Cash.class, name = "cash")
  })
  interface Payment2 {}

  record Cash(String currency) implements Payment2 {}

  record OrderWithMoreSubtypes(long id, Payment2 payment, Set<String> labels) {}
}

package dev.evergreen.cache.schemalock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.evergreen.cache.EntitySchema;
import dev.evergreen.cache.Evergreen;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

final class SchemaLockTest {
  record Product(long id, String name, int price, String legacy, Dimensions size) {}

  record ProductNext(long id, String name, long price, String email, DimensionsNext size) {}

  record Dimensions(int width) {}

  record DimensionsNext(int width, int height) {}

  record Customer(long id, String name) {}

  @TempDir Path dir;

  /** A lock file as regenerating it would write it for {@code schemas}. */
  private SchemaLock lockedWith(EntitySchema... schemas) {
    SchemaLock lock = SchemaLock.at(dir.resolve("evergreen-schemas.lock"));
    System.setProperty(SchemaLock.UPDATE_PROPERTY, "true");
    try {
      lock.verify(List.of(schemas));
    } finally {
      System.clearProperty(SchemaLock.UPDATE_PROPERTY);
    }
    return lock;
  }

  private static EntitySchema product(Class<?> type) {
    return EntitySchema.of("Product", type, JsonMapper.shared());
  }

  @Test
  void aMissingFile_isWritten_andFailsOnce_thenPasses() throws IOException {
    Path file = dir.resolve("evergreen-schemas.lock");
    SchemaLock lock = SchemaLock.at(file);

    assertThatThrownBy(() -> lock.verify(Product.class, Customer.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not exist; it has been written with 2 entities");
    lock.verify(Product.class, Customer.class);

    String text = Files.readString(file);
    assertThat(text)
        .contains("Customer " + EntitySchema.of(Customer.class).hash() + "\n  evergreen-schema 1\n")
        .contains("  $0 = object {id: long, name: String}");
    assertThat(text.indexOf("Customer ")).isLessThan(text.indexOf("Product ")); // sorted
  }

  @Test
  void aChangedEntity_failsNamingEachFieldAddedRemovedOrRetyped_andHowToRegenerate() {
    SchemaLock lock = lockedWith(product(Product.class), EntitySchema.of(Customer.class));
    String before = product(Product.class).hash();
    String after = product(ProductNext.class).hash();

    assertThatThrownBy(
            () -> lock.verify(List.of(product(ProductNext.class), EntitySchema.of(Customer.class))))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Evergreen schema lock "
                + dir.resolve("evergreen-schemas.lock")
                + " is out of date:\n"
                + "  Product: schema "
                + before
                + " -> "
                + after
                + " (the next deploy starts its cache cold)\n"
                + "    $0: added field email: String\n"
                + "    $0: removed field legacy: String\n"
                + "    $0: retyped field price: int -> long\n"
                + "    $1: added field height: int\n"
                + "Regenerate it: run the tests with -Devergreen.schemas.update=true (e.g. mvn"
                + " test -Devergreen.schemas.update=true), review the diff, and commit it.");
  }

  @Test
  void newAndRemovedEntities_areNamed() {
    SchemaLock lock = lockedWith(product(Product.class));

    assertThatThrownBy(() -> lock.verify(List.of(EntitySchema.of(Customer.class))))
        .hasMessageContaining(
            "  Customer: new entity, schema "
                + EntitySchema.of(Customer.class).hash()
                + " (not in the lock file)")
        .hasMessageContaining(
            "  Product: in the lock file (" + product(Product.class).hash() + ") but no longer");
  }

  @Test
  void theUpdateProperty_rewritesTheFileInsteadOfFailing() {
    SchemaLock lock = lockedWith(product(Product.class));
    lock.verify(List.of(product(Product.class)));
    System.setProperty(SchemaLock.UPDATE_PROPERTY, "true");
    try {
      lock.verify(List.of(product(ProductNext.class)));
    } finally {
      System.clearProperty(SchemaLock.UPDATE_PROPERTY);
    }

    lock.verify(List.of(product(ProductNext.class))); // the file now says what the code says
    assertThatThrownBy(() -> lock.verify(List.of(product(Product.class))))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void verifyingAnEvergreen_checksEveryEntityCacheItBuilt() {
    SchemaLock lock = lockedWith(EntitySchema.of(Customer.class), product(Product.class));
    try (Evergreen evergreen = Evergreen.builder().build()) {
      evergreen.entity(Customer.class).build(id -> null);
      evergreen.entity(ProductNext.class).name("Product").build(id -> null);

      assertThatThrownBy(() -> lock.verify(evergreen))
          .hasMessageContaining("Product: schema " + product(Product.class).hash())
          .hasMessageNotContaining("Customer");
    }
  }

  @Test
  void aMalformedFile_isReportedWithItsLine() throws IOException {
    Path file = dir.resolve("evergreen-schemas.lock");
    Files.writeString(file, "# header\nProduct\n");

    assertThatThrownBy(() -> SchemaLock.at(file).verify(Product.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lock file line 2: expected '<entity> <hash>', found: Product");
  }

  @Test
  void twoSchemasWithOneName_areRefused() {
    assertThatThrownBy(
            () ->
                SchemaLock.at(dir.resolve("x.lock"))
                    .verify(List.of(product(Product.class), product(ProductNext.class))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two schemas named Product");
  }
}

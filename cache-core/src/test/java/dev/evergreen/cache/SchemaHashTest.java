package dev.evergreen.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.SchemaFixtures.Base;
import dev.evergreen.cache.SchemaFixtures.Category;
import dev.evergreen.cache.SchemaFixtures.Customer;
import dev.evergreen.cache.SchemaFixtures.Product;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

final class SchemaHashTest {
  private static final ObjectMapper MAPPER = JsonMapper.shared();

  private static EntitySchema schema(Class<?> type) {
    return SchemaDescriber.describe("E", type, MAPPER);
  }

  // Golden values: these pin the canonical form. If one fails, every stored key of every user
  // would change on upgrade; that is a breaking change and needs a new descriptor version.

  @Test
  void hash_ofRecordWithNestedGenericEnumOptionalAndTimeTypes_isGolden() {
    EntitySchema schema = schema(Customer.class);
    assertThat(schema.descriptor())
        .isEqualTo(
            """
            evergreen-schema 1
            $0 = object {address: $1, addressesByLabel: Map<String, $1>, \
            balance: java.math.BigDecimal, id: long, lastLogin: Optional<java.time.Instant>, \
            name: String, since: java.time.LocalDate, status: $2, tags: List<String>}
            $1 = object {city: String, street: String, zip: String}
            $2 = enum [ACTIVE, BLOCKED]
            """);
    assertThat(schema.hash()).isEqualTo("a4150eff0f01");
  }

  @Test
  void hash_ofPojoWithRenamedAndIgnoredProperties_isGolden() {
    EntitySchema schema = schema(Product.class);
    assertThat(schema.descriptor())
        .isEqualTo(
            """
            evergreen-schema 1
            $0 = object {product_title: String, sizes: int[], sku: java.util.UUID}
            """);
    assertThat(schema.hash()).isEqualTo("30fddefa4eaa");
  }

  @Test
  void hash_ofSelfReferencingType_terminatesAndIsGolden() {
    EntitySchema schema = schema(Category.class);
    assertThat(schema.descriptor())
        .isEqualTo(
            """
            evergreen-schema 1
            $0 = object {children: List<$0>, name: String, parent: $0}
            """);
    assertThat(schema.hash()).isEqualTo("ea36bff1e5b8");
  }

  @Test
  void hash_isTwelveLowercaseHexCharsOfSha256OverDescriptor() {
    EntitySchema schema = schema(Base.class);
    assertThat(schema.hash()).matches("[0-9a-f]{12}");
    assertThat(schema.hash()).isEqualTo(SchemaDescriber.hash(schema.descriptor()));
  }

  static Stream<Class<?>> changes() {
    return Stream.of(
        SchemaFixtures.FieldAdded.class,
        SchemaFixtures.FieldRemoved.class,
        SchemaFixtures.FieldRenamed.class,
        SchemaFixtures.FieldRetyped.class,
        SchemaFixtures.NestedChanged.class,
        SchemaFixtures.EnumChanged.class,
        SchemaFixtures.Salted.class);
  }

  @ParameterizedTest
  @MethodSource("changes")
  void hash_changes_whenShapeChanges(Class<?> changed) {
    assertThat(schema(changed).hash()).isNotEqualTo(schema(Base.class).hash());
  }

  @Test
  void hash_changes_whenCacheVersionSaltChanges() {
    assertThat(schema(SchemaFixtures.SaltChanged.class).hash())
        .isNotEqualTo(schema(SchemaFixtures.Salted.class).hash());
    assertThat(schema(SchemaFixtures.Salted.class).descriptor()).contains("\nversion 2\n");
  }

  @Test
  void hash_changes_whenPolymorphicSubtypesChange() {
    assertThat(schema(SchemaFixtures.Order.class).descriptor())
        .contains(
            "$1 = oneOf type {card: object {number: String}, transfer: object {iban: String}}");
    assertThat(schema(SchemaFixtures.OrderWithMoreSubtypes.class).hash())
        .isNotEqualTo(schema(SchemaFixtures.Order.class).hash());
  }

  @Test
  void hash_changes_whenNamingStrategyChangesSerializedNames() {
    ObjectMapper snake =
        JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    EntitySchema snakeSchema = SchemaDescriber.describe("E", Customer.class, snake);
    assertThat(snakeSchema.descriptor()).contains("addresses_by_label: ", "last_login: ");
    assertThat(snakeSchema.hash()).isNotEqualTo(schema(Customer.class).hash());
  }

  static Stream<Class<?>> sameShape() {
    return Stream.of(
        SchemaFixtures.Reordered.class,
        SchemaFixtures.WithMethods.class,
        SchemaFixtures.NestedClassRenamed.class,
        SchemaFixtures.WithIgnored.class);
  }

  @ParameterizedTest
  @MethodSource("sameShape")
  void hash_doesNotChange_whenOnlyOrderMethodsClassNamesOrIgnoredFieldsChange(Class<?> same) {
    assertThat(schema(same))
        .extracting(EntitySchema::descriptor, EntitySchema::hash)
        .containsExactly(schema(Base.class).descriptor(), schema(Base.class).hash());
  }

  @Test
  void hash_doesNotDependOnEntityNameOrPackage() {
    // The entity name is a separate part of the key; the same class under two names hashes alike.
    assertThat(SchemaDescriber.describe("Customer", Customer.class, MAPPER).hash())
        .isEqualTo(SchemaDescriber.describe("Client", Customer.class, MAPPER).hash());
    assertThat(schema(Customer.class).descriptor())
        .doesNotContain("SchemaFixtures", "Customer", "dev.evergreen");
  }

  @Test
  void describe_isStableAcrossCalls() {
    assertThat(schema(Customer.class)).isEqualTo(schema(Customer.class));
  }
}

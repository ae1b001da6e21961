package dev.evergreen.cache.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

final class JsonEntryCodecTest {
  record Item(long id, String name, List<String> tags) {}

  record Holder(Object payload) {}

  private final EntryCodec<Item> codec = EntryCodec.json(JsonMapper.shared(), Item.class, "Item");

  @Test
  void roundTrip_ofEveryKind_keepsValueTimeAndStamp() {
    StoreEntry<Item> value = StoreEntry.value(new Item(1, "a", List.of("x")), 1234, -99);
    assertThat(codec.decode(codec.encode(value))).isEqualTo(value);
    assertThat(codec.decode(codec.encode(StoreEntry.<Item>absent(5, 6))))
        .isEqualTo(StoreEntry.absent(5, 6));
    assertThat(codec.decode(codec.encode(StoreEntry.<Item>tombstone(7, 8))))
        .isEqualTo(StoreEntry.tombstone(7, 8));
    assertThat(new String(codec.encode(value), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"k\":\"V\",\"t\":1234,\"s\":-99,\"d\":{\"id\":1,\"name\":\"a\",\"tags\":[\"x\"]}}");
  }

  @Test
  void decode_ofASliceOfBytes_readsOnlyThatSlice() {
    StoreEntry<Item> value = StoreEntry.value(new Item(2, "b", List.of()), 5, 6);
    byte[] json = codec.encode(value);
    byte[] framed = new byte[json.length + 20];
    System.arraycopy(json, 0, framed, 16, json.length);
    java.util.Arrays.fill(framed, 0, 16, (byte) 'x');

    assertThat(codec.decode(framed, 16, json.length)).isEqualTo(value);
  }

  @Test
  void encoded_encodesOnce_andReusesTheBytesForTheSameCodec() {
    StoreEntry<Item> entry = StoreEntry.value(new Item(1, "a", List.of()), 1, 1);

    byte[] first = entry.encoded(codec);

    assertThat(entry.encoded(codec)).isSameAs(first);
    assertThat(first).isEqualTo(codec.encode(entry));
    EntryCodec<Item> other = EntryCodec.json(JsonMapper.shared(), Item.class, "Other");
    assertThat(entry.encoded(other)).isNotSameAs(first);
  }

  @Test
  void corruptTruncatedOrForeignBytes_throwCorruptEntryNamingEntity() {
    byte[] good = codec.encode(StoreEntry.value(new Item(1, "a", List.of()), 1, 1));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
    for (byte[] bad :
        List.of(
            truncated,
            new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5}, // Java serialization
            "\"just a string\"".getBytes(StandardCharsets.UTF_8),
            "{\"k\":\"V\",\"t\":1,\"s\":1,\"d\":{\"id\":\"not a number\"}}"
                .getBytes(StandardCharsets.UTF_8),
            "{\"k\":\"Q\",\"t\":1,\"s\":1}".getBytes(StandardCharsets.UTF_8),
            "{\"t\":1}".getBytes(StandardCharsets.UTF_8))) {
      assertThatThrownBy(() -> codec.decode(bad))
          .isInstanceOf(CorruptEntryException.class)
          .hasMessageStartingWith("Item: stored entry does not decode");
    }
  }

  @Test
  void typeIdInPayload_neverChoosesTheClass() {
    EntryCodec<Holder> holders = EntryCodec.json(JsonMapper.shared(), Holder.class, "Holder");
    byte[] hostile =
        ("{\"k\":\"V\",\"t\":1,\"s\":1,\"d\":{\"payload\":"
                + "[\"java.net.URL\",\"http://127.0.0.1/\"]}}")
            .getBytes(StandardCharsets.UTF_8);
    StoreEntry<Holder> decoded = holders.decode(hostile);
    // Read as plain JSON (a list of two strings), never as an instance of the named class.
    assertThat(decoded.value().payload()).isEqualTo(List.of("java.net.URL", "http://127.0.0.1/"));
  }
}

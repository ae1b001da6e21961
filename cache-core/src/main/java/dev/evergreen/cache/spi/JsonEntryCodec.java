package dev.evergreen.cache.spi;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * Writes an entry as one JSON object, {@code {"k":"V","t":<writtenAt>,"s":<stamp>,"d":<value>}},
 * with {@code k} one of {@code V} (value), {@code A} (absent), {@code T} (tombstone). The value is
 * read only into the entity's declared type: the payload carries no type ids.
 */
final class JsonEntryCodec<V> implements EntryCodec<V> {
  private final ObjectMapper mapper;
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final String entity;

  JsonEntryCodec(ObjectMapper mapper, JavaType type, String entity) {
    this.mapper = mapper;
    // The value is embedded in the envelope: the envelope's closing brace follows it.
    this.reader = mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.writer = mapper.writerFor(type);
    this.entity = entity;
  }

  @Override
  public byte[] encode(StoreEntry<V> entry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(entry, out);
    return out.toByteArray();
  }

  private void write(StoreEntry<V> entry, OutputStream out) {
    try (JsonGenerator gen = mapper.createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringProperty("k", kindCode(entry.kind()));
      gen.writeNumberProperty("t", entry.writtenAt());
      gen.writeNumberProperty("s", entry.stamp());
      if (entry.value() != null) {
        gen.writeName("d");
        writer.writeValue(gen, entry.value());
      }
      gen.writeEndObject();
    }
  }

  @Override
  public StoreEntry<V> decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length);
  }

  @Override
  public StoreEntry<V> decode(byte[] bytes, int offset, int length) {
    try (JsonParser parser = mapper.createParser(bytes, offset, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw corrupt("not a JSON object", null);
      }
      String kind = null;
      long writtenAt = -1;
      long stamp = 0;
      V value = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (field) {
          case "k" -> kind = parser.getString();
          case "t" -> writtenAt = parser.getLongValue();
          case "s" -> stamp = parser.getLongValue();
          case "d" -> value = token == JsonToken.VALUE_NULL ? null : reader.readValue(parser);
          default -> parser.skipChildren();
        }
      }
      if (kind == null || writtenAt < 0) {
        throw corrupt("missing kind or written-at time", null);
      }
      return switch (kind) {
        case "V" -> {
          if (value == null) {
            throw corrupt("a value entry without a value", null);
          }
          yield StoreEntry.value(value, writtenAt, stamp);
        }
        case "A" -> StoreEntry.absent(writtenAt, stamp);
        case "T" -> StoreEntry.tombstone(writtenAt, stamp);
        default -> throw corrupt("unknown kind '" + kind + "'", null);
      };
    } catch (JacksonException e) {
      throw corrupt(e.getOriginalMessage(), e);
    }
  }

  private CorruptEntryException corrupt(String why, @Nullable Throwable cause) {
    String message = entity + ": stored entry does not decode: " + why;
    return cause == null
        ? new CorruptEntryException(message)
        : new CorruptEntryException(message, cause);
  }

  private static String kindCode(StoreEntry.Kind kind) {
    return switch (kind) {
      case VALUE -> "V";
      case ABSENT -> "A";
      case TOMBSTONE -> "T";
    };
  }
}

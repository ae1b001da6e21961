package dev.evergreen.cache.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evergreen.cache.Evergreen;
import dev.evergreen.cache.spring.sample.CustomerRepository;
import dev.evergreen.cache.spring.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/** GET /actuator/evergreen on a running server, as an operator would. */
@SpringBootTest(
    classes = SampleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "management.endpoints.web.exposure.include=evergreen")
final class ActuatorEndpointIntegrationTest {
  @LocalServerPort int port;
  @Autowired CustomerRepository customers;
  @Autowired JdbcTemplate jdbc;
  @Autowired Evergreen evergreen;

  @Test
  void endpoint_returnsEachEntityAsJson() {
    jdbc.update("INSERT INTO customer (id, name) VALUES (1, 'a')");
    customers.findById(1L);
    customers.findById(1L);

    var response =
        RestClient.create("http://127.0.0.1:" + port)
            .get()
            .uri("/actuator/evergreen")
            .retrieve()
            .toEntity(String.class);

    MediaType type = response.getHeaders().getContentType();
    assertThat(type).isNotNull();
    assertThat(type.toString()).isEqualTo("application/vnd.spring-boot.actuator.v3+json");
    assertThat(type.getSubtypeSuffix()).isEqualTo("json");
    String hash = Entities.named(evergreen, "Customer").schema().hash();
    assertThat(response.getBody())
        .contains("\"name\":\"Customer\"")
        .contains("\"schemaHash\":\"" + hash + "\"")
        .contains("\"refreshAfter\":\"PT15M\"")
        .contains("\"gets\":{\"hit\":1,\"stale\":0,\"miss\":1}")
        .contains("\"pendingInvalidations\":0")
        .contains("\"loadSuccesses\":1");
  }
}

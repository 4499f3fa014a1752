package org.glimpse.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.glimpse.server.config.ConfigException;
import org.junit.jupiter.api.Test;

class TransportUrlTest {
  @Test
  void oneHostWithCredentialsAndVirtualHost() {
    TransportUrl url = TransportUrl.parse("rabbit://openstack:s%40cret@mq.example:5673/glance");
    assertThat(url.user()).isEqualTo("openstack");
    assertThat(url.password()).isEqualTo("s@cret");
    assertThat(url.hosts()).containsExactly(new TransportUrl.Host("mq.example", 5673));
    assertThat(url.virtualHost()).isEqualTo("glance");
    assertThat(url.toString()).doesNotContain("s@cret").doesNotContain("s%40cret");
  }

  @Test
  void severalHostsDefaultPortAndTheDefaultVirtualHost() {
    TransportUrl url = TransportUrl.parse("rabbit://u:p@h1:5672,u:p@h2,u:p@[fd00::1]:5674/");
    assertThat(url.hosts()).isEqualTo(List.of(new TransportUrl.Host("h1", 5672), new TransportUrl.Host("h2", 5672),
        new TransportUrl.Host("fd00::1", 5674)));
    assertThat(url.virtualHost()).isEqualTo("/");
    assertThat(TransportUrl.parse("rabbit://h").virtualHost()).isEqualTo("/");
    assertThat(TransportUrl.parse("rabbit://u:p@h/%2F").virtualHost()).isEqualTo("/");
  }

  @Test
  void whatIsNotRabbitMqIsRefusedByName() {
    assertThatThrownBy(() -> TransportUrl.parse("kafka://h:9092/")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("transport_url").hasMessageContaining("kafka");
    assertThatThrownBy(() -> TransportUrl.parse("rabbit://u:p@h:notaport/")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("notaport");
    assertThatThrownBy(() -> TransportUrl.parse("localhost:5672")).isInstanceOf(ConfigException.class);
  }
}
